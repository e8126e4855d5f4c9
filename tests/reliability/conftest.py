"""Fixtures for the reliability tests: a slice of the BBC corpus and its clean reference ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.documents import read_documents
from extract.errors import Failure
from extract.pipeline import Extractor
from graph.knowledge import KnowledgeGraph
from graph.records import Extraction
from tests.conftest import shared_path
from tests.reliability.dbstate import DbState, read_state

CORPUS_DOCS = 300  # BBC stories ingested, killed three times mid-write, and compared


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first CORPUS_DOCS stories of the BBC corpus as a JSONL file of their own."""
    source = shared_path("corpus", "bbc-news.jsonl")
    path = tmp_path_factory.mktemp("corpus") / "bbc.jsonl"
    with source.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src):
            if number == CORPUS_DOCS:
                break
            out.write(line)
    return path


@pytest.fixture(scope="session")
def corpus_extractions(corpus_file: Path, extractor: Extractor) -> list[Extraction]:
    docs = list(read_documents([corpus_file]))
    assert not any(isinstance(d, Failure) for d in docs)
    results = list(extractor.extract_many(d for d in docs if not isinstance(d, Failure)))
    assert not any(isinstance(r, Failure) for r in results)
    return [r for r in results if not isinstance(r, Failure)]


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory, corpus_extractions: list[Extraction]) -> Path:
    """A clean, uninterrupted ingest of the corpus slice, in file order."""
    path = tmp_path_factory.mktemp("reference") / "reference.db"
    kg = KnowledgeGraph.open(path)
    for extraction in corpus_extractions:
        kg.ingest(extraction)
    kg.close()
    return path


@pytest.fixture(scope="session")
def reference(reference_db: Path) -> DbState:
    return read_state(reference_db)
