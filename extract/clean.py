"""Blank out page furniture so it yields no entities or events, keeping every character offset."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _furniture() -> re.Pattern[str]:
    lines = resources.files("extract.data").joinpath("furniture.txt").read_text("utf-8").splitlines()
    patterns = [p.strip() for p in lines if p.strip() and not p.lstrip().startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# A photo credit closing a caption line ("... Blinken. Efrem Lukatsky / Pool / AFP"): the caption
# stays (it names who is pictured), the credit goes.
_CREDIT = re.compile(
    r"(?:(?<=[.!?\u201d\"])|^)\s*(?:[A-Z][\w.'\-]*\s){0,3}[A-Z][\w.'\-]*(?:\s*/\s*[A-Z][\w. ]*){1,3}$"
)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join(c if c == "\n" else " " for c in text[start:end]) + text[end:]


def clean_text(text: str, *, source: str | None = None, title: str | None = None) -> str:
    """The text with furniture lines (and an outlet describing itself) replaced by spaces.

    Offsets are preserved so evidence points into the document as stored.
    """
    pattern = _furniture()
    outlet = source.strip() if source else ""
    seen: set[str] = set()
    out = text
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        pos += len(line)
        if not stripped:
            continue
        drop = bool(pattern.fullmatch(stripped))
        credit = _CREDIT.search(stripped)
        if credit is not None and not drop and credit.start() > 0:
            out = _blank(out, start + credit.start(), end)
            stripped = stripped[: credit.start()]
        # an outlet talking about itself ("RFE/RL's Ukrainian Service has seen its audience grow")
        if outlet and len(outlet) > 2 and stripped.startswith(outlet):
            drop = True
        # a repeated short line is a caption or a heading echo, not news
        if stripped in seen and not stripped.endswith((".", '"', "\u201d")):
            drop = True
        # the headline repeats the story; events are read from the body
        if title and stripped == title.strip():
            drop = True
        seen.add(stripped)
        if drop:
            out = _blank(out, start, end)
    return out
