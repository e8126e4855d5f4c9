"""The one vocabulary: its groups partition what they claim to, and every copy outside Python agrees."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from api.app import create_app
from api.settings import Settings
from extract.events.lexicon import NO_EVENT, load_lexicon
from graph.vocabulary import (
    ENTITY_KINDS,
    EVENT_TYPES,
    FACT_RELATIONS,
    MATERIAL,
    MODES,
    NODE_KINDS,
    PLOVER_TYPES,
    QUAD_CODES,
    RELATIONS,
    VERBAL,
)

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def test_event_types_are_plover_in_quad_order_then_statement() -> None:
    assert (*PLOVER_TYPES, "STATEMENT") == EVENT_TYPES and len(set(EVENT_TYPES)) == 17
    assert list(QUAD_CODES) == list(PLOVER_TYPES)
    assert [QUAD_CODES[t] for t in PLOVER_TYPES] == sorted(QUAD_CODES.values())
    assert set(EVENT_TYPES) == VERBAL | MATERIAL and not VERBAL & MATERIAL
    assert {t for t in PLOVER_TYPES if QUAD_CODES[t] in (2, 4)} == MATERIAL


def test_every_table_speaks_the_vocabulary() -> None:
    lexicon = load_lexicon()
    rules = [rule for found in lexicon.triggers.values() for rule in found]
    assert {rule.event_type for rule in rules} <= {*EVENT_TYPES, NO_EVENT}
    assert all(rule.mode in MODES[rule.event_type] for rule in rules if rule.mode)
    assert all(mode in MODES[event_type] for (event_type, _), mode in lexicon.modes.items())
    titles = resources.files("extract.data").joinpath("titles.tsv").read_text("utf-8").splitlines()
    rows = csv.reader((line for line in titles if line.strip() and not line.startswith("#")), delimiter="\t")
    assert {row[1].strip() for row in rows if len(row) > 1} <= {*FACT_RELATIONS, "-"}


def test_the_viewer_offers_the_vocabulary() -> None:
    script = (STATIC / "app.js").read_text("utf-8")
    listed = re.search(r"const EVENT_TYPES = (\[.*?\]);", script, re.S)
    assert listed is not None
    assert tuple(json.loads(listed.group(1))) == EVENT_TYPES
    page = (STATIC / "index.html").read_text("utf-8")
    assert tuple(re.findall(r'name="kind" value="([a-z]+)"', page)) == ENTITY_KINDS


def test_the_api_schema_takes_the_vocabulary(tmp_path: Path) -> None:
    """Every enumerated kind, event type and relation a route takes is the whole list, in order."""
    paths = create_app(Settings(db=str(tmp_path / "unused.db"))).openapi()["paths"]
    words = {"kind": ENTITY_KINDS, "type": EVENT_TYPES, "event_type": EVENT_TYPES, "relation": RELATIONS}
    found = []
    for path, operations in paths.items():
        for param in operations.get("get", {}).get("parameters", []):
            values = _enum(param["schema"])
            if param["name"] in words and values is not None:
                found.append((path, param["name"], values))
    assert len(found) >= 8
    assert all(values == words[name] for _, name, values in found), found
    export = {p["name"]: p["schema"] for p in paths["/export/{fmt}"]["get"]["parameters"]}
    assert all(kind in export["kind"]["items"]["pattern"] for kind in NODE_KINDS)
    assert all(event_type in export["event_type"]["items"]["pattern"] for event_type in EVENT_TYPES)


def _enum(schema: dict[str, Any]) -> tuple[Any, ...] | None:
    for option in schema.get("anyOf", [schema]):
        values = option.get("items", option).get("enum")
        if values is not None:
            return tuple(values)
    return None
