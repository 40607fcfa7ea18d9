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
  const weekday = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay();
  return `${WEEKDAYS[weekday]} ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}, ${hh}:${mm}`;
}

/** "2026-11-01" -> "1 Nov 2026". */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** "48000" -> "48,000", independent of the machine's locale so screenshots and tests agree. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
