"""Every export, written from real graphs and read back by the tools users open it with.

Readers: networkx (GraphML, GEXF, node-link JSON), python-igraph (GraphML), graphology-graphml,
graphology-gexf and Cytoscape.js under node, jsonschema-rs (PLOVER lines); GraphML and GEXF are
validated against the schemas `make system-deps` unpacks into .cache/xsd/.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import igraph
import jsonschema_rs
import networkx as nx
import pytest
from lxml import etree

from graph.exports import FORMATS, export_chunks
from graph.exports.cytoscape import read_cytoscape
from graph.exports.gexf import read_gexf
from graph.exports.graphml import read_graphml
from graph.exports.node_link import read_json
from graph.exports.plover import read_plover
from graph.exports.source import export_stream, selected_graph
from graph.exports.xmltext import clean
from graph.knowledge import KnowledgeGraph
from graph.records import Document, EdgeRecord, EntityRecord, EventRecord, Evidence, Extraction
from graph.views import Selection
from graph.vocabulary import ENTITY_KINDS
from tests.conftest import ROOT
from tests.reliability.hostile import HOSTILE_NAMES

XSD_DIR = ROOT / ".cache" / "xsd"
NODE_SCRIPT = ROOT / "tests" / "js" / "read_graph.mjs"
HOSTILE = "<script>&\"'\x01"
XML_FORMATS = ("graphml", "gexf")

# -- the graphs -----------------------------------------------------------------------------


def story_extraction() -> Extraction:
    """A small dated story with events, facts, places with coordinates and one hostile name."""
    doc = Document(
        id="story",
        text="Blinken visited Kyiv. Russia amassed troops. " * 4,
        title="Blinken & Kuleba <in> Kyiv",
        source="RFE/RL",
        url="https://example.org/story?a=1&b=2",
        published="2021-05-06",
    )

    def said(sentence: str) -> list[Evidence]:
        return [Evidence("story", sentence, 0, len(sentence))]

    entities = [
        EntityRecord("person:antony-blinken", "person", "Antony Blinken", aliases=["Blinken"], mentions=4),
        EntityRecord("person:volodymyr-zelenskiy", "person", "Volodymyr Zelenskiy", mentions=2),
        EntityRecord("organization:g7", "organization", "G7"),
        EntityRecord("place:kyiv", "place", "Kyiv", attrs={"lat": 50.45, "lon": 30.52, "country_code": "UA"}),
        EntityRecord(
            "place:ukraine", "place", "Ukraine", attrs={"lat": 49.0, "lon": 32.0, "country_code": "UA"}
        ),
        EntityRecord(
            "place:russia", "place", "Russia", attrs={"lat": 61.5, "lon": 105.3, "country_code": "RU"}
        ),
        EntityRecord("person:hostile", "person", HOSTILE, aliases=[HOSTILE], mentions=1),
    ]
    events = [
        EventRecord(
            "event:visit",
            "CONSULT",
            "Blinken visits Kyiv",
            mode="visit",
            date="2021-05-06",
            sentence="Blinken visited Kyiv.",
            evidence=said("Blinken visited Kyiv."),
        ),
        EventRecord(
            "event:meet",
            "CONSULT",
            "Blinken meets Zelenskiy",
            date="2021-05-06",
            sentence="Blinken met Zelenskiy in Kyiv.",
        ),
        EventRecord(
            "event:buildup",
            "MOBILIZE",
            "Russia masses troops",
            mode="troops",
            date="2021-04",
            sentence="Russia amassed troops near Ukraine.",
            evidence=said("Russia amassed troops near Ukraine."),
        ),
        EventRecord(
            "event:threat",
            "THREATEN",
            "Russia threatens Ukraine",
            date="2021-05-03",
            sentence="Russia warned.",
        ),
        EventRecord("event:annex", "COERCE", "Russia annexed Crimea", date="2014", sentence="In 2014 ..."),
        EventRecord("event:condemn", "ACCUSE", "G7 condemns Russia", sentence="The G7 condemned Russia."),
        EventRecord(
            "event:hostile",
            "STATEMENT",
            f"{HOSTILE} said",
            date="2021-05-05",
            sentence=f"{HOSTILE} said things.",
            quote=f"<b>{HOSTILE}</b>",
            attrs={"negated": False},
        ),
    ]
    edges = [
        EdgeRecord("person:antony-blinken", "event:visit", "actor", evidence=said("Blinken visited Kyiv.")),
        EdgeRecord("event:visit", "place:kyiv", "location"),
        EdgeRecord("person:antony-blinken", "event:meet", "actor"),
        EdgeRecord("event:meet", "person:volodymyr-zelenskiy", "recipient"),
        EdgeRecord("event:meet", "place:kyiv", "location"),
        EdgeRecord("event:meet", "place:ukraine", "location"),  # the country of the city, as extract adds
        EdgeRecord("place:russia", "event:buildup", "actor"),
        EdgeRecord("event:buildup", "place:ukraine", "location"),
        EdgeRecord("place:russia", "event:threat", "actor"),
        EdgeRecord("event:threat", "place:ukraine", "recipient"),
        EdgeRecord("event:threat", "place:ukraine", "location"),  # parallel edges, two keys
        EdgeRecord("place:russia", "event:annex", "actor"),
        EdgeRecord("organization:g7", "event:condemn", "actor"),
        EdgeRecord("event:condemn", "place:russia", "recipient"),
        EdgeRecord("person:hostile", "event:hostile", "actor"),
        EdgeRecord("event:hostile", "place:kyiv", "location"),
        EdgeRecord("place:kyiv", "place:ukraine", "located_in"),
        EdgeRecord("person:volodymyr-zelenskiy", "place:ukraine", "leader_of", role=f"President {HOSTILE}"),
    ]
    return Extraction(doc, entities=entities, events=events, edges=edges)


PLACE = "place:<k&y\"v'>"


def hostile_extraction() -> Extraction:
    """Hostile names, aliases, quotes, document metadata, and ids full of XML specials."""
    names = [HOSTILE, *HOSTILE_NAMES.values()]
    ids = ["person:<script>&\"'", *(f"person:hostile-{i}" for i in range(len(names) - 1))]
    entities = [
        EntityRecord(node, "person", name, aliases=[name, name[:3]])
        for node, name in zip(ids, names, strict=True)
    ]
    entities.append(EntityRecord(PLACE, "place", HOSTILE, attrs={"lat": 50.4, "lon": 30.5}))
    events, edges = [], []
    for i, (node, name) in enumerate(zip(ids, names, strict=True)):
        evidence = [Evidence("hostile", name, 0, len(name))]
        event = f"event:<&\"'>-{i}"
        events.append(
            EventRecord(
                event, "STATEMENT", name, date="2021-05-06", sentence=name, quote=name, evidence=evidence
            )
        )
        edges.append(EdgeRecord(node, event, "actor", evidence=evidence))
        edges.append(EdgeRecord(event, PLACE, "location"))
    edges.append(EdgeRecord(ids[0], PLACE, "member_of", role=HOSTILE))
    doc = Document(
        id="hostile", text=" ".join(names), title=HOSTILE, source=HOSTILE, url=f"https://x.test/{HOSTILE}"
    )
    return Extraction(doc, entities=entities, events=events, edges=edges)


def _db(tmp_path_factory: pytest.TempPathFactory, name: str, extraction: Extraction) -> Path:
    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(extraction)
    kg.close()
    return path


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _db(tmp_path_factory, "story", story_extraction())


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _db(tmp_path_factory, "hostile", hostile_extraction())


@dataclass(frozen=True)
class Case:
    name: str
    db: Path
    selection: Selection
    graph: nx.MultiDiGraph  # what the export holds: the selection, with every attribute
    documents: dict[str, dict[str, Any]]


def load(name: str, db: Path, selection: Selection) -> Case:
    kg = KnowledgeGraph.open(db)
    try:
        documents = {d["id"]: d for d in kg.store.documents(limit=1000)}
        return Case(name, db, selection, selected_graph(kg, selection), documents)
    finally:
        kg.close()


@pytest.fixture(scope="module")
def cases(seed_db: Path, story_db: Path, hostile_db: Path) -> dict[str, Case]:
    out = {}
    for name, db in (("seeds", seed_db), ("story", story_db), ("hostile", hostile_db)):
        out[name] = load(name, db, Selection())
        out[f"{name}-actors"] = load(f"{name}-actors", db, Selection(view="actors"))
    return out


CASES = ("seeds", "seeds-actors", "story", "story-actors", "hostile", "hostile-actors")


@pytest.fixture(scope="module")
def files(cases: dict[str, Case], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every case in every format, written as `newsgraph export` writes it: the whole graph
    streamed from the store's rows, a view from a copy of the live graph."""
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for name, case in cases.items():
        kg = KnowledgeGraph.open(case.db)
        try:
            for fmt, spec in FORMATS.items():
                path = folder / f"{name}{spec.suffix}"
                chunks = export_stream(
                    fmt, case.selection, store=kg.store, live=lambda kg=kg: kg, documents=case.documents
                )
                with path.open("wb") as fh:
                    for chunk in chunks:
                        fh.write(chunk)
                out[(name, fmt)] = path
        finally:
            kg.close()
    return out


