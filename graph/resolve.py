"""Decide which names in an archive are one thing: short forms, acronyms, variants, one kind.

Words used here:
- a *name* is one document-level entity id ("person:mark-felt") with every document naming it;
  an *entry* is one document's use of a name.
- a name's *keys* ("p:felt", "o:yukos", "a:iaea", ...) are what it shares with the names it could
  be: two names are compared only when they share a key. "l:" keys carry the label; the others are
  the *rule keys*, and the names sharing one of them with a name are its *neighbours*.
- a name's *parent* is the longer name it is a form of ("Mark Felt" -> "W. Mark Felt", "IAEA" ->
  "International Atomic Energy Agency"); the archive node is the root of the parent chain. A parent
  is always more specific (`Name.specificity`), so chains end.
- a short name decided document by document (a surname alone, "Amnesty" read as a person, a name
  most articles give another kind) has an *entry target* per document: the candidate its story
  supports. *Evidence* that an entry is a candidate's: the candidate is named in the same document,
  or some document naming the candidate shares at least `MIN_SHARED` other people and organizations
  with it (the same story).

Every decision reads only the name's neighbours (which names they are, the documents naming them,
what those documents name), never the decisions already stored: so the archive resolves the same
whatever order documents came in, and a write that adds or removes a document re-decides only the
names it is *relevant* to (`_relevant`): the ones whose neighbours it changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from graph.names import (
    acronym,
    generic_org_words,
    given_names_compatible,
    has_legal_suffix,
    is_acronym,
    leads_with,
    org_core,
    org_extends,
    org_words,
    person_parts,
    plain_words,
)

__all__ = ["MIN_SHARED", "Archive", "Change", "Resolution", "name_keys", "resolve", "rule_keys"]

MIN_SHARED = 2  # other people and organizations two documents share to be one story
CONTEXT_DOCS = 100  # documents of a candidate read for evidence (the first by id)
_KIND_ORDER = {"organization": 0, "person": 1, "place": 2}
_CROSS_KINDS = ("organization", "person")
_RULE_KEYS = ("p:", "o:", "a:", "d:", "x:", "t:", "e:")
_COMPANY = "c:"  # a mark, not a key names are grouped by
_MAX_PLACE_WORDS = 3  # the most words a place before a team's or body's name has ("Los Angeles")


class Archive(Protocol):
    """What resolution reads from the store."""

    def names_with_keys(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """Every name having one of `keys`, with all of its keys."""

    def doc_counts(self, names: Iterable[str]) -> dict[str, int]:
        """How many documents name each name."""

    def docs_of(self, names: Iterable[str], *, limit: int | None) -> dict[str, list[str]]:
        """The documents naming each name, by id (the first `limit` of them)."""

    def entities_of(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """The entity names of each document."""

    def parents(self, names: Iterable[str]) -> dict[str, str]:
        """The stored parent of each name that has one."""


def name_keys(kind: str, label: str, aliases: Iterable[str] = ()) -> set[str]:
    """The keys of one document's entity: what it could share with another name of one thing."""
    keys = {f"l:{label}"}
    if kind == "person":
        given, surname, _ = person_parts(label)
        if not surname:
            return keys
        keys |= {f"p:{surname}", f"x:{' '.join((*given, surname))}"}
        if not given:  # "Amnesty" or "Yukos" read as a person may be an organization
            keys |= {f"o:{surname}", f"t:{surname}"}
        return keys
    if kind == "place":  # what a team's or body's name may start with ("Los Angeles Lakers")
        return keys | ({f"e:{' '.join(words)}"} if (words := plain_words(label)) else set())
    if kind != "organization":
        return keys
    words = org_words(label)
    if not words:
        return keys
    keys |= {f"x:{' '.join(words)}", f"o:{' '.join(org_core(words))}", f"t:{' '.join(words)}"}
    if not is_acronym(label):  # "Lakers" for "Los Angeles Lakers", if "Los Angeles" is a place
        for cut in range(1, min(len(words), _MAX_PLACE_WORDS + 1)):
            if not all(w in generic_org_words() for w in words[cut:]):
                keys |= {f"e:{' '.join(words[:cut])}", f"t:{' '.join(words[cut:])}"}
    if is_acronym(label):  # the names it may abbreviate: by their initials, or a text's definition
        keys |= {f"a:{words[0]}", f"d:{words[0]}"}
    elif (initials := acronym(words)) and len(initials) >= 3:
        keys.add(f"a:{initials}")
    keys |= {f"d:{a.replace('.', '').lower()}" for a in aliases if is_acronym(a) and a != label}
    if any(has_legal_suffix(n) for n in (label, *aliases)):
        keys.add(_COMPANY)  # written with its legal form somewhere: a company's full name
    return keys


