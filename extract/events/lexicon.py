"""The event lexicon: trigger words, role links, modes and frames, read once from extract/data.

Words are matched by surface form: every lemma the tables name is inflected by English spelling
rules (plus irregular_forms.tsv) into a form -> lemma map, so finding triggers is one dictionary
lookup per token and needs no lemmatizer in the pipeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from graph.vocabulary import ENTITY_KINDS, EVENT_TYPES, MODES, ROLE_RELATIONS, EntityKind

_VOWELS = "aeiou"
_SIBILANT = re.compile(r"(?:s|sh|ch|x|z)$")
_DOUBLING = re.compile(r"[^aeiou][aeiou][bdgklmnprt]$")
_KIND_WORDS: dict[str, frozenset[EntityKind]] = {
    "ENTITY": frozenset(ENTITY_KINDS),
    "PERSON": frozenset({"person"}),
    "PLACE": frozenset({"place"}),
    "ORGANIZATION": frozenset({"organization"}),
}
# the roles a table may give; "both": a place is recipient and location, anything else recipient
ROLES = (*ROLE_RELATIONS, "both", "none")
READINGS = (
    "light", "utter", "quantity", "future", "hypothetical", "negated", "joint", "occur", "participate",
    "reprisal", "harm", "legal",
)  # fmt: skip
NO_EVENT = "-"  # the type of a trigger row that tells a use of its word is no event


def pos_of(token: Token) -> str | None:
    """'verb' or 'noun' for the tags the tables speak of (proper nouns are names, not triggers)."""
    tag = token.tag_
    if tag.startswith("VB"):
        return "verb"
    if tag in ("NN", "NNS"):
        return "noun"
    return None


def inflect(lemma: str, pos: str) -> set[str]:
    """The regular forms of a lemma (over-generating is harmless: the forms are only looked up)."""
    forms = {lemma}
    if _SIBILANT.search(lemma):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if pos == "verb":
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
            forms.update({lemma[:-1] + "ied", lemma + "ing"})
        else:
            forms.update({stem + "ed", stem + "ing"})
        if _DOUBLING.search(lemma):
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One row of triggers.tsv: a word (with an optional second word) and what it announces."""

    lemma: str
    pos: str
    event_type: str  # "-": this use of the word is no event
    mode: str | None
    particle: str | None = None  # the phrase's second word, a dependent of the first
    obj: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()
    obj_kinds: frozenset[str] = frozenset()  # the object names an entity of one of these kinds
    subj_kinds: frozenset[str] = frozenset()
    mod: frozenset[str] = frozenset()  # a modifier's lemma: "air strike", "military exercises"
    ccomp: bool = False
    mutual: bool = False  # two or more parties are its subject ("Biden and Xi talked")
    light: bool = False  # a noun told through a light verb ("expressed concern", "raised objections")
    light_verbs: frozenset[str] = frozenset()  # ... through one of these ("lodged a protest")
    recipient: bool = False  # an event only when it names whom it is aimed at
    intransitive: bool = False  # the verb has no direct object
    named: bool = False  # the verb names its object something: "called the camp a scandal"
    question: bool = False  # the verb's clause is a question: "asked what had happened"
    xcomp: frozenset[str] = frozenset()  # the lemma of its infinitive complement: "refused to comment"
    clause: frozenset[str] = frozenset()  # a word of its clause complement: "ruled that it was unlawful"

    @property
    def specificity(self) -> int:
        if self.particle:
            return 2
        conditions = (self.obj, self.subj, self.obj_kinds, self.subj_kinds, self.mod, self.xcomp, self.clause)
        flags = (
            self.ccomp,
            self.mutual,
            self.light,
            self.recipient,
            self.intransitive,
            self.named,
            self.question,
        )
        return int(any(conditions) or any(flags))


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Everything the event reader looks words up in."""

    forms: dict[str, dict[str, str]]  # pos -> surface form -> lemma
    triggers: dict[tuple[str, str], tuple[TriggerRule, ...]]  # (pos, lemma) -> rules, most specific first
    roles: dict[tuple[str, str], str]  # (trigger lemma, event type or "*"; link) -> role
    modes: dict[tuple[str, str], str]  # (event type, word lemma) -> mode
    frames: dict[str, frozenset[str]]  # verb lemma -> readings
    proxies: frozenset[str] = field(default_factory=frozenset)
    weapons: frozenset[str] = field(default_factory=frozenset)  # proxies owned by adjective only
    governments: frozenset[str] = field(default_factory=frozenset)  # "the government": the home country
    parties: frozenset[str] = field(default_factory=frozenset)  # "the two leaders", "both sides"
    # hashes of every surface form that may be a trigger: one vectorized lookup finds the candidates
    trigger_hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))

    def candidates(self, doc: Doc) -> Iterator[Token]:
        """The tokens whose form is some trigger's; the rest of the document is never touched."""
        lowers = doc.to_array(LOWER)
        found = self.trigger_hashes
        if not len(lowers) or not len(found):
            return
        at = np.minimum(np.searchsorted(found, lowers), len(found) - 1)
        for i in np.flatnonzero(found[at] == lowers):
            yield doc[int(i)]

    def lemma(self, token: Token, pos: str | None = None) -> str:
        table = self.forms.get(pos or pos_of(token) or "noun", {})
        return table.get(token.lower_, token.lower_)

    def rules(self, token: Token) -> tuple[TriggerRule, ...]:
        pos = pos_of(token)
        if pos is None:
            return ()
        lemma = self.forms[pos].get(token.lower_)
        return self.triggers.get((pos, lemma), ()) if lemma else ()

    def role(self, rule: TriggerRule | None, link: str) -> str | None:
        """The role an argument linked by `link` fills for this trigger: its own row, its type's, or *."""
        if rule is not None:
            found = self.roles.get((rule.lemma, link)) or self.roles.get((rule.event_type, link))
            if found:
                return found
        return self.roles.get(("*", link))

    def reads(self, token: Token, reading: str) -> bool:
        return reading in self.frames.get(self.lemma(token, "verb"), ())


