// newsgraph viewer: search an entity, draw the actors linked to it through events, explain each link.
// Every text from the data is shown with textContent, never parsed as HTML.
"use strict";

const MAX_NODES = 500; // drawn at once; beyond this the nearest, most connected are kept and a notice says so
const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT"];

const $ = (id) => document.getElementById(id);
const state = { center: null, expanded: [], graph: null };

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

function plural(n, word, many = `${word}s`) { return `${n} ${n === 1 ? word : many}`; }

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
  state.center = id;
  state.expanded = [];
  load().then(() => showEntity(state.center));
}

// --- graph: the actor view around the chosen entity, drawn by the server's /viewer/graph ---------
function viewParams(f) {
  return {
    center: state.center, expand: state.expanded, depth: f.depth, kind: f.kinds,
    event_type: f.eventType ? [f.eventType] : [], since: f.since, until: f.until, limit: MAX_NODES,
  };
}

async function load() {
  if (!state.center) return;
  const f = filters();
  if (!f.kinds.length) { setStatus("Choose at least one kind."); return; }
  setStatus("Loading…");
  let view;
  try {
    view = await getJSON(`/viewer/graph?${query(viewParams(f))}`);
  } catch (err) {
    setStatus(err.message);
    return;
  }
  state.graph = view;
  state.center = view.centers[0].id; // a name given in the address or the search box, now its id
  render(view);
  updateDownloads(f);
  setStatus(`${plural(view.shown, "entity", "entities")}, ${plural(view.elements.edges.length, "link")}`);
}

let cy = null;

function render(view) {
  const centers = new Set(view.centers.map((c) => c.id));
  const elements = [
    ...view.elements.nodes.map((n) => ({
      data: { ...n.data, size: 18 + 8 * Math.log2(1 + (n.data.mentions || 1)) },
      classes: centers.has(n.data.id) ? "center" : "",
    })),
    ...view.elements.edges.map((e) => ({
      data: { ...e.data, label: edgeLabel(e.data), width: 1 + 2.5 * Math.log2(1 + e.data.weight) },
      classes: e.data.relation === "events" ? "" : "fact",
    })),
  ];
  cy.elements().remove();
  cy.add(elements);
  const layout = view.elements.nodes.length > 1 ? "fcose" : "grid";
  cy.one("layoutstop", declutter);
  cy.layout({
    name: layout, animate: false, randomize: true, quality: "default",
    nodeRepulsion: 12000, idealEdgeLength: 120, nodeSeparation: 90, nodeDimensionsIncludeLabels: true,
    fit: true, padding: 30,
  }).run();
  $("empty").hidden = view.shown > 0;
  $("notice").hidden = !view.truncated;
  $("notice").textContent = view.truncated
    ? `Showing the ${view.shown} nearest and most connected of ${view.total} entities. Narrow the filters or hops to see the rest.`
    : "";
  $("cy").dataset.nodes = String(view.shown);
  $("cy").dataset.edges = String(view.elements.edges.length);
}

// An edge's label: its event types (the first two and how many more), or the fact's role.
function edgeLabel(data) {
  const types = data.event_types || [];
  if (data.relation !== "events" || types.length <= 2) return data.label;
  return `${types.slice(0, 2).join(", ")} +${types.length - 2}`;
}

// --- labels that do not run into each other ---------------------------------------------------
// After each layout, focus or hover, labels are placed most important first; one that would
// cover a label already placed, or another node's circle, is hidden (class "quiet") until the
// reader hovers or selects its element. Measured in model coordinates, so zooming keeps it true.
const LABEL_GAP = 2;

function overlaps(a, b) {
  return a.x1 < b.x2 + LABEL_GAP && b.x1 < a.x2 + LABEL_GAP && a.y1 < b.y2 + LABEL_GAP && b.y1 < a.y2 + LABEL_GAP;
}

function labelBox(ele) {
  return ele.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
}

function hasLabel(ele) {
  return ele.isNode() || ele.hasClass("near") || ele.hasClass("hover") || ele.selected();
}

function labelRank(ele) {
  const pointed = ele.selected() || ele.hasClass("hover") ? 0 : 1;
  if (ele.isEdge()) return [pointed, ele.hasClass("near") ? 1 : 2, 1, -ele.data("weight"), 0, ele.id()];
  const focused = ele.hasClass("around") ? 0 : 2;
  return [pointed, focused, ele.data("center") ? 0 : 1, ele.data("hop"), -ele.data("strength"), ele.id()];
}

function byRank(a, b) {
  const ra = labelRank(a), rb = labelRank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] < rb[i] ? -1 : 1;
  return 0;
}

function declutter() {
  if (!cy || !cy.elements().length) return;
  cy.elements().removeClass("quiet");
  const bodies = cy.nodes().map((n) => ({ id: n.id(), box: n.boundingBox({ includeLabels: false, includeOverlays: false }) }));
  const placed = [];
  const quiet = [];
  for (const ele of cy.elements().filter(hasLabel).sort(byRank)) {
    const box = labelBox(ele);
    if (!box.w) { quiet.push(ele); continue; } // not measured (overlapping ends): not placed
    // what the reader points at is always shown, on a white ground over any circle
    const pointed = ele.selected() || ele.hasClass("hover");
    const clear = !placed.some((p) => overlaps(p, box))
      && (pointed || !bodies.some((b) => b.id !== ele.id() && overlaps(b.box, box)));
    if (clear) placed.push(box);
    else quiet.push(ele);
  }
  cy.batch(() => quiet.forEach((ele) => ele.addClass("quiet")));
  $("cy").dataset.quiet = String(quiet.length);
}

