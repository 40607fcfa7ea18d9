import { describe, expect, it } from "vitest";
import type { HistoryPreview } from "../bindings/HistoryPreview";
import { baseName, fileSize, initialColumnFields, initialKind, mappingFrom } from "./history-import";

function preview(over: Partial<HistoryPreview>): HistoryPreview {
  return {
    file_name: "x.csv",
    size: 10,
    read: null,
    problem: null,
    sketch: {
      format: "csv",
      encoding: "utf8",
      sheets: [],
      sheet: null,
      header_line: 1,
      header: ["Datum", "Kanal", "Empfänger"],
      rows: [],
    },
    source: null,
    mapping: null,
    kinds: [],
    presets: [],
    audiences: [],
    ...over,
  };
}

describe("history import editor", () => {
  it("starts from the sketch, or from a saved mapping, with unused columns empty", () => {
    expect(initialColumnFields(preview({}))).toEqual({ Datum: "", Kanal: "", Empfänger: "" });
    const saved = preview({
      source: "saved",
      mapping: { kind: "sends", columns: { at: "Datum", recipients: "Empfänger" }, channel: null },
    });
    expect(initialColumnFields(saved)).toEqual({ Datum: "at", Kanal: "", Empfänger: "recipients" });
    expect(initialKind(saved)).toBe("sends");
  });

  it("starts from the preset's columns when the file was read", () => {
    const read = preview({
      source: "preset",
      read: {
        kind: "activity",
        preset: "klaviyo-activity",
        format: "csv",
        encoding: "utf8",
        sheets: [],
        header_line: 1,
        columns: [
          { column: "Email", field: "person" },
          { column: "Notes", field: null },
        ],
        first_rows: [],
        scanned_rows: 0,
        complete: true,
        rejected: [],
        unknown_channels: [],
        date_question: null,
        audiences: [],
      },
    });
    expect(initialColumnFields(read)).toEqual({ Email: "person", Notes: "" });
    expect(initialKind(read)).toBe("activity");
  });

  it("builds a mapping from the choices, first column wins, extras kept", () => {
    const mapping = mappingFrom(
      "sends",
      { Datum: "at", Kanal: "channel", Other: "channel", Leer: "" },
      { kind: "activity", columns: {}, decimal: ",", date_format: "%d.%m.%Y %H:%M", channel: null },
    );
    expect(mapping.kind).toBe("sends");
    expect(mapping.columns).toEqual({ at: "Datum", channel: "Kanal" });
    expect(mapping.decimal).toBe(",");
    expect(mapping.date_format).toBe("%d.%m.%Y %H:%M");
  });

  it("formats names and sizes", () => {
    expect(baseName("/home/a/b/report.csv")).toBe("report.csv");
    expect(baseName("C:\\Users\\a\\report.xlsx")).toBe("report.xlsx");
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(2048)).toBe("2 KB");
    expect(fileSize(5 * 1048576)).toBe("5.0 MB");
  });
});