def rule_keys(keys: Iterable[str]) -> set[str]:
    return {k for k in keys if k.startswith(_RULE_KEYS)}


class Name:
    """One name as resolution sees it: its id, its keys, and what its label says (read once:
    resolution compares every name of a group with the others).

    - `person`: given names, surname and suffix; `words`: the words a name is compared by;
    - `bare`: a person named by one word, a surname (or a given name) alone;
    - `short_words`: the words an organization of which this is a shorter form starts with (an
      organization's own words, a surname alone); None when they only say a kind ("Group");
    - `specificity`: how fully the name says who it is: more words, longer words; then the
      plainer label ("Advanced Micro Devices" over "Advanced Micro Devices Inc."); the id breaks
      ties.
    """

    __slots__ = (
        "acronym",
        "bare",
        "company",
        "id",
        "keys",
        "kind",
        "label",
        "person",
        "short_words",
        "specificity",
        "words",
    )

    def __init__(self, name_id: str, keys: frozenset[str]) -> None:
        self.id, self.keys = name_id, keys
        self.kind = name_id.partition(":")[0]
        labels = [k[2:] for k in keys if k.startswith("l:")]
        self.label = min(labels, key=lambda s: (-len(s), s)) if labels else name_id.partition(":")[2]
        self.person = person_parts(self.label) if self.kind == "person" else ((), "", "")
        given, surname, suffix = self.person
        self.bare = self.kind == "person" and not given
        self.acronym = self.kind == "organization" and is_acronym(self.label)
        self.company = _COMPANY in keys or (self.kind == "organization" and has_legal_suffix(self.label))
        if self.kind == "person":
            self.words: tuple[str, ...] = (*given, surname, *((suffix,) if suffix else ()))
        else:
            self.words = org_words(self.label)
        short = (surname,) if self.bare else self.words if self.kind == "organization" else ()
        generic = generic_org_words()
        self.short_words = short if short and not all(w in generic or len(w) < 2 for w in short) else None
        size = sum(len(w) for w in self.words)
        self.specificity = (len(self.words), size, -_KIND_ORDER.get(self.kind, 9), -len(self.label), name_id)


@dataclass(slots=True)
class Change:
    """What a write did to the archive's names: the document it added (or deleted), the keys of
    each name that document names, and which of them it brought into the archive or took out.
    `everything`: all of their documents are new (rows written in bulk or by an older version):
    every name they are relevant to has all its entries decided again."""

    doc: str | None
    names: dict[str, frozenset[str]]
    appeared: set[str] = field(default_factory=set)
    deleted: bool = False
    everything: bool = False


@dataclass(slots=True)
class Resolution:
    """The decisions a write needs: every re-decided name's parent (None: it is its own node) and
    why; for the names whose entries were all re-decided, each document's target (None: the name's
    own node); for the written document, the target of each of its names decided document by
    document."""

    parents: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    entries: dict[str, dict[str, tuple[str | None, str]]] = field(default_factory=dict)
    fresh: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    plain: set[str] = field(default_factory=set)  # re-decided names with no entry targets at all


