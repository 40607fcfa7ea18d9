import { afterEach, describe, expect, it, vi } from "vitest";

describe("markFirstContent", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    performance.clearMarks();
  });

  it("marks once, after two animation frames, however often it is called", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
    const { FIRST_CONTENT, markFirstContent } = await import("./firstContent");

    markFirstContent();
    markFirstContent();
    expect(frames).toHaveLength(1);
    expect(performance.getEntriesByName("startup:in-dom")).toHaveLength(1);
    frames.shift()!(0);
    expect(performance.getEntriesByName(FIRST_CONTENT)).toHaveLength(0);
    frames.shift()!(0);
    expect(performance.getEntriesByName(FIRST_CONTENT)).toHaveLength(1);
    markFirstContent();
    expect(frames).toHaveLength(0);
  });
});
