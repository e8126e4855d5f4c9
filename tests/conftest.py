"""Shared fixtures: the real spaCy pipeline, a store built from seeds/, paths to ../shared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.documents import read_documents
from extract.errors import Failure
from extract.pipeline import Extractor
from graph.knowledge import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

pytest_plugins = ["tests.skip_report"]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test cleanly when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"needs ../shared (the development set and the BBC corpus), laid beside the checkout: "
            f"{SHARED} is not there"
            if not SHARED.exists()
            else f"{path} is not available"
        )
    return path


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor.load()


def ingest_paths(kg: KnowledgeGraph, extractor: Extractor, *paths: Path) -> None:
    docs = [d for d in read_documents(paths) if not isinstance(d, Failure)]
    for result in extractor.extract_many(docs):
        assert not isinstance(result, Failure), result
        kg.ingest(result)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    """A database file holding seeds/ (built once; tests copy or only read it)."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    kg = KnowledgeGraph.open(path)
    ingest_paths(kg, extractor, SEEDS)
    kg.close()
    return path


@pytest.fixture
def kg(tmp_path: Path) -> Iterator[KnowledgeGraph]:
    graph = KnowledgeGraph.open(tmp_path / "test.db")
    yield graph
    graph.close()
