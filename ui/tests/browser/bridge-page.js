// The page side of the browser tests' bridge (crates/bridge), installed as an init script:
// `window.__TAURI_INTERNALS__` forwards every command to the real desk over loopback HTTP and
// rejects with the backend's AppError; events (`export-progress`, `history-progress`,
// `menu-action`) are polled from the bridge and handed to the listeners the UI registered
// through `@tauri-apps/api/event`. No domain logic lives here.
// Plain ES2020, no imports: Playwright injects it as it is, with `{ url }` as its argument.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the init script in fixtures.ts
function installBridge({ url }) {
  const callbacks = new Map();
  let nextCallback = 1;
  const listeners = new Map(); // event id -> { event, handler }
  const calls = [];
  let seen = 0;
  let polling = null;

  async function poll() {
    try {
      const response = await fetch(`${url}/events?after=${seen}`);
      for (const { id, event, payload } of await response.json()) {
        seen = Math.max(seen, id);
        for (const [eventId, l] of listeners)
          if (l.event === event) callbacks.get(l.handler)?.({ event, id: eventId, payload });
      }
    } catch {
      // The bridge went away with the test; nothing to deliver.
    }
  }
  const startPolling = () => (polling ??= setInterval(poll, 40));

  const local = {
    "plugin:event|listen"({ event, handler }) {
      const id = nextCallback++;
      listeners.set(id, { event, handler });
      startPolling();
      return id;
    },
    "plugin:event|unlisten"({ eventId }) {
      listeners.delete(eventId);
      return null;
    },
  };

  window.__TAURI_INTERNALS__ = {
    async invoke(cmd, args) {
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
      if (local[cmd]) return local[cmd](args ?? {});
      const response = await fetch(`${url}/invoke/${cmd}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(args ?? {}),
      });
      const reply = await response.json();
      if (!response.ok) throw reply;
      return reply;
    },
    transformCallback(callback) {
      const id = nextCallback++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    convertFileSrc: (path) => path,
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: (_event, id) => listeners.delete(id) };
  // For the tests: what the UI asked the backend, in order.
  window.__bridge = { calls };
}
