// Read exported files with the JavaScript libraries front ends use, and print what they saw.
// Usage: node read_graph.mjs FORMAT FILE [FORMAT FILE ...]   (FORMAT: graphml | gexf | cytoscape)
// Prints one JSON object: {"FILE": {"order", "size", "nodes": {id: attrs}, "edges": [attrs]}}.
// A reader that throws makes the script exit 1 with the message on stderr.
import { readFileSync } from "node:fs";

import cytoscape from "cytoscape";
import Graph from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

function fromGraphology(graph) {
  const nodes = {};
  graph.forEachNode((key, attrs) => {
    nodes[key] = attrs;
  });
  const edges = [];
  graph.forEachEdge((key, attrs, source, target) => {
    edges.push({ ...attrs, _key: key, _source: source, _target: target });
  });
  return { order: graph.order, size: graph.size, nodes, edges };
}

function fromCytoscape(text) {
  const doc = JSON.parse(text);
  const cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
  const nodes = {};
  cy.nodes().forEach((n) => {
    nodes[n.id()] = n.data();
  });
  const edges = cy.edges().map((e) => ({ ...e.data(), _key: e.id(), _source: e.source().id(), _target: e.target().id() }));
  return { order: cy.nodes().length, size: cy.edges().length, nodes, edges };
}

const readers = {
  graphml: (text) => fromGraphology(graphml.parse(Graph, text)),
  gexf: (text) => fromGraphology(gexf.parse(Graph, text)),
  cytoscape: fromCytoscape,
};

const args = process.argv.slice(2);
const out = {};
for (let i = 0; i < args.length; i += 2) {
  const [format, file] = [args[i], args[i + 1]];
  const read = readers[format];
  if (!read) {
    console.error(`unknown format ${format}`);
    process.exit(2);
  }
  try {
    out[file] = read(readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`${format} ${file}: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));
