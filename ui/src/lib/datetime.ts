// Local wall times as the backend sends them ("2026-03-03T09:00:00", no offset).

/** Split "2026-03-03T09:00:00" into the values of a date and a time input. */
export function splitLocal(at: string): { date: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return match ? { date: match[1], time: match[2] } : { date: "", time: "" };
}

/** Join a date and a time input back into the backend's form, seconds included. */
export function joinLocal(date: string, time: string): string {
  return `${date}T${time.length === 5 ? `${time}:00` : time}`;
}

/** The locale dates are written in (the system's, from the backend); null: the built-in form. */
let dateLocale: string | null = null;

/**
 * Write dates in this locale's order and words from now on ("de-DE": "Do., 5. Nov. 2026,
 * 07:30"); null or a tag the web view does not know keeps the built-in day-month form
 * ("Thu 5 Nov 2026, 07:30"). Returns the locale in use.
 */
export function setDateLocale(tag: string | null): string | null {
  dateLocale = null;
  if (tag) {
    try {
      if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length) dateLocale = tag;
    } catch {
      // A malformed tag: keep the built-in form.
    }
  }
  return dateLocale;
}

/** The UTC Date of a wall date and time (formatted in UTC, so it never shifts). */
function utc(y: string, m: string, d: string, hh = "0", mm = "0"): Date {
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm)));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * "Thu 5 Nov 2026, 07:30". Computed from the digits, not through Date and the machine's time
 * zone: the value is a wall time in the message's own zone and must not shift.
 */
export function formatLocal(at: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(at);
  if (!match) return at;
  const [, y, m, d, hh, mm] = match;
  if (dateLocale) {
    return new Intl.DateTimeFormat(dateLocale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    }).format(utc(y, m, d, hh, mm));
  }
  const weekday = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay();
  return `${WEEKDAYS[weekday]} ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}, ${hh}:${mm}`;
}

/** "2026-11-01" -> "1 Nov 2026". */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  if (dateLocale) {
    return new Intl.DateTimeFormat(dateLocale, {
      timeZone: "UTC",
      day: "numeric",
      month: "short",
      year: "numeric",
    }).format(utc(match[1], match[2], match[3]));
  }
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** "48000" -> "48,000", independent of the machine's locale so screenshots and tests agree. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** True when the date locale writes the month before the day ("11/24/2026" in en-US). */
export function monthFirst(locale: string | null = dateLocale): boolean {
  if (!locale) return false;
  const parts = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "numeric" })
    .formatToParts(new Date(Date.UTC(2026, 10, 24)))
    .map((p) => p.type);
  return parts.indexOf("month") < parts.indexOf("day");
}

/** How a typed date may be written, for the field's hint: ISO, then the locale's own order. */
export function typedDateHint(locale: string | null = dateLocale): string {
  return monthFirst(locale) ? "YYYY-MM-DD or MM/DD/YYYY" : "YYYY-MM-DD or DD.MM.YYYY";
}

/**
 * A date typed into a text field, as "YYYY-MM-DD", or null when it is not a real date.
 * Accepts 2026-11-07 (also with / or .), 7.11.2026 (always day first) and 7/11/2026 (month
 * first when the date locale writes the month first, as en-US does; else day first).
 */
export function parseTypedDate(text: string, locale: string | null = dateLocale): string | null {
  const value = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value))) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    [m, d] = monthFirst(locale) ? [a, b] : [b, a];
    y = Number(match[3]);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
