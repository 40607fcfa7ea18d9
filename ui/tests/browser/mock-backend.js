// An in-memory stand-in for the Rust backend, installed as window.__TAURI_INTERNALS__ by an
// init script so the built UI can run in Chromium without Tauri. It follows the IPC contract of
// crates/desk/src/ipc.rs closely enough for browser tests; it is not the real validation.
// This file is injected as-is into the page: no imports, no exports, plain ES2020.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the init script in run.mjs
function installMockBackend(options) {
  const clone = (value) => JSON.parse(JSON.stringify(value));
  const sample = clone(options.plan);
  const zones = options.zones;
  let plan = clone(sample);
  const callbacks = new Map();
  let nextCallback = 1;
  const listeners = new Map(); // event name -> callback ids
  const calls = [];

  const invalid = (issues) => ({
    code: "invalid_input",
    message: "The input is not valid.",
    issues,
    file: null,
  });
  const notFound = (what) => ({ code: "not_found", message: `${what} does not exist.`, issues: [], file: null });
  const slug = (text, taken) => {
    const base =
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "item";
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    return id;
  };
  const allIds = () => {
    const ids = new Set();
    for (const c of plan.clients) {
      ids.add(c.id);
      c.segments.forEach((s) => ids.add(s.id));
      c.campaigns.forEach((k) => {
        ids.add(k.id);
        k.messages.forEach((m) => ids.add(m.id));
      });
    }
    return ids;
  };
  const clientOf = (id) => plan.clients.find((c) => c.id === id);
  const upsert = (list, item) => {
    const at = list.findIndex((x) => x.id === item.id);
    if (at >= 0) list[at] = { ...list[at], ...item };
    else list.push(item);
  };
  const checkZone = (issues, path, zone) => {
    if (zone !== null && zone !== undefined && !zones.includes(zone)) {
      issues.push({ path, message: `unknown time zone "${zone}" (use an IANA name such as Europe/London)` });
    }
  };
  const below = (client, id) => {
    const out = new Set();
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop();
      client.segments
        .filter((s) => s.parent === cur)
        .forEach((s) => {
          out.add(s.id);
          stack.push(s.id);
        });
    }
    return out;
  };

  function impact(target) {
    const empty = { name: "", segments: [], campaigns: [], messages: [], retargeted: [] };
    for (const client of plan.clients) {
      if (target.kind === "client" && client.id === target.id) {
        return {
          ...empty,
          name: client.name,
          segments: client.segments.map((s) => s.name),
          campaigns: client.campaigns.map((k) => k.name),
          messages: client.campaigns.flatMap((k) => k.messages.map((m) => m.title)),
        };
      }
      const segment = client.segments.find((s) => s.id === target.id);
      if (target.kind === "segment" && segment) {
        const gone = below(client, segment.id);
        gone.add(segment.id);
        const out = {
          ...empty,
          name: segment.name,
          segments: client.segments.filter((s) => gone.has(s.id) && s.id !== segment.id).map((s) => s.name),
        };
        for (const m of client.campaigns.flatMap((k) => k.messages)) {
          const hit = m.segments.filter((s) => gone.has(s));
          if (!hit.length) continue;
          (hit.length === m.segments.length ? out.messages : out.retargeted).push(m.title);
        }
        return out;
      }
      const campaign = client.campaigns.find((k) => k.id === target.id);
      if (target.kind === "campaign" && campaign) {
        return { ...empty, name: campaign.name, messages: campaign.messages.map((m) => m.title) };
      }
      const message = client.campaigns.flatMap((k) => k.messages).find((m) => m.id === target.id);
      if (target.kind === "message" && message) return { ...empty, name: message.title };
    }
    throw notFound(`The ${target.kind}`);
  }

  function remove(target) {
    impact(target); // throws not_found
    if (target.kind === "client") plan.clients = plan.clients.filter((c) => c.id !== target.id);
    for (const client of plan.clients) {
      if (target.kind === "segment" && client.segments.some((s) => s.id === target.id)) {
        const gone = below(client, target.id);
        gone.add(target.id);
        client.segments = client.segments.filter((s) => !gone.has(s.id));
        for (const k of client.campaigns) {
          k.messages.forEach((m) => (m.segments = m.segments.filter((s) => !gone.has(s))));
          k.messages = k.messages.filter((m) => m.segments.length);
        }
      }
      if (target.kind === "campaign") client.campaigns = client.campaigns.filter((k) => k.id !== target.id);
      if (target.kind === "message")
        client.campaigns.forEach((k) => (k.messages = k.messages.filter((m) => m.id !== target.id)));
    }
    return clone(plan);
  }

  const checks = () => ({ total: 0, by_client: {} });
  const history = () => ({ undo: null, redo: null });
  const saved = (id = null) => ({ plan: clone(plan), id, checks: checks(), history: history() });

  const commands = {
    workspace() {
      if (options.fail) throw clone(options.fail);
      return { plan: clone(plan), db_path: options.dbPath, checks: checks(), history: history() };
    },
    list_timezones: () => zones.slice(),
    save_client({ input }) {
      const issues = [];
      if (!input.name.trim()) issues.push({ path: "name", message: "must not be empty" });
      checkZone(issues, "timezone", input.timezone);
      if (issues.length) throw invalid(issues);
      const id = input.id ?? slug(input.name, allIds());
      const existing = clientOf(id);
      upsert(plan.clients, {
        id,
        name: input.name,
        timezone: input.timezone,
        checklist: input.checklist ?? existing?.checklist ?? clone(sample.clients[0]?.checklist ?? []),
        rules: input.rules ?? existing?.rules ?? [],
        segments: existing?.segments ?? [],
        campaigns: existing?.campaigns ?? [],
      });
      return saved(id);
    },
    save_segment({ clientId, input }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      const issues = [];
      if (!input.name.trim()) issues.push({ path: "name", message: "must not be empty" });
      checkZone(issues, "timezone", input.timezone);
      if (input.parent && !client.segments.some((s) => s.id === input.parent)) {
        issues.push({ path: "parent", message: `unknown segment "${input.parent}"` });
      }
      if (issues.length) throw invalid(issues);
      const id = input.id ?? slug(input.name, allIds());
      const existing = client.segments.find((s) => s.id === id);
      upsert(client.segments, { ...input, id, rules: input.rules ?? existing?.rules ?? [] });
      return saved(id);
    },
    save_campaign({ clientId, input }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      if (!input.name.trim()) throw invalid([{ path: "name", message: "must not be empty" }]);
      const id = input.id ?? slug(input.name, allIds());
      const existing = client.campaigns.find((k) => k.id === id);
      upsert(client.campaigns, { ...input, id, messages: existing?.messages ?? [] });
      return saved(id);
    },
    save_message({ campaignId, input }) {
      const campaign = plan.clients.flatMap((c) => c.campaigns).find((k) => k.id === campaignId);
      if (!campaign) throw notFound("The campaign");
      const issues = [];
      if (!input.title.trim()) issues.push({ path: "title", message: "must not be empty" });
      checkZone(issues, "timezone", input.timezone);
      if (issues.length) throw invalid(issues);
      const id = input.id ?? slug(input.title, allIds());
      upsert(campaign.messages, { ...input, id });
      return saved(id);
    },
    delete_impact: ({ target }) => impact(target),
    delete_entity({ target }) {
      remove(target);
      return saved();
    },
    reset_workspace({ mode }) {
      plan = mode === "sample" ? clone(sample) : { ...clone(sample), clients: [] };
      return saved();
    },
    import_plan_dialog: () => null,
    export_plan_dialog: ({ clientId }) => `/home/planner/Documents/${clientId ?? "workspace"}.cadence.json`,
    "plugin:event|listen"({ event, handler }) {
      const ids = listeners.get(event) ?? [];
      ids.push(handler);
      listeners.set(event, ids);
      return handler;
    },
    "plugin:event|unlisten": () => null,
  };

  window.__TAURI_INTERNALS__ = {
    async invoke(cmd, args) {
      calls.push({ cmd, args: clone(args ?? {}) });
      const handler = commands[cmd];
      if (!handler) throw { code: "internal", message: `mock: no command ${cmd}`, issues: [], file: null };
      return handler(args ?? {});
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
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
  // For the tests: what was called, and a way to send a native menu action.
  window.__mock = {
    calls,
    emit(event, payload) {
      for (const id of listeners.get(event) ?? []) callbacks.get(id)?.({ event, id, payload });
    },
  };
}
