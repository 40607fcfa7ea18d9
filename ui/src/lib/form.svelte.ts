// The state every entity form shares: which fields were touched, the backend's issues, and
// the submit flow. Client-side problems show once a field is touched (or on submit); backend
// issues show under their field until that field is edited again.
import { toAppError } from "./api";
import { splitIssues, type FieldErrors } from "./issues";
import { isClean, type Problems } from "./validate";

export class FormState {
  touched = $state<Record<string, boolean>>({});
  submitted = $state(false);
  remote = $state<FieldErrors>({ fields: {}, form: [] });
  busy = $state(false);

  /** `fields`: the field names the form shows (issue paths are matched against these). */
  constructor(private readonly fields: readonly string[]) {}

  /** Mark a field edited: its client-side problem shows, its stale backend issue goes. */
  touch(field: string): void {
    if (!field) return;
    this.touched[field] = true;
    if (this.remote.fields[field]) {
      const fields = { ...this.remote.fields };
      delete fields[field];
      this.remote = { ...this.remote, fields };
    }
  }

  /** For a form's oninput/onchange: inputs carry their field in `name`. */
  touchEvent = (event: Event): void => {
    const target = event.target as HTMLInputElement | null;
    if (target?.name) this.touch(target.name);
  };

  /** What to show under `field` now. */
  errors(problems: Problems, field: string): string[] {
    const local = this.touched[field] || this.submitted ? problems[field] : undefined;
    return [...(local ? [local] : []), ...(this.remote.fields[field] ?? [])];
  }

  /** Validate, then run `save`; true when it succeeded. Errors land in the form, not thrown. */
  async submit(problems: Problems, save: () => Promise<unknown>): Promise<boolean> {
    this.submitted = true;
    if (!isClean(problems)) return false;
    this.busy = true;
    this.remote = { fields: {}, form: [] };
    try {
      await save();
      return true;
    } catch (reason) {
      const error = toAppError(reason);
      this.remote =
        error.code === "invalid_input" && error.issues.length
          ? splitIssues(error.issues, this.fields)
          : { fields: {}, form: [error.message] };
      return false;
    } finally {
      this.busy = false;
    }
  }
}