@pytest.fixture(scope="module")
def node_reads(files: dict[tuple[str, str], Path]) -> dict[str, Any]:
    """What graphology and Cytoscape.js read from every XML and Cytoscape file, in one node run."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("needs node and node_modules/ for the JavaScript readers: `make test` installs them")
    args = [
        str(a)
        for (_, fmt), path in files.items()
        if fmt in ("graphml", "gexf", "cytoscape")
        for a in (fmt, path)
    ]
    result = subprocess.run([node, str(NODE_SCRIPT), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- what a reader saw, in one shape ------------------------------------------------------------


@dataclass
class Seen:
    labels: dict[str, str]
    kinds: dict[str, str]
    mentions: dict[str, float]
    aliases: dict[str, list[str]]
    edges: Counter[tuple[str, str, str, float]]


def _list(value: Any) -> list[str]:
    return value if isinstance(value, list) else json.loads(value)


def expected(g: nx.MultiDiGraph, *, xml: bool) -> Seen:
    text = clean if xml else (lambda s: s)
    return Seen(
        labels={n: text(d.get("label") or n) for n, d in g.nodes(data=True)},
        kinds={n: d["kind"] for n, d in g.nodes(data=True)},
        mentions={n: float(d["mentions"]) for n, d in g.nodes(data=True)},
        aliases={n: list(d["aliases"]) for n, d in g.nodes(data=True) if d.get("aliases")},
        edges=Counter(
            (u, v, d.get("relation", k), float(d.get("weight", 1)))
            for u, v, k, d in g.edges(keys=True, data=True)
        ),
    )


def from_networkx(g: nx.MultiDiGraph) -> Seen:
    return Seen(
        labels={n: d["label"] for n, d in g.nodes(data=True)},
        kinds={n: d["kind"] for n, d in g.nodes(data=True)},
        mentions={n: float(d["mentions"]) for n, d in g.nodes(data=True)},
        aliases={n: _list(d["aliases"]) for n, d in g.nodes(data=True) if d.get("aliases")},
        edges=Counter((u, v, d["relation"], float(d.get("weight", 1))) for u, v, d in g.edges(data=True)),
    )


def from_igraph(path: Path) -> Seen:
    g = igraph.Graph.Read_GraphML(str(path))
    ids = g.vs["nid"]
    aliases = g.vs["aliases"] if "aliases" in g.vs.attributes() else [""] * g.vcount()
    edge_attrs = g.es.attributes()
    return Seen(
        labels=dict(zip(ids, g.vs["label"], strict=True)),
        kinds=dict(zip(ids, g.vs["kind"], strict=True)),
        mentions=dict(zip(ids, g.vs["mentions"], strict=True)),
        aliases={n: json.loads(a) for n, a in zip(ids, aliases, strict=True) if a},
        edges=Counter(
            (ids[e.source], ids[e.target], e["relation"], e["weight"])
            for e in g.es
            if "relation" in edge_attrs
        ),
    )


def from_js(read: dict[str, Any], *, id_attr: str | None) -> Seen:
    nodes = read["nodes"]
    ids = {key: (attrs[id_attr] if id_attr else key) for key, attrs in nodes.items()}
    return Seen(
        labels={ids[k]: a["label"] for k, a in nodes.items()},
        kinds={ids[k]: a["kind"] for k, a in nodes.items()},
        mentions={ids[k]: float(a["mentions"]) for k, a in nodes.items()},
        aliases={ids[k]: _list(a["aliases"]) for k, a in nodes.items() if a.get("aliases")},
        edges=Counter(
            (ids[e["_source"]], ids[e["_target"]], e["relation"], float(e.get("weight", 1)))
            for e in read["edges"]
        ),
    )


def read_networkx(path: Path) -> nx.MultiDiGraph:
    readers: dict[str, Callable[[Any], nx.MultiDiGraph]] = {
        ".graphml": read_graphml,
        ".gexf": read_gexf,
        ".cyjs": read_cytoscape,
        ".json": read_json,
    }
    with path.open("rb") as fh:
        return readers[path.suffix](fh)


def read_with(reader: str, path: Path, node_reads: dict[str, Any]) -> Seen:
    if reader == "networkx":
        return from_networkx(read_networkx(path))
    if reader == "igraph":
        return from_igraph(path)
    return from_js(node_reads[str(path)], id_attr="nid" if path.suffix == ".graphml" else None)


READERS = [
    ("graphml", "networkx"),
    ("graphml", "igraph"),
    ("graphml", "graphology"),
    ("gexf", "networkx"),
    ("gexf", "graphology"),
    ("cytoscape", "cytoscape.js"),
    ("cytoscape", "networkx"),
    ("json", "networkx"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("fmt", "reader"), READERS)
def test_reader_sees_the_graph(
    cases: dict[str, Case],
    files: dict[tuple[str, str], Path],
    node_reads: dict[str, Any],
    case: str,
    fmt: str,
    reader: str,
) -> None:
    want = expected(cases[case].graph, xml=fmt in XML_FORMATS)
    seen = read_with(reader, files[(case, fmt)], node_reads)
    assert seen.labels == want.labels
    assert seen.kinds == want.kinds
    assert seen.mentions == want.mentions
    assert seen.aliases == want.aliases
    assert seen.edges == want.edges


def plover_records(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as fh:
        return list(read_plover(fh))


HOSTILE_READS: dict[str, Callable[[Path], str]] = {
    "json": lambda p: read_networkx(p).nodes["person:<script>&\"'"]["label"],
    "cytoscape": lambda p: read_networkx(p).nodes["person:<script>&\"'"]["label"],
    "graphml": lambda p: igraph.Graph.Read_GraphML(str(p)).vs.find(nid="person:<script>&\"'")["label"],
    "gexf": lambda p: read_networkx(p).nodes["person:<script>&\"'"]["label"],
    "plover": lambda p: next(
        r["actor"][0]["actor_text"] for r in plover_records(p) if r["id"] == "event:<&\"'>-0"
    ),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_name_survives_every_format(files: dict[tuple[str, str], Path], fmt: str) -> None:
    label = HOSTILE_READS[fmt](files[("hostile", fmt)])
    # XML 1.0 cannot carry U+0001 at all (not even as &#1;): XML formats drop it, JSON keeps it.
    assert label == (clean(HOSTILE) if fmt in XML_FORMATS else HOSTILE)
    assert label.startswith("<script>&\"'")


# -- schemas --------------------------------------------------------------------------------


_VIZ = ("color", "position", "size", "thickness")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, etree.XMLSchema]:
    """The GraphML and GEXF 1.2 schemas from Debian's libjgrapht-java (scripts/system-deps.sh).

    jgrapht's flattened gexf.xsd declares color/position/size/thickness in the GEXF namespace,
    while its own viz.xsd, the GEXF primer, Gephi and every reader put them in the viz namespace;
    those four references are pointed at viz elements, everything else is validated as shipped.
    """
    names = ("graphml.xsd", "xlink.xsd", "gexf.xsd", "viz.xsd")
    if not all((XSD_DIR / n).is_file() for n in names):
        pytest.skip(f"needs the GraphML and GEXF schemas in {XSD_DIR}: `make test` unpacks them")
    folder = tmp_path_factory.mktemp("xsd")
    for name in names:
        shutil.copy(XSD_DIR / name, folder / name)
    gexf = (folder / "gexf.xsd").read_text()
    viz = (folder / "viz.xsd").read_text()
    for name in _VIZ:
        gexf = gexf.replace(f'ref="ns1:{name}"', f'ref="viz:{name}"')
    declared = "".join(f'  <xs:element name="{n}" type="viz:{n}-content"/>\n' for n in _VIZ)
    (folder / "gexf.xsd").write_text(gexf)
    (folder / "viz.xsd").write_text(viz.replace("</xs:schema>", declared + "</xs:schema>"))
    return {fmt: etree.XMLSchema(etree.parse(str(folder / f"{fmt}.xsd"))) for fmt in XML_FORMATS}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_xml_exports_validate_against_their_schema(
    schemas: dict[str, etree.XMLSchema], files: dict[tuple[str, str], Path], case: str, fmt: str
) -> None:
    schema = schemas[fmt]
    doc = etree.parse(str(files[(case, fmt)]))
    assert schema.validate(doc), schema.error_log


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_schema_rejects_a_broken_file(schemas: dict[str, etree.XMLSchema], fmt: str) -> None:
    """The schemas are strict enough to catch what readers choke on (here: an edge without a source)."""
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="x", relation="x")
    body = b"".join(export_chunks(g, fmt)).replace(b' source="', b' from="', 1)
    assert not schemas[fmt].validate(etree.fromstring(body))


def test_graphml_keys_have_one_type_and_ids_are_unique(files: dict[tuple[str, str], Path]) -> None:
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = etree.parse(str(files[("story", "graphml")])).getroot()
    keys = [(k.get("for"), k.get("attr.name")) for k in root.iter(f"{ns}key")]
    assert len(keys) == len(set(keys))
    node_ids = [n.get("id") for n in root.iter(f"{ns}node")]
    edge_ids = [e.get("id") for e in root.iter(f"{ns}edge")]
    assert len(set(node_ids)) == len(node_ids) and len(set(edge_ids)) == len(edge_ids)
    labelled = {
        n.get("id") for n in root.iter(f"{ns}node") for d in n if d.get("key") == _key(root, "node", "label")
    }
    assert labelled == set(node_ids)
    weighted = [
        e for e in root.iter(f"{ns}edge") if any(d.get("key") == _key(root, "edge", "weight") for d in e)
    ]
    assert len(weighted) == len(edge_ids)


def _key(root: etree._Element, domain: str, name: str) -> str:
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    return next(
        k.get("id") for k in root.iter(f"{ns}key") if k.get("for") == domain and k.get("attr.name") == name
    )


# -- attributes that matter to the tools --------------------------------------------------------


def test_gexf_colors_sizes_and_timeline(files: dict[tuple[str, str], Path]) -> None:
    g = read_gexf(str(files[("story", "gexf")]))
    assert g.graph["mode"] == "dynamic"
    kinds = {d["kind"]: d["viz"]["color"] for _, d in g.nodes(data=True)}
    assert len({(c["r"], c["g"], c["b"]) for c in kinds.values()}) == 4  # one color per kind
    assert (
        g.nodes["person:antony-blinken"]["viz"]["size"] > g.nodes["person:volodymyr-zelenskiy"]["viz"]["size"]
    )
    assert (g.nodes["event:visit"]["start"], g.nodes["event:visit"]["end"]) == ("2021-05-06", "2021-05-06")
    assert (g.nodes["event:buildup"]["start"], g.nodes["event:buildup"]["end"]) == (
        "2021-04-01",
        "2021-04-30",
    )
    assert "start" not in g.nodes["event:condemn"] and "start" not in g.nodes["place:kyiv"]
    (visit_edge,) = g.get_edge_data("person:antony-blinken", "event:visit").values()
    assert (visit_edge["start"], visit_edge["end"]) == ("2021-05-06", "2021-05-06")
    (fact,) = g.get_edge_data("place:kyiv", "place:ukraine").values()
    assert "start" not in fact

    actors = read_gexf(str(files[("story-actors", "gexf")]))
    (russia_ukraine,) = actors.get_edge_data("place:russia", "place:ukraine").values()
    assert russia_ukraine["spells"] == [("2021-04-01", "2021-04-30"), ("2021-05-03", "2021-05-03")]
    assert russia_ukraine["weight"] == 2.0


def test_actor_view_edges_carry_types_and_dates(files: dict[tuple[str, str], Path]) -> None:
    g = read_graphml(str(files[("story-actors", "graphml")]))
    assert {d["kind"] for _, d in g.nodes(data=True)} <= set(ENTITY_KINDS)
    edge = g.edges["person:antony-blinken", "place:kyiv", "events"]
    assert edge["weight"] == 2.0
    assert json.loads(edge["event_types"]) == ["CONSULT"]
    assert json.loads(edge["event_ids"]) == ["event:meet", "event:visit"]
    assert (edge["date_start"], edge["date_end"]) == ("2021-05-06", "2021-05-06")
    assert g.has_edge("place:kyiv", "place:ukraine", "located_in")  # facts stay as their own edges


# -- PLOVER -------------------------------------------------------------------------------------

_ACTOR = {
    "type": "object",
    "required": ["actor_text", "identifier_id", "identifier_text", "kind"],
    "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}},
}
PLOVER_SCHEMA = {
    "type": "object",
    "required": [
        "id",
        "date",
        "enddate",
        "actor",
        "recipient",
        "event",
        "mode",
        "quad_code",
        "event_loc",
        "event_text",
        "text_info",
        "cite_info",
    ],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "enddate": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "actor": {"type": "array", "items": _ACTOR},
        "recipient": {"type": "array", "items": _ACTOR},
        "event": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]+$"}, "maxItems": 1},
        "mode": {"type": ["string", "null"]},
        "quad_code": {"enum": [1, 2, 3, 4, None]},
        "event_loc": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["name", "latitude", "longitude", "country code"],
                    "properties": {
                        "latitude": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
                        "longitude": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
                    },
                },
            ]
        },
        "event_text": {"type": "array", "items": {"type": "string"}},
        "text_info": {"type": "object", "required": ["doc_id", "start", "end"]},
        "cite_info": {"type": ["object", "null"], "required": ["citation", "url", "title"]},
    },
}


@pytest.mark.parametrize("case", CASES)
def test_plover_lines_follow_the_schema(
    cases: dict[str, Case], files: dict[tuple[str, str], Path], case: str
) -> None:
    validator = jsonschema_rs.validator_for(PLOVER_SCHEMA)
    records = plover_records(files[(case, "plover")])
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["id"], errors)
    events = sorted(n for n, k in cases[case].graph.nodes(data="kind") if k == "event")
    assert sorted(r["id"] for r in records) == events


def test_plover_record_of_a_visit(files: dict[tuple[str, str], Path]) -> None:
    records = {r["id"]: r for r in plover_records(files[("story", "plover")])}
    visit = records["event:visit"]
    assert visit["date"] == "2021-05-06" and visit["enddate"] is None
    assert [a["identifier_id"] for a in visit["actor"]] == ["person:antony-blinken"]
    assert (visit["event"], visit["mode"], visit["quad_code"]) == (["CONSULT"], "visit", 1)
    assert visit["event_loc"]["name"] == "Kyiv"
    assert (visit["event_loc"]["latitude"], visit["event_loc"]["longitude"]) == (50.45, 30.52)
    assert visit["event_loc"]["cc3"] == "UKR"
    assert visit["event_text"] == ["Blinken visited Kyiv."]
    assert visit["text_info"] == {"doc_id": "story", "start": 0, "end": len("Blinken visited Kyiv.")}
    assert visit["cite_info"]["url"] == "https://example.org/story?a=1&b=2"
    assert visit["cite_info"]["title"] == "Blinken & Kuleba <in> Kyiv"
    buildup = records["event:buildup"]
    assert (buildup["date"], buildup["enddate"]) == ("2021-04-01", "2021-04-30")
    assert buildup["actor"][0]["code"] == "RUS"
    assert records["event:hostile"]["quote"] == f"<b>{HOSTILE}</b>"
    assert records["event:hostile"]["quad_code"] is None  # STATEMENT is not a PLOVER type
    dates = [r["date"] for r in records.values()]  # file order: by date, undated last
    known = [d for d in dates if d is not None]
    assert dates == [*sorted(known), *[None] * (len(dates) - len(known))]


# -- streaming --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_large_graph_streams_in_many_chunks(fmt: str) -> None:
    g = nx.MultiDiGraph()
    for i in range(3000):
        g.add_node(f"person:{i}", kind="person", label=f"P {i}", mentions=1, aliases=[f"P {i}"])
        g.add_node(
            f"event:{i}", kind="event", label=f"E {i}", event_type="CONSULT", date="2021-05-06", mentions=1
        )
        g.add_edge(f"person:{i}", f"event:{i}", key="actor", relation="actor")
    chunks = list(export_chunks(g, fmt))
    assert len(chunks) > 2
    assert max(len(c) for c in chunks) < sum(len(c) for c in chunks) / 2


def test_ids_xml_cannot_carry_stay_unique(schemas: dict[str, etree.XMLSchema]) -> None:
    g = nx.MultiDiGraph()
    for node in ("a\x01", "a", "a~2", "a\x02"):
        g.add_node(node, kind="person", label=node, mentions=1)
    g.add_edge("a\x01", "a\x02", key="met", relation="met")
    g.add_edge("a", "a~2", key="met", relation="met")
    for fmt in XML_FORMATS:
        body = b"".join(export_chunks(g, fmt))
        assert schemas[fmt].validate(etree.fromstring(body)), fmt
        back = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[fmt](io.BytesIO(body))
        assert (back.number_of_nodes(), back.number_of_edges()) == (4, 2), fmt
        assert sorted(back.nodes[n]["label"] for n in back) == ["a", "a", "a", "a~2"], fmt


def test_readers_survive_a_graph_with_no_edges() -> None:
    g = nx.MultiDiGraph()
    g.add_node("place:kyiv", kind="place", label="Kyiv", mentions=1)
    for fmt, read in (("graphml", read_graphml), ("gexf", read_gexf), ("cytoscape", read_cytoscape)):
        back = read(io.BytesIO(b"".join(export_chunks(g, fmt))))
        assert (back.number_of_nodes(), back.number_of_edges()) == (1, 0)
        assert back.nodes["place:kyiv"]["label"] == "Kyiv"
