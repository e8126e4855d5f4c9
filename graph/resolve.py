"""Decide which names in an archive are one thing: short forms, acronyms, variants, one kind.

Words used here:
- a *name* is one document-level entity id ("person:mark-felt") with every document naming it;
  an *entry* is one document's use of a name.
- a name's *keys* ("p:felt", "o:yukos oil", "a:iaea", ...) are what it shares with the names it
  could be: two names are compared only when they share a key, so deciding for a name needs only
  the names one key away (its *neighbourhood*), and a write re-decides only the names that share a
  key with the names it adds or removes.
- a name's *parent* is the longer name it is a form of ("Felt" -> "W. Mark Felt", "IAEA" ->
  "International Atomic Energy Agency"); the archive node is the root of the parent chain. A parent
  is always more specific (`specificity`), so chains end.
- *evidence* that a document's entry is a candidate's: the candidate is named in the same
  document, or some document naming the candidate shares at least `MIN_SHARED` other people and
  organizations with it (the same story).

Every decision is a function of the neighbourhood's names and their documents' own contents, never
of what was resolved before, so the archive resolves the same whatever order documents came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Protocol

from graph.names import (
    acronym,
    generic_org_words,
    given_names_compatible,
    is_acronym,
    org_words,
    person_parts,
)

__all__ = ["MIN_SHARED", "Archive", "Decision", "Name", "name_keys", "resolve"]

MIN_SHARED = 2  # other people and organizations two documents share to be one story
_CONTEXT_DOCS = 100  # documents of a candidate read for evidence (the first by id)
_MAX_SPAN = 6  # organizations of more words give no short forms
_KIND_ORDER = {"organization": 0, "person": 1, "place": 2}
_CROSS_KINDS = ("organization", "person")


class Archive(Protocol):
    """What resolution reads from the store."""

    def names_with_keys(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """Every name having one of `keys`, with all of its keys."""

    def docs_of(self, name: str, *, limit: int | None = None) -> list[str]:
        """The documents naming `name`, by id."""

    def doc_count(self, name: str) -> int:
        """How many documents name `name`."""

    def entities_of(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """The entity names of each document."""


def name_keys(kind: str, label: str, aliases: Iterable[str] = ()) -> set[str]:
    """The keys of one document's entity: what it could share with another name of one thing."""
    keys = {f"l:{label}"}
    if kind == "person":
        given, surname, _ = person_parts(label)
        if not surname:
            return keys
        keys |= {f"p:{surname}", f"x:{' '.join((*given, surname))}"}
        if not given:
            keys.add(f"s:{surname}")  # "Amnesty" read as a person may be an organization's short form
        return keys
    words = org_words(label)
    if not words:
        return keys
    keys.add(f"x:{' '.join(words)}")
    if kind != "organization":
        return keys
    keys.add(f"o:{' '.join(words)}")
    if is_acronym(label):
        keys.add(f"a:{words[0]}")
    elif (initials := acronym(words)) and len(initials) >= 3:
        keys.add(f"a:{initials}")
    keys |= {f"d:{a.replace('.', '').lower()}" for a in aliases if is_acronym(a) and a != label}
    keys |= {f"s:{span}" for span in _spans(words)}
    return keys


def _spans(words: tuple[str, ...]) -> set[str]:
    """The name itself and, for a name of a few words, its first and last words: the spans a
    shorter form of it can be ("amnesty" of "amnesty international", "lakers" of "los angeles
    lakers"), without the ones that are only generic ("group")."""
    spans = {" ".join(words)}
    if 1 < len(words) <= _MAX_SPAN:
        generic = generic_org_words()
        for i in range(1, len(words)):
            for part in (words[:i], words[i:]):
                if not all(w in generic or len(w) < 2 for w in part):
                    spans.add(" ".join(part))
    return spans