function initGraph() {
  if (typeof cytoscapeFcose !== "undefined") cytoscape.use(cytoscapeFcose);
  cy = cytoscape({
    container: $("cy"),
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", label: "data(label)",
        width: "data(size)", height: "data(size)", "font-size": 11, color: "#1f2933",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node.center", style: { "border-width": 3, "border-color": "#1f2933" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#e15759" } },
      { selector: "node:selected, node.hover", style: {
        "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 2, "z-index": 20 } },
      { selector: "node.faded", style: { opacity: 0.35 } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#b8c2cc", "curve-style": "bezier", opacity: 0.85,
        "font-size": 9, color: "#3e4c59", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 1 } },
      { selector: "edge.fact", style: {
        "line-style": "dashed", "line-color": "#c9b8a6", "target-arrow-shape": "triangle", "target-arrow-color": "#c9b8a6",
        "arrow-scale": 0.8 } },
      // labels only where the reader looks: around the selected node, a hovered or selected link
      { selector: "edge.near, edge.hover, edge:selected", style: { label: "data(label)", "line-color": "#7b8794", "z-index": 10 } },
      { selector: "edge.fact.near, edge.fact.hover", style: { "line-color": "#a8927c" } },
      { selector: "edge:selected", style: { "line-color": "#e15759" } },
      { selector: "edge.faded", style: { opacity: 0.25 } },
      { selector: ".quiet", style: { "text-opacity": 0 } },
    ],
  });
  window.cy = cy;
  cy.on("tap", "node", (ev) => showEntity(ev.target.id(), { fade: true }));
  cy.on("tap", "edge", (ev) => showLink(ev.target.data("source"), ev.target.data("target")));
  cy.on("mouseover", "edge, node", (ev) => { ev.target.addClass("hover"); declutter(); });
  cy.on("mouseout", "edge, node", (ev) => { ev.target.removeClass("hover"); declutter(); });
  cy.on("tap", (ev) => { if (ev.target === cy) { cy.elements().removeClass("near around faded"); declutter(); } });
  cy.on("dragfree", "node", declutter);
  cy.on("mouseover", "node", () => { $("cy").style.cursor = "pointer"; });
  cy.on("mouseout", "node", () => { $("cy").style.cursor = ""; });
}