def _hashes(words: set[str]) -> list[int]:
    """The ids spaCy gives these strings (the same in every vocabulary)."""
    store = StringStore()
    return [store.add(word) for word in words]


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("extract.data").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def _rule(cells: list[str]) -> TriggerRule:
    trigger, pos, event_type, mode, when = (cells + ["-"] * 5)[:5]
    words = trigger.split()
    conditions: dict[str, object] = {}
    for cond in when.split(",") if when != "-" else ():
        key, _, value = cond.partition("=")
        if (
            key in ("ccomp", "mutual", "light", "recipient", "intransitive", "named", "question")
            and not value
        ):
            conditions[key] = True
        elif key == "light":
            conditions["light"] = True
            conditions["light_verbs"] = frozenset(value.split("|"))
        elif key in ("obj", "subj") and value in _KIND_WORDS:
            conditions[f"{key}_kinds"] = _KIND_WORDS[value]
        elif key in ("obj", "subj", "mod", "xcomp", "clause"):
            conditions[key] = frozenset(value.split("|"))
        else:
            raise ValueError(f"triggers.tsv: unknown condition {cond!r} for {trigger!r}")
    return TriggerRule(
        lemma=words[0],
        pos=pos,
        event_type=event_type,
        mode=None if mode == "-" else mode,
        particle=words[1] if len(words) > 1 else None,
        **conditions,  # type: ignore[arg-type]
    )


def _check_type(table: str, event_type: str, mode: str | None, *, allow: tuple[str, ...] = ()) -> None:
    """An event type of the vocabulary, and a mode that type has (graph.vocabulary)."""
    if event_type not in EVENT_TYPES and event_type not in allow:
        raise ValueError(f"{table}: unknown event type {event_type!r}")
    if mode is not None and mode not in MODES.get(event_type, ()):
        raise ValueError(f"{table}: {event_type} has no mode {mode!r}")


@lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    """Read the event tables from extract/data (once per process)."""
    rules = [_rule(cells) for cells in _rows("triggers.tsv")]
    by_word: dict[tuple[str, str], list[TriggerRule]] = defaultdict(list)
    for rule in rules:
        _check_type("triggers.tsv", rule.event_type, rule.mode, allow=(NO_EVENT,))
        by_word[(rule.pos, rule.lemma)].append(rule)
    triggers = {
        key: tuple(sorted(found, key=lambda r: -r.specificity))  # stable: file order within a group
        for key, found in by_word.items()
    }
    roles = {}
    for event_type, link, role in _rows("event_roles.tsv"):
        if role not in ROLES:
            raise ValueError(f"event_roles.tsv: unknown role {role!r}")
        roles[(event_type, link)] = role
    modes = {}
    for event_type, word, mode in _rows("event_modes.tsv"):
        _check_type("event_modes.tsv", event_type, mode)
        modes[(event_type, word)] = mode
    frames: dict[str, set[str]] = defaultdict(set)
    for lemma, reading in _rows("event_frames.tsv"):
        if reading not in READINGS:
            raise ValueError(f"event_frames.tsv: unknown reading {reading!r}")
        frames[lemma].add(reading)
    proxies = frozenset(row[0] for row in _rows("proxy_nouns.txt"))
    weapons = frozenset(row[0] for row in _rows("weapon_nouns.txt"))
    governments = frozenset(row[0] for row in _rows("government_nouns.txt"))
    parties = frozenset(row[0] for row in _rows("party_nouns.txt"))

    lemmas: dict[str, set[str]] = {"verb": set(frames), "noun": set(proxies) | parties | governments}
    for rule in rules:
        lemmas[rule.pos].add(rule.lemma)
        lemmas["noun"].update(rule.obj | rule.subj | rule.mod)
        lemmas["verb"].update(rule.light_verbs | rule.xcomp)
    lemmas["noun"].update(word for _, word in modes)
    forms: dict[str, dict[str, str]] = {"verb": {}, "noun": {}}
    for pos, words in lemmas.items():
        for lemma in sorted(words):
            for form in inflect(lemma, pos):
                forms[pos].setdefault(form, lemma)
    for lemma, pos, irregular in _rows("irregular_forms.tsv"):
        for form in irregular.split():
            forms[pos].setdefault(form, lemma)
    for pos, words in lemmas.items():  # a lemma is always its own form ("talks" the noun)
        for lemma in words:
            forms[pos][lemma] = lemma
    trigger_forms = {form for pos in forms for form, lemma in forms[pos].items() if (pos, lemma) in triggers}
    return EventLexicon(
        trigger_hashes=np.array(sorted(_hashes(trigger_forms)), dtype=np.uint64),
        forms=forms,
        triggers=triggers,
        roles=roles,
        modes=modes,
        frames={k: frozenset(v) for k, v in frames.items()},
        proxies=proxies,
        weapons=weapons,
        governments=governments,
        parties=parties,
    )
