// Instants and wall times in IANA zones, for the calendar. It shows "floating" wall times of one
// zone; the backend speaks UTC instants and local wall times. The zone arithmetic itself is the
// cadence view's (lib/cadence-view/dates.ts), so both views agree to the minute.
import { addDays, localWall, wallToUtc } from "./cadence-view/dates";

export { addDays };

/** The wall time ("2026-11-05T07:30:00") of an instant (RFC 3339 or epoch ms) in `zone`. */
export function wallTime(instant: string | number, zone: string): string {
  return localWall(typeof instant === "number" ? instant : Date.parse(instant), zone);
}

/** The instant ("2026-11-05T12:30:00Z") of a wall time in `zone` (gaps move forward). */
export function zonedToUtc(wall: string, zone: string): string {
  return new Date(wallToUtc(wall, zone)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

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
