// newsgraph viewer: search an entity, draw the actors linked to it through events, explain each link.
// Every text from the data is shown with textContent, never parsed as HTML.
"use strict";

const MAX_NODES = 400; // drawn at once; beyond this the strongest links are kept and a notice says so
const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT"];
const COLORS = { person: "#4e79a7", organization: "#f28e2b", place: "#59a14f", event: "#9c755f" };
const FACTS = new Set(["leader_of", "member_of", "located_in"]);

const $ = (id) => document.getElementById(id);
const state = { centers: [], graph: null };

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error.message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response.json();
}

function setStatus(text) { $("status").textContent = text || ""; }

function filters() {
  const kinds = [...document.querySelectorAll("input[name=kind]:checked")].map((i) => i.value);
  return {
    kinds, eventType: $("event-type").value, since: $("since").value, until: $("until").value,
    depth: $("depth").value,
  };
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v) => q.append(key, v));
    else if (value !== "" && value !== null && value !== undefined) q.append(key, value);
  }
  return q.toString();
}

// --- search with suggestions -------------------------------------------------------------------
let searchTimer = null;
let active = -1;

function showSuggestions(items) {
  const list = $("suggestions");
  list.replaceChildren();
  active = -1;
  for (const item of items) {
    const li = el("li");
    li.setAttribute("role", "option");
    li.dataset.id = item.id;
    li.dataset.label = item.label;
    li.append(el("i", null, `dot ${item.kind}`), el("span", item.label), el("small", `${item.kind} · ${item.mentions}`));
    li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(item.id, item.label); });
    list.append(li);
  }
}

async function suggest() {
  const q = $("q").value.trim();
  if (!q) { showSuggestions([]); return; }
  try {
    const page = await getJSON(`/entities?${query({ q, limit: 8 })}`);
    if ($("q").value.trim() === q) showSuggestions(page.items);
  } catch (err) { setStatus(err.message); }
}

$("q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(suggest, 150); });
$("q").addEventListener("keydown", (ev) => {
  const items = [...$("suggestions").children];
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    if (!items.length) return;
    active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    items.forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
  } else if (ev.key === "Enter") {
    const li = items[Math.max(active, 0)];
    if (li) choose(li.dataset.id, li.dataset.label);
  } else if (ev.key === "Escape") {
    showSuggestions([]);
  }
});
$("q").addEventListener("blur", () => setTimeout(() => showSuggestions([]), 100));

function choose(id, label) {
  showSuggestions([]);
  $("q").value = "";
  $("q").placeholder = label || id;
  state.centers = [id];
  load().then(() => showEntity(id));
}

// --- graph: neighbourhood -> actor view ----------------------------------------------------------
async function load() {
  if (!state.centers.length) return;
  const f = filters();
  setStatus("Loading…");
  const nodes = new Map();
  const edges = [];
  try {
    for (const center of state.centers) {
      const params = { depth: f.depth, limit: 2000, event_type: f.eventType ? [f.eventType] : [] };
      const sub = await getJSON(`/entities/${encodeURIComponent(center)}/neighbors?${query(params)}`);
      for (const n of sub.nodes) nodes.set(n.id, n);
      edges.push(...sub.edges);
    }
  } catch (err) {
    setStatus(err.message);
    return;
  }
  state.graph = actorView(nodes, edges, f);
  render(state.graph);
  updateDownloads(f);
  setStatus(`${state.graph.nodes.length} entities, ${state.graph.edges.length} links`);
}

function inRange(date, f) {
  if (!f.since && !f.until) return true;
  if (!date) return false;
  const start = date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
  const end = date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
  return (!f.since || end >= f.since) && (!f.until || start <= f.until);
}

