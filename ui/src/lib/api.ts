// Typed wrappers around the backend's Tauri commands. Every other module talks to the
// backend through these functions only, so the IPC contract lives in one place.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppError } from "../bindings/AppError";
import type { CommandTypes } from "../bindings/CommandTypes";
import { COMMAND_NAMES } from "../bindings/commandNames";
import type { ExportProgress } from "../bindings/ExportProgress";

/** Actions the native menu sends through the `menu-action` event. */
export type MenuAction =
  | "import"
  | "export"
  | "export_plan"
  | "import_history"
  | "reset_sample"
  | "reset_empty"
  | "remove_sample"
  | "new_client"
  | "restore_backup"
  | "undo"
  | "redo";

const MENU_ACTIONS: readonly MenuAction[] = [
  "import",
  "export",
  "export_plan",
  "import_history",
  "reset_sample",
  "reset_empty",
  "remove_sample",
  "new_client",
  "restore_backup",
  "undo",
  "redo",
];

/** True when `value` has the shape of the backend's one error type. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string" && Array.isArray(v.issues);
}

/**
 * Turn whatever a rejected command gave us into an AppError. The backend always rejects with
 * one; anything else (a bug, a missing command) becomes `internal` so the UI can still show it.
 */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) return reason;
  const message = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "Unknown error";
  return { code: "internal", message, issues: [], file: null };
}

/** Called when a command is refused because another program changed the workspace first. */
let staleHandler: ((error: AppError) => void) | null = null;

/**
 * Set what happens when any command comes back with `stale_workspace` (the backend has
 * already reloaded the workspace; the UI fetches it again). The caller still gets the error.
 */
export function onStaleWorkspace(handler: ((error: AppError) => void) | null): void {
  staleHandler = handler;
}

/** Invoke a backend command; a rejection is always an AppError. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    const error = toAppError(reason);
    if (error.code === "stale_workspace") staleHandler?.(error);
    throw error;
  }
}

/** A backend command's name (snake_case, as in the Rust list). */
export type CommandName = keyof CommandTypes;
/** The arguments a command takes. */
export type CommandArgs<K extends CommandName> = CommandTypes[K][0];
/** What a command replies. */
export type CommandReply<K extends CommandName> = CommandTypes[K][1];
/** "save_client" → "saveClient". */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** A command as a function; commands without arguments take none. */
type CommandFn<K extends CommandName> = [keyof CommandArgs<K>] extends [symbol]
  ? () => Promise<CommandReply<K>>
  : (args: CommandArgs<K>) => Promise<CommandReply<K>>;
/** Every backend command as a camelCase function, typed from the generated command list. */
export type Api = { [K in CommandName as Camel<K>]: CommandFn<K> };

/** The generated name list and the generated types name the same commands (else no build). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type NamesMatchTypes = Assert<Same<(typeof COMMAND_NAMES)[number], CommandName>>;

/** "save_client" → "saveClient", the name a command has on `api`. */
export function camelName(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The backend's commands, one function each, built from the list generated from the Rust
 * command list (`cadence_desk::commands`): nothing here is written per command.
 */
export const api = Object.fromEntries(
  COMMAND_NAMES.map((name) => [camelName(name), (args?: Record<string, unknown>) => call(name, args ?? {})]),
) as unknown as Api;

/** Listen for an export's stages while it runs. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>("export-progress", (event) => handler(event.payload));
}

/** Listen for the native menu's actions; unknown payloads are ignored. */
export function onMenuAction(handler: (action: MenuAction) => void): Promise<UnlistenFn> {
  return listen<string>("menu-action", (event) => {
    const action = MENU_ACTIONS.find((a) => a === event.payload);
    if (action) handler(action);
  });
}
