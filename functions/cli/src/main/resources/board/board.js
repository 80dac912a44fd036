// The probefleet web board: plain JavaScript over the query API (/v1/...), the same controllers the
// API function serves in Lambda. Every value from the store is inserted as text, never as HTML:
// evidence holds error pages written by the endpoints probed.
"use strict";

const REFRESH_MS = 5000;
const LAYERS = ["CDN", "LOAD_BALANCER", "ORIGIN", "NETWORK", "DNS", "NONE", "INCONCLUSIVE"];
const charts = new Map(); // target -> uPlot
let timer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else if (k === "href" || k === "title" || k === "id" || k === "name" || k === "type" ||
             k === "value" || k === "placeholder" || k === "for") node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function getJson(path) {
  const answer = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await answer.json().catch(() => null);
  if (!answer.ok) {
    const detail = body && body.detail ? body.detail : answer.status + " " + answer.statusText;
    throw new Error(detail);
  }
  return body;
}

function showProblem(message) {
  const box = document.getElementById("problem");
  box.textContent = message || "";
  box.hidden = !message;
}

function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function ms(value) {
  return value === null || value === undefined ? "" : value.toFixed(value < 10 ? 1 : 0) + " ms";
}

// --- fleet ----------------------------------------------------------------------------------------

async function allTargets() {
  let targets = [];
  let next = null;
  do {
    const page = await getJson("/v1/status?limit=1000" + (next ? "&next=" + encodeURIComponent(next) : ""));
    targets = targets.concat(page.targets);
    next = page.next;
  } while (next);
  return targets;
}

function pathCells(target) {
  // Per path kind, one chip per region's outcome.
  const cells = { cdn: [], lb: [], origin: [] };
  for (const [region, round] of Object.entries(target.regions || {})) {
    for (const p of round.paths) {
      const kind = p.label.startsWith("origin") ? "origin" : p.label;
      const ok = p["class"] === "OK";
      const text = (ok ? "ok" : p["class"]) + (p.total_ms !== null ? " " + ms(p.total_ms) : "");
      cells[kind].push(el("span", { class: "chip " + (ok ? "ok" : "bad"), title: region + " " + p.label + (p.status ? " HTTP " + p.status : "") }, text));
    }
  }
  return cells;
}

function verdictCell(v) {
  if (!v) return el("span", { class: "muted" }, "not analysed yet");
  if (v.layer === "NONE") return el("span", { class: "verdict-healthy" }, "healthy");
  return el("span", {}, el("span", { class: "sev-" + v.severity }, v.layer + " " + v.cause), " ", el("span", { class: "muted" }, v.severity));
}

