// The history import dialog's progress events and the small bookkeeping of its mapping
// editor. What a file means (kind, preset, rows, rejected rows, dates) is always the
// backend's answer to a preview; this module only turns the user's column choices into the
// mapping the backend is asked to read with.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { HistoryPreview } from "../bindings/HistoryPreview";
import type { HistoryProgress } from "../bindings/HistoryProgress";
import type { Kind } from "../bindings/Kind";
import type { Mapping } from "../bindings/Mapping";

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
