"""A pytest plugin: the run ends by saying which tests did not run, grouped by why.

Loaded from tests/conftest.py. A test that cannot run on this machine skips with a reason that says
what it needs and how to get it; this summary gathers those reasons, so that a run that looks green
cannot hide a part of the suite that never ran.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator

import pytest
from _pytest.terminal import TerminalReporter


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(wrapper=True, tryfirst=True)  # around pytest's own summary: the last words before the counts
def pytest_terminal_summary(terminalreporter: TerminalReporter) -> Generator[None]:
    yield
    _report(terminalreporter)


def _report(terminalreporter: TerminalReporter) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if isinstance(r, pytest.TestReport)]
    ran = sum(len(terminalreporter.stats.get(k, [])) for k in ("passed", "failed", "xfailed", "xpassed"))
    if not skipped and not ran:
        return
    terminalreporter.section("not run", sep="-")
    if not skipped:
        terminalreporter.write_line("none: every collected test ran")
        return
    reasons = Counter(_reason(r) for r in skipped)
    terminalreporter.write_line(f"{len(skipped)} skipped, for {len(reasons)} reason(s):")
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"  {count:4d}  {reason}")