async function renderFleet(view) {
  const targets = await allTargets();
  targets.sort((a, b) => failing(b) - failing(a) || a.name.localeCompare(b.name));
  const rows = targets.map((t) => {
    const cells = pathCells(t);
    const open = t.open_incident;
    return el("tr", { "data-target": t.name, class: failing(t) ? "failing" : "" },
      el("td", { class: "name" }, t.name),
      el("td", { "data-path": "cdn" }, cells.cdn),
      el("td", { "data-path": "lb" }, cells.lb),
      el("td", { "data-path": "origin" }, cells.origin),
      el("td", { class: "verdict" }, verdictCell(t.verdict)),
      el("td", { class: "incident" }, open ? el("a", { href: "#/incidents/" + open.id }, open.id) : ""),
      el("td", { class: "muted" }, t.slot || ""));
  });
  const table = el("table", { id: "fleet" },
    el("thead", {}, el("tr", {}, ["Target", "CDN", "LB", "Origin", "Verdict", "Open incident", "Slot"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
  const grid = el("div", { class: "charts", id: "charts" });
  view.replaceChildren(
    el("h1", {}, "Fleet ", el("span", { class: "muted" }, targets.length + " target(s), " + targets.filter(failing).length + " failing")),
    table,
    el("h2", {}, "Added latency by layer, and failures"),
    el("p", { class: "muted" }, "Per round: what the CDN adds (CDN path less LB path), what the load balancer adds (LB path less the origins' median), the origin's own time; bars count the failing paths."),
    grid);
  for (const t of targets) {
    const box = el("div", { class: "chart", "data-chart": t.name }, el("h3", {}, t.name));
    grid.append(box);
    drawChart(box, t.name).catch((e) => box.append(el("p", { class: "muted" }, "no history: " + e.message)));
  }
}

function failing(t) {
  return t.verdict && t.verdict.layer !== "NONE" ? 1 : 0;
}

async function drawChart(box, name) {
  const history = await getJson("/v1/targets/" + encodeURIComponent(name) + "/history?slots=60");
  // One point per slot: regions averaged for latency, summed for failures.
  const bySlot = new Map();
  for (const p of history.points) {
    const s = bySlot.get(p.slot) || { n: { cdn: 0, lb: 0, origin: 0 }, cdn: 0, lb: 0, origin: 0, failing: 0 };
    if (p.cdn_added_ms !== null) { s.cdn += p.cdn_added_ms; s.n.cdn++; }
    if (p.lb_added_ms !== null) { s.lb += p.lb_added_ms; s.n.lb++; }
    if (p.origin_ms !== null) { s.origin += p.origin_ms; s.n.origin++; }
    s.failing += p.failing.length;
    bySlot.set(p.slot, s);
  }
  const slots = [...bySlot.keys()].sort();
  const avg = (s, k) => (s.n[k] ? s[k] / s.n[k] : null);
  const data = [
    slots.map((s) => Date.parse(s) / 1000),
    slots.map((s) => avg(bySlot.get(s), "cdn")),
    slots.map((s) => avg(bySlot.get(s), "lb")),
    slots.map((s) => avg(bySlot.get(s), "origin")),
    slots.map((s) => bySlot.get(s).failing),
  ];
  const old = charts.get(name);
  if (old) old.destroy();
  const width = Math.max(360, box.clientWidth - 16);
  const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 24] }) : undefined;
  const chart = new uPlot({
    width, height: 200,
    scales: { x: { time: true }, ms: { auto: true }, n: { range: (u, min, max) => [0, Math.max(3, max)] } },
    axes: [{}, { scale: "ms", label: "ms", size: 48 }, { scale: "n", side: 1, label: "failing paths", grid: { show: false }, size: 40 }],
    series: [
      {},
      { label: "CDN adds", scale: "ms", stroke: "#7c3aed", width: 1.5, value: (u, v) => ms(v) },
      { label: "LB adds", scale: "ms", stroke: "#0b5cad", width: 1.5, value: (u, v) => ms(v) },
      { label: "origin", scale: "ms", stroke: "#1a7f37", width: 1.5, value: (u, v) => ms(v) },
      { label: "failing", scale: "n", stroke: "#b42318", fill: "rgba(180,35,24,0.25)", paths: bars, points: { show: false } },
    ],
  }, data, box);
  charts.set(name, chart);
}

// --- incidents ------------------------------------------------------------------------------------

async function renderIncidents(view, params) {
  const q = new URLSearchParams(params);
  if (![...q.keys()].length) q.set("state", "open");
  const field = (name, input) => el("label", { for: "f-" + name }, name, input);
  const select = (name, options) => {
    const s = el("select", { id: "f-" + name, name }, options.map((o) => el("option", { value: o }, o || "any")));
    s.value = q.get(name) || "";
    return s;
  };
  const text = (name, placeholder) => el("input", { id: "f-" + name, name, placeholder, value: q.get(name) || "" });
  const form = el("form", { class: "filters", id: "filters" },
    field("target", text("target", "any")),
    field("layer", select("layer", [""].concat(LAYERS))),
    field("state", select("state", ["", "open", "resolved"])),
    field("since", text("since", "e.g. 7d or 2026-11-24T09:00:00Z")),
    el("button", { type: "submit" }, "Filter"));
  form.onsubmit = (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) next.set(k, v);
    location.hash = "#/incidents?" + next.toString();
  };
  let list = [];
  let problem = null;
  try {
    let next = null;
    do {
      const page = await getJson("/v1/incidents?" + q.toString() + (next ? "&next=" + encodeURIComponent(next) : ""));
      list = list.concat(page.incidents);
      next = list.length < 200 ? page.next : null;
    } while (next);
  } catch (e) {
    problem = e.message;
  }
  const rows = list.map((i) => el("tr", { "data-incident": i.id },
    el("td", {}, el("a", { href: "#/incidents/" + i.id }, i.id)),
    el("td", {}, i.target),
    el("td", {}, i.state),
    el("td", { class: "sev-" + i.severity }, i.layer + " " + i.cause),
    el("td", {}, i.severity),
    el("td", {}, time(i.opened_at)),
    el("td", {}, time(i.resolved_at)),
    el("td", {}, i.summary)));
  view.replaceChildren(
    el("h1", {}, "Incidents"),
    form,
    problem ? el("div", { class: "problem" }, problem) : "",
    el("table", { id: "incidents" },
      el("thead", {}, el("tr", {}, ["Incident", "Target", "State", "Layer and cause", "Severity", "Opened", "Resolved", "Summary"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colSpan: 8, class: "muted" }, problem ? "" : "No incident matches.")))));
}

