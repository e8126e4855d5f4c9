"""Which words of a document announce an event: trigger rows whose conditions hold in the parse."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extract.events.grammar import OBJECTS, introduced_clause, subject_of
from extract.events.lexicon import EventLexicon, TriggerRule
from extract.events.participants import Participants

_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dobj", "agent", "dative"})


def find_triggers(doc: Doc, lex: EventLexicon, participants: Participants) -> dict[int, TriggerRule]:
    """Token position -> the first trigger row that holds for it."""
    found: dict[int, TriggerRule] = {}
    participants.event_words = found  # "the invasion by Russia": an event noun's doer is its owner
    for token in lex.candidates(doc):
        rules = lex.rules(token)
        if rules and token.dep_ not in ("amod", "compound"):
            rule = next((r for r in rules if _holds(r, token, lex, participants)), None)
            if rule is not None:
                found[token.i] = rule
    return found


def hands_over(verb: Token, lex: EventLexicon, triggers: dict[int, TriggerRule]) -> bool:
    """A light verb whose object is itself a trigger word gives the event to that noun
    ("held talks", "announced a pullback")."""
    return lex.reads(verb, "light") and any(c.dep_ in OBJECTS and c.i in triggers for c in verb.children)


def _holds(rule: TriggerRule, token: Token, lex: EventLexicon, participants: Participants) -> bool:
    if rule.particle and not _has_particle(rule.particle, token, lex):
        return False
    if rule.obj or rule.obj_kinds:
        objects = [c for c in token.children if c.dep_ in OBJECTS]
        if rule.obj and not any(lex.lemma(o, "noun") in rule.obj for o in objects):
            return False
        if rule.obj_kinds and not any(
            e.kind in rule.obj_kinds for o in objects for e in participants.refer(o, owner=True)
        ):
            return False
    if rule.subj or rule.subj_kinds:
        subjects, passive = subject_of(token, lex)
        if rule.subj and not any(lex.lemma(s, "noun") in rule.subj for s in subjects):
            return False
        if rule.subj_kinds and (
            passive or not any(e.kind in rule.subj_kinds for s in subjects for e in participants.refer(s))
        ):
            return False
    if rule.mod and not any(
        c.dep_ in ("amod", "compound", "nmod") and lex.lemma(c, "noun") in rule.mod for c in token.children
    ):
        return False
    return not rule.ccomp or any(c.dep_ == "ccomp" for c in token.children)


def _has_particle(particle: str, token: Token, lex: EventLexicon) -> bool:
    """The phrase's second word hangs from the first: "call on", "pull back", "cut ties", or it
    introduces the clause that follows the first ("calls for Ukraine to join")."""
    for child in token.children:
        if child.dep_ in _PARTICLE_DEPS and child.lower_ == particle and not _is_time(child):
            return True
        if child.dep_ in OBJECTS and lex.lemma(child, "noun") == particle:
            return True
        if child.dep_ in ("advcl", "acl") and any(
            m.dep_ == "mark" and m.lower_ == particle for m in child.children
        ):
            return True
    return introduced_clause(token) is not None and token.doc[token.i + 1].lower_ == particle


def _is_time(prep: Token) -> bool:
    """'called Putin on Thursday': a preposition of time is no particle."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)
