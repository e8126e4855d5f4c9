"""Blank out page furniture so it yields no entities or events, keeping every character offset.

Furniture is recognised by its shape, never by a word alone: a whole line that is a banner, a
button, a caption label or a credit (extract/data/furniture.txt); a photo credit closing a caption;
a stage direction of a transcript ("(Laughter.)"); an outlet describing itself ("RFE/RL's Ukrainian
Service has seen its audience grow"), a line that starts with the outlet's name and speaks of its
audience, readers or journalism; a short line repeated; the headline repeated as the first line,
unless it says whose words follow ("Remarks by President Biden on Russia": the body's "I").
Body text that merely begins with the outlet's name or with "Support" stays.
"""

from __future__ import annotations

import re
from functools import cache

from extract.data import lines

__all__ = ["byline", "clean_text"]


@cache
def _furniture() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in lines("furniture.txt")), re.IGNORECASE)


@cache
def _stage_direction() -> re.Pattern[str]:
    marks = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in lines("transcript_marks.txt"))
    return re.compile(rf"[(\[]\s*(?:{marks})\b[^)\]\n]{{0,40}}[)\]]", re.IGNORECASE)


@cache
def byline() -> re.Pattern[str]:
    """A headline that says whose words follow: "Remarks by President Biden", "Readout of ..."."""
    nouns = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lines("byline_nouns.txt"))
    return re.compile(rf"^(?:{nouns})\s+(?:by|of|with|from)\s+(?:the\s+)?(?P<who>\S.*)$", re.IGNORECASE)


@cache
def _self_promotion() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lines("self_promotion.txt"))
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


# A photo credit closing a caption line ("... Blinken. Efrem Lukatsky / Pool / AFP"): the caption
# stays (it names who is pictured), the credit goes.
_CREDIT = re.compile(
    r"(?:(?<=[.!?\u201d\"])|^)\s*(?:[A-Z][\w.'\-]*\s){0,3}[A-Z][\w.'\-]*(?:\s*/\s*[A-Z][\w. ]*){1,3}$"
)
_ENDS_SENTENCE = (".", '"', "\u201d", "!", "?")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join(c if c == "\n" else " " for c in text[start:end]) + text[end:]


def clean_text(text: str, *, source: str | None = None, title: str | None = None) -> str:
    """The text with furniture replaced by spaces.

    Offsets are preserved so evidence points into the document as stored.
    """
    pattern = _furniture()
    outlet = _outlet_names(source)
    seen: set[str] = set()
    out = _stage_direction().sub(lambda m: " " * len(m.group()), text)
    found: list[tuple[int, int, str, bool]] = []  # each non-blank line: start, end, text, dropped
    pos = 0
    for line in out.splitlines(keepends=True):
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
            end = start + len(stripped)
        drop = drop or _promotes_outlet(stripped, outlet)
        # a repeated short line is a caption or a heading echo, not news
        if stripped in seen and not stripped.endswith(_ENDS_SENTENCE):
            drop = True
        # the headline repeats the story; events are read from the body. A byline names the speaker
        if title and stripped == title.strip() and not byline().match(stripped):
            drop = True
        seen.add(stripped)
        found.append((start, end, stripped, drop))
    for start, end, _, drop in _outlet_blocks(found, outlet):
        if drop:
            out = _blank(out, start, end)
    return out


def _outlet_blocks(
    found: list[tuple[int, int, str, bool]], outlet: tuple[str, ...]
) -> list[tuple[int, int, str, bool]]:
    """Lines that start with the outlet's name inside a block of furniture are furniture too (the
    outlet's notices around its banners); elsewhere they are news."""
    changed = True
    while changed:
        changed = False
        for i, (start, end, line, drop) in enumerate(found):
            if drop or not any(line.startswith(name) for name in outlet):
                continue
            beside = [found[j][3] for j in (i - 1, i + 1) if 0 <= j < len(found)]
            if any(beside):
                found[i] = (start, end, line, True)
                changed = True
    return found


def _outlet_names(source: str | None) -> tuple[str, ...]:
    """The outlet's name as a line may start with it: "The White House (briefing room)" -> "The
    White House", "White House"."""
    name = re.sub(r"\s*\(.*?\)\s*$", "", source or "").strip()
    if len(name) <= 2:
        return ()
    short = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return (name, short) if short != name else (name,)


def _promotes_outlet(line: str, outlet: tuple[str, ...]) -> bool:
    """A line that starts with the outlet's name and speaks of its audience or its journalism."""
    return any(line.startswith(name) for name in outlet) and _self_promotion().search(line) is not None
