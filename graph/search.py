"""Find entities by name or alias: an index of their names with exact, prefix and typo-tolerant lookups.

`NameIndex.build(g)` reads every entity's label and aliases once; a query then touches only the
names that share a word with it, so a search costs about the same on ten nodes or a million.
A query matches a name when each query word matches one of the name's words: exactly, as a prefix,
or within a small edit distance (1 for words of 4-7 letters, 2 for longer ones; shorter words must
match exactly or as a prefix). Candidate words for the edit-distance match come from an index of
letter triples by word length (a q-gram count filter) and are then checked with a real
Levenshtein distance.
Prefix matches are capped at `PREFIX_CAP` words per query word, so a one-letter query stays fast.

The index follows the live graph entity by entity. What was built at once (the *base*) is a set of
arrays that are never rewritten; `update` marks an entity's base entry dead and files its new
names in a small dictionary index of *recent* entities, searched the same way. Answers do not
depend on where an entity is filed: an index updated a thousand times answers as one built anew.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from graph.vocabulary import ENTITY_KINDS

PREFIX_CAP = 1000
_MIN_TYPO_LENGTH = 4
_NON_WORD = re.compile(r"[\W_]+")
_AFTER_ALL = "\U0010ffff"  # sorts after any character a word holds: word + it ends a prefix range


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: "Zelens'kyy" -> "zelens kyy"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def _max_typos(word: str) -> int:
    if len(word) < _MIN_TYPO_LENGTH:
        return 0
    return 1 if len(word) <= 7 else 2


def _trigrams(word: str) -> list[str]:
    """The word's letter triples, padded so each end counts: len(word) + 2 of them."""
    padded = f"^^{word}$$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def _grams_indexed(word: str) -> bool:
    return len(word) >= _MIN_TYPO_LENGTH - 2  # shorter words are never within reach of a typo


def _prefix_similarity(word: str, other: str) -> float:
    return 0.6 + 0.3 * len(word) / len(other)


def _typo_similarity(word: str, other: str, distance: int) -> float:
    return 1.0 - distance / max(len(word), len(other))


def _name_score(similarity: float, query_words: int, name_words: int) -> float:
    """100 x the mean similarity of the query's words, x (0.8 + 0.2 x the share of the name's
    words the query covers), so "Blinken" ranks the alias "Blinken" above "Blinken Foundation"."""
    covered = min(query_words, name_words) / name_words
    return 100.0 * (similarity / query_words) * (0.8 + 0.2 * covered)


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float  # 0-100: 100 is an exact name
    name: str  # the label or alias that matched, as stored


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: list[Hit]


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index knows of one entity: its kind, mentions, label and names (label first)."""

    kind: str
    mentions: int
    label: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, node_id: str, data: Mapping[str, Any]) -> Entry | None:
        """The entry of a node, or None for a node that is not an entity."""
        kind = data.get("kind")
        if kind not in ENTITY_KINDS:
            return None
        label = str(data.get("label") or node_id)
        names: dict[str, str] = {}
        for name in (data.get("label") or node_id, *(data.get("aliases") or ())):
            if isinstance(name, str):
                norm = normalize_name(name)
                if norm and norm not in names:
                    names[norm] = name
        return cls(kind, int(data.get("mentions") or 0), label, tuple(names.values()))

    @property
    def surname(self) -> str | None:
        """The last word of a person's label of several words: what "Kuleba" finds him by."""
        words = normalize_name(self.label).split()
        return words[-1] if self.kind == "person" and len(words) > 1 else None


# A ranked candidate: sort key (-score, -mentions, id), then the name that matched and the score.
_Ranked = tuple[tuple[float, int, str], str, float]


