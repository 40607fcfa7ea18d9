import { describe, expect, it } from "vitest";
import { fieldOf, splitIssues } from "./issues";

describe("splitIssues", () => {
  it("puts each backend issue under the field its path names, the rest at form level", () => {
    const out = splitIssues(
      [
        { path: "timezone", message: "unknown time zone" },
        { path: "segments[1]", message: "belongs to another client" },
        { path: "checklist[0].label", message: "must not be empty" },
        { path: "", message: "something general" },
      ],
      ["timezone", "segments"],
    );
    expect(out.fields).toEqual({ timezone: ["unknown time zone"], segments: ["belongs to another client"] });
    expect(out.form).toEqual(["checklist[0].label: must not be empty", "something general"]);
  });

  it("reads the field from paths with indexes and dots", () => {
    expect(fieldOf("segments[1]")).toBe("segments");
    expect(fieldOf("rules[0].max")).toBe("rules");
    expect(fieldOf("name")).toBe("name");
  });
});
