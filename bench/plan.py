"""How much to measure (full or quick), and the shared state the sections pass along."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import median


@dataclass(frozen=True, slots=True)
class Plan:
    docs: int  # BBC articles for the extraction and ingest rows
    runs: int  # repeats of each timed run; the table shows medians
    parallel_runs: int  # repeats of the two-process runs (extraction and ingest)
    corpus_docs: int | None  # the BBC graph (None: all 2,225 articles); the large graph copies it
    edges: int  # the generated large graph
    build_runs: int  # repeats of the start-up builds of the BBC graph (the large one: once)
    samples: int  # query parameters drawn per endpoint
    wrk_seconds: float  # load per endpoint
    peer_budget_s: float  # time allowed per query for the in-process NetworkX peer
    write_seconds: float  # reads alone, then reads beside a client POSTing articles
    write_posts: int  # articles POSTed one at a time, each followed by a read
    resolve_docs: int  # documents written (and deleted) on the large archive for resolution's row


FULL = Plan(
    docs=200,
    runs=3,
    parallel_runs=2,
    corpus_docs=1200,
    edges=1_000_000,
    build_runs=3,
    samples=200,
    wrk_seconds=4,
    peer_budget_s=5,
    write_seconds=15,
    write_posts=10,
    resolve_docs=300,
)
QUICK = Plan(
    docs=48,
    runs=1,
    parallel_runs=1,
    corpus_docs=100,
    edges=20_000,
    build_runs=1,
    samples=10,
    wrk_seconds=1,
    peer_budget_s=0.5,
    write_seconds=3,
    write_posts=3,
    resolve_docs=30,
)


@dataclass(slots=True)
class Work:
    """Where the sections write (bench/out/) and what they learn from one another."""

    dir: Path
    plan: Plan
    model: str
    corpus: Path
    sample: Path  # the first `plan.docs` articles, as a JSONL file
    raw: dict[str, Any] = field(default_factory=dict)  # every phase's output, for results.json
    figures: dict[str, float] = field(default_factory=dict)  # figures later rows compare with


def rate(amount: float, seconds: list[float]) -> float:
    """Units per second of the median run."""
    return amount / median(seconds)
