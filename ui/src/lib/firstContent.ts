/**
 * The start-up marker: a User Timing mark named {@link FIRST_CONTENT} once the window shows
 * its first real content (the workspace, its first-run screen or the error that stopped it
 * from opening), not "Opening the workspace…". `scripts/bench-start.sh` reads it, with the
 * process's start time, to measure cold start; the minimal Tauri app it is compared with
 * records the same mark.
 */

/** The mark's name. */
export const FIRST_CONTENT = "first-content";

let marked = false;

/**
 * The steps of a start before its first content: the bundle has run ("script"), the
 * workspace was asked for and came back ("asked", "answered"), the first content is in the
 * DOM ("in-dom", painted two frames later).
 */
export type StartupStage = "script" | "asked" | "answered" | "in-dom";

/** Record a User Timing mark `startup:<stage>`; the start-up benchmark prints where each fell. */
export function markStartup(stage: StartupStage): void {
  performance.mark(`startup:${stage}`);
}

/**
 * Record the mark after the content now in the DOM is painted (two animation frames: the
 * first runs before the paint, the second after it). Only the first call counts.
 */
export function markFirstContent(): void {
  if (marked) return;
  marked = true;
  markStartup("in-dom");
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(FIRST_CONTENT)));
}
