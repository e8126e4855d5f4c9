"""`make test` as a new user runs it: it installs what the suite needs and says what did not run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make: `apt-get install make`")
def test_make_test_installs_the_system_packages_before_running_the_suite() -> None:
    planned = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    deps = next(i for i, line in enumerate(planned) if "scripts/system-deps.sh" in line)
    assets = next(i for i, line in enumerate(planned) if "scripts/assets.sh" in line)
    suite = next(i for i, line in enumerate(planned) if line.split()[0].endswith("/pytest"))
    assert max(deps, assets) < suite


def test_a_run_ends_by_naming_what_it_skipped_and_why(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(
        textwrap.dedent(
            """
            import pytest

            def test_runs():
                pass

            @pytest.mark.skip(reason="needs a thing: `make x` installs it")
            def test_one():
                pass

            @pytest.mark.skip(reason="needs a thing: `make x` installs it")
            def test_two():
                pass

            def test_three():
                pytest.skip("needs another thing")
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skip_report", "-p", "no:cacheprovider",
         "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    lines = [line for line in result.stdout.strip().splitlines() if line.strip()]
    assert "1 passed, 3 skipped" in lines[-1]
    section = next(i for i, line in enumerate(lines) if " not run " in line)
    assert lines[section + 1 : -1] == [
        "3 skipped, for 2 reason(s):",
        "     2  needs a thing: `make x` installs it",
        "     1  needs another thing",
    ]


def test_a_run_without_skips_says_so(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text("def test_runs():\n    pass\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skip_report", "-p", "no:cacheprovider",
         "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "none: every collected test ran" in result.stdout
