import { render, screen } from "@testing-library/svelte";
import type { Calendar as EC } from "@event-calendar/core";
import { describe, expect, it } from "vitest";
import type { CalendarEntry } from "../../bindings/CalendarEntry";
import type { CalendarCluster } from "../../bindings/CalendarCluster";
import CalendarChip from "./CalendarChip.svelte";

const entry: CalendarEntry = {
  message: "hl-sms-reminder",
  campaign: "hl-offers",
  occurrence: 3,
  at: "2026-11-14T02:30:00Z",
  local: "2026-11-13T21:30:00",
  day: "2026-11-13",
  violations: 2,
  rules: ["quiet_hours", "cap"],
};

/** The fields of a calendar event the chip reads. */
const event = (props: Record<string, unknown>, display = "auto", title = "Flash sale reminder") =>
  ({ title, display, extendedProps: props }) as unknown as EC.Event;

describe("CalendarChip", () => {
  it("shows an occurrence's time, title and violations, naming the rules in its tooltip", () => {
    render(CalendarChip, { event: event({ entry }), timeText: "21:30" });
    const chip = screen.getByTestId("calendar-event");
    expect(chip.dataset.messageId).toBe("hl-sms-reminder");
    expect(chip.dataset.occurrence).toBe("3");
    expect(chip).toHaveTextContent("21:30 Flash sale reminder 2");
    expect(chip.title).toBe("Flash sale reminder · 21:30 · breaks quiet hours, contact cap");
    expect(screen.getByTestId("violation-badge")).toHaveAccessibleName("2 violations");
  });

  it("has no badge and no rules when the occurrence breaks nothing", () => {
    render(CalendarChip, { event: event({ entry: { ...entry, violations: 0, rules: [] } }), timeText: "09:00" });
    expect(screen.getByTestId("calendar-event").title).toBe("Flash sale reminder · 09:00");
    expect(screen.queryByTestId("violation-badge")).toBeNull();
  });

  it("is not counted as a calendar event while drawn in the background (the drag's mirror)", () => {
    const { container } = render(CalendarChip, { event: event({ entry }, "background"), timeText: "21:30" });
    expect(screen.queryByTestId("calendar-event")).toBeNull();
    expect(container.querySelector("[data-message-id]")).not.toBeNull();
  });

  it("shows an hour block of a dense day with its count and violations", () => {
    const cluster: CalendarCluster = { start: "2026-11-23T09:00:00", count: 57, violations: 4, rules: ["cap"] };
    render(CalendarChip, { event: event({ cluster }), timeText: "09:00" });
    const block = screen.getByTestId("calendar-cluster");
    expect(block.dataset.count).toBe("57");
    expect(block).toHaveTextContent("09:00 57 messages 4");
    expect(block.title).toBe("57 messages from 09:00 · break contact cap · click for the day");
  });
});
