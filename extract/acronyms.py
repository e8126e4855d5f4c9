"""Acronyms a text defines ("the International Atomic Energy Agency (IAEA)"), kept as aliases of
the organization they stand for, so that the acronym alone in another article finds it.

The Schwartz-Hearst algorithm (the `abbreviations` package) finds each short form in brackets and
the words before it that it abbreviates; the short form joins the aliases of the organization
whose name (or a named mention) is those words, or ends with them ("the Organization of the
Petroleum Exporting Countries (OPEC)", whose definition it reads as "of the Petroleum Exporting
Countries").
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from abbreviations.schwartz_hearst import extract_abbreviation_definition_pairs

from graph.records import EntityRecord

_SHORT_FORM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")  # "IAEA", "U.N.", "AT&T"; not "Inc" or "G7"

logging.getLogger("abbreviations.schwartz_hearst").setLevel(logging.WARNING)


def defined_acronyms(text: str) -> dict[str, str]:
    """Each definition the text gives, folded, with its acronym: {"food and drug administration":
    "FDA"}."""
    pairs = extract_abbreviation_definition_pairs(doc_text=text, first_definition=True)
    return {
        " ".join(definition.split()).casefold(): short
        for short, definition in pairs.items()
        if _SHORT_FORM.match(short)
    }


def with_defined_acronyms(records: list[EntityRecord], text: str) -> list[EntityRecord]:
    """The records, each organization's aliases with the acronyms the text defines for it."""
    if "(" not in text:
        return records
    defined = defined_acronyms(text)
    if not defined:
        return records
    out = []
    for record in records:
        if record.kind == "organization":
            names = {" ".join(n.split()).casefold() for n in (record.label, *record.aliases)}
            found = {
                short
                for definition, short in defined.items()
                if any(_stands_for(name, definition) for name in names) and short not in record.aliases
            }
            if found:
                record = replace(record, aliases=sorted({*record.aliases, *found}))
        out.append(record)
    return out


def _stands_for(name: str, definition: str) -> bool:
    return name == definition or (len(definition.split()) >= 2 and name.endswith(f" {definition}"))