function actorView(nodes, edges, f) {
  const participants = new Map(); // event id -> Set of entity ids
  const facts = new Map();
  const seen = new Set();
  for (const e of edges) {
    const key = `${e.source}|${e.target}|${e.key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const relation = e.relation || e.key;
    if (FACTS.has(relation)) {
      const pair = [e.source, e.target].sort().join("|");
      facts.set(pair, { source: e.source, target: e.target, relation, role: e.role || "" });
      continue;
    }
    const event = nodes.get(e.source)?.kind === "event" ? e.source : e.target;
    const entity = event === e.source ? e.target : e.source;
    if (!participants.has(event)) participants.set(event, new Set());
    participants.get(event).add(entity);
  }
  const kindOk = (id) => nodes.has(id) && f.kinds.includes(nodes.get(id).kind);
  const links = new Map();
  for (const [eventId, members] of participants) {
    const event = nodes.get(eventId);
    if (!event || (f.eventType && event.event_type !== f.eventType) || !inRange(event.date, f)) continue;
    const ids = [...members].filter(kindOk).sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const pair = `${ids[i]}|${ids[j]}`;
        const link = links.get(pair) || { source: ids[i], target: ids[j], weight: 0, types: new Set(), dates: [] };
        link.weight += 1;
        link.types.add(event.event_type);
        if (event.date) link.dates.push(event.date);
        links.set(pair, link);
      }
    }
  }
  if (!f.eventType && !f.since && !f.until) {
    for (const [pair, fact] of facts) {
      if (!kindOk(fact.source) || !kindOk(fact.target)) continue;
      const link = links.get(pair) || { source: fact.source, target: fact.target, weight: 0, types: new Set(), dates: [] };
      link.fact = fact.role || fact.relation.replace("_", " ");
      link.weight += 1;
      links.set(pair, link);
    }
  }
  const degree = new Map();
  for (const link of links.values()) {
    degree.set(link.source, (degree.get(link.source) || 0) + link.weight);
    degree.set(link.target, (degree.get(link.target) || 0) + link.weight);
  }
  let keep = [...degree.keys()];
  for (const c of state.centers) if (kindOk(c) && !degree.has(c)) keep.push(c);
  let truncated = false;
  if (keep.length > MAX_NODES) {
    truncated = true;
    const centers = new Set(state.centers);
    keep.sort((a, b) => (centers.has(b) - centers.has(a)) || (degree.get(b) - degree.get(a)));
    keep = keep.slice(0, MAX_NODES);
  }
  const kept = new Set(keep);
  return {
    truncated,
    total: degree.size,
    nodes: keep.map((id) => ({ ...nodes.get(id), weight: degree.get(id) || 0 })),
    edges: [...links.values()].filter((l) => kept.has(l.source) && kept.has(l.target)),
  };
}

let cy = null;

function render(view) {
  const elements = [
    ...view.nodes.map((n) => ({
      data: { id: n.id, label: n.label, kind: n.kind, size: 18 + 10 * Math.log2(1 + (n.mentions || 1)) },
      classes: state.centers.includes(n.id) ? "center" : "",
    })),
    ...view.edges.map((l) => ({
      data: {
        id: `${l.source}|${l.target}`, source: l.source, target: l.target, weight: l.weight,
        width: 1 + 2.5 * Math.log2(1 + l.weight),
        label: l.fact || [...l.types].join(", "),
      },
      classes: l.fact && !l.types.size ? "fact" : "",
    })),
  ];
  cy.elements().remove();
  cy.add(elements);
  const layout = typeof cytoscapeFcose === "function" || cy.fcose ? "fcose" : "cose";
  cy.layout({ name: layout, animate: false, randomize: true, nodeRepulsion: 9000, idealEdgeLength: 110, fit: true, padding: 30 }).run();
  $("empty").hidden = view.nodes.length > 0;
  $("notice").hidden = !view.truncated;
  $("notice").textContent = view.truncated
    ? `Showing the ${view.nodes.length} most connected of ${view.total} entities. Narrow the filters to see the rest.`
    : "";
  $("cy").dataset.nodes = String(view.nodes.length);
  $("cy").dataset.edges = String(view.edges.length);
}

function initGraph() {
  if (typeof cytoscapeFcose !== "undefined") cytoscape.use(cytoscapeFcose);
  cy = cytoscape({
    container: $("cy"),
    style: [
      { selector: "node", style: {
        "background-color": (n) => COLORS[n.data("kind")] || "#999", label: "data(label)",
        width: "data(size)", height: "data(size)", "font-size": 11, color: "#1f2933",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node.center", style: { "border-width": 3, "border-color": "#1f2933" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#e15759" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#b8c2cc", "curve-style": "bezier", opacity: 0.85,
        label: "data(label)", "font-size": 8, color: "#6b7785", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge.fact", style: { "line-style": "dashed", "line-color": "#c9b8a6" } },
      { selector: "edge:selected", style: { "line-color": "#e15759" } },
    ],
  });
  window.cy = cy;
  cy.on("tap", "node", (ev) => showEntity(ev.target.id()));
  cy.on("tap", "edge", (ev) => showLink(ev.target.data("source"), ev.target.data("target")));
}

// --- side panel ---------------------------------------------------------------------------------
function openPanel(...children) {
  $("details").replaceChildren(...children);
  const wasHidden = $("panel").hidden;
  $("panel").hidden = false;
  if (wasHidden) { cy.resize(); cy.fit(undefined, 30); }
}

function docLink(docId, documents) {
  const doc = documents?.get(docId);
  const a = el("a", doc?.title || docId);
  a.href = doc?.url && /^https?:\/\//.test(doc.url) ? doc.url : `/documents/${encodeURIComponent(docId)}`;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

function eventBlock(ev, documents) {
  const box = el("div", null, "event");
  const meta = el("div", null, "meta");
  meta.append(el("span", ev.type || ev.event_type || ev.relation, "type"));
  if (ev.mode) meta.append(el("span", ` · ${ev.mode}`));
  meta.append(el("span", ` · ${ev.date || "undated"}`));
  box.append(meta);
  if (ev.label) box.append(el("div", ev.label));
  if (ev.quote) box.append(el("blockquote", `“${ev.quote}”`));
  if (ev.sentence) box.append(el("span", ev.sentence, "sentence"));
  const docs = el("div", null, "meta");
  for (const id of ev.doc_ids || []) { docs.append(docLink(id, documents), el("span", " ")); }
  box.append(docs);
  return box;
}

async function showEntity(id) {
  try {
    const [entity, asActor, asRecipient] = await Promise.all([
      getJSON(`/entities/${encodeURIComponent(id)}`),
      getJSON(`/events?${query({ actor: id, limit: 200 })}`).catch(() => ({ items: [] })),
      getJSON(`/events?${query({ recipient: id, limit: 200 })}`).catch(() => ({ items: [] })),
    ]);
    const documents = new Map((entity.documents || []).map((d) => [d.id, d]));
    const events = new Map();
    for (const ev of [...asActor.items, ...asRecipient.items]) events.set(ev.id, ev);
    const ordered = [...events.values()].sort((a, b) => String(a.date || "9999").localeCompare(String(b.date || "9999")));
    const head = [el("h3", entity.label), el("div", `${entity.kind} · ${entity.mentions} mentions · ${entity.degree} links`, "kind")];
    if (entity.aliases?.length > 1) head.push(el("div", `Also: ${entity.aliases.filter((a) => a !== entity.label).join(", ")}`, "kind"));
    if (entity.lat !== null && entity.lat !== undefined) head.push(el("div", `${entity.lat}, ${entity.lon} (${entity.country_code || ""})`, "kind"));
    const expand = el("button", "Expand neighbors", "expand");
    expand.type = "button";
    expand.addEventListener("click", () => {
      if (!state.centers.includes(id)) state.centers.push(id);
      load();
    });
    head.push(expand);
    const roles = el("ul");
    for (const r of entity.roles || []) {
      const other = r.source.id === entity.id ? r.target : r.source;
      roles.append(el("li", `${r.role || r.relation.replace("_", " ")} — ${other.label}`));
    }
    const docs = el("ul");
    for (const d of entity.documents || []) { const li = el("li"); li.append(docLink(d.id, documents)); docs.append(li); }
    const list = el("div");
    for (const ev of ordered) list.append(eventBlock(ev, documents));
    openPanel(...head, el("h2", "Roles"), roles, el("h2", `Events (${ordered.length})`), list, el("h2", "Documents"), docs);
    if (cy.getElementById(id).length) cy.$(":selected").unselect(), cy.getElementById(id).select();
  } catch (err) { setStatus(err.message); }
}

async function showLink(source, target) {
  try {
    const rel = await getJSON(`/relationships?${query({ source, target })}`);
    const list = el("div");
    for (const item of rel.items) list.append(eventBlock(item));
    openPanel(el("h3", `${rel.source.label} — ${rel.target.label}`),
      el("div", `${rel.total} events and facts`, "kind"), list);
  } catch (err) { setStatus(err.message); }
}

$("close").addEventListener("click", () => { $("panel").hidden = true; });

// --- filters and downloads ----------------------------------------------------------------------
function updateDownloads(f) {
  const params = { view: "actors", kind: f.kinds, event_type: f.eventType ? [f.eventType] : [], since: f.since, until: f.until };
  $("dl-graphml").href = `/export/graphml?${query(params)}`;
  $("dl-gexf").href = `/export/gexf?${query(params)}`;
}

$("dl-png").addEventListener("click", () => {
  const a = document.createElement("a");
  a.href = cy.png({ full: true, bg: "#ffffff", scale: 2 });
  a.download = "newsgraph.png";
  a.click();
});

for (const type of EVENT_TYPES) $("event-type").append(new Option(type, type));
for (const id of ["event-type", "since", "until", "depth"]) $(id).addEventListener("change", load);
document.querySelectorAll("input[name=kind]").forEach((i) => i.addEventListener("change", load));

initGraph();
updateDownloads(filters());
const start = new URLSearchParams(location.search).get("entity");
if (start) choose(start, start);
