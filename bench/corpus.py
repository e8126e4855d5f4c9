"""The benchmark's input: the BBC News corpus in ../shared/corpus, read as newsgraph reads it."""

from __future__ import annotations

import itertools
from pathlib import Path

from bench.measure import ROOT
from extract.documents import read_documents
from extract.errors import Failure
from graph.records import Document

BBC = ROOT.parent / "shared" / "corpus" / "bbc-news.jsonl"


def bbc_path() -> Path:
    if not BBC.exists():
        raise SystemExit(f"the benchmark needs the BBC corpus at {BBC}")
    return BBC


def head(path: Path, count: int | None, out: Path) -> Path:
    """The first `count` records of a JSONL file (all when None), as a file of their own."""
    with path.open(encoding="utf-8") as src:
        out.write_text("".join(itertools.islice(src, count)), encoding="utf-8")
    return out


def documents(path: Path, count: int | None = None) -> list[Document]:
    docs = [d for d in read_documents([path]) if not isinstance(d, Failure)]
    return docs[:count] if count is not None else docs


def words(docs: list[Document]) -> int:
    """Whitespace-separated words of the raw texts: the unit both sides are measured in."""
    return sum(len(d.text.split()) for d in docs)
