// The history import dialog's calls to the backend and the small bookkeeping of its mapping
// editor. What a file means (kind, preset, rows, rejected rows, dates) is always the
// backend's answer to a preview; this module only turns the user's column choices into the
// mapping the backend is asked to read with.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { HistoryImportDone } from "../bindings/HistoryImportDone";
import type { HistoryImportRequest } from "../bindings/HistoryImportRequest";
import type { HistoryImportView } from "../bindings/HistoryImportView";
import type { HistoryPreview } from "../bindings/HistoryPreview";
import type { HistoryProgress } from "../bindings/HistoryProgress";
import type { HistoryReadRequest } from "../bindings/HistoryReadRequest";
import type { HistoryRemoved } from "../bindings/HistoryRemoved";
import type { Kind } from "../bindings/Kind";
import type { Mapping } from "../bindings/Mapping";
import type { Rejected } from "../bindings/Rejected";
import { toAppError } from "./api";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export const historyApi = {
  /** The native open dialog; the chosen file's path, null if cancelled. */
  pickFile: () => call<string | null>("pick_history_file"),
  /** How the backend would read the file (nothing is written). */
  preview: (path: string, request: HistoryReadRequest) => call<HistoryPreview>("preview_history", { path, request }),
  /** Import the file as one transaction; `history-progress` events report on the way. */
  importFile: (path: string, request: HistoryImportRequest) =>
    call<HistoryImportDone>("import_history", { path, request }),
  /** Stop the running import; nothing is written. */
  cancel: () => call<void>("cancel_history_import"),
  /** Save rejected rows as CSV through the native save dialog; the path, null if cancelled. */
  saveRejected: (rows: Rejected[], fileName: string) => call<string | null>("save_rejected_rows", { rows, fileName }),
  /** The client's imports, oldest first. */
  imports: (clientId: string) => call<HistoryImportView[]>("history_imports", { clientId }),
  /** Remove an import and exactly its rows. */
  remove: (importId: number) => call<HistoryRemoved>("remove_history_import", { importId }),
};

/** Listen for the running import's progress. */
export function onHistoryProgress(handler: (progress: HistoryProgress) => void): Promise<UnlistenFn> {
  return listen<HistoryProgress>("history-progress", (event) => handler(event.payload));
}

/** The file name of a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Header column → field name ("" when unused), as the editor's selects show them. */
export type ColumnFields = Record<string, string>;

/** The header the editor works on: the read's columns when the file was read, else the sketch. */
export function headerOf(preview: HistoryPreview): string[] {
  return preview.read ? preview.read.columns.map((c) => c.column) : preview.sketch.header;
}

/** The editor's starting choices: what the backend used for each column. */
export function initialColumnFields(preview: HistoryPreview): ColumnFields {
  const fields: ColumnFields = {};
  for (const column of headerOf(preview)) fields[column] = "";
  if (preview.read) {
    for (const c of preview.read.columns) if (c.field) fields[c.column] = c.field;
  } else if (preview.mapping) {
    for (const [field, column] of Object.entries(preview.mapping.columns)) if (column in fields) fields[column] = field;
  }
  return fields;
}

/** The kind the editor starts with. */
export function initialKind(preview: HistoryPreview): Kind {
  return preview.read?.kind ?? preview.mapping?.kind ?? "sends";
}

/**
 * The mapping the user's choices make: each used column under its field. A field chosen for
 * two columns keeps the first. `extras` carries what is not a column (date format, decimal,
 * zone, a channel for every row) from the mapping in force.
 */
export function mappingFrom(kind: Kind, fields: ColumnFields, extras: Mapping | null): Mapping {
  const columns: Record<string, string> = {};
  for (const [column, field] of Object.entries(fields)) {
    if (field && !(field in columns)) columns[field] = column;
  }
  return {
    kind,
    columns,
    date_format: extras?.date_format ?? null,
    decimal: extras?.decimal ?? null,
    timezone: extras?.timezone ?? null,
    channel: extras?.channel ?? null,
    audience: extras?.audience ?? null,
    events: extras?.events ?? {},
  };
}

/** Bytes for people. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
