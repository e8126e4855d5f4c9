"""`newsgraph export`: every format, the actor view and filters, and clear errors for bad options."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from api.cli import main
from graph.exports import FORMATS
from graph.exports.cytoscape import read_cytoscape
from graph.exports.gexf import read_gexf
from graph.exports.graphml import read_graphml
from graph.exports.node_link import read_json
from graph.exports.plover import read_plover
from graph.knowledge import KnowledgeGraph
from tests.graph.test_exports_readers import story_extraction

READERS = {"json": read_json, "graphml": read_graphml, "gexf": read_gexf, "cytoscape": read_cytoscape}


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "story.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(story_extraction())
    kg.close()
    return path


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize(
    ("options", "nodes", "edges"),
    [
        ([], 14, 18),
        (["--view", "actors"], 7, 11),
        (["--view", "actors", "--no-facts"], 7, 9),
        (["--view", "actors", "--event-type", "consult"], 4, 8),
        (["--kind", "person,event", "--event-type", "CONSULT", "--since", "2021-05"], 4, 3),
        (["--kind", "place", "--kind", "organization"], 4, 1),
        (["--since", "2021-04-01", "--until", "2021-04-30"], 3, 2),
    ],
)
def test_export_writes_a_readable_file(
    story_db: Path, tmp_path: Path, fmt: str, options: list[str], nodes: int, edges: int
) -> None:
    out = tmp_path / f"out{FORMATS[fmt].suffix}"
    assert main(["export", "--format", fmt, "--db", str(story_db), "--out", str(out), *options]) == 0
    with out.open("rb") as fh:
        g = READERS[fmt](fh)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert not out.with_name(out.name + ".part").exists()


def test_export_plover_to_standard_output(story_db: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert (
        main(["export", "--format", "plover", "--db", str(story_db), "--event-type", "CONSULT,MOBILIZE"]) == 0
    )
    records = list(read_plover(io.BytesIO(capsysbinary.readouterr().out)))
    assert sorted(r["id"] for r in records) == ["event:buildup", "event:meet", "event:visit"]
    assert all(r["cite_info"]["url"] == "https://example.org/story?a=1&b=2" for r in records)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--kind", "city"], "unknown kind 'city'"),
        (["--event-type", "ATTACK"], "unknown event type 'ATTACK'"),
        (["--since", "last week"], "since must be a date"),
        (["--since", "2021-06", "--until", "2021-05"], "after until"),
    ],
)
def test_export_bad_option_is_a_clear_error(
    story_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    out = tmp_path / "never.graphml"
    assert main(["export", "--format", "graphml", "--db", str(story_db), "--out", str(out), *options]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_export_unknown_view_is_refused(story_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--view", "nodes", "--db", str(story_db)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'nodes'" in capsys.readouterr().err
