// Wall times of the zone on screen ("2026-11-05T07:30:00"), for the calendar: arithmetic on
// the strings only, no zone. The backend turns instants into wall times and back (it alone
// knows the zones); these add minutes or days to a wall time and read the fields of the
// Dates the calendar component hands out.
import { addDays } from "./cadence-view/dates";

export { addDays };

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-05T07:30:00" for the local fields of a Date (how the calendar hands out dates). */
export function localIso(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A wall time plus whole minutes, as a wall time (calendar arithmetic, no zone). */
export function addMinutes(wall: string, minutes: number): string {
  return new Date(Date.parse(`${wall.slice(0, 19)}Z`) + minutes * 60_000).toISOString().slice(0, 19);
}

/** The machine's own date ("2026-11-23"), for a view shown before the backend said its today. */
export function machineToday(now: Date = new Date()): string {
  return localIso(now).slice(0, 10);
}