class NameIndex:
    """Every entity's label and aliases, indexed by normalized word (see the module docstring)."""

    def __init__(self) -> None:
        self._base = _Base.from_entries([])
        self._recent = _Recent()

    @classmethod
    def build(cls, g: nx.MultiDiGraph) -> NameIndex:
        index = cls()
        entries = ((node_id, Entry.of(node_id, data)) for node_id, data in g.nodes(data=True))
        index._base = _Base.from_entries([(n, e) for n, e in entries if e is not None])
        return index

    def __len__(self) -> int:
        return self._base.alive_count + len(self._recent.entries)

    @property
    def recent(self) -> int:
        """Entities filed since the base was built."""
        return len(self._recent.entries)

    def update(self, node_id: str, data: Mapping[str, Any] | None) -> None:
        """Follow one node: its attributes now, or None when it is gone."""
        entry = None if data is None else Entry.of(node_id, data)
        if entry is not None and entry in (self._recent.entries.get(node_id), self._base.entry(node_id)):
            return
        self._base.kill(node_id)
        self._recent.remove(node_id)
        if entry is not None:
            self._recent.add(node_id, entry)

    def compacted(self) -> NameIndex:
        """A copy whose base holds every entity (the recent ones merged in): built, not shared."""
        index = NameIndex()
        index._base = _Base.from_entries([*self._base.entries(), *self._recent.entries.items()])
        return index

    # -- lookups ---------------------------------------------------------------------------

    def exact(self, name: str) -> list[str]:
        """Ids of entities whose label or an alias is `name` (ignoring case, accents, punctuation)."""
        norm = normalize_name(name)
        if not norm:
            return []
        return sorted({*self._base.exact(norm), *self._recent.exact(norm)})

    def surname(self, name: str) -> list[str]:
        """Ids of people whose full name ends with `name` ("Kuleba" -> Dmytro Kuleba)."""
        norm = normalize_name(name)
        return sorted({*self._base.surname(norm), *self._recent.surname(norm)})

    def browse(self, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities (of one kind) by mentions, most first: what a search with no words lists."""
        base_total, base = self._base.by_mentions(kind)
        recent = sorted(
            (-e.mentions, node_id, e.label)
            for node_id, e in self._recent.entries.items()
            if kind is None or e.kind == kind
        )
        merged = heapq.merge(base, iter(recent))
        page = itertools.islice(merged, offset, offset + limit)
        return SearchPage(base_total + len(recent), [Hit(node_id, 0.0, label) for _, node_id, label in page])

    def search(self, query: str, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities matching `query`, best first, then by mentions, then by id; with the total.

        A name's score is 100 x the mean similarity of the query's words to their best match in
        the name, x (0.8 + 0.2 x the share of the name's words the query covers), so "Blinken"
        ranks the alias "Blinken" above "Blinken Foundation". An entity scores its best name.
        """
        words = list(dict.fromkeys(normalize_name(query).split()))
        if not words:
            return SearchPage(0, [])
        base_total, base = self._base.search(words, kind=kind, first=offset + limit)
        recent = self._recent.search(words, kind=kind)
        ranked = itertools.islice(heapq.merge(base, recent), offset, offset + limit)
        hits = [Hit(key[2], round(score, 2), name) for key, name, score in ranked]
        return SearchPage(base_total + len(recent), hits)


# -- the base: arrays built once ----------------------------------------------------------------


@dataclass(slots=True)
class _Base:
    """Entities indexed at once, as arrays. Word ids are in (length, word) order, so the words of
    one length are one range of ids; each (trigram, length) lists the ids of the words holding it.
    Postings are CSR: the names holding word w are post_names[post_start[w] : post_start[w + 1]]."""

    ids: list[str]
    labels: list[str]
    kind: np.ndarray  # int8, index into ENTITY_KINDS
    mentions: np.ndarray  # int64
    order: np.ndarray  # int32, rank of each owner's id in sorted order
    surname_word: np.ndarray  # int32, word id of a person's surname, -1 for none
    alive: np.ndarray  # bool: False once the entity changed or went away
    by_id: list[str]  # ids sorted, and the owner of each
    by_id_owner: np.ndarray
    name_text: list[str]
    name_owner: np.ndarray  # int32
    name_length: np.ndarray  # int16, words in the name
    words: np.ndarray  # object: the word of each id
    word_length: np.ndarray  # int16
    alpha: list[str]  # words in alphabetical order, and the id of each
    alpha_id: np.ndarray
    length_range: dict[int, tuple[int, int]]
    grams: dict[tuple[str, int], np.ndarray]  # int32 word ids, ascending
    post_start: np.ndarray  # int64
    post_names: np.ndarray  # int32
    name_word_start: np.ndarray  # int64: the words of name n are name_word_ids[start[n] : start[n + 1]]
    name_word_ids: np.ndarray  # int32
    alive_count: int = 0
    _mentions_order: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, Entry]]) -> _Base:
        """Index the entries, read once. Words get provisional ids as they are met and are
        renumbered in (length, word) order at the end, so no list of lists is ever held: at a
        million entities, such lists would cost more memory than the index itself."""
        ids: list[str] = []
        labels: list[str] = []
        kinds, mentions, surnames = array("b"), array("q"), array("i")
        name_text: list[str] = []
        name_owner, name_length, word_counts, name_words = array("i"), array("i"), array("i"), array("i")
        first_id: dict[str, int] = {}  # word -> provisional id
        for owner, (node_id, entry) in enumerate(entries):
            ids.append(node_id)
            labels.append(entry.label)
            kinds.append(ENTITY_KINDS.index(entry.kind))
            mentions.append(entry.mentions)
            surname = entry.surname
            surnames.append(-1 if surname is None else first_id.setdefault(surname, len(first_id)))
            for name in entry.names:
                words = normalize_name(name).split()
                name_text.append(name)
                name_owner.append(owner)
                name_length.append(len(words))
                distinct = dict.fromkeys(words)
                word_counts.append(len(distinct))
                name_words.extend(first_id.setdefault(w, len(first_id)) for w in distinct)
        vocabulary = sorted(first_id, key=lambda w: (len(w), w))
        final = np.empty(len(first_id), dtype=np.int32)  # provisional id -> id
        final[[first_id[w] for w in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
        del first_id
        name_word_start = np.zeros(len(name_text) + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(word_counts, dtype=np.int32), out=name_word_start[1:])
        name_word_ids = final[np.frombuffer(name_words, dtype=np.int32)]
        # postings: the same (name, word) pairs, grouped by word
        pair_names = np.repeat(np.arange(len(name_text), dtype=np.int32), np.diff(name_word_start))
        by_word = np.argsort(name_word_ids, kind="stable")
        post_start = np.searchsorted(name_word_ids[by_word], np.arange(len(vocabulary) + 1)).astype(np.int64)
        length_range: dict[int, tuple[int, int]] = {}
        gram_keys: dict[tuple[str, int], int] = {}
        gram_pairs = array("i")
        for i, w in enumerate(vocabulary):
            lo, _ = length_range.get(len(w), (i, i))
            length_range[len(w)] = (lo, i + 1)
            if _grams_indexed(w):
                for gram in set(_trigrams(w)):
                    gram_pairs.append(gram_keys.setdefault((gram, len(w)), len(gram_keys)))
                    gram_pairs.append(i)
        pairs = np.frombuffer(gram_pairs, dtype=np.int32).reshape(-1, 2)
        by_gram = np.argsort(pairs[:, 0], kind="stable")  # word ids stay ascending within a gram
        gram_words = pairs[by_gram, 1].copy()
        gram_start = np.searchsorted(pairs[by_gram, 0], np.arange(len(gram_keys) + 1))
        word_array = np.empty(len(vocabulary), dtype=object)
        word_array[:] = vocabulary
        alpha_id = np.argsort(word_array, kind="stable").astype(np.int32)
        id_array = np.empty(len(ids), dtype=object)
        id_array[:] = ids
        by_id_owner = np.argsort(id_array, kind="stable").astype(np.int32)
        order = np.empty(len(ids), dtype=np.int32)
        order[by_id_owner] = np.arange(len(ids), dtype=np.int32)
        surname_word = np.frombuffer(surnames, dtype=np.int32)
        surname_word = np.where(surname_word >= 0, final[np.maximum(surname_word, 0)], -1).astype(np.int32)
        return cls(
            ids=ids,
            labels=labels,
            kind=np.frombuffer(kinds, dtype=np.int8).copy(),
            mentions=np.frombuffer(mentions, dtype=np.int64).copy(),
            order=order,
            surname_word=surname_word,
            alive=np.ones(len(ids), dtype=bool),
            by_id=id_array[by_id_owner].tolist(),
            by_id_owner=by_id_owner,
            name_text=name_text,
            name_owner=np.frombuffer(name_owner, dtype=np.int32).copy(),
            name_length=np.frombuffer(name_length, dtype=np.int32).astype(np.int16),
            words=word_array,
            word_length=np.asarray([len(w) for w in vocabulary], dtype=np.int16),
            alpha=word_array[alpha_id].tolist(),
            alpha_id=alpha_id,
            length_range=length_range,
            grams={key: gram_words[gram_start[k] : gram_start[k + 1]] for key, k in gram_keys.items()},
            post_start=post_start,
            post_names=pair_names[by_word],
            name_word_start=name_word_start,
            name_word_ids=name_word_ids,
            alive_count=len(ids),
        )

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """The live entries, rebuilt from the arrays (for compaction)."""
        names: dict[int, list[str]] = {}
        for number, owner in enumerate(self.name_owner.tolist()):
            if self.alive[owner]:
                names.setdefault(owner, []).append(self.name_text[number])
        for owner in np.flatnonzero(self.alive).tolist():
            kind = ENTITY_KINDS[int(self.kind[owner])]
            entry = Entry(kind, int(self.mentions[owner]), self.labels[owner], tuple(names.get(owner, ())))
            yield self.ids[owner], entry

    def entry(self, node_id: str) -> Entry | None:
        """The live entry filed for this id, if any."""
        owner = self.owner_of(node_id)
        if owner is None or not self.alive[owner]:
            return None
        lo, hi = np.searchsorted(self.name_owner, [owner, owner + 1]).tolist()
        kind = ENTITY_KINDS[int(self.kind[owner])]
        return Entry(kind, int(self.mentions[owner]), self.labels[owner], tuple(self.name_text[lo:hi]))

    def owner_of(self, node_id: str) -> int | None:
        at = bisect.bisect_left(self.by_id, node_id)
        if at < len(self.by_id) and self.by_id[at] == node_id:
            return int(self.by_id_owner[at])
        return None

    def kill(self, node_id: str) -> None:
        owner = self.owner_of(node_id)
        if owner is not None and self.alive[owner]:
            self.alive[owner] = False
            self.alive_count -= 1
            self._mentions_order = None

    def word(self, word: str) -> int | None:
        at = bisect.bisect_left(self.alpha, word)
        if at < len(self.alpha) and self.alpha[at] == word:
            return int(self.alpha_id[at])
        return None

    def _postings(self, word_id: int) -> np.ndarray:
        return self.post_names[self.post_start[word_id] : self.post_start[word_id + 1]]

    def _names_with_all(self, norm: str) -> np.ndarray:
        """Names holding every word of `norm` (ascending)."""
        found: np.ndarray | None = None
        for w in dict.fromkeys(norm.split()):
            word_id = self.word(w)
            if word_id is None:
                return np.zeros(0, dtype=np.int32)
            names = self._postings(word_id)
            found = names if found is None else np.intersect1d(found, names, assume_unique=True)
        return found if found is not None else np.zeros(0, dtype=np.int32)

    def exact(self, norm: str) -> Iterator[str]:
        for number in self._names_with_all(norm).tolist():
            owner = int(self.name_owner[number])
            if self.alive[owner] and normalize_name(self.name_text[number]) == norm:
                yield self.ids[owner]

    def surname(self, norm: str) -> Iterator[str]:
        word_id = self.word(norm) if norm and " " not in norm else None
        if word_id is None:
            return
        owners = np.unique(self.name_owner[self._postings(word_id)])
        for owner in owners[(self.surname_word[owners] == word_id) & self.alive[owners]].tolist():
            yield self.ids[owner]

    def by_mentions(self, kind: str | None) -> tuple[int, Iterator[tuple[int, str, str]]]:
        if self._mentions_order is None:
            order = np.lexsort((self.order, -self.mentions))
            self._mentions_order = order[self.alive[order]]
        owners = self._mentions_order
        if kind is not None:
            owners = owners[self.kind[owners] == ENTITY_KINDS.index(kind)]
        rows = ((-int(self.mentions[o]), self.ids[o], self.labels[o]) for o in owners.tolist())
        return len(owners), rows

    # -- search ----------------------------------------------------------------------------

    def similar_words(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Indexed words that `word` may stand for (ascending ids), each with a similarity in (0, 1]."""
        ids: list[np.ndarray] = []
        sims: list[np.ndarray] = []
        exact = self.word(word)
        if exact is not None:
            ids.append(np.asarray([exact], dtype=np.int32))
            sims.append(np.ones(1))
        start = bisect.bisect_left(self.alpha, word)
        stop = min(bisect.bisect_left(self.alpha, word + _AFTER_ALL, start), start + PREFIX_CAP)
        prefixed = self.alpha_id[start:stop]
        if exact is not None:
            prefixed = prefixed[prefixed != exact]
        ids.append(prefixed)
        sims.append(0.6 + 0.3 * len(word) / self.word_length[prefixed])
        typos = _max_typos(word)
        if typos:
            near, distances = self._near_words(word, typos)
            ids.append(near)
            sims.append(1.0 - distances / np.maximum(len(word), self.word_length[near]))
        all_ids, all_sims = np.concatenate(ids), np.concatenate(sims)
        order = np.lexsort((-all_sims, all_ids))
        all_ids, all_sims = all_ids[order], all_sims[order]
        best = np.ones(len(all_ids), dtype=bool)
        best[1:] = all_ids[1:] != all_ids[:-1]
        return all_ids[best], all_sims[best]

    def _near_words(self, word: str, typos: int) -> tuple[np.ndarray, np.ndarray]:
        """Words within `typos` edits of `word` and their distances: a trigram count filter, then
        a real distance."""
        grams = set(_trigrams(word))
        # An edit touches at most three trigrams: a word within `typos` edits holds all but at
        # most 3 * typos of this word's distinct trigrams.
        need = max(1, len(grams) - 3 * typos)
        found: list[np.ndarray] = []
        for length in range(len(word) - typos, len(word) + typos + 1):
            parts = [self.grams[(g, length)] for g in grams if (g, length) in self.grams]
            if len(parts) < need:
                continue
            lo, hi = self.length_range[length]
            shared = np.bincount(np.concatenate(parts) - lo, minlength=hi - lo)
            found.append(np.flatnonzero(shared >= need).astype(np.int32) + lo)
        candidates = np.concatenate(found) if found else np.zeros(0, dtype=np.int32)
        if not len(candidates):
            return candidates, np.zeros(0)
        distances = process.cdist(
            [word], self.words[candidates], scorer=Levenshtein.distance, score_cutoff=typos, dtype=np.int32
        )[0]
        close = (distances <= typos) & (distances > 0)
        return candidates[close], distances[close].astype(np.float64)

    def _posting_size(self, word_ids: np.ndarray) -> int:
        return int((self.post_start[word_ids + 1] - self.post_start[word_ids]).sum())

    def _names_matching(self, ids: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(sorted names holding one of these words, the best similarity of those words in each)."""
        starts, stops = self.post_start[ids], self.post_start[ids + 1]
        sizes = stops - starts
        names = self.post_names[_ranges(starts, sizes)]
        similarity = np.repeat(sims, sizes)
        return _best_by(names, similarity)

    def _best_in(self, names: np.ndarray, ids: np.ndarray, sims: np.ndarray) -> np.ndarray:
        """The best similarity of these words in each of `names` (0 where none is there), read from
        the names' own words: cheaper than the words' postings once few names are left."""
        starts, stops = self.name_word_start[names], self.name_word_start[names + 1]
        sizes = stops - starts
        words = self.name_word_ids[_ranges(starts, sizes)]
        at = np.minimum(np.searchsorted(ids, words), len(ids) - 1)
        similarity = np.where(ids[at] == words, sims[at], 0.0)
        return np.maximum.reduceat(similarity, np.concatenate([[0], np.cumsum(sizes)[:-1]]))

    def search(self, words: list[str], *, kind: str | None, first: int) -> tuple[int, list[_Ranked]]:
        """(how many live entities match, the best `first` of them, ranked)."""
        matches = [self.similar_words(word) for word in words]
        if any(not len(ids) for ids, _ in matches):
            return 0, []
        # every word must match: start from the rarest, then keep the names the others match too
        matches.sort(key=lambda m: self._posting_size(m[0]))
        names, total_similarity = self._names_matching(*matches[0])
        for ids, sims in matches[1:]:
            if not len(names):
                return 0, []
            if self._posting_size(ids) <= 4 * len(names):
                found, similarity = self._names_matching(ids, sims)
                names, mine, theirs = np.intersect1d(names, found, assume_unique=True, return_indices=True)
                total_similarity = total_similarity[mine] + similarity[theirs]
            else:
                similarity = self._best_in(names, ids, sims)
                kept = similarity > 0
                names, total_similarity = names[kept], total_similarity[kept] + similarity[kept]
        owners = self.name_owner[names]
        keep = self.alive[owners]
        if kind is not None:
            keep &= self.kind[owners] == ENTITY_KINDS.index(kind)
        names, owners, total_similarity = names[keep], owners[keep], total_similarity[keep]
        length = self.name_length[names]
        covered = np.minimum(len(words), length) / length
        scores = 100.0 * (total_similarity / len(words)) * (0.8 + 0.2 * covered)
        # an entity's best name: sort by owner, best score first, keep the first of each owner
        by_owner = np.lexsort((-scores, owners))
        owners, names, scores = owners[by_owner], names[by_owner], scores[by_owner]
        best = np.ones(len(owners), dtype=bool)
        best[1:] = owners[1:] != owners[:-1]
        owners, names, scores = owners[best], names[best], scores[best]
        rounded = np.round(scores, 6)
        ranked = np.lexsort((self.order[owners], -self.mentions[owners], -rounded))[:first]
        out: list[_Ranked] = []
        for i in ranked.tolist():
            owner = int(owners[i])
            key = (-float(rounded[i]), -int(self.mentions[owner]), self.ids[owner])
            out.append((key, self.name_text[int(names[i])], float(scores[i])))
        return len(owners), out


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The concatenated index ranges [start, start + size) as one array."""
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    return offsets + np.arange(total)


def _best_by(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, ascending, each with its largest value."""
    order = np.lexsort((-values, keys))
    keys, values = keys[order], values[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first], values[first]


# -- the recent entities: dictionaries changed one entity at a time ---------------------------


@dataclass(slots=True)
class _Recent:
    """Entities filed one by one since the base was built, in dictionaries."""

    entries: dict[str, Entry] = field(default_factory=dict)
    holders: dict[str, set[str]] = field(default_factory=dict)  # word -> ids of entities holding it
    alpha: list[str] = field(default_factory=list)  # the words held, sorted
    grams: dict[tuple[str, int], set[str]] = field(default_factory=dict)  # (trigram, length) -> words
    surnames: dict[str, set[str]] = field(default_factory=dict)

    @staticmethod
    def _words(entry: Entry) -> set[str]:
        return {w for name in entry.names for w in normalize_name(name).split()}

    def add(self, node_id: str, entry: Entry) -> None:
        self.entries[node_id] = entry
        for word in self._words(entry):
            holders = self.holders.get(word)
            if holders is None:
                holders = self.holders[word] = set()
                bisect.insort(self.alpha, word)
                if _grams_indexed(word):
                    for gram in set(_trigrams(word)):
                        self.grams.setdefault((gram, len(word)), set()).add(word)
            holders.add(node_id)
        if entry.surname:
            self.surnames.setdefault(entry.surname, set()).add(node_id)

    def remove(self, node_id: str) -> None:
        entry = self.entries.pop(node_id, None)
        if entry is None:
            return
        for word in self._words(entry):
            holders = self.holders[word]
            holders.discard(node_id)
            if not holders:
                del self.holders[word]
                del self.alpha[bisect.bisect_left(self.alpha, word)]
                if _grams_indexed(word):
                    for gram in set(_trigrams(word)):
                        self.grams[(gram, len(word))].discard(word)
        if entry.surname:
            self.surnames[entry.surname].discard(node_id)

    def exact(self, norm: str) -> Iterator[str]:
        for node_id in self._holding_all(norm.split()):
            if any(normalize_name(name) == norm for name in self.entries[node_id].names):
                yield node_id

    def surname(self, norm: str) -> Iterable[str]:
        return self.surnames.get(norm, ())

    def _holding_all(self, words: list[str]) -> set[str]:
        found: set[str] | None = None
        for word in words:
            holders = self.holders.get(word, set())
            found = set(holders) if found is None else found & holders
        return found or set()

    def similar_words(self, word: str) -> dict[str, float]:
        """As `_Base.similar_words`, over the recent entities' words."""
        found: dict[str, float] = {}
        if word in self.holders:
            found[word] = 1.0
        start = bisect.bisect_left(self.alpha, word)
        for other in itertools.islice(self.alpha, start, start + PREFIX_CAP):
            if not other.startswith(word):
                break
            if other != word:
                found[other] = _prefix_similarity(word, other)
        typos = _max_typos(word)
        if typos:
            grams = set(_trigrams(word))
            need = max(1, len(grams) - 3 * typos)
            for length in range(len(word) - typos, len(word) + typos + 1):
                shared = Counter(w for g in grams for w in self.grams.get((g, length), ()))
                for other, count in shared.items():
                    if count >= need and other != word:
                        distance = Levenshtein.distance(word, other, score_cutoff=typos)
                        if distance <= typos:
                            similarity = _typo_similarity(word, other, distance)
                            found[other] = max(found.get(other, 0.0), similarity)
        return found

    def search(self, words: list[str], *, kind: str | None) -> list[_Ranked]:
        """Every matching recent entity, ranked."""
        if not self.entries:
            return []
        matches = [self.similar_words(word) for word in words]
        candidates: set[str] | None = None
        for match in matches:
            holding = {node_id for w in match for node_id in self.holders[w]}
            candidates = holding if candidates is None else candidates & holding
            if not candidates:
                return []
        out: list[_Ranked] = []
        for node_id in candidates or ():
            entry = self.entries[node_id]
            if kind is not None and entry.kind != kind:
                continue
            best: tuple[float, str] | None = None
            for name in entry.names:
                name_words = normalize_name(name).split()
                present = set(name_words)
                total = 0.0
                for match in matches:
                    similarity = max((s for w, s in match.items() if w in present), default=0.0)
                    if not similarity:
                        break
                    total += similarity
                else:
                    score = _name_score(total, len(words), len(name_words))
                    if best is None or score > best[0]:
                        best = (score, name)
            if best is not None:
                score, name = best
                out.append(((-round(score, 6), -entry.mentions, node_id), name, score))
        out.sort()
        return out
