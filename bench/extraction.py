"""Row 1: extraction words/s, newsgraph vs the same spaCy model's own `nlp.pipe`; 2 workers vs 1."""

from __future__ import annotations

from typing import Any

from bench.measure import run_phase
from bench.plan import Work, rate
from bench.report import Row, Target

SECTION = "1 extraction"


def run(work: Work) -> list[Row]:
    plan = work.plan
    common: dict[str, Any] = {"path": str(work.sample), "count": plan.docs, "runs": plan.runs}
    common["model"] = work.model
    one = run_phase("extraction_one_process", records=str(work.dir / "records.pkl"), **common)
    common["runs"] = plan.parallel_runs
    cluster = run_phase("extraction_cluster", workers=2, **common)
    spacy2 = run_phase("extraction_spacy_processes", processes=2, **common)
    work.raw.update(extraction_one_process=one, extraction_cluster=cluster, extraction_spacy_processes=spacy2)

    words = one["words"]
    ours1, peer1 = rate(words, one["ours_s"]), rate(words, one["peer_s"])
    ours2, peer2 = rate(words, cluster["ours_s"]), rate(words, spacy2["peer_s"])
    work.figures["extraction_docs_per_s"] = rate(one["docs"], one["ours_s"])
    docs = f"{one['docs']} BBC articles, {words:,} words"
    return [
        Row(
            SECTION,
            "words/s, one process",
            "words/s",
            ours1,
            peer1,
            "spaCy nlp.pipe, full pipeline",
            Target("ratio", ">=", 0.8),
            note=f"{docs}; ours: Extractor.extract_many (clean, NER, entities, events, facts)",
        ),
        Row(
            SECTION,
            "words/s, 2 worker processes",
            "words/s",
            ours2,
            peer2,
            "spaCy nlp.pipe(n_process=2)",
            note=f"ours: Dask LocalCluster, 2 x 1 thread (start-up {cluster['startup_s']:.1f} s, not timed)",
        ),
        Row(
            SECTION,
            "speed-up, 2 workers vs 1",
            "x",
            ours2 / ours1,
            peer2 / peer1,
            "spaCy n_process=2 vs 1",
            Target("ours", ">=", 1.6),
            note="ours: --workers 2 engine vs one process",
        ),
    ]
