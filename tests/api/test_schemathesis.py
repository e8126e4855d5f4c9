"""schemathesis against /openapi.json of a live server over the seeds: no 5xx, nothing off-schema.

All checks run (status codes, content types, response schemas, negative data rejected, positive
data accepted, ...) over the examples, coverage and fuzzing phases, derandomized with a fixed seed
and a bounded number of cases per operation; tests/api/schemathesis_hooks.py teaches the generator
the one rule the schema cannot state. POST /documents really extracts what it is sent, so
the server writes to its own copy of the seeds database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.api.conftest import Server
from tests.conftest import ROOT

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES_PER_OPERATION = 20


def test_schemathesis_finds_nothing(
    serve: Callable[..., Server], writable_seed_db: Path, tmp_path: Path
) -> None:
    server = serve(writable_seed_db)
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{server.url}/openapi.json",
        "--checks=all",
        "--phases=examples,coverage,fuzzing",
        "--seed=20210505",
        "--generation-deterministic",
        f"--max-examples={EXAMPLES_PER_OPERATION}",
        "--workers=1",
        "--request-timeout=30",
        "--no-color",
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    assert "No issues found" in report, report[-6000:]