function focus(id, fade) {
  cy.batch(() => {
    cy.elements().removeClass("near around faded");
    cy.$(":selected").unselect();
    const node = cy.getElementById(id);
    if (!node.length) return;
    node.select();
    const around = node.closedNeighborhood();
    around.nodes().addClass("around");
    node.connectedEdges().addClass("near");
    if (fade && cy.nodes().length > 12) cy.elements().difference(around).addClass("faded");
  });
  declutter();
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

// Facts read by direction: Crimea is "in Ukraine"; Ukraine "contains Crimea".
const FACT_PHRASES = {
  leader_of: { from: (role, other) => `${role || "leader"} of ${other}`, to: (role, other) => `${role || "leader"}: ${other}` },
  member_of: {
    from: (role, other) => (role ? `${role}, ${other}` : `member of ${other}`),
    to: (role, other) => `${role || "member"}: ${other}`,
  },
  located_in: { from: (_, other) => `in ${other}`, to: (_, other) => `contains ${other}` },
};

function factPhrase(relation, role, other, outgoing) {
  const words = FACT_PHRASES[relation];
  if (words) return (outgoing ? words.from : words.to)(role, other);
  const name = role || relation.replace(/_/g, " ");
  return outgoing ? `${name} ${other}` : `${other} (${name} this)`;
}

// Who did what to whom, where: each role marked, so a place never reads as the one acted upon.
function whatHappened(ev, rel) {
  const line = el("div", null, "what");
  if (ev.kind === "fact" && rel) {
    const outgoing = (ev.source_roles || [])[0] === "source";
    const [subject, object] = outgoing ? [rel.source, rel.target] : [rel.target, rel.source];
    line.textContent = `${subject.label} — ${factPhrase(ev.type, ev.role, object.label, true)}`;
    return line;
  }
  if (!ev.actors) { line.textContent = ev.label || ""; return line; }
  const names = (list) => list.map((e) => e.label).join(" & ");
  line.append(el("span", names(ev.actors) || "someone", "actors"), el("span", ` ${ev.type}`, "verb"));
  if (ev.recipients?.length) line.append(el("span", " → "), el("span", names(ev.recipients), "recipients"));
  const recipients = new Set((ev.recipients || []).map((e) => e.id));
  const places = (ev.locations || []).filter((e) => !recipients.has(e.id)); // a visit's place is said once
  if (places.length) line.append(el("span", ` in ${names(places)}`, "locations"));
  for (const other of ev.others || []) line.append(el("span", ` · ${other.relation.replace(/_/g, " ")}: ${other.label}`, "others"));
  return line;
}

function eventBlock(ev, documents, rel) {
  const box = el("div", null, ev.kind === "fact" ? "event fact" : "event");
  const meta = el("div", null, "meta");
  meta.append(el("span", ev.type || ev.role || (ev.relation || "").replace("_", " "), "type"));
  if (ev.mode) meta.append(el("span", ` · ${ev.mode}`));
  meta.append(el("span", ` · ${ev.date || "undated"}`));
  if (ev.roles?.length) meta.append(el("span", ` · as ${ev.roles.join(", ")}`));
  box.append(meta);
  box.append(whatHappened(ev, rel));
  if (ev.quote) box.append(el("blockquote", `“${ev.quote}”`));
  const sentences = (ev.evidence || []).length ? ev.evidence : ev.sentence ? [{ sentence: ev.sentence, doc_id: (ev.doc_ids || [])[0] }] : [];
  const seen = new Set();
  for (const item of sentences) {
    if (seen.has(item.sentence)) continue;
    seen.add(item.sentence);
    const line = el("p", null, "sentence");
    line.append(el("span", item.sentence));
    if (item.doc_id) line.append(el("span", " — "), docLink(item.doc_id, documents));
    box.append(line);
  }
  return box;
}

async function showEntity(id, { fade = false } = {}) {
  const f = filters();
  const filtered = Boolean(f.eventType || f.since || f.until);
  try {
    const [entity, events] = await Promise.all([
      getJSON(`/entities/${encodeURIComponent(id)}`),
      getJSON(`/viewer/events?${query({
        entity: id, event_type: f.eventType ? [f.eventType] : [], since: f.since, until: f.until, limit: 200,
      })}`),
    ]);
    const documents = new Map([...(entity.documents || []), ...events.documents].map((d) => [d.id, d]));
    const head = [el("h3", entity.label), el("div", `${entity.kind} · ${entity.mentions} mentions · ${entity.degree} links`, "kind")];
    const others = (entity.aliases || []).filter((a) => a !== entity.label);
    if (others.length) head.push(el("div", `Also: ${others.join(", ")}`, "kind"));
    if (entity.lat !== null && entity.lat !== undefined) head.push(el("div", `${entity.lat}, ${entity.lon} (${entity.country_code || ""})`, "kind"));
    const expand = el("button", "Expand neighbors", "expand");
    expand.type = "button";
    expand.disabled = id === state.center || state.expanded.includes(id);
    expand.addEventListener("click", () => {
      if (id !== state.center && !state.expanded.includes(id)) state.expanded.push(id);
      expand.disabled = true;
      load();
    });
    if (id !== state.center) head.push(expand);
    const roles = el("ul");
    for (const r of entity.roles || []) {
      const outgoing = r.source.id === entity.id;
      roles.append(el("li", factPhrase(r.relation, r.role, (outgoing ? r.target : r.source).label, outgoing)));
    }
    if (!roles.children.length) roles.append(el("li", "none known", "kind"));
    const docs = el("ul");
    for (const d of entity.documents || []) { const li = el("li"); li.append(docLink(d.id, documents)); docs.append(li); }
    const list = el("div");
    for (const ev of events.items) list.append(eventBlock(ev, documents));
    const shown = events.total > events.items.length ? `${events.items.length} of ${events.total}` : `${events.total}`;
    openPanel(...head, el("h2", "Roles"), roles, el("h2", `Events (${shown}${filtered ? ", filtered" : ""}), in time order`), list,
      el("h2", "Documents"), docs);
    focus(id, fade);
  } catch (err) { setStatus(err.message); }
}

async function showLink(source, target) {
  try {
    const rel = await getJSON(`/relationships?${query({ source, target })}`);
    const documents = new Map((rel.documents || []).map((d) => [d.id, d]));
    const list = el("div");
    for (const item of rel.items) list.append(eventBlock(item, documents, rel));
    const events = rel.items.filter((item) => item.kind !== "fact").length;
    const facts = rel.items.length - events;
    const counts = [plural(events, "event"), facts ? plural(facts, "role") : ""].filter(Boolean).join(" and ");
    openPanel(el("h3", `${rel.source.label} — ${rel.target.label}`), el("div", `${counts} joining them, in time order`, "kind"), list);
    cy.elements().removeClass("near around faded");
    declutter();
  } catch (err) { setStatus(err.message); }
}

$("close").addEventListener("click", () => {
  $("panel").hidden = true;
  cy.elements().removeClass("near around faded");
  cy.$(":selected").unselect();
  declutter();
});

// --- filters and downloads ----------------------------------------------------------------------
function updateDownloads(f) {
  for (const fmt of ["graphml", "gexf"]) {
    const link = $(`dl-${fmt}`);
    if (state.center) link.href = `/viewer/export/${fmt}?${query(viewParams(f))}`;
    else link.removeAttribute("href");
  }
}

$("dl-png").addEventListener("click", () => {
  if (!cy.nodes().length) return;
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