@dataclass(slots=True)
class Cache:
    """What resolution read, kept from one write to the next: the names having each key and each
    name's keys, each name's first documents and the story index over them, each document's names.
    A write changes only the keys and documents of the names it names and that document's own
    names, so `forget` drops exactly those."""

    docs: dict[str, list[str]] = field(default_factory=dict)
    entities: dict[str, list[str]] = field(default_factory=dict)
    stories: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    masks: dict[frozenset[str], tuple[dict[str, int], dict[str, int]]] = field(default_factory=dict)
    masked: dict[str, set[frozenset[str]]] = field(default_factory=dict)  # name -> its masks' keys
    names: dict[str, Name] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # key -> the names having it
    limit: int = 50_000  # entries of each kind before it starts over

    def forget(self, change: Change) -> None:
        """What a write changed: the first documents (and their story index) of the names the
        written document names, where that document is among them; the document's own names."""
        doc = change.doc
        if doc is None:
            self.clear()
            return
        self.entities.pop(doc, None)
        for name, keys in change.names.items():  # a key's names change with the keys written
            known = self.names.get(name)
            if known is not None and not change.deleted:
                keys = keys - known.keys  # the keys it has now and had not before
                if keys:
                    self.names[name] = Name(name, known.keys | keys)
            elif known is not None:  # its keys are what its other documents give it: read again
                del self.names[name]
                keys = keys | known.keys
            for key in keys:
                self.members.pop(key, None)
            for group in self.masked.pop(name, ()):
                self.masks.pop(group, None)
        tokens = frozenset().union(*map(_story_tokens, change.names))
        for name in change.names:
            first = self.docs.get(name)
            if first is None or (doc in first if change.deleted else not self._add(name, first, doc, tokens)):
                self.docs.pop(name, None)
                self.stories.pop(name, None)
        if not change.deleted:
            self.entities[doc] = sorted(change.names)
        tables = (self.docs, self.entities, self.stories, self.masks, self.names, self.members)
        if any(len(t) > self.limit for t in tables):
            self.clear()

    def _add(self, name: str, first: list[str], doc: str, tokens: frozenset[str]) -> bool:
        """Put a new document among a name's first ones; False where that cannot be done here."""
        if len(first) >= CONTEXT_DOCS and doc > first[-1]:
            return True  # it comes after them: they stay the first ones
        index = self.stories.get(name)
        dropped = first[-1] if len(first) >= CONTEXT_DOCS else None
        if index is not None and dropped is not None:
            if dropped not in self.entities:
                return False
            for token in frozenset().union(*map(_story_tokens, self.entities[dropped])):
                index.get(token, set()).discard(dropped)
        bisect.insort(first, doc)
        if dropped is not None:
            first.pop()
        if index is not None:
            for token in tokens:
                index.setdefault(token, set()).add(doc)
        return True

    def clear(self) -> None:
        self.docs.clear()
        self.entities.clear()
        self.stories.clear()
        self.masks.clear()
        self.masked.clear()
        self.names.clear()
        self.members.clear()


def resolve(archive: Archive, change: Change, cache: Cache | None = None) -> Resolution:
    """Re-decide the names `change` is relevant to, as a function of their neighbours alone."""
    cache = cache if cache is not None else Cache()
    cache.forget(change)
    return _Resolver(archive, change, cache).run()


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


def _relevant(name: Name, other: Name, key: str) -> bool:
    """Whether `other`, sharing `key` with `name`, is something `name`'s decisions read: a fuller
    name it fits, a longer organization it starts, an acronym's spelled-out name (or the other way
    round), the same words given another kind."""
    if name.id == other.id:
        return True
    prefix = key[:2]
    if prefix == "p:":  # a surname alone reads the full names; a full name the fuller ones it fits
        if name.bare or other.bare:
            return name.bare and not other.bare
        return _persons_compatible(name, other)
    if prefix == "o:":  # the longer organizations it starts
        words = name.short_words
        return (
            words is not None
            and other.kind == "organization"
            and not (name.kind == "person" and other.acronym)
            and org_extends(other.words, words)
        )
    if prefix in ("a:", "d:"):  # an acronym reads the names spelled out
        return name.acronym and not other.acronym and other.kind == "organization"
    if prefix == "t:":  # a longer organization that ends with its words
        words = name.short_words
        return (
            words is not None
            and other.kind == "organization"
            and not other.acronym
            and len(other.words) > len(words)
            and other.words[-len(words) :] == words
        )
    if prefix == "x:":  # the same words given another kind
        return name.kind != other.kind and name.kind in _CROSS_KINDS and other.kind in _CROSS_KINDS
    return False


