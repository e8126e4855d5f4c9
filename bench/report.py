"""The benchmark table: one row per figure, ours beside the peer's, their ratio and the target."""

from __future__ import annotations

import os
import platform
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Target:
    """`ratio >= 0.8` or `ours <= 25`: what must hold for the row to pass."""

    on: str  # "ratio" | "ours"
    op: str  # ">=" | "<="
    value: float

    def holds(self, ours: float | None, ratio: float | None) -> bool | None:
        figure = ratio if self.on == "ratio" else ours
        if figure is None:
            return None
        return figure >= self.value if self.op == ">=" else figure <= self.value

    def __str__(self) -> str:
        value = f"{self.value:g}{'x' if self.on == 'ratio' else ''}"
        return f"{self.on} {self.op} {value}"


@dataclass(frozen=True, slots=True)
class Row:
    section: str  # "1 extraction"
    measure: str  # "words/s, one process"
    unit: str
    ours: float | None
    peer: float | None
    peer_name: str
    target: Target | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """ours / peer, whatever the unit: > 1 means more words/s, or more milliseconds."""
        if self.ours is None or not self.peer:
            return None
        return self.ours / self.peer

    @property
    def met(self) -> bool | None:
        return self.target.holds(self.ours, self.ratio) if self.target else None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["target"] = str(self.target) if self.target else None
        out["ratio"] = self.ratio
        out["met"] = self.met
        return out


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


_HEADER = ("", "measure", "unit", "newsgraph", "peer", "peer figure", "ratio", "target", "met")


def _cells(row: Row) -> tuple[str, ...]:
    met = {True: "yes", False: "NO", None: ""}[row.met]
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "n/a"
    return (
        row.section,
        row.measure,
        row.unit,
        _fmt(row.ours),
        row.peer_name,
        _fmt(row.peer),
        ratio,
        str(row.target or ""),
        met,
    )


def text_table(rows: list[Row]) -> str:
    cells = [_HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(_HEADER))]
    numeric = {3, 5, 6}
    lines = []
    for n, line in enumerate(cells):
        padded = (
            c.rjust(w) if i in numeric and n else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        lines.append("  ".join(padded).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    lines += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem_gb = int(fh.readline().split()[1]) / 1024 / 1024
    except OSError:
        mem_gb = 0.0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
