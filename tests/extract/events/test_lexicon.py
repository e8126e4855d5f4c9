"""The event tables: every type is reachable, every reference resolves, word forms reach their lemma."""

from __future__ import annotations

from extract.events.lexicon import inflect, load_lexicon
from graph.vocabulary import EVENT_TYPES

TYPES = set(EVENT_TYPES)


def test_trigger_tables_are_consistent() -> None:
    lexicon = load_lexicon()
    assert {rule.event_type for rules in lexicon.triggers.values() for rule in rules} == TYPES | {"-"}
    trigger_words = {lemma for _, lemma in lexicon.triggers}
    assert {t for t, _ in lexicon.roles} <= TYPES | {"*"} | trigger_words
    assert {t for t, _ in lexicon.modes} <= TYPES


def test_inflected_and_irregular_forms_reach_their_lemma() -> None:
    forms = load_lexicon().forms
    assert (forms["verb"]["met"], forms["verb"]["seized"], forms["verb"]["flew"]) == ("meet", "seize", "fly")
    assert (forms["noun"]["sanctions"], forms["noun"]["talks"]) == ("sanction", "talks")


def test_inflect_follows_english_spelling() -> None:
    assert inflect("urge", "verb") == {"urge", "urges", "urged", "urging"}
    assert inflect("ally", "verb") == {"ally", "allies", "allied", "allying"}
    assert {"banned", "banning"} <= inflect("ban", "verb")
    assert inflect("crash", "noun") == {"crash", "crashes"}
