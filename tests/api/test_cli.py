"""The `newsgraph` command, run as a user runs it: ingest files and folders, export JSON."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.vocabulary import ENTITY_KINDS, NODE_KINDS
from tests.conftest import SEEDS, shared_path

CLI = [sys.executable, "-m", "api.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("cli")
    db, out = tmp / "s.db", tmp / "g.json"
    ingest = run("ingest", str(SEEDS), "--db", str(db))
    assert ingest.returncode == 0, ingest.stderr
    assert "2 documents (2 added; 0 failed)" in ingest.stdout
    export = run("export", "--format", "json", "--db", str(db), "--out", str(out))
    assert export.returncode == 0, export.stderr
    return json.loads(out.read_text())


def test_export_follows_the_graph_json_contract(seeds_export: dict) -> None:
    data = seeds_export
    assert data["directed"] is True and data["multigraph"] is True
    assert isinstance(data["graph"], dict)
    kinds = {n["kind"] for n in data["nodes"]}
    assert set(ENTITY_KINDS) <= kinds <= set(NODE_KINDS)
    for node in data["nodes"]:
        assert node["id"].startswith(f"{node['kind']}:")
        assert isinstance(node["label"], str) and node["label"]
        assert isinstance(node["aliases"], list) and node["label"] in node["aliases"]
        assert node["doc_ids"] and set(node["doc_ids"]) <= {p.stem for p in SEEDS.glob("*.txt")}
        assert node["mentions"] >= 1
    for edge in data["edges"]:
        assert {"source", "target", "key", "relation", "doc_ids", "evidence"} <= set(edge)
    blinken = next(n for n in data["nodes"] if n["id"] == "person:antony-blinken")
    assert "Blinken" in blinken["aliases"]
    assert len(blinken["doc_ids"]) == 2


def test_export_scores_against_gold(seeds_export: dict, tmp_path: Path) -> None:
    score = shared_path("eval", "score.py")
    graph = tmp_path / "g.json"
    graph.write_text(json.dumps(seeds_export))
    gold = sorted(str(p) for p in shared_path("eval", "gold").glob("*.json"))
    result = subprocess.run(
        [sys.executable, str(score), str(graph), *gold, "--json"], capture_output=True, text=True, check=True
    )
    summary = json.loads(result.stdout)["summary"]
    assert summary["entity_r"] >= 0.90
    assert summary["entity_p"] >= 0.75


def test_reingesting_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("ingest", str(SEEDS), "--db", str(db)).returncode == 0
    again = run("ingest", str(SEEDS), "--db", str(db))
    assert again.returncode == 0
    assert "2 documents (2 unchanged; 0 failed)" in again.stdout


def test_bad_files_are_named_and_the_rest_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Angela Merkel met Emmanuel Macron in Berlin on Monday.")
    (folder / "empty.txt").write_text("   \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01\x02")
    (folder / "latin1.txt").write_bytes("Caf\xe9 in K\xf6ln".encode("latin-1"))
    (folder / "bad.jsonl").write_text(
        '{"id": "j1", "text": "Boris Johnson spoke in London."}\n{oops\n{"id": 5}\n'
    )
    (folder / "meta.txt").write_text("Joe Biden spoke.")
    (folder / "meta.json").write_text("{not json")
    db = tmp_path / "s.db"
    result = run("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1
    err = result.stderr
    for name, reason in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("bad.jsonl:2", "invalid JSON"),
        ("bad.jsonl:3", "id"),
        ("meta.json", "sidecar"),
    ]:
        line = next((ln for ln in err.splitlines() if name in ln), "")
        assert reason in line, (name, err)
    assert "2 documents (2 added; 6 failed)" in result.stdout
    export = run("export", "--format", "json", "--db", str(db))
    ids = {doc for n in json.loads(export.stdout)["nodes"] for doc in n["doc_ids"]}
    assert ids == {"good", "j1"}


def test_missing_path_is_reported(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 1
    assert "nope.txt: no such file" in result.stderr


def test_unknown_export_format_is_a_clear_error(tmp_path: Path) -> None:
    result = run("export", "--format", "xlsx", "--db", str(tmp_path / "s.db"))
    assert result.returncode == 2
    assert "unknown format 'xlsx'" in result.stderr


@pytest.mark.parametrize("out", [None, "graph.json"])
def test_export_of_a_missing_database_fails_and_creates_nothing(tmp_path: Path, out: str | None) -> None:
    db = tmp_path / "doesnotexist.db"
    result = run("export", "--db", str(db), *(["--out", str(tmp_path / out)] if out else []))
    assert result.returncode == 2
    assert f"no database at {db}: ingest documents into it first (newsgraph ingest PATH --db {db})" in (
        result.stderr
    )
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_serving_a_missing_database_says_it_starts_empty(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE, text=True
    ) as server:
        assert server.stderr is not None
        first = server.stderr.readline()
        server.terminate()
    assert f"no database at {db} yet: serving an empty graph" in first


def test_ingest_refuses_a_url_that_is_not_a_web_address_and_names_repeated_ids(tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl"
    lines = [
        {"id": "a", "text": "Angela Merkel spoke in Berlin.", "url": "javascript:alert(1)"},
        {"id": "b", "text": "Joe Biden spoke in Washington.", "url": "https://example.org/b"},
        {"id": "b", "text": "Joe Biden spoke in Washington on Monday."},
    ]
    archive.write_text("".join(json.dumps(line) + "\n" for line in lines))
    (tmp_path / "c.txt").write_text("Boris Johnson spoke in London.")
    (tmp_path / "c.json").write_text(json.dumps({"url": "file:///etc/passwd"}))
    db = tmp_path / "s.db"
    result = run("ingest", str(archive), str(tmp_path / "c.txt"), "--db", str(db))
    assert result.returncode == 1
    assert f"skipped {archive}:1: document 'a': url must be an http(s) address" in result.stderr
    assert "got 'file:///etc/passwd'" in result.stderr
    assert "note: the id 'b' came twice in this run; the later text replaces it" in result.stderr
    assert "2 documents (1 added, 1 replaced; 2 failed)" in result.stdout
