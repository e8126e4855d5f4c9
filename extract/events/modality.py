"""Whether an event happened: future, hypothetical, negated or perfect readings of its clause."""

from __future__ import annotations

from spacy.tokens import Token

from extract.events.grammar import PASSIVE_SUBJECTS, SUBJECTS
from extract.events.lexicon import EventLexicon

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "'d", "can"})
_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_BE = frozenset({"is", "are", "was", "were", "be", "'s", "'re"})


def own_readings(verb: Token) -> set[str]:
    """future / hypothetical / negated / perfect from the verb's own auxiliaries, negation, marks."""
    out = set()
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg":
            out.add("negated")
        elif child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS:
            if any(c.dep_ == "det" and c.lower_ == "no" for c in child.children):
                out.add("negated")  # "no soldiers were killed"
        elif child.dep_ in ("aux", "auxpass"):
            if word in _FUTURE_AUX:
                out.add("future")
            elif word in _HYPOTHETICAL_AUX:
                out.add("hypothetical")
            elif word in _PERFECT_AUX:
                out.add("perfect")
        elif child.dep_ == "mark" and word in _CONDITIONAL_MARKS:
            out.add("hypothetical")
        elif child.dep_ == "xcomp" and verb.lower_ in _BE and any(c.lower_ == "to" for c in child.children):
            out.add("future")  # "is to meet"
    return out


def readings(verb: Token, lex: EventLexicon) -> set[str]:
    """The verb's readings, with those of the verbs that frame it ("is scheduled to visit")."""
    out: set[str] = set()
    current = verb
    for _ in range(4):
        out |= own_readings(current)
        head = current.head
        if head is current:
            break
        if current.dep_ == "xcomp":
            out |= {r for r in ("future", "hypothetical", "negated") if lex.reads(head, r)}
            if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children):
                out.add("negated")  # "has yet to withdraw"
        elif current.dep_ == "conj" and not any(
            c.dep_ in ("aux", "auxpass") or c.dep_ in SUBJECTS for c in current.children
        ):
            pass  # "will visit Kyiv and meet Zelenskiy" shares the auxiliary
        elif current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            pass  # a purpose: "travels to Kyiv to meet" reads as the travel does
        else:
            break
        current = head
    return out


def noun_readings(noun: Token) -> set[str]:
    """'no talks', 'no sanctions': a noun event denied by its determiner."""
    return {"negated"} if any(c.dep_ in ("det", "neg") and c.lower_ == "no" for c in noun.children) else set()
