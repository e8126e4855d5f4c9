"""How each kind of node looks in a drawing tool: its color and its size from its mentions."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["KIND_STYLE", "OTHER_STYLE", "node_color", "node_size"]

# kind -> (red, green, blue, base size)
KIND_STYLE: dict[str, tuple[int, int, int, float]] = {
    "person": (31, 119, 180, 10.0),
    "organization": (44, 160, 44, 10.0),
    "place": (255, 127, 14, 10.0),
    "event": (214, 39, 40, 6.0),
}
OTHER_STYLE = (127, 127, 127, 6.0)


def node_color(data: dict[str, Any]) -> tuple[int, int, int]:
    """The color of a node's kind (grey for any other).

    Parameters
    ----------
    data : dict
        The node's attributes; only `kind` is read.

    Returns
    -------
    rgb : tuple of three int
        Red, green and blue, 0-255.

    Examples
    --------
    >>> from graph.exports.style import node_color
    >>> node_color({"kind": "person"}), node_color({})
    ((31, 119, 180), (127, 127, 127))
    """
    red, green, blue, _ = KIND_STYLE.get(data.get("kind", ""), OTHER_STYLE)
    return red, green, blue


def node_size(data: dict[str, Any]) -> float:
    """The base size for the kind, growing with the log of the mentions.

    Parameters
    ----------
    data : dict
        The node's attributes; `kind` and `mentions` are read.

    Returns
    -------
    size : float
        The kind's base size times (1 + ln mentions), rounded to two places.

    Examples
    --------
    >>> from graph.exports.style import node_size
    >>> node_size({"kind": "place", "mentions": 1}), node_size({"kind": "place", "mentions": 20})
    (10.0, 39.96)
    """
    base = KIND_STYLE.get(data.get("kind", ""), OTHER_STYLE)[3]
    mentions = data.get("mentions")
    count = mentions if isinstance(mentions, int | float) and mentions > 0 else 1
    return round(base * (1.0 + math.log(count)), 2)
