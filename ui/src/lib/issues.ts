// Map backend issues (paths relative to the edited entity) onto form fields.
import type { PlanIssue } from "../bindings/PlanIssue";

/** Errors per field name plus the ones that belong to no field of the form. */
export type FieldErrors = { fields: Record<string, string[]>; form: string[] };

/** The field an issue path names: `segments[1]` -> `segments`, `checklist.glad` -> `checklist`. */
export function fieldOf(path: string): string {
  const match = /^[^.[]*/.exec(path.trim());
  return match ? match[0] : "";
}

/**
 * Sort `issues` under the form's `fields`; anything else (empty path, a field the form does not
 * show) becomes a form-level error, with its path in front so nothing is lost.
 */
export function splitIssues(issues: PlanIssue[], fields: readonly string[]): FieldErrors {
  const out: FieldErrors = { fields: {}, form: [] };
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field && fields.includes(field)) {
      (out.fields[field] ??= []).push(issue.message);
    } else {
      out.form.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
  }
  return out;
}
