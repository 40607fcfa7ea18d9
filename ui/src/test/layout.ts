// jsdom has no layout: the calendar component only needs ResizeObserver to exist.
import { vi } from "vitest";

export function stubResizeObserver(): void {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
}
