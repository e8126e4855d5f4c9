"""How each kind of node looks in a drawing tool: its color and its size from its mentions."""

from __future__ import annotations

import math
from typing import Any

# kind -> (red, green, blue, base size)
KIND_STYLE: dict[str, tuple[int, int, int, float]] = {
    "person": (31, 119, 180, 10.0),
    "organization": (44, 160, 44, 10.0),
    "place": (255, 127, 14, 10.0),
    "event": (214, 39, 40, 6.0),
}
OTHER_STYLE = (127, 127, 127, 6.0)


def node_color(data: dict[str, Any]) -> tuple[int, int, int]:
    red, green, blue, _ = KIND_STYLE.get(data.get("kind", ""), OTHER_STYLE)
    return red, green, blue


def node_size(data: dict[str, Any]) -> float:
    """The base size for the kind, growing with the log of the mentions."""
    base = KIND_STYLE.get(data.get("kind", ""), OTHER_STYLE)[3]
    mentions = data.get("mentions")
    count = mentions if isinstance(mentions, int | float) and mentions > 0 else 1
    return round(base * (1.0 + math.log(count)), 2)
