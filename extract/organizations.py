"""Organizations: the table of known names and their aliases, and the words that mark a name as
an organization's ("... Bank", "University of ...", "... Inc.")."""

from __future__ import annotations

from functools import cache

from extract.data import rows, words
from extract.names import organization_key, organization_name

__all__ = [
    "canonical_organization",
    "headed_by_organization_word",
    "known_organizations",
    "looks_like_facility",
    "looks_like_organization",
    "table_names",
]


@cache
def table_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(canonical label, its aliases) for every row of organizations.tsv."""
    return tuple(
        (row[0], tuple(a for a in row[1].split("|") if a) if len(row) > 1 else ())
        for row in rows("organizations.tsv")
    )


@cache
def known_organizations() -> dict[str, str]:
    """The key of every known name of an organization -> its canonical label."""
    return {organization_key(name): label for label, aliases in table_names() for name in (label, *aliases)}


def canonical_organization(name: str) -> str | None:
    return known_organizations().get(organization_key(name))


def looks_like_organization(name: str) -> bool:
    """The name carries a legal form ("Inc.", "plc") or an organization word at its head or end
    ("Sberbank" no; "VTB Bank", "Bank of England", "Harvard University", "Labour Party" yes)."""
    parts = name.split()
    if len(parts) < 2:
        return False
    if organization_name(name) != " ".join(parts).strip(" .,"):
        return True
    marks = words("organization_words.txt")
    return parts[-1].casefold().strip(".,") in marks or headed_by_organization_word(name)


def headed_by_organization_word(name: str) -> bool:
    """ "Bank of England", "University of Lille", "Bank Otkritie"."""
    parts = name.split()
    head = parts[0].casefold().strip(".,") if parts else ""
    marks = words("organization_words.txt")
    return len(parts) >= 2 and head in marks and (parts[1].lower() in ("of", "for") or parts[1][:1].isupper())


def looks_like_facility(name: str) -> bool:
    """A built place by its last word: "Woodhill Prison", "Heathrow Airport", "Trafalgar Square"."""
    parts = name.split()
    return len(parts) >= 2 and parts[-1].casefold() in words("facility_words.txt")
