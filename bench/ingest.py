"""Row 2 and issue 9: ingest into the store end to end, one process and `--workers 2`; store writes."""

from __future__ import annotations

from typing import Any

from bench.measure import run_phase
from bench.plan import Work, rate
from bench.report import Row, Target

SECTION = "2 ingest"


def run(work: Work) -> list[Row]:
    plan = work.plan
    db = str(work.dir / "ingest.db")
    common: dict[str, Any] = {"path": str(work.sample), "runs": plan.runs, "model": work.model, "db": db}
    one = run_phase("ingest", workers=None, **common)
    two = run_phase("ingest", workers=2, **{**common, "runs": plan.parallel_runs})
    write = run_phase(
        "store_write", records=str(work.dir / "records.pkl"), runs=plan.runs, db=str(work.dir / "write.db")
    )
    work.raw.update(ingest_one_process=one, ingest_two_workers=two, store_write=write)

    one_rate, two_rate = rate(one["docs"], one["ours_s"]), rate(two["docs"], two["ours_s"])
    write_rate = rate(write["docs"], write["ours_s"])
    extraction_rate = work.figures["extraction_docs_per_s"]
    return [
        Row(
            SECTION,
            "ingest end to end, one process",
            "docs/s",
            one_rate,
            extraction_rate,
            "extraction alone (row 1)",
            note="read JSONL, extract, write to SQLite (extract.ingest, as newsgraph ingest does)",
        ),
        Row(
            SECTION,
            "ingest --workers 2",
            "docs/s",
            two_rate,
            one_rate,
            "ingest, one process",
            Target("ratio", ">=", 1.6),
            note=f"Dask LocalCluster start-up {two['startup_s']:.1f} s not timed",
        ),
        Row(
            SECTION,
            "coordinator store writes",
            "docs/s",
            write_rate,
            extraction_rate,
            "one worker's extraction",
            note=(
                f"{write['nodes']:,} nodes, {write['edges']:,} edges; the ratio is how many workers "
                "one coordinator can keep busy"
            ),
        ),
    ]
