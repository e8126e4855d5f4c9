"""The code before the living graph, for figures measured side by side with it in the same run.

`checkout()` unpacks commit BASELINE (the last commit before the change: graph held with all its
text, rebuilt from the store at every start) into .cache/, with `git archive`. A phase run
there (bench.measure.run_phase(..., root=...)) measures that build on the same graph, machine and
moment as ours. Without git or without that commit (an exported source tree), the baseline rows
say so and are left out.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from bench.measure import ROOT

BASELINE = "e8258c1"


def checkout() -> Path | None:
    """The baseline source tree (unpacked once), or None when git cannot produce it."""
    target = ROOT / ".cache" / f"baseline-{BASELINE}"
    if (target / "graph" / "knowledge.py").exists():
        return target
    git = shutil.which("git")
    if git is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "baseline.tar"
        proc = subprocess.run(
            [git, "archive", "--format=tar", "-o", str(archive), BASELINE], cwd=ROOT, capture_output=True
        )
        if proc.returncode != 0:
            return None
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
    return target
