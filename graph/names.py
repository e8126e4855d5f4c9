"""Person-name folding shared by extraction (ids) and the store (linking surnames across documents)."""

from __future__ import annotations

import re
import unicodedata

# transliteration variants of one name: Zelenskiy / Zelenskyy / Zelensky, Yuriy / Yury
_TRANSLIT_ENDINGS = re.compile(r"(?:iy|yy|yi|ii|ij)$")


def fold_name(name: str) -> str:
    """A person's name with accents, dots and transliteration endings folded, for matching and ids."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(_TRANSLIT_ENDINGS.sub("y", part) for part in ascii_name.replace(".", "").split())


def surname_key(label: str) -> str | None:
    """The folded last word of a person's name: how "Zelensky" finds "Volodymyr Zelenskiy"."""
    parts = fold_name(label).split()
    return parts[-1] if parts else None
