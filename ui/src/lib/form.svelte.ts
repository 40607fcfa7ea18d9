// The state every entity form shares: which fields were touched, what the backend says of
// the draft, the save's issues, and the submit flow. Nothing is judged here: the backend's
// draft check (the same validation the save runs, without saving) says what is wrong, by
// field. Its issues show once a field is touched (or on submit); the save's issues show under
// their field until that field is edited again.
import type { DraftCheck } from "../bindings/DraftCheck";
import { toAppError } from "./api";
import { splitIssues, type FieldErrors } from "./issues";

/** How long typing pauses before the draft is checked. */
export const DRAFT_DELAY_MS = 200;

/** True when the backend found nothing wrong with the draft. */
export function isClean(check: DraftCheck): boolean {
  return Object.keys(check.fields).length === 0 && check.form.length === 0;
}

export class FormState<Reply = DraftCheck> {
  touched = $state<Record<string, boolean>>({});
  submitted = $state(false);
  remote = $state<FieldErrors>({ fields: {}, form: [] });
  busy = $state(false);
  /** The backend's answer for the latest draft asked about (null until the first). */
  reply = $state<Reply | null>(null);
  private asked = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `fields`: the field names the form shows (issues of other fields show at form level).
   * `ask`: the draft check of the draft as it is when called; `issuesOf`: its issues.
   */
  constructor(
    private readonly fields: readonly string[],
    private readonly ask: () => Promise<Reply>,
    private readonly issuesOf: (reply: Reply) => DraftCheck = (reply) => reply as DraftCheck,
  ) {}

  /** The latest draft check's issues. */
  get issues(): DraftCheck {
    return this.reply ? this.issuesOf(this.reply) : { fields: {}, form: [] };
  }

  /** Check the draft after a pause in typing (each call restarts the pause). */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), DRAFT_DELAY_MS);
  }

  /** Stop a pending check (the form closed). */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /**
   * Check the draft now. An answer to an older question than the latest is dropped (null);
   * a failed check becomes a form-level issue.
   */
  async check(): Promise<Reply | null> {
    clearTimeout(this.timer);
    const asked = ++this.asked;
    try {
      const reply = await this.ask();
      if (asked !== this.asked) return null;
      this.reply = reply;
      return reply;
    } catch (reason) {
      if (asked === this.asked) {
        this.reply = null;
        this.remote = { fields: {}, form: [toAppError(reason).message] };
      }
      return null;
    }
  }

  /** Mark a field edited: its draft issues show, its stale save issue goes. */
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
  errors(field: string): string[] {
    const draft = this.touched[field] || this.submitted ? (this.issues.fields[field] ?? []) : [];
    return [...draft, ...(this.remote.fields[field] ?? [])];
  }

  /** What to show below the fields: the draft's issues of no shown field (after submit), the save's. */
  get formErrors(): string[] {
    if (!this.submitted) return this.remote.form;
    const issues = this.issues;
    const elsewhere = Object.entries(issues.fields)
      .filter(([field]) => !this.fields.includes(field))
      .flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
    return [...issues.form, ...elsewhere, ...this.remote.form];
  }

  /** The shown fields the latest draft check found wrong, in the form's order. */
  get blocking(): string[] {
    const wrong = this.issues.fields;
    return this.fields.filter((f) => wrong[f]?.length);
  }

  /**
   * Check the draft afresh, then run `save` when the backend found nothing; true when it
   * succeeded. Errors land in the form, not thrown.
   */
  async submit(save: () => Promise<unknown>): Promise<boolean> {
    this.submitted = true;
    const reply = await this.check();
    if (!reply || !isClean(this.issuesOf(reply))) return false;
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
