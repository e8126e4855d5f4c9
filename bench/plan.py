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
    corpus_docs: int | None  # the "whole corpus" graph (None: all 2,225 articles)
    edges: int  # the generated large graph
    build_runs: int
    samples: int  # query parameters drawn per endpoint
    wrk_seconds: float  # load per endpoint
    peer_budget_s: float  # time allowed per query for the in-process NetworkX peer
    export_runs: int
    load_seconds: int  # mixed traffic (bench/load.py): measured seconds, warm-up, stories first
    load_warmup: int
    load_docs: int
    resolve_docs: int  # documents written (and deleted) on the large archive for resolution's row


FULL = Plan(
    docs=500,
    runs=3,
    corpus_docs=None,
    edges=1_000_000,
    build_runs=3,
    samples=200,
    wrk_seconds=5,
    peer_budget_s=10,
    export_runs=1,
    load_seconds=60,
    load_warmup=10,
    load_docs=200,
    resolve_docs=300,
)
QUICK = Plan(
    docs=48,
    runs=1,
    corpus_docs=100,
    edges=20_000,
    build_runs=1,
    samples=10,
    wrk_seconds=1,
    peer_budget_s=0.5,
    export_runs=1,
    load_seconds=8,
    load_warmup=3,
    load_docs=40,
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
