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
  let lastExport = null;

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

  // --- A small guideline engine, enough for the planning desk's browser tests: occurrences
  // of messages (simple RRULEs), touches per segment (inherited by sub-segments), and the
  // cap, quiet_hours, weekdays, blackout and consent rules in the client's time zone.
  const fmt = new Map();
  const wallOf = (ms, zone) => {
    let f = fmt.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
      fmt.set(zone, f);
    }
    const p = {};
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  };
  const asUtc = (wall) => Date.parse(`${wall.slice(0, 19)}Z`);
  const toInstant = (wall, zone) => {
    const target = asUtc(wall);
    let guess = target;
    for (let i = 0; i < 3; i += 1) guess = target - (asUtc(wallOf(guess, zone)) - guess);
    return guess;
  };
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const addWall = (wall, minutes) => new Date(asUtc(wall) + minutes * 60000).toISOString().slice(0, 19);
  const DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
  const dayOf = (wall) => DAYS[new Date(asUtc(wall)).getUTCDay()];

  /** Wall times of a message's occurrences (first 200 within the plan's horizon). */
  function occurrences(m) {
    const end = `${plan.horizon.end}T00:00:00`;
    if (!m.rrule) return [m.at];
    const parts = Object.fromEntries(m.rrule.split(";").map((p) => p.split("=")));
    const count = parts.COUNT ? Number(parts.COUNT) : 200;
    const interval = Number(parts.INTERVAL ?? 1);
    const time = m.at.slice(10);
    const out = [];
    const exdates = new Set(m.exdates ?? []);
    let n = 0;
    const push = (wall) => {
      n += 1;
      if (!exdates.has(wall)) out.push(wall);
    };
    if (parts.FREQ === "DAILY") {
      for (let w = m.at; n < count && w < end; w = addWall(w, 1440 * interval)) push(w);
    } else if (parts.FREQ === "WEEKLY") {
      const days = (parts.BYDAY ?? dayOf(m.at)).split(",");
      const monday = addWall(`${m.at.slice(0, 10)}T00:00:00`, -((DAYS.indexOf(dayOf(m.at)) + 6) % 7) * 1440);
      for (let week = monday; n < count && week < end; week = addWall(week, 7 * 1440 * interval)) {
        for (let d = 0; d < 7 && n < count; d += 1) {
          const wall = `${addWall(week, d * 1440).slice(0, 10)}${time}`;
          if (wall >= m.at && wall < end && days.includes(dayOf(wall))) push(wall);
        }
      }
    } else if (parts.FREQ === "MONTHLY") {
      let [y, mo] = m.at.slice(0, 7).split("-").map(Number);
      for (let i = 0; n < count && i < 60; i += 1) {
        const ym = `${y}-${String(mo).padStart(2, "0")}`;
        let day = null;
        if (parts.BYMONTHDAY) day = Number(parts.BYMONTHDAY);
        else if (parts.BYDAY) {
          const match = /^(\d)([A-Z]{2})$/.exec(parts.BYDAY);
          if (match) {
            let hits = 0;
            for (let d = 1; d <= 28 && day === null; d += 1) {
              if (dayOf(`${ym}-${String(d).padStart(2, "0")}T00:00:00`) === match[2] && ++hits === Number(match[1]))
                day = d;
            }
          }
        } else day = Number(m.at.slice(8, 10));
        const wall = `${ym}-${String(day).padStart(2, "0")}${time}`;
        if (wall >= end) break;
        if (day && wall >= m.at) push(wall);
        mo += 1;
        if (mo > 12) [y, mo] = [y + 1, 1];
      }
    }
    return out;
  }

  const messagesOf = (client) => client.campaigns.flatMap((k) => k.messages.map((m) => ({ m, campaign: k.id })));
  const reached = (client, m) => {
    const out = new Set();
    for (const s of m.segments) {
      out.add(s);
      below(client, s).forEach((d) => out.add(d));
    }
    return out;
  };
  /** The nearest rule of a kind for a segment: the segment, its ancestors, then the client. */
  const ruleFor = (client, segmentId, kind) => {
    for (let id = segmentId; id; id = client.segments.find((s) => s.id === id)?.parent ?? null) {
      const segment = client.segments.find((s) => s.id === id);
      const rule = segment?.rules.find((r) => r.kind === kind);
      if (rule) {
        const level =
          id === segmentId ? { level: "segment", segment: id } : { level: "ancestor", segment: id, name: segment.name };
        return { rule, source: level };
      }
    }
    const rule = client.rules.find((r) => r.kind === kind);
    return rule ? { rule, source: { level: "client", client: client.id } } : null;
  };

  /** Every touch of a client: one per occurrence and reached segment. */
  function touches(client, extra = null) {
    const out = [];
    for (const { m, campaign } of messagesOf(client)) {
      const zone = m.timezone ?? client.timezone;
      occurrences(m).forEach((wall, occurrence) => {
        const at = toInstant(wall, zone);
        for (const segment of reached(client, m))
          out.push({ m, campaign, occurrence, at, segment, direct: m.segments.includes(segment) });
      });
    }
    if (extra)
      for (const segment of reached(client, extra.m))
        out.push({ ...extra, segment, direct: extra.m.segments.includes(segment) });
    return out;
  }

  /** The violations of one touch among all the touches of its segment. */
  function breaks(client, touch, all) {
    const found = [];
    const zone = client.segments.find((s) => s.id === touch.segment)?.timezone ?? client.timezone;
    const wall = wallOf(touch.at, zone);
    const channel = plan.channels.find((c) => c.id === touch.m.channel);
    const segment = client.segments.find((s) => s.id === touch.segment);
    if (channel?.requires_consent && segment && !segment.opt_in.includes(channel.id)) {
      found.push({
        kind: "consent",
        rule: null,
        source: { level: "always_on" },
        detail: `${segment.name} has not opted in to ${channel.name}`,
      });
    }
    const cap = ruleFor(client, touch.segment, "cap");
    if (cap && !touch.m.transactional) {
      const from = touch.at - cap.rule.window_days * 86400000;
      const window = all.filter(
        (t) => t.segment === touch.segment && !t.m.transactional && t.at > from && t.at <= touch.at,
      );
      if (window.length > cap.rule.max) {
        found.push({
          kind: "cap",
          ...cap,
          count: window.length,
          detail: `${window.length} touches in ${cap.rule.window_days} days (at most ${cap.rule.max})`,
        });
      }
    }
    const quiet = ruleFor(client, touch.segment, "quiet_hours");
    if (quiet) {
      const hm = wall.slice(11, 16);
      const { start, end } = quiet.rule;
      const inside = start <= end ? hm >= start && hm < end : hm >= start || hm < end;
      if (inside) found.push({ kind: "quiet_hours", ...quiet, detail: `${hm} is within quiet hours ${start}–${end}` });
    }
    const weekdays = ruleFor(client, touch.segment, "weekdays");
    if (weekdays) {
      const names = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };
      const day = names[dayOf(wall)];
      if (!weekdays.rule.allowed.includes(day))
        found.push({ kind: "weekdays", ...weekdays, detail: `${day} is not an allowed day` });
    }
    const blackout = ruleFor(client, touch.segment, "blackout");
    if (blackout?.rule.dates.includes(wall.slice(0, 10))) {
      found.push({ kind: "blackout", ...blackout, detail: `${wall.slice(0, 10)} is a blackout date` });
    }
    return found.map((b) => ({ ...b, zone, wall }));
  }

  function findings(client) {
    const all = touches(client);
    const out = [];
    for (const t of all.sort((a, b) => a.at - b.at)) {
      for (const b of breaks(client, t, all)) {
        out.push({
          violation: {
            rule: b.kind,
            segment: t.segment,
            message: t.m.id,
            occurrence: t.occurrence,
            at: iso(t.at),
            channel: t.m.channel,
            direct: t.direct,
            window_days: b.kind === "cap" ? b.rule.window_days : null,
            channels: null,
            limit: b.kind === "cap" ? b.rule.max : null,
            count: b.kind === "cap" ? b.count : null,
            severity: "error",
            detail: b.detail,
          },
          explanation: {
            text: `${t.m.title} breaks the ${b.kind.replace("_", " ")} rule: ${b.detail}.`,
            rule: b.rule,
            source: b.source,
            timezone: b.zone,
            local: `${b.wall.slice(0, 10)} ${b.wall.slice(11, 16)}`,
            touches: [],
            more: 0,
          },
        });
      }
    }
    return out;
  }

  /** Move a message (or one occurrence) in `plan`, as the desk does. */
  function moveIn(request) {
    const { campaign, m, client } = findMessage(request.message);
    const zone = m.timezone ?? client.timezone;
    const walls = occurrences(m);
    const from = walls[request.occurrence] ?? m.at;
    // The new wall time in the message's own zone.
    const target = wallOf(toInstant(request.to, request.timezone), zone);
    if (m.rrule && request.scope === "occurrence") {
      m.exdates = [...(m.exdates ?? []), from];
      const taken = allIds();
      const copy = { ...clone(m), id: slug(`${m.id}-moved`, taken), at: target, rrule: null };
      delete copy.exdates;
      campaign.messages.push(copy);
    } else {
      const delta = (asUtc(target) - asUtc(from)) / 60000;
      m.at = addWall(m.at, delta);
      if (m.exdates) m.exdates = m.exdates.map((x) => addWall(x, delta));
    }
  }

  /** One problem per message occurrence with findings (the engine's grouping, simplified). */
  const problemsOf = (all, client) => {
    const segmentName = (id) => client.segments.find((s) => s.id === id)?.name ?? id;
    const ruleName = { quiet_hours: "quiet hours", cap: "the cap", min_gap: "the minimum gap", consent: "consent" };
    const out = [];
    for (const f of all) {
      const v = f.violation;
      const same = out.find((p) => p.problem.message === v.message && p.problem.occurrence === v.occurrence);
      if (same) {
        same.problem.findings += 1;
        const rule = same.problem.rules.find((r) => r.rule === v.rule);
        if (rule) rule.segments.push(v.segment);
        else same.problem.rules.push({ rule: v.rule, segments: [v.segment] });
      } else {
        out.push({
          problem: {
            message: v.message,
            occurrence: v.occurrence,
            at: v.at,
            rules: [{ rule: v.rule, segments: [v.segment] }],
            findings: 1,
            text: "",
          },
          local: f.explanation.local,
          new: false,
        });
      }
    }
    for (const p of out) {
      p.problem.text = `breaks ${p.problem.rules
        .map((r) => {
          const names = r.segments.map(segmentName);
          const whom = names.length === 1 ? names[0] : `${names.length} segments (${names.join(" and ")})`;
          return `${ruleName[r.rule] ?? r.rule} for ${whom}`;
        })
        .join("; ")}`;
    }
    return out;
  };
  const checks = () => {
    const byClient = {};
    const problemsByClient = {};
    let total = 0;
    let problems = 0;
    for (const c of plan.clients) {
      const all = findings(c);
      const n = all.length;
      const p = problemsOf(all, c).length;
      if (n) byClient[c.id] = n;
      if (p) problemsByClient[c.id] = p;
      total += n;
      problems += p;
    }
    return { total, by_client: byClient, problems, problems_by_client: problemsByClient };
  };
  const undoStack = [];
  const redoStack = [];
  const history = () => ({ undo: undoStack.at(-1)?.label ?? null, redo: redoStack.at(-1)?.label ?? null });
  // The sample marker (the store's settings key sample.seeded): the ids of the seeded clients.
  let seeded = sample.clients.map((c) => c.id);
  const sampleIds = () => plan.clients.filter((c) => seeded.includes(c.id)).map((c) => c.id);
  const saved = (id = null) => ({
    change: { kind: "whole", plan: clone(plan) },
    id,
    checks: checks(),
    history: history(),
    sample: sampleIds(),
  });
  /** A message's violations as the desk's MessageFindings: totals per rule and the first 20. */
  const messageFindings = (client, id) => {
    const own = findings(client).filter((f) => f.violation.message === id);
    const rules = new Map();
    for (const f of own) rules.set(f.violation.rule, (rules.get(f.violation.rule) ?? 0) + 1);
    return {
      total: own.length,
      rules: [...rules].sort(([a], [b]) => a.localeCompare(b)).map(([rule, count]) => ({ rule, count })),
      findings: own.slice(0, 20),
    };
  };
  /** Run a change as one undoable step. */
  const step = (label, change) => {
    const before = clone(plan);
    const result = change();
    undoStack.push({ label, plan: before });
    redoStack.length = 0;
    return result;
  };
  const findMessage = (id) => {
    for (const client of plan.clients) {
      for (const campaign of client.campaigns) {
        const m = campaign.messages.find((x) => x.id === id);
        if (m) return { client, campaign, m };
      }
    }
    throw notFound(`The message ${id}`);
  };
  /** Which rules the message would break with one occurrence at each candidate instant. */
  function probe(messageId, candidates, movedAt = null) {
    const { client, campaign, m } = findMessage(messageId);
    // The moved touch leaves its place: a single message entirely, a series' occurrence at movedAt.
    const others = touches(client).filter((t) => !(t.m.id === m.id && (!m.rrule || t.at === movedAt)));
    return candidates.map((at) => {
      const ms = Date.parse(at);
      const extra = { m, campaign, occurrence: 0, at: ms };
      const all = [...others];
      for (const segment of reached(client, m)) all.push({ ...extra, segment, direct: m.segments.includes(segment) });
      const rules = new Set();
      for (const segment of reached(client, m))
        for (const b of breaks(client, { ...extra, segment }, all)) rules.add(b.kind);
      return { at, rules: [...rules].sort() };
    });
  }

  const commands = {
    workspace() {
      if (options.fail) throw clone(options.fail);
      return {
        plan: clone(plan),
        db_path: options.dbPath,
        checks: checks(),
        history: history(),
        today: "2026-11-23",
        limits: { name: 120, label: 200, note: 10000 },
        sample: sampleIds(),
      };
    },
    list_timezones: () => zones.slice(),
    // The system locale the shell reads from LC_ALL / LC_TIME / LANG (null: C or none).
    system_locale: () => options.locale ?? null,
    save_client({ input }) {
      const issues = [];
      if (!input.name.trim()) issues.push({ path: "name", message: "must not be empty" });
      checkZone(issues, "timezone", input.timezone);
      if (issues.length) throw invalid(issues);
      const id = input.id ?? slug(input.name, allIds());
      const existing = clientOf(id);
      step(`${input.id ? "Edit" : "Add"} client “${input.name}”`, () =>
        upsert(plan.clients, {
          id,
          name: input.name,
          timezone: input.timezone,
          checklist: input.checklist ?? existing?.checklist ?? clone(sample.clients[0]?.checklist ?? []),
          rules: input.rules ?? existing?.rules ?? [],
          segments: existing?.segments ?? [],
          campaigns: existing?.campaigns ?? [],
        }),
      );
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
      step(`${input.id ? "Edit" : "Add"} segment “${input.name}”`, () =>
        upsert(client.segments, { ...input, id, rules: input.rules ?? existing?.rules ?? [] }),
      );
      return saved(id);
    },
    save_campaign({ clientId, input }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      if (!input.name.trim()) throw invalid([{ path: "name", message: "must not be empty" }]);
      const id = input.id ?? slug(input.name, allIds());
      const existing = client.campaigns.find((k) => k.id === id);
      step(`${input.id ? "Edit" : "Add"} campaign “${input.name}”`, () =>
        upsert(client.campaigns, { ...input, id, messages: existing?.messages ?? [] }),
      );
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
      step(`${input.id ? "Edit" : "Add"} message “${input.title}”`, () => upsert(campaign.messages, { ...input, id }));
      return saved(id);
    },
    // The backend's plan warnings (cadence_engine::plan_warnings); the tests set them.
    plan_warnings: ({ clientId }) => clone(options.warnings?.[clientId] ?? []),
    delete_impact: ({ target }) => impact(target),
    delete_entity({ target }) {
      step(`Delete ${target.kind}`, () => remove(target));
      return saved();
    },
    reset_workspace({ mode }) {
      plan = mode === "sample" ? clone(sample) : { ...clone(sample), clients: [] };
      if (mode === "sample") seeded = sample.clients.map((c) => c.id);
      return saved();
    },
    sample_data() {
      const clients = plan.clients
        .filter((c) => seeded.includes(c.id))
        .map((c) => ({
          id: c.id,
          name: c.name,
          edited: JSON.stringify(c) !== JSON.stringify(sample.clients.find((s) => s.id === c.id)),
        }));
      return { clients, kept: plan.clients.length - clients.length };
    },
    remove_sample_clients() {
      const ids = sampleIds();
      if (!ids.length) throw invalid([]);
      step(`Remove ${ids.length} sample clients`, () => {
        plan.clients = plan.clients.filter((c) => !ids.includes(c.id));
      });
      return saved();
    },
    message_findings({ messageId }) {
      const { client } = findMessage(messageId);
      return messageFindings(client, messageId);
    },
    preview_message({ campaignId, input }) {
      const before = plan;
      plan = clone(plan);
      try {
        const client = plan.clients.find((c) => c.campaigns.some((k) => k.id === campaignId));
        if (!client) throw notFound("The campaign");
        const campaign = client.campaigns.find((k) => k.id === campaignId);
        const id = input.id ?? slug(input.title, allIds());
        upsert(campaign.messages, { exdates: [], ...input, id });
        return messageFindings(client, id);
      } finally {
        plan = before;
      }
    },
    calendar({ clientId, from, to }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      const start = toInstant(`${from}T00:00:00`, client.timezone);
      const end = toInstant(`${to}T00:00:00`, client.timezone);
      const broken = new Map();
      for (const f of findings(client)) {
        const key = `${f.violation.message}@${f.violation.occurrence}`;
        const entry = broken.get(key) ?? { n: 0, rules: new Set() };
        entry.n += 1;
        entry.rules.add(f.violation.rule);
        broken.set(key, entry);
      }
      const out = [];
      for (const { m, campaign } of messagesOf(client)) {
        occurrences(m).forEach((wall, occurrence) => {
          const at = toInstant(wall, m.timezone ?? client.timezone);
          if (at < start || at >= end) return;
          const b = broken.get(`${m.id}@${occurrence}`);
          out.push({
            message: m.id,
            campaign,
            occurrence,
            at: iso(at),
            violations: b?.n ?? 0,
            rules: b ? [...b.rules].sort() : [],
          });
        });
      }
      return out.sort((a, b) => a.at.localeCompare(b.at));
    },
    findings_page({ clientId, query }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      const all = findings(client);
      const segments = client.segments
        .map((segment) => {
          const mine = all.filter((f) => f.violation.segment === segment.id);
          const limit = query.more?.[segment.id] ?? query.per_segment;
          const shown = mine.slice(0, limit);
          return { segment: segment.id, total: mine.length, findings: shown, new: shown.map(() => false) };
        })
        .filter((s) => s.total > 0);
      const problems = problemsOf(all, client);
      return {
        total: all.length,
        problem_total: problems.length,
        problems: problems.slice(0, 50),
        cause: null,
        segments,
      };
    },
    bucket_messages({ clientId, segmentId, from, to }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      const zone = client.segments.find((s) => s.id === segmentId)?.timezone ?? client.timezone;
      const ids = touches(client)
        .filter((t) => t.segment === segmentId)
        .sort((a, b) => a.at - b.at)
        .filter((t) => {
          const d = wallOf(t.at, zone).slice(0, 10);
          return d >= from && d < to;
        })
        .map((t) => t.m.id);
      return [...new Set(ids)];
    },
    probe_slots({ request }) {
      if (options.probeDelay)
        return new Promise((r) => setTimeout(() => r(probe(request.message, request.candidates)), options.probeDelay));
      return probe(request.message, request.candidates);
    },
    suggest_slots({ messageId, after, fix }) {
      const { client, m } = findMessage(messageId);
      const zone = m.timezone ?? client.timezone;
      const blocked = [];
      const channel = plan.channels.find((c) => c.id === m.channel);
      for (const id of reached(client, m)) {
        const segment = client.segments.find((s) => s.id === id);
        if (channel?.requires_consent && !segment.opt_in.includes(channel.id)) {
          blocked.push({
            rule: "consent",
            segment: id,
            detail: `${segment.name} has not opted in to ${channel.name}.`,
          });
        }
      }
      const start = Math.ceil(Date.parse(after) / 1800000) * 1800000 + 1800000;
      const candidates = Array.from({ length: 14 * 48 }, (_, i) => iso(start + i * 1800000));
      const slots = blocked.length
        ? []
        : probe(messageId, candidates, Date.parse(after))
            .filter((r) => !r.rules.length)
            .slice(0, 5)
            .map((r) => ({ at: r.at, local: wallOf(Date.parse(r.at), zone) }));
      // Offers as the engine words them (its rules are tested in Rust): the nearest later time
      // without the flagged rules, the earliest clean one, then clean times on later days.
      const flagged = fix ?? [];
      const probed = blocked.length ? [] : probe(messageId, candidates, Date.parse(after));
      const names = { quiet_hours: "quiet hours", cap: "the cap", min_gap: "the minimum gap" };
      const fixes = flagged.map((k) => names[k] ?? k).join(" and ");
      const offer = (kind, label, r) => ({
        kind,
        label,
        at: r.at,
        local: wallOf(Date.parse(r.at), zone),
        fixes: flagged,
        leaves: [],
        text: r.rules.length
          ? `fixes ${fixes}; but ${r.rules.map((k) => `in ${names[k] ?? k}`).join(", ")}`
          : `${fixes ? `fixes ${fixes}; breaks nothing else` : "breaks nothing"}`,
      });
      const offers = [];
      const near = probed.find((r) => !r.rules.some((k) => flagged.includes(k)));
      const clean = probed.find((r) => !r.rules.length);
      if (near && near !== clean) offers.push(offer("nearest", "Nearest later", near));
      if (clean)
        offers.push(
          offer("clean", near === clean ? "Nearest later, breaks nothing" : "Earliest that breaks nothing", clean),
        );
      const days = new Set(clean ? [wallOf(Date.parse(clean.at), zone).slice(0, 10)] : []);
      for (const r of probed) {
        const day = wallOf(Date.parse(r.at), zone).slice(0, 10);
        if (r.rules.length || days.has(day) || offers.length >= 5) continue;
        days.add(day);
        offers.push(offer("spread", "Another day", r));
      }
      return {
        message: m.id,
        timezone: zone,
        slots,
        offers,
        flagged,
        blocked,
        segments: m.segments,
        searched_until: iso(start + 14 * 86400000),
      };
    },
    move_message({ request }) {
      const { m } = findMessage(request.message);
      step(`Move message “${m.title}”`, () => moveIn(request));
      return saved(m.id);
    },
    preview_move({ request }) {
      const { m, client } = findMessage(request.message);
      const kept = clone(plan);
      const byRule = () => {
        const counts = {};
        for (const f of findings(clientOf(client.id))) counts[f.violation.rule] = (counts[f.violation.rule] ?? 0) + 1;
        return counts;
      };
      const before = byRule();
      const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
      const outcome = (scope) => {
        moveIn({ ...request, scope });
        const after = byRule();
        plan = clone(kept);
        const kinds = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return {
          violations: total(after),
          worse: kinds.filter((k) => (after[k] ?? 0) > (before[k] ?? 0)),
          better: kinds.filter((k) => (after[k] ?? 0) < (before[k] ?? 0)),
        };
      };
      return {
        violations: total(before),
        occurrence: m.rrule ? outcome("occurrence") : null,
        series: outcome("series"),
      };
    },
    preview_recurrence({ at, rrule, count }) {
      if (!rrule) return { text: "Once", next: [at], error: null };
      if (!/FREQ=(DAILY|WEEKLY|MONTHLY)/.test(rrule))
        return { text: "", next: [], error: `Unsupported rule "${rrule}"` };
      const walls = occurrences({ at, rrule, timezone: "UTC" }).slice(0, count ?? 5);
      const parts = Object.fromEntries(rrule.split(";").map((p) => p.split("=")));
      const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month" }[parts.FREQ];
      const every = parts.INTERVAL && parts.INTERVAL !== "1" ? `Every ${parts.INTERVAL} ${unit}s` : `Every ${unit}`;
      const names = {
        MO: "Monday",
        TU: "Tuesday",
        WE: "Wednesday",
        TH: "Thursday",
        FR: "Friday",
        SA: "Saturday",
        SU: "Sunday",
      };
      const days = (parts.BYDAY ?? "").split(",").map((d) => names[d] ?? d);
      const dayList = days.length > 1 ? `${days.slice(0, -1).join(", ")} and ${days.at(-1)}` : days[0];
      const on = parts.BYDAY ? ` on ${dayList}` : parts.BYMONTHDAY ? ` on day ${parts.BYMONTHDAY}` : "";
      return { text: `${every}${on}${parts.COUNT ? `, ${parts.COUNT} times` : ""}`, next: walls, error: null };
    },
    undo() {
      const last = undoStack.pop();
      if (last) {
        redoStack.push({ label: last.label, plan: clone(plan) });
        plan = last.plan;
      }
      return saved();
    },
    redo() {
      const last = redoStack.pop();
      if (last) {
        undoStack.push({ label: last.label, plan: clone(plan) });
        plan = last.plan;
      }
      return saved();
    },
    guideline_presets: () => [],
    cadence_summary({ clientId, from, to, bucket }) {
      const client = clientOf(clientId);
      if (!client) throw notFound("The client");
      const all = touches(client);
      const step = bucket === "week" ? 7 : 1;
      const segments = client.segments.map((segment) => {
        const zone = segment.timezone ?? client.timezone;
        const cap = ruleFor(client, segment.id, "cap");
        const caps = cap
          ? [{ max: cap.rule.max, window_days: cap.rule.window_days, channels: null, source: cap.source }]
          : [];
        const mine = all.filter((t) => t.segment === segment.id).sort((a, b) => a.at - b.at);
        const buckets = [];
        for (let day = from; day < to; day = addWall(`${day}T00:00:00`, step * 1440).slice(0, 10)) {
          const end = addWall(`${day}T00:00:00`, step * 1440).slice(0, 10);
          const inside = mine.filter((t) => {
            const d = wallOf(t.at, zone).slice(0, 10);
            return d >= day && d < end;
          });
          const loads = caps.map((c) =>
            Math.max(
              0,
              ...inside.map(
                (t) =>
                  mine.filter((u) => !u.m.transactional && u.at > t.at - c.window_days * 86400000 && u.at <= t.at)
                    .length,
              ),
            ),
          );
          const worst = Math.max(0, ...loads.map((l, i) => l / caps[i].max));
          const broken = findings(client).filter((f) => {
            if (f.violation.segment !== segment.id) return false;
            const d = wallOf(Date.parse(f.violation.at), zone).slice(0, 10);
            return d >= day && d < end;
          });
          const reach = inside.slice(0, 8).map((t) => ({
            message: t.m.id,
            occurrence: t.occurrence,
            local: wallOf(t.at, zone),
            channel: t.m.channel,
            direct: t.direct,
            transactional: t.m.transactional,
            value: 100,
          }));
          const channels = plan.channels
            .map((c) => ({ channel: c.id, touches: inside.filter((t) => t.m.channel === c.id).length }))
            .filter((c) => c.touches > 0);
          buckets.push({
            start: day,
            touches: inside.length,
            loads,
            worst_ratio: worst,
            channels,
            average_value: inside.length ? 100 : null,
            reach,
            violations: broken.length,
            notes: broken.slice(0, 4).map((f) => f.explanation.text),
          });
        }
        return { client: client.id, segment: segment.id, name: segment.name, timezone: zone, caps, buckets };
      });
      return { from, to, bucket, segments };
    },
    import_plan_dialog: () => null,
    // Past campaign data (issue 8): the mock has no history, so the Insights view is empty.
    client_insights: ({ clientId }) => ({
      client_id: clientId,
      records: 0,
      curves: [],
      complaints: [],
      engagement: [],
      response: [],
      reply_target_hours: 24,
      audiences: [],
      complaint_lines: [0.001, 0.003],
      min_touches: 1000,
      tolerance: 2,
    }),
    history_hints: () => [],
    last_export_choices: () => lastExport,
    export_dialog: ({ request }) => {
      lastExport = clone(request);
      const send = (payload) => {
        for (const id of listeners.get("export-progress") ?? [])
          callbacks.get(id)?.({ event: "export-progress", id, payload });
      };
      const stages = ["Reading the plan", request.format === "pdf" ? "Typesetting" : "Building the table", "Writing"];
      stages.forEach((stage, step) => send({ stage, step, steps: stages.length }));
      const ext = request.format === "pdf" ? "pdf" : request.format === "ics" ? "ics" : "csv";
      return {
        path: `/home/planner/Documents/${request.client ?? "all-clients"}-${request.format}.${ext}`,
        bytes: 48213,
        summary: request.format === "pdf" ? "PDF report, 14 pages" : "412 rows",
      };
    },
    reveal_in_folder: () => null,
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
