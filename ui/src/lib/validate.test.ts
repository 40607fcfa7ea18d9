import { describe, expect, it } from "vitest";
import type { MessageInput } from "../bindings/MessageInput";
import { segment } from "../test/fixtures";
import { campaignProblems, isClean, messageProblems, segmentProblems, timezoneProblem } from "./validate";

const zones = ["UTC", "Europe/London"];

describe("client-side validation", () => {
  it("accepts only listed time zones once the list is loaded", () => {
    expect(timezoneProblem("Europe/London", zones)).toBeUndefined();
    expect(timezoneProblem("Europe/Londres", zones)).toMatch(/Unknown time zone/);
    expect(timezoneProblem("Europe/Londres", [])).toBeUndefined();
    expect(timezoneProblem(" ", zones)).toBe("Time zone is required.");
  });

  it("refuses a segment parent loop and a size that is not a whole number", () => {
    const list = [segment("all", null), segment("kid", "all")];
    const input = {
      id: "all",
      name: "All",
      parent: "kid",
      timezone: null,
      size: 1.5,
      opt_in: [],
      interests: [],
      values: [],
      rules: null,
    };
    const problems = segmentProblems(input, list, zones);
    expect(problems.parent).toMatch(/loop/);
    expect(problems.size).toMatch(/whole number/);
    expect(isClean(segmentProblems({ ...input, parent: null, size: 10 }, list, zones))).toBe(true);
  });

  it("refuses a campaign that ends before it starts", () => {
    const input = { id: null, name: "Spring", objective: "", start: "2026-03-10", end: "2026-03-01" };
    expect(campaignProblems(input).end).toMatch(/before the first day/);
    expect(isClean(campaignProblems({ ...input, end: "2026-03-10" }))).toBe(true);
  });

  it("checks a message's date and time shapes as typed", () => {
    const input: MessageInput = {
      id: null,
      title: "Hello",
      channel: "email",
      segments: ["all"],
      at: "",
      timezone: null,
      local_delivery: false,
      transactional: false,
      rrule: null,
      checklist: {},
      brief: "",
      status: "planned",
    };
    const check = (date: string, time: string) => messageProblems(input, { date, time }, ["email"], zones);
    expect(isClean(check("2026-11-05", "07:30"))).toBe(true);
    expect(check("5/11/2026", "07:30").date).toMatch(/YYYY-MM-DD/);
    expect(check("2026-11-05", "7.30pm").time).toMatch(/HH:MM/);
    expect(check("2026-11-05", "24:00").time).toMatch(/HH:MM/);
  });
});
