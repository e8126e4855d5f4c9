"""The package as pip builds it: quietly, and carrying every file the app reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`pip wheel` of the checkout (with the build backend installed here, so offline), with its output."""
    out = tmp_path / "wheels"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result, next(out.glob("newsgraph-*.whl"))


def test_a_wheel_builds_without_warnings(tmp_path: Path) -> None:
    result, _ = build(tmp_path)
    assert result.stderr.strip() == ""
    assert "warning" not in result.stdout.lower()


def test_the_wheel_carries_the_viewer_and_the_data_tables(tmp_path: Path) -> None:
    _, wheel = build(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    served = [p for p in (ROOT / "api" / "static").rglob("*") if p.is_file()]
    tables = [
        p for p in (ROOT / "extract" / "data").iterdir() if p.suffix in (".tsv", ".txt", ".json", ".csv")
    ]
    assert served and tables
    for path in [*served, *tables]:
        assert path.relative_to(ROOT).as_posix() in names
    assert not any(name.startswith(("tests/", "bench/", "seeds/", "node_modules/")) for name in names)
