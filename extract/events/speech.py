"""What a statement does besides saying: it demands ('said Russia must withdraw'), threatens
('warned that if Russia moves further, sanctions will follow') or blames ('said Nord Stream 2 is a
threat').

A clause reported after a verb of saying whose verb is obliged (must, should, ought to, needs to,
has to) is a demand of the speaker on the clause's subject; obliged in the past ("should have acted
sooner") it is a reproach, an accusation; one that says its subject is a threat, a violation, the
aggressor (extract/data/blame_nouns.txt) accuses that subject. A reported or told consequence under a
condition ("if ..., sanctions will follow", "Washington would impose sanctions if ...") is a threat
against whoever the condition is about, when the consequence is a reprisal: force, a penalty, or a
word for one (consequences, costs, response: extract/data/event_frames.tsv, reading "reprisal").
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from extract.data import words
from extract.events.grammar import PASSIVE_SUBJECTS, SUBJECTS
from extract.events.lexicon import EventLexicon
from graph.vocabulary import EventType

_OBLIGATION_AUX = frozenset({"must", "should", "ought"})
_FORESEEING = frozenset({"would", "will", "could", "might", "may", "'ll", "'d"})
_OBLIGATION_VERBS = frozenset({"need", "needs", "have", "has"})  # "had to" tells the past
_CONDITIONAL_MARKS = frozenset({"if", "unless", "should"})
# material conflict: a threat when told as the consequence of a condition
REPRISAL_TYPES: frozenset[EventType] = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"})


def reproaches(clause: Token) -> bool:
    """'(that) the government should have acted sooner': what ought to have been done, and was not."""
    return any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_AUX for c in clause.children) and any(
        c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in clause.children
    )


def obliged_subjects(clause: Token) -> list[Token]:
    """The subjects a reported clause puts under an obligation: "Russia" in "(that) Russia must
    withdraw", "Russia needs to take a step back"."""
    obliged = any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_AUX for c in clause.children) or (
        clause.lower_ in _OBLIGATION_VERBS
        and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in clause.children)
    )
    # "would need to raise taxes" foresees, "will not have to" releases: neither demands
    if not obliged or any(c.dep_ == "neg" or c.lower_ in _FORESEEING for c in clause.children):
        return []
    return [c for c in clause.children if c.dep_ in SUBJECTS]


def condition_of(clause: Token) -> Token | None:
    """The conditional clause a consequence hangs from: "if Russia invades" in "... would impose
    sanctions if Russia invades"."""
    for child in clause.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in child.children
        ):
            return child
    return None


def condition_subjects(condition: Token) -> list[Token]:
    return [c for c in condition.children if c.dep_ in SUBJECTS or c.dep_ in PASSIVE_SUBJECTS]


def threatens(clause: Token, condition: Token, reprisal: Callable[[Token], bool | None]) -> bool:
    """Whether the consequence clause (outside its condition) tells a reprisal with no doer of its
    own, which its reporter then threatens. `reprisal(word)` is None for a word that tells none, else
    whether the reprisal names its doer."""
    inside = {t.i for t in condition.subtree}
    found = [reprisal(t) for t in clause.subtree if t.i not in inside]
    return False in found and True not in found


def blamed_subjects(clause: Token, lex: EventLexicon) -> list[Token]:
    """The subjects a reported clause calls a threat, a violation or the aggressor: "Nord Stream 2"
    in "(that) Nord Stream 2 is a geopolitical weapon and a threat"; not when it denies it ("is
    not a threat") or only supposes it ("could be a threat")."""
    if lex.lemma(clause, "verb") != "be" or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _FORESEEING) for c in clause.children
    ):
        return []
    named = [a for c in clause.children if c.dep_ == "attr" for a in (c, *(x for x in c.conjuncts))]
    if not any(lex.lemma(a, "noun") in words("blame_nouns.txt") for a in named):
        return []
    return [c for c in clause.children if c.dep_ in SUBJECTS]