@dataclass(frozen=True)
class Name:
    """One name as resolution sees it: its id, its kind and the label its keys came from."""

    id: str
    keys: frozenset[str]

    @cached_property
    def kind(self) -> str:
        return self.id.partition(":")[0]

    @cached_property
    def label(self) -> str:
        labels = sorted(k[2:] for k in self.keys if k.startswith("l:"))
        return labels[0] if labels else self.id.partition(":")[2]

    @cached_property
    def person(self) -> tuple[tuple[str, ...], str, str]:
        return person_parts(self.label)

    @cached_property
    def words(self) -> tuple[str, ...]:
        if self.kind == "person":
            given, surname, suffix = self.person
            return (*given, surname, *((suffix,) if suffix else ()))
        return org_words(self.label)

    @property
    def bare(self) -> bool:
        """A person named by one word: a surname (or a given name) alone."""
        return self.kind == "person" and not self.person[0]

    @property
    def acronym(self) -> bool:
        return self.kind == "organization" and is_acronym(self.label)

    @cached_property
    def specificity(self) -> tuple[int, int, int, int, str]:
        """How fully the name says who it is: more words, longer words; then the plainer label
        ("Advanced Micro Devices" over "Advanced Micro Devices Inc."); the id breaks ties."""
        size = sum(len(w) for w in self.words)
        return (len(self.words), size, -_KIND_ORDER.get(self.kind, 9), -len(self.label), self.id)


@dataclass(slots=True)
class Decision:
    """What resolution says of one name: the longer name it is a form of (or None), why, and for a
    name decided document by document, each document's parent."""

    name: str
    parent: str | None
    why: str = ""
    entries: dict[str, tuple[str | None, str]] | None = None  # doc id -> (parent, why)


def resolve(
    archive: Archive, keys: Iterable[str], *, fresh: str | None = None, fresh_names: Iterable[str] = ()
) -> dict[str, Decision]:
    """Decide every name sharing one of `keys` (the keys of the names a write touched).

    `fresh` is the document just added, naming `fresh_names`: a name decided document by document
    whose candidates that document leaves as they were (none of them new, and the document not
    among the ones read for their story) is decided for that document alone; its other documents'
    decisions stand, since nothing they rest on changed."""
    return _Resolver(archive, fresh=fresh, fresh_names=frozenset(fresh_names)).run(set(keys))


@lru_cache(maxsize=65536)
def _story_tokens(name_id: str) -> frozenset[str]:
    """How a document's entity shows in its story, read from its id: a person by surname, an
    organization by its words, its last distinctive word and its initials ("los angeles lakers",
    "lakers", "lal"), so that two stories naming one thing by two forms still share it. Places are
    left out: too many stories share a country."""
    kind, _, slug = name_id.partition(":")
    words = slug.split("-")
    if kind == "person":
        return frozenset({f"p:{words[-1]}"})
    if kind != "organization":
        return frozenset()
    generic = generic_org_words()
    tokens = {f"o:{' '.join(words)}"}
    distinctive = [w for w in words if w not in generic and len(w) > 2]
    if distinctive:
        tokens.add(f"w:{distinctive[-1]}")
    initials = words[0] if len(words) == 1 else acronym(tuple(words))
    if initials and len(initials) >= 3:
        tokens.add(f"a:{initials}")
    return frozenset(tokens)


