"""Typed attribute columns for GraphML and GEXF: one type per attribute name, no nulls.

Readers such as igraph refuse an attribute whose values mix types, so each name gets one type
from everything it holds: all booleans -> boolean, all integers -> long, integers and floats ->
double, everything else -> string. Lists and dicts are written as JSON text: lossless (even
characters XML cannot carry survive as JSON escapes) and what a reader can decode. A string
column that also saw numbers writes those as JSON too. A None value is simply not written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from graph.exports.xmltext import escape_attr, escape_text

__all__ = ["BOOLEAN", "DOUBLE", "LONG", "STRING", "Column", "Lookup", "columns", "markup"]

BOOLEAN, LONG, DOUBLE, STRING = "boolean", "long", "double", "string"

Lookup = Mapping[str, tuple[str, Callable[[Any], str]]]  # name -> (markup before the value, encoder)


def _json(value: Any) -> str:
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=str).decode()
    # orjson escapes control characters but not these two, which XML cannot carry: escape them
    # the JSON way so the value survives whole.
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return text


def _as_text(value: Any) -> str:
    return value if type(value) is str else _json(value)


def _boolean(value: Any) -> str:
    return "true" if value else "false"


def _double(value: Any) -> str:
    return repr(float(value))


def _long(value: Any) -> str:
    return str(int(value))


@dataclass(frozen=True, slots=True)
class Column:
    """One attribute name with its type and its encoders to element text and attribute value."""

    name: str
    type: str
    text: Callable[[Any], str]  # value -> escaped element content
    attr: Callable[[Any], str]  # value -> escaped attribute value


def _column(name: str, kinds: set[type]) -> Column:
    if kinds == {bool}:
        return Column(name, BOOLEAN, _boolean, _boolean)
    if kinds == {int}:
        return Column(name, LONG, _long, _long)
    if kinds and kinds <= {int, float}:
        return Column(name, DOUBLE, _double, _double)
    if kinds <= {str}:
        return Column(name, STRING, escape_text, escape_attr)
    if not kinds & {str}:
        return Column(name, STRING, lambda v: escape_text(_json(v)), lambda v: escape_attr(_json(v)))
    return Column(name, STRING, lambda v: escape_text(_as_text(v)), lambda v: escape_attr(_as_text(v)))


def columns(
    records: Iterable[dict[str, Any]],
    *,
    skip: Collection[str] = (),
    force: dict[str, set[type]] | None = None,
) -> dict[str, Column]:
    """The columns that describe every record's attributes, by name.

    Parameters
    ----------
    records : iterable of dict
        The attribute dicts of the nodes (or the edges) to be written.
    skip : collection of str
        Attributes the writer puts elsewhere (an XML attribute such as GEXF's label).
    force : dict, optional
        Name -> value types to add (such as a default edge weight, always a float).

    Returns
    -------
    columns : dict of str to Column
        One column per name, in name order; a name whose only values are None has none.

    Examples
    --------
    >>> from graph.exports.columns import columns
    >>> found = columns([{"mentions": 3, "lat": 50.45, "aliases": ["Kyiv"]}, {"mentions": 1, "lat": 50}])
    >>> {name: column.type for name, column in found.items()}
    {'aliases': 'string', 'lat': 'double', 'mentions': 'long'}
    >>> found["aliases"].text(["Kyiv", "Kiev"]), found["lat"].text(50)
    ('["Kyiv","Kiev"]', '50.0')
    """
    pairs: set[tuple[str, type]] = set()
    for record in records:
        pairs.update(zip(record, map(type, record.values()), strict=True))  # in C, no Python loop
    seen: dict[str, set[type]] = {}
    for name, kind in sorted(pairs, key=lambda p: p[0]):
        seen.setdefault(name, set()).add(kind)
    for name in skip:
        seen.pop(name, None)
    for name, kinds in (force or {}).items():
        seen.setdefault(name, set()).update(kinds)
    out: dict[str, Column] = {}
    for name, kinds in seen.items():
        kinds.discard(type(None))
        if not kinds:
            continue
        # bool mixed with numbers is not numeric to every reader: it falls through to JSON text
        out[name] = _column(name, kinds)
    return out


def markup(
    start: str, data: Mapping[str, Any], lookup: Lookup, *, skip: Collection[str], close: str, end: str
) -> str:
    """An element's markup: `start`, each attribute's markup, encoded value and `close`, then `end`.

    The attributes are written in the order of `data`; those whose value is None or empty text are
    not (the formats have no null), nor those in `skip`, which the writer puts elsewhere.

    Examples
    --------
    >>> found = columns([{"mentions": 3}])
    >>> lookup = {name: (f'<data key="{name}">', column.text) for name, column in found.items()}
    >>> markup("<node>", {"mentions": 3, "note": None}, lookup, skip=(), close="</data>", end="</node>")
    '<node><data key="mentions">3</data></node>'
    """
    parts = [start]
    for name, value in data.items():
        if value is None or value == "" or name in skip:
            continue
        prefix, encode = lookup[name]
        parts.append(f"{prefix}{encode(value)}{close}")
    parts.append(end)
    return "".join(parts)
