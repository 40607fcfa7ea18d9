// Local wall times as the backend sends them ("2026-03-03T09:00:00", no offset).

/** Split "2026-03-03T09:00:00" into the values of a date and a time input. */
export function splitLocal(at: string): { date: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return match ? { date: match[1], time: match[2] } : { date: "", time: "" };
}

/** The locale dates are written in (the system's, from the backend); null: the built-in form. */
let dateLocale: string | null = null;
/**
 * The formatters for {@link dateLocale}, made on first use and kept: making one loads the
 * locale's ICU data, which a fresh web view pays for in full, and a screen formats dozens
 * of dates.
 */
let formatters: { local?: Intl.DateTimeFormat; date?: Intl.DateTimeFormat } = {};

/** The locale dates are written and read in, for the backend's reading of typed dates. */
export function dateLocaleTag(): string | null {
  return dateLocale;
}

/**
 * Write dates in this locale's order and words from now on ("de-DE": "Do., 5. Nov. 2026,
 * 07:30"); null or a tag the web view does not know keeps the built-in day-month form
 * ("Thu 5 Nov 2026, 07:30"). Returns the locale in use.
 */
export function setDateLocale(tag: string | null): string | null {
  dateLocale = null;
  formatters = {};
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
    formatters.local ??= new Intl.DateTimeFormat(dateLocale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    return formatters.local.format(utc(y, m, d, hh, mm));
  }
  const weekday = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay();
  return `${WEEKDAYS[weekday]} ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}, ${hh}:${mm}`;
}

/** "2026-11-01" -> "1 Nov 2026". */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  if (dateLocale) {
    formatters.date ??= new Intl.DateTimeFormat(dateLocale, {
      timeZone: "UTC",
      day: "numeric",
      month: "short",
      year: "numeric",
    });
    return formatters.date.format(utc(match[1], match[2], match[3]));
  }
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** "48000" -> "48,000", independent of the machine's locale so screenshots and tests agree. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
