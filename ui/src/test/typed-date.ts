// A stand-in for the backend's reading of a typed date (crates/desk/src/typed.rs, tested there):
// day.month.year and year-month-day only; blank is no date and no problem.
import type { TypedDate } from "../bindings/TypedDate";

/** The hint the stand-in reads with. */
export const HINT = "YYYY-MM-DD or DD.MM.YYYY";

/** `text` as the stand-in reads it. */
export function typedDate(text: string): TypedDate {
  const dmy = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (dmy) {
    const date = `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}`;
    return { date, how: "day.month.year", problem: null, hint: HINT };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    return { date: text.trim(), how: "year-month-day", problem: null, hint: HINT };
  }
  if (!text.trim()) return { date: null, how: null, problem: null, hint: HINT };
  return { date: null, how: null, problem: `Not a date: write it as ${HINT}.`, hint: HINT };
}
