"""Stable, readable node ids: `kind:slug-of-canonical-name`."""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens; other scripts in Latin letters ("Иван" -> "ivan")."""
    return _NON_WORD.sub("-", anyascii(text).lower()).strip("-") or "x"


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{slug(name)}"


def event_id(doc_id: str, index: int) -> str:
    return f"event:{slug(doc_id)}:{index}"