@dataclass(slots=True)
class _Resolver:
    archive: Archive
    change: Change
    cache: Cache
    names: dict[str, Name] = field(default_factory=dict)
    by_key: dict[str, list[Name]] = field(default_factory=dict)
    _loaded: set[str] = field(default_factory=set)
    _parents: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)
    _candidates_of: dict[str, dict[str, dict[str, list[Name]]]] = field(default_factory=dict)

    def run(self) -> Resolution:
        change = self.change
        written = {n: Name(n, keys) for n, keys in change.names.items()}
        # a place's "e:" key leads to organizations named after it, which read no place: left out
        self._load(k for w in written.values() for k in w.keys if not k.startswith("e:"))
        # each name a written one is relevant to, with the written names that are relevant to it
        touched: dict[str, list[Name]] = {}
        for w in written.values():
            for key in sorted(k for k in rule_keys(w.keys) if not k.startswith("e:")):
                for other in self.by_key.get(key, ()):
                    if _relevant(other, w, key):
                        touched.setdefault(other.id, []).append(w)
        for w in written.values():  # a place come or gone: the names that may drop it ("Lakers")
            if w.kind == "place" and (change.everything or w.id in change.appeared):
                for name_id in self._dropping(w):
                    touched.setdefault(name_id, []).append(w)
        out = Resolution()
        for name_id in sorted(touched):
            out.parents[name_id] = self.parent(self.names[name_id])
        stored = self.archive.parents(touched)
        moved = {n for n, (parent, _) in out.parents.items() if parent != stored.get(n)}
        for name_id in sorted(touched):
            name = self.names[name_id]
            if not self._candidates(name):
                out.plain.add(name_id)  # one node for all its documents: the name's own
            elif change.everything or self._entries_changed(name, touched[name_id], moved):
                docs = self.archive.docs_of([name_id], limit=None).get(name_id, [])
                out.entries[name_id] = self._decide_entries(name, docs)
            elif name_id in change.names and not change.deleted and change.doc is not None:
                out.fresh[name_id] = self._decide_entries(name, [change.doc])[change.doc]
        return out

    # -- loading --------------------------------------------------------------------------

    def _load(self, keys: Iterable[str]) -> None:
        """Every name with one of `keys`, so that the groups they make are whole."""
        wanted = rule_keys(keys) - self._loaded
        if not wanted:
            return
        self._loaded |= wanted
        cache = self.cache
        members: dict[str, list[str]] = {}
        for key in wanted:  # a key's names are cached only with every one of their own keys
            known = cache.members.get(key)
            if known is not None:
                members[key] = known
        missing = wanted - set(members)
        if missing:
            found = self.archive.names_with_keys(missing)
            for name_id, keys_of in found.items():
                name = cache.names.get(name_id)
                if name is None or name.keys != keys_of:
                    cache.names[name_id] = Name(name_id, frozenset(keys_of))
            grouped: dict[str, list[str]] = {key: [] for key in missing}
            for name_id, keys_of in sorted(found.items()):
                for key in keys_of & missing:
                    grouped[key].append(name_id)
            for key, names in grouped.items():
                members[key] = cache.members[key] = names
        for key in sorted(wanted):
            group = self.by_key[key] = []
            for name_id in members[key]:
                name = self.names.get(name_id)
                if name is None:
                    name = self.names[name_id] = cache.names[name_id]
                group.append(name)

    def key_group(self, key: str) -> list[Name]:
        """The names having this key."""
        if key not in self._loaded:
            self._load([key])
        return self.by_key[key]

    def group(self, name: Name, prefix: str) -> list[Name]:
        """The names sharing `name`'s key that starts with `prefix`."""
        keys = sorted(k for k in name.keys if k.startswith(prefix))
        if not self._loaded.issuperset(keys):
            self._load(keys)
        return [n for k in keys for n in self.by_key[k]]

    def docs(self, name_ids: Iterable[str]) -> dict[str, list[str]]:
        """The first CONTEXT_DOCS documents of each name."""
        name_ids = list(name_ids)
        known = self.cache.docs
        missing = [n for n in name_ids if n not in known]
        if missing:
            found = self.archive.docs_of(missing, limit=CONTEXT_DOCS)
            for n in missing:
                known[n] = found.get(n, [])
        return {n: known[n] for n in name_ids}

    def entities(self, docs: Iterable[str]) -> dict[str, list[str]]:
        docs = list(docs)
        known = self.cache.entities
        missing = [d for d in docs if d not in known]
        if missing:
            known.update(self.archive.entities_of(missing))
            for d in missing:
                known.setdefault(d, [])
        return {d: known[d] for d in docs}

    # -- name by name ---------------------------------------------------------------------

    def parent(self, name: Name) -> tuple[str | None, str]:
        """The longer name this one is a form of, read from its neighbours alone."""
        found = self._parents.get(name.id)
        if found is None:
            found = self._parents[name.id] = self._decide_parent(name)
        return found

    def top(self, name: Name) -> str:
        """The end of the name's parent chain among the names its neighbours lead to."""
        seen = {name.id}
        while (parent := self.parent(name)[0]) is not None and parent not in seen:
            seen.add(parent)
            if parent not in self.names:
                return parent
            name = self.names[parent]
        return name.id

    def _chain(self, name_id: str) -> set[str]:
        """The name and the names up its parent chain."""
        chain = {name_id}
        while name_id in self.names and (parent := self.parent(self.names[name_id])[0]) is not None:
            if parent in chain:
                break
            chain.add(parent)
            name_id = parent
        return chain

    def _decide_parent(self, name: Name) -> tuple[str | None, str]:
        if name.kind == "person" and not name.bare:
            return self._fuller_name(name)
        if name.kind != "organization":
            return None, ""
        found = self._longer_organization(name)
        if found[0] is None and name.acronym:
            return self._spelled_out(name)
        return found

    def _fuller_name(self, name: Name) -> tuple[str | None, str]:
        """ "Mark Felt" is "W. Mark Felt"; "George Bush" fits both "George W. Bush" and
        "George H. W. Bush", who are two, so it is neither. A nickname or another spelling
        ("Bill" / "William") only when the two names' articles share a story."""
        fuller = [
            other
            for other in self.group(name, "p:")
            if other.kind == "person"
            and not other.bare
            and other.specificity > name.specificity
            and _persons_compatible(name, other)
        ]
        if not fuller or not all(_persons_compatible(a, b) for a in fuller for b in fuller if a is not b):
            return None, ""
        if all(_same_spelling(name, o) for o in fuller) or self._names_share_story(name, fuller):
            return max(fuller, key=lambda n: n.specificity).id, "fuller name"
        return None, ""

    def _longer_organization(self, name: Name) -> tuple[str | None, str]:
        """ "Yukos Oil Co." and "Yukos Oil" are one name without its legal suffix; "Federal
        Reserve" is "Federal Reserve Bank": the longer name only adds words for its kind that
        writers drop. Two longer names neither of which extends the other ("Central Bank",
        "Central Group") leave it alone. A name of one word ("Amnesty", but also "Home" or
        "Central") is only its legal-suffix variants here: the longer names are candidates
        document by document (`_find_candidates`)."""
        words = name.short_words
        if words is None:
            return None, ""
        longer = [
            other
            for other in self.group(name, "o:")
            if other.kind == "organization"
            and other.specificity > name.specificity
            and org_extends(other.words, words)
            and (other.words == words or (len(words) > 1 and not name.company))
        ]
        if not longer or not _nested(longer):
            return None, ""
        best = max(longer, key=lambda n: n.specificity)
        return best.id, "legal suffix" if best.words == name.words else "kind words dropped"

    def _spelled_out(self, name: Name) -> tuple[str | None, str]:
        """ "IAEA": the one organization a text defined it for ("the International Atomic Energy
        Agency (IAEA)"). One that only has the initials is a candidate document by document."""
        group = [n for n in self._defined(name) if n.specificity > name.specificity]
        if group and _nested(group):
            return max(group, key=lambda n: n.specificity).id, "acronym defined in a text"
        return None, ""

    def _defined(self, name: Name) -> list[Name]:
        return [n for n in self.group(name, "d:") if n.kind == "organization" and not n.acronym]

    # -- document by document: short forms that need the story ----------------------------

    def _candidates(self, name: Name) -> dict[str, dict[str, list[Name]]]:
        found = self._candidates_of.get(name.id)
        if found is None:
            found = self._candidates_of[name.id] = self._find_candidates(name)
        return found

    def _find_candidates(self, name: Name) -> dict[str, dict[str, list[Name]]]:
        """The candidates of a name decided document by document, by rule and by the node
        (chain top) they are on: full names of a bare surname; organizations a one-word name
        starts that only add kind words writers drop; an acronym's organizations with those
        initials; organizations that end with the name after a place; the same words given
        another kind by more articles."""
        out: dict[str, dict[str, list[Name]]] = {}
        if name.bare:
            surname = name.person[1]
            full = [
                n
                for n in self.group(name, "p:")
                if n.kind == "person" and not n.bare and n.person[1] == surname
            ]
            if full:
                out["surname"] = self._by_top(full)
            words = name.short_words
            if words is not None:
                longer = [
                    n
                    for n in self.group(name, "o:")
                    if n.kind == "organization"
                    and not n.acronym
                    and len(n.words) > len(words)
                    and org_extends(n.words, words)
                ]
                if longer:
                    out["shorter form"] = self._by_top(longer)
        words = name.short_words
        one_word_org = (
            name.kind == "organization"
            and not name.acronym
            and words is not None
            and len(words) == 1
            and not name.company
        )
        if words is not None and one_word_org:
            longer = [
                n
                for n in self.group(name, "o:")
                if n.kind == "organization"
                and not n.acronym
                and len(n.words) > 1
                and org_extends(n.words, words)
            ]
            if longer:
                out["shorter form"] = self._by_top(longer)
        if name.acronym and not self._defined(name):
            initials = [
                n
                for n in self.group(name, "a:")
                if n.kind == "organization" and not n.acronym and n.specificity > name.specificity
            ]
            if initials:
                out["acronym"] = self._by_top(initials)
        full_org = name.kind == "organization" and (name.acronym or name.company)
        if words is not None and (name.bare or (name.kind == "organization" and not full_org)):
            size = len(words)
            after_place = [
                n
                for n in self.key_group(f"t:{' '.join(words)}")
                if n.kind == "organization"
                and not n.acronym
                and len(n.words) > size
                and n.words[-size:] == words
                and leads_with(n.label, len(n.words) - size)
                and self._is_place(n.words[:-size])
            ]
            if after_place:
                out["place dropped"] = self._by_top(after_place)
        minority = self._minority_of(name)
        if minority:
            out["same name, another kind"] = {n.id: [n] for n in minority}
        return out

    def _is_place(self, words: tuple[str, ...]) -> bool:
        """Whether these words name a place some document names ("los angeles")."""
        key = f"e:{' '.join(words)}"
        self._load([key])
        return any(n.kind == "place" for n in self.by_key[key])

    def _dropping(self, place: Name) -> set[str]:
        """The names that may be an organization's name without this place before it: "Lakers"
        of "Los Angeles Lakers", for the place "Los Angeles"."""
        words = tuple(k[2:] for k in place.keys if k.startswith("e:"))
        out: set[str] = set()
        for lead in words:
            size = len(lead.split())
            for org in self.group(place, "e:"):
                if org.kind == "organization" and " ".join(org.words[:size]) == lead:
                    tail = f"t:{' '.join(org.words[size:])}"
                    self._load([tail])
                    out |= {n.id for n in self.by_key[tail] if _relevant(n, org, tail)}
        return out

    def _by_top(self, names: list[Name]) -> dict[str, list[Name]]:
        groups: dict[str, list[Name]] = {}
        for n in sorted(names, key=lambda n: n.id):
            groups.setdefault(self.top(n), []).append(n)
        return groups

    def _minority_of(self, name: Name, counts: Mapping[str, int] | None = None) -> list[Name]:
        """The names of another kind with these words that outweigh this one ("Yukos" read as a
        person): the kind most documents give the words wins, a tie goes to the kind order.
        Places are the gazetteer's: "Jordan" the player and the country stay two."""
        if name.kind not in _CROSS_KINDS:
            return []
        counts = counts or {}

        def weight(n: Name) -> tuple[int, int]:
            return (counts.get(n.id, known[n.id]), -_KIND_ORDER.get(n.kind, 9))

        others = [o for o in self.group(name, "x:") if o.kind != name.kind and o.kind in _CROSS_KINDS]
        if not others:
            return []
        known = self.doc_counts([name.id, *(o.id for o in others)])
        own = weight(name)
        return [o for o in others if weight(o) > own]

    def doc_counts(self, name_ids: list[str]) -> dict[str, int]:
        missing = [n for n in name_ids if n not in self._counts]
        if missing:
            found = self.archive.doc_counts(missing)
            for n in missing:
                self._counts[n] = found.get(n, 0)
        return {n: self._counts[n] for n in name_ids}

    def _entries_changed(self, name: Name, written: list[Name], moved: set[str]) -> bool:
        """Whether the write changed what the name's entries in other documents rest on: a
        candidate came or went, one's first documents or its node changed, or the kind vote."""
        change = self.change
        if change.doc is None:
            return True
        others = [w for w in written if w.id != name.id]
        if any(w.id in change.appeared for w in others):
            return True
        candidates = self._candidates(name)
        members = {m.id for groups in candidates.values() for ms in groups.values() for m in ms}
        if any(self._chain(m) & moved for m in members):
            return True
        for w in others:
            if w.id not in members:
                continue
            first = self.docs([w.id])[w.id]
            if change.deleted:
                if len(first) < CONTEXT_DOCS or change.doc < first[-1]:
                    return True
            elif change.doc in first:
                return True
        if any(w.id in change.names for w in [name, *others]) and name.kind in _CROSS_KINDS:
            step = 1 if change.deleted else -1
            before = {n: c + step for n, c in self.doc_counts(sorted(change.names)).items()}
            if {n.id for n in self._minority_of(name)} != {n.id for n in self._minority_of(name, before)}:
                return True
        return False

    def _decide_entries(self, name: Name, docs: list[str]) -> dict[str, tuple[str | None, str]]:
        """Each document's target for a name decided document by document: the candidate its story
        supports, or None."""
        candidates = self._candidates(name)
        out: dict[str, tuple[str | None, str]] = {}
        for doc, in_doc in self.entities(docs).items():
            out[doc] = self._entry_choice(name, doc, in_doc, candidates) or (None, "")
        return out

    def _entry_choice(
        self, name: Name, doc: str, in_doc: list[str], candidates: dict[str, dict[str, list[Name]]]
    ) -> tuple[str, str] | None:
        if name.bare:
            surname = name.person[1]
            own = [self.names[n] for n in in_doc if n in self.names and n != name.id]
            if any(n.kind == "person" and not n.bare and n.person[1] == surname for n in own):
                return None  # the document itself has that surname's full names: its own call
            if "surname" in candidates:
                return self._best(name, doc, in_doc, candidates["surname"], "surname")
        for why in ("shorter form", "acronym", "place dropped", "same name, another kind"):
            if why in candidates:
                choice = self._best(name, doc, in_doc, candidates[why], why)
                if choice is not None:
                    return choice
        return None

    def _best(
        self, name: Name, doc: str, in_doc: list[str], groups: dict[str, list[Name]], why: str
    ) -> tuple[str, str] | None:
        """The one candidate whose story the document shares (and clearly more than any other's)."""
        scores = sorted(
            ((self._evidence(doc, in_doc, name, members), top) for top, members in groups.items()),
            reverse=True,
        )
        best, top = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0
        if best >= MIN_SHARED and best >= 2 * runner_up:
            return top, f"{why} (shares {best if best < 1000 else 'its document'})"
        return None

    def _evidence(self, doc: str, in_doc: list[str], name: Name, members: list[Name]) -> int:
        """How many of the document's other people and organizations one document of the
        candidate's names too (the most of any), or 1000 when the document names the candidate."""
        ids = frozenset(m.id for m in members)
        if not ids.isdisjoint(in_doc):
            return 1000  # named in the same document
        skip = _story_tokens(name.id).union(*map(_story_tokens, ids))
        positions, index = self._story_masks(ids)
        others = ~(1 << positions[doc]) if doc in positions else -1
        counted = 0
        levels: list[int] = []  # bit i of levels[k]: bit k of how many names the i-th document shares
        for entity in in_doc:
            tokens = _story_tokens(entity)
            if not tokens or tokens <= skip:
                continue
            counted += 1
            carry = 0
            for token in tokens:
                if token not in skip:
                    carry |= index.get(token, 0)
            carry &= others
            for k, level in enumerate(levels):  # add one to the count of every document in `carry`
                if not carry:
                    break
                levels[k], carry = level ^ carry, level & carry
            if carry:
                levels.append(carry)
        if counted < MIN_SHARED:
            return 0
        best, alive = 0, -1
        for k in range(len(levels) - 1, -1, -1):  # the largest count, bit by bit from the top
            if alive & levels[k]:
                alive &= levels[k]
                best |= 1 << k
        return best

    def _story_masks(self, ids: frozenset[str]) -> tuple[dict[str, int], dict[str, int]]:
        """The first documents of these names, numbered, and for each story token the bit mask
        of the ones it is in."""
        found = self.cache.masks.get(ids)
        if found is None:
            indexes = [self._story_index(i) for i in sorted(ids)]
            docs = sorted({d for index in indexes for posting in index.values() for d in posting})
            positions = {d: i for i, d in enumerate(docs)}
            masks: dict[str, int] = {}
            for index in indexes:
                for token, posting in index.items():
                    bits = 0
                    for d in posting:
                        bits |= 1 << positions[d]
                    masks[token] = masks.get(token, 0) | bits
            found = self.cache.masks[ids] = (positions, masks)
            for i in ids:
                self.cache.masked.setdefault(i, set()).add(ids)
        return found

    def _story_index(self, name_id: str) -> dict[str, set[str]]:
        """For the first documents of a name: which of them each story token is in."""
        index = self.cache.stories.get(name_id)
        if index is None:
            index = self.cache.stories[name_id] = {}
            docs = self.docs([name_id])[name_id]
            for doc, entities in self.entities(docs).items():
                for token in frozenset().union(*map(_story_tokens, entities)):
                    index.setdefault(token, set()).add(doc)
        return index

    def _names_share_story(self, name: Name, others: list[Name]) -> bool:
        """Some document of `name` shares a story with some document of the others."""
        docs = self.docs([name.id])[name.id]
        for doc, entities in self.entities(docs).items():
            if self._evidence(doc, entities, name, others) >= MIN_SHARED:
                return True
        return False


def _nested(names: list[Name]) -> bool:
    """Every two of these organizations' names: one is the other with dropped kind words added."""
    return all(org_extends(a.words, b.words) or org_extends(b.words, a.words) for a in names for b in names)


def _persons_compatible(a: Name, b: Name) -> bool:
    given_a, surname_a, suffix_a = a.person
    given_b, surname_b, suffix_b = b.person
    if surname_a != surname_b or (suffix_a and suffix_b and suffix_a != suffix_b):
        return False
    return given_names_compatible(given_a, given_b)


def _same_spelling(a: Name, b: Name) -> bool:
    """The fuller name only adds initials ("Mark Felt", "W. Mark Felt"), the two given names
    agreeing letter for letter. A nickname or another spelling, an added middle name ("Jerry
    Lewis", "Jerry Lee Lewis") or initials alone ("G Thomas") fit other people as well: those
    join only where the two names' articles share a story."""
    short, long = sorted((a.person[0], b.person[0]), key=len)
    if all(len(s) == 1 for s in short):
        return False
    rest = list(long)
    for given in short:
        hit = next((w for w in rest if given == w or (len(given) == 1 and w.startswith(given))), None)
        if hit is None:
            return False
        rest.remove(hit)
    return all(len(w) == 1 for w in rest)