async function renderIncident(view, id) {
  const doc = await getJson("/v1/incidents/" + encodeURIComponent(id));
  const i = doc.incident;
  const facts = [
    ["Target", i.target], ["State", i.state], ["Layer", i.layer], ["Cause", i.cause],
    ["Severity", i.severity], ["Scope", i.scope + (i.regions.length ? " (" + i.regions.join(", ") + ")" : "")],
    ["Opened", time(i.opened_at)], ["Resolved", i.resolved_at ? time(i.resolved_at) : "still open"],
    ["Summary", i.summary],
  ];
  const timeline = doc.timeline.map((t) => el("li", { class: t.kind, "data-kind": t.kind },
    el("div", {}, el("strong", {}, t.kind + " #" + t.number), " ", el("span", { class: "muted" }, time(t.slot)), " — ",
      el("span", { class: "sev-" + t.signature.severity }, t.signature.layer + " " + t.signature.cause)),
    el("div", {}, t.summary),
    t.alert ? el("div", { class: "muted" }, "alert " + t.alert.alert_id + ": " +
      (t.alert.published_at ? "published " + time(t.alert.published_at) : t.alert.dead_letter ? "dead-lettered" : "pending")) : "",
    el("details", {}, el("summary", {}, "evidence"), el("pre", {}, JSON.stringify(t.evidence, null, 2)))));
  const runbook = doc.runbook.map((s) => el("li", {}, s.action, s.command ? el("pre", {}, s.command) : ""));
  view.replaceChildren(
    el("h1", {}, "Incident ", el("code", { id: "incident-id" }, i.id)),
    el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", { "data-fact": k.toLowerCase() }, v)])),
    el("h2", {}, "Runbook"),
    el("ol", { class: "runbook", id: "runbook" }, runbook),
    el("h2", {}, "Timeline"),
    el("ol", { class: "timeline", id: "timeline" }, timeline));
}

// --- routing --------------------------------------------------------------------------------------

async function route() {
  clearTimeout(timer);
  const view = document.getElementById("view");
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  document.querySelectorAll("header nav a[data-nav]").forEach((a) =>
    a.classList.toggle("active", a.dataset.nav === (path.startsWith("/incidents") ? "incidents" : "fleet")));
  try {
    if (path === "/incidents") {
      await renderIncidents(view, query || "");
    } else if (path.startsWith("/incidents/")) {
      await renderIncident(view, decodeURIComponent(path.substring("/incidents/".length)));
    } else {
      await renderFleet(view);
      timer = setTimeout(() => { if (!document.hidden) route(); else timer = setTimeout(route, REFRESH_MS); }, REFRESH_MS);
    }
    showProblem(null);
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    showProblem(e.message);
  }
}

window.addEventListener("hashchange", route);
route();