@dataclass(slots=True)
class _Resolver:
    archive: Archive
    fresh: str | None = None
    fresh_names: frozenset[str] = frozenset()
    names: dict[str, Name] = field(default_factory=dict)
    _docs: dict[str, list[str]] = field(default_factory=dict)
    _entities: dict[str, list[str]] = field(default_factory=dict)
    _parent: dict[str, str] = field(default_factory=dict)
    _why: dict[str, str] = field(default_factory=dict)
    _tokens: dict[str, frozenset[str]] = field(default_factory=dict)

    def run(self, keys: set[str]) -> dict[str, Decision]:
        touched = self.archive.names_with_keys(keys)
        near_keys = set().union(*touched.values()) if touched else set()
        near = self.archive.names_with_keys(near_keys - {k for k in near_keys if k.startswith("l:")})
        self.names = {n: Name(n, frozenset(k)) for n, k in {**near, **touched}.items()}
        by_key: dict[str, list[Name]] = {}
        for name in self.names.values():
            for key in name.keys:
                by_key.setdefault(key, []).append(name)
        self._cluster(by_key)
        decisions = {}
        for name_id in sorted(touched):
            name = self.names[name_id]
            parent = self._root(name_id)
            decision = Decision(name_id, None if parent == name_id else parent, self._why.get(name_id, ""))
            if name.bare or self._short_candidates(name, by_key) or self._minority_of(name, by_key):
                decision.entries = self._decide_entries(name, by_key, decision.parent)
            decisions[name_id] = decision
        return decisions

    # -- name by name: variants that need no context --------------------------------------

    def _root(self, name_id: str) -> str:
        while name_id in self._parent:
            name_id = self._parent[name_id]
        return name_id

    def _join(self, names: Iterable[Name], why: str) -> None:
        """One thing: every name's root goes under the most specific root among them."""
        roots = {self._root(n.id) for n in names}
        top = max(roots, key=lambda r: self.names[r].specificity)
        for root in roots - {top}:
            self._parent[root] = top
            self._why.setdefault(root, why)

    def _cluster(self, by_key: Mapping[str, list[Name]]) -> None:
        for key, group in sorted(by_key.items()):
            if key.startswith("o:"):  # "Yukos Oil Co." and "Yukos Oil": one name without its suffix
                orgs = [n for n in group if n.kind == "organization"]
                if len(orgs) > 1:
                    self._join(orgs, "legal suffix")
        for key, group in sorted(by_key.items()):
            if key.startswith("p:"):
                self._cluster_persons([n for n in group if n.kind == "person" and not n.bare])
        ordered = sorted(self.names.values(), key=lambda n: n.specificity)
        for name in ordered:
            if name.kind == "organization" and not name.acronym:
                self._join_generic_short_form(name, by_key)
        for name in ordered:
            if name.acronym:
                self._join_acronym(name, by_key)

    def _cluster_persons(self, full: list[Name]) -> None:
        """ "Mark Felt" and "W. Mark Felt" are one person; "George Bush" fits both "George W. Bush"
        and "George H. W. Bush", who are two, so it joins neither."""
        for name in sorted(full, key=lambda n: n.specificity):
            fuller = [
                other
                for other in full
                if other.specificity > name.specificity and _persons_compatible(name, other)
            ]
            if not fuller or not all(_persons_compatible(a, b) for a in fuller for b in fuller if a is not b):
                continue
            if all(_same_spelling(name, o) for o in fuller) or self._names_share_story(name, fuller):
                self._join([name, *fuller], "fuller name")

    def _join_generic_short_form(self, name: Name, by_key: Mapping[str, list[Name]]) -> None:
        """ "Amnesty" for "Amnesty International", "Yukos" for "Yukos Oil": the longer name only
        adds words that say what kind of body it is."""
        generic = generic_org_words()
        if all(w in generic for w in name.words):
            return
        size = len(name.words)
        longer = [
            other
            for other in by_key.get(f"s:{' '.join(name.words)}", ())
            if other.kind == "organization"
            and len(other.words) > size
            and other.words[:size] == name.words
            and all(w in generic for w in other.words[size:])
        ]
        roots = {self._root(o.id) for o in longer}
        if len(roots) == 1:
            self._join([name, *longer], "generic words dropped")

    def _join_acronym(self, name: Name, by_key: Mapping[str, list[Name]]) -> None:
        """ "IAEA": the one organization whose name it abbreviates; one the text defined it for
        ("the International Atomic Energy Agency (IAEA)") wins over one that only has the initials."""
        letters = name.words[0]
        defined = [n for n in by_key.get(f"d:{letters}", ()) if not n.acronym]
        initials = [n for n in by_key.get(f"a:{letters}", ()) if not n.acronym and n.kind == "organization"]
        for group, why in ((defined, "acronym defined in a text"), (initials, "acronym")):
            roots = {self._root(n.id) for n in group}
            if len(roots) == 1 and (group is defined or self._names_share_story(name, group)):
                self._join([name, *group], why)
                return
            if roots:
                return

    # -- document by document: short forms that need the story ----------------------------

    def _short_candidates(self, name: Name, by_key: Mapping[str, list[Name]]) -> list[Name]:
        """Organizations a name may be a shorter form of: "Amnesty" (read as a person, say) of
        "Amnesty International"."""
        if name.kind not in ("organization", "person") or name.acronym:
            return []
        if name.kind == "person" and not name.bare:
            return []
        words = name.words if name.kind == "organization" else (name.person[1],)
        if all(w in generic_org_words() for w in words):
            return []
        size, generic = len(words), generic_org_words()
        return [
            other
            for other in by_key.get(f"s:{' '.join(words)}", ())
            if other.kind == "organization"
            and len(other.words) > size
            # the last words alone ("Wales" of "Prince of Wales", "Parliament" of "European
            # Parliament") name another thing too often, even in one story: only the first words
            and other.words[:size] == words
            and all(w in generic for w in other.words[size:])
            and self._root(other.id) != self._root(name.id)
        ]

    def _other_kinds(self, name: Name, by_key: Mapping[str, list[Name]]) -> list[Name]:
        """The same words named as a person and as an organization ("Yukos"), the model's usual
        confusion. Places are the gazetteer's: "Jordan" the player and the country stay two."""
        if name.kind not in _CROSS_KINDS:
            return []
        key = f"x:{' '.join(name.words)}"
        if name.kind == "person":
            given, surname, _ = name.person
            key = f"x:{' '.join((*given, surname))}"
        return [o for o in by_key.get(key, ()) if o.kind != name.kind and o.kind in _CROSS_KINDS]

    def _decide_entries(
        self, name: Name, by_key: Mapping[str, list[Name]], parent: str | None
    ) -> dict[str, tuple[str | None, str]]:
        """Each document's entry of a short or disputed name: the candidate its story supports."""
        out: dict[str, tuple[str | None, str]] = {}
        surname_groups = self._surname_groups(name, by_key) if name.bare else {}
        shorter_of = self._group_by_root(self._short_candidates(name, by_key))
        other_kinds = self._group_by_root(self._minority_of(name, by_key))
        docs = self._docs_of(name.id)
        candidates = [m for group in (surname_groups, shorter_of) for ms in group.values() for m in ms]
        if not other_kinds and self._unchanged(candidates):
            docs = [self.fresh] if self.fresh in docs else []
        entities = self._entities_of(docs)
        for doc in docs:
            in_doc = entities.get(doc, [])
            choice = self._entry_choice(name, doc, in_doc, surname_groups, shorter_of, other_kinds)
            out[doc] = choice if choice is not None else (parent, "")
        return out

    def _unchanged(self, candidates: list[Name]) -> bool:
        """The fresh document changes nothing these candidates' evidence rests on."""
        if self.fresh is None:
            return False
        for member in candidates:
            if member.id not in self.fresh_names:
                continue
            head = self._docs_of(member.id, limit=_CONTEXT_DOCS)
            if self.fresh in head or self.archive.doc_count(member.id) <= 1:
                return False
        return True

    def _entry_choice(
        self,
        name: Name,
        doc: str,
        in_doc: list[str],
        surname_groups: dict[str, list[Name]],
        shorter_of: dict[str, list[Name]],
        other_kinds: dict[str, list[Name]],
    ) -> tuple[str, str] | None:
        if name.bare:
            surname = name.person[1]
            own = [self.names[n] for n in in_doc if n in self.names and n != name.id]
            if any(n.kind == "person" and not n.bare and n.person[1] == surname for n in own):
                return None  # the document itself has that surname's full names: its own call
            if surname_groups:
                return self._best(name, doc, in_doc, surname_groups, "surname")
        if shorter_of:
            choice = self._best(name, doc, in_doc, shorter_of, "shorter form")
            if choice is not None:
                return choice
        if other_kinds:
            return self._best(name, doc, in_doc, other_kinds, "same name, another kind")
        return None

    def _best(
        self, name: Name, doc: str, in_doc: list[str], groups: dict[str, list[Name]], why: str
    ) -> tuple[str, str] | None:
        """The one candidate whose story the document shares (and clearly more than any other's)."""
        scores = sorted(
            ((self._evidence(doc, in_doc, name, members), root) for root, members in groups.items()),
            reverse=True,
        )
        best, root = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0
        if best >= MIN_SHARED and best >= 2 * runner_up:
            return root, f"{why} (shares {best if best < 1000 else 'its document'})"
        return None

    def _evidence(self, doc: str, in_doc: list[str], name: Name, members: list[Name]) -> int:
        ids = {m.id for m in members}
        if ids & set(in_doc):
            return 1000  # named in the same document
        skip = _story_tokens(name.id).union(*(_story_tokens(m.id) for m in members))
        mine = [tokens - skip for e in in_doc if (tokens := _story_tokens(e)) and not tokens <= skip]
        if len(mine) < MIN_SHARED:
            return 0
        best = 0
        for member in members:
            docs = self._docs_of(member.id, limit=_CONTEXT_DOCS)
            for other_doc, entities in self._entities_of(docs).items():
                if other_doc != doc:
                    theirs = self._story(other_doc, entities)
                    best = max(best, sum(1 for tokens in mine if tokens & theirs))
        return best

    def _story(self, doc: str, entities: list[str]) -> frozenset[str]:
        """Every story token of the people and organizations a document names."""
        tokens = self._tokens.get(doc)
        if tokens is None:
            tokens = self._tokens[doc] = frozenset().union(*map(_story_tokens, entities))
        return tokens

    def _names_share_story(self, name: Name, others: list[Name]) -> bool:
        """Some document of `name` shares a story with some document of the others."""
        docs = self._docs_of(name.id, limit=_CONTEXT_DOCS)
        for doc, entities in self._entities_of(docs).items():
            if self._evidence(doc, entities, name, others) >= MIN_SHARED:
                return True
        return False

    def _surname_groups(self, name: Name, by_key: Mapping[str, list[Name]]) -> dict[str, list[Name]]:
        surname = name.person[1]
        full = [n for n in by_key.get(f"p:{surname}", ()) if n.kind == "person" and not n.bare]
        return self._group_by_root([n for n in full if n.person[1] == surname])

    def _group_by_root(self, names: list[Name]) -> dict[str, list[Name]]:
        groups: dict[str, list[Name]] = {}
        for n in names:
            groups.setdefault(self._root(n.id), []).append(n)
        return groups

    def _minority_of(self, name: Name, by_key: Mapping[str, list[Name]]) -> list[Name]:
        """The names of other kinds with these words that outweigh this one: the kind most
        documents give the words wins, and a tie goes to the kind order."""
        own = self.archive.doc_count(name.id)
        out = []
        for other in self._other_kinds(name, by_key):
            theirs = self.archive.doc_count(other.id)
            rank = (theirs, -_KIND_ORDER.get(other.kind, 9)) > (own, -_KIND_ORDER.get(name.kind, 9))
            if rank:
                out.append(other)
        return out

    def _docs_of(self, name_id: str, *, limit: int | None = None) -> list[str]:
        docs = self._docs.get(name_id)
        if docs is None:
            docs = self._docs[name_id] = self.archive.docs_of(name_id)
        return docs[:limit] if limit is not None else docs

    def _entities_of(self, docs: list[str]) -> dict[str, list[str]]:
        missing = [d for d in docs if d not in self._entities]
        if missing:
            self._entities.update(self.archive.entities_of(missing))
            for d in missing:
                self._entities.setdefault(d, [])
        return {d: self._entities[d] for d in docs}


def _persons_compatible(a: Name, b: Name) -> bool:
    given_a, surname_a, suffix_a = a.person
    given_b, surname_b, suffix_b = b.person
    if surname_a != surname_b or (suffix_a and suffix_b and suffix_a != suffix_b):
        return False
    return given_names_compatible(given_a, given_b)


def _same_spelling(a: Name, b: Name) -> bool:
    """Given names that differ only by initials or a middle name, not by a nickname or spelling."""
    short, long = sorted((a.person[0], b.person[0]), key=len)
    return all(any(s == w or (len(s) == 1 and w.startswith(s)) for w in long) for s in short)
