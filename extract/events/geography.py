"""Which places are countries, and the country a place lies in, by the gazetteer and the document."""

from __future__ import annotations

from collections.abc import Iterable

from extract.data import words
from extract.entities import Entity
from extract.places import gazetteer


def is_country(entity: Entity) -> bool:
    """A place that is a country ("Ukraine"), as opposed to a city or region in one."""
    return _own_country_code(entity) is not None


def _own_country_code(entity: Entity) -> str | None:
    """The code of the country this entity is, by the gazetteer's place type or else by its name."""
    if entity.kind != "place":
        return None
    place_type = entity.attrs.get("place_type")
    code = entity.attrs.get("country_code")
    if place_type is not None:
        return code.upper() if place_type == "country" and isinstance(code, str) and code else None
    place = gazetteer().lookup(entity.label)
    return place.country_code if place is not None and place.kind == "country" else None


def countries_named(entities: Iterable[Entity]) -> dict[str, Entity]:
    """Country code -> the document's entity for that country."""
    found: dict[str, Entity] = {}
    for entity in entities:
        code = _own_country_code(entity)
        if code is not None:
            found.setdefault(code, entity)
    return found


def country_code(entity: Entity, countries: dict[str, Entity]) -> str | None:
    code = entity.attrs.get("country_code")
    if isinstance(code, str) and code:
        return code.upper()
    return next((c for c, e in countries.items() if e.id == entity.id), None)


def is_venue(entity: Entity) -> bool:
    """An organization whose name makes it a place events happen at ("the Kremlin", "the Munich
    Security Conference"; extract/data/venue_words.txt)."""
    parts = entity.label.lower().split()
    return entity.kind == "organization" and bool(parts) and parts[-1] in words("venue_words.txt")
