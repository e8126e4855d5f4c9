"""Name forms: how one name is folded, split into parts and shortened, for ids and for resolution.

A person's name folds to lowercase ASCII words ("Zelenskiy" and "Zelenskyy" fold alike) and splits
into given names, a surname and a generational suffix ("Jr.", "III"). An organization's name loses
its legal suffix ("Inc.", "Ltd", "Co.": the `cleanco` package's lists) and yields its acronym
("International Business Machines" -> "ibm") and the shorter forms a writer may use for it.
Given-name variants ("Bill" / "William") come from the `nicknames` package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from cleanco import basename as _strip_legal_suffix
from nicknames import NickNamer

# transliteration variants of one name: Zelenskiy / Zelenskyy / Zelensky, Yuriy / Yury
_TRANSLIT_ENDINGS = re.compile(r"(?:iy|yy|yi|ii|ij)$")
_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
_WORD = re.compile(r"[a-z0-9]+")
# words an acronym skips ("Bank of England" -> "BE", "Food and Drug Administration" -> "FDA")
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"})
_MIN_SKELETON = 6  # shorter given names differ by a vowel too often: Dan / Don, Maria / Mario


def fold_name(name: str) -> str:
    """A person's name with accents, dots and transliteration endings folded, for matching and ids."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(_TRANSLIT_ENDINGS.sub("y", part) for part in ascii_name.replace(".", "").split())


def surname_key(label: str) -> str | None:
    """The folded last word of a person's name: how "Zelensky" finds "Volodymyr Zelenskiy"."""
    return person_parts(label)[1] or None


@lru_cache(maxsize=65536)
def person_parts(label: str) -> tuple[tuple[str, ...], str, str]:
    """ "W. Mark Felt Jr." -> (("w", "mark"), "felt", "jr"): given names, surname, suffix."""
    words = _WORD.findall(fold_name(label))
    suffix = ""
    if len(words) > 1 and words[-1] in _GENERATIONAL:
        suffix = words.pop()
    if not words:
        return (), "", suffix
    return tuple(words[:-1]), words[-1], suffix


def skeleton(word: str) -> str:
    """A word's consonants, repeats collapsed: "Mohammed" and "Muhammad" are both "mhmd"."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", word))


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=8192)
def _name_group(given: str) -> frozenset[str]:
    """A given name with its known variants: "bill" -> {"bill", "william", "will", ...}."""
    namer = _nicknamer()
    return frozenset({given} | namer.canonicals_of(given) | namer.nicknames_of(given))


def given_names_match(a: str, b: str) -> bool:
    """One given name, as two writers may spell it: equal, an initial, a nickname, a transliteration."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if b in _name_group(a) or a in _name_group(b):
        return True
    return min(len(a), len(b)) >= _MIN_SKELETON and a[0] == b[0] and skeleton(a) == skeleton(b)


def given_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two given-name lists of one person: "Mark" fits "W. Mark" (called by the middle name) and
    "George W." fits "George Walker", but "George W." and "George H. W." are two people."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return given_names_match(short[0], long[0]) or (
            len(long[-1]) > 1 and len(short[0]) > 1 and given_names_match(short[0], long[-1])
        )
    return len(short) == len(long) and all(given_names_match(x, y) for x, y in zip(short, long, strict=True))


@lru_cache(maxsize=65536)
def org_words(label: str) -> tuple[str, ...]:
    """An organization's name as folded words, without "the" and its legal suffix."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    cleaned = _strip_legal_suffix(text) or text
    words = _WORD.findall(cleaned.replace(".", "").replace("&", " and ").lower())
    return tuple(words)


def acronym(words: tuple[str, ...]) -> str | None:
    """ "International Atomic Energy Agency" -> "iaea"; None for a name of fewer than two words."""
    letters = [w[0] for w in words if w not in _ACRONYM_SKIP]
    return "".join(letters) if len(letters) >= 2 else None


def is_acronym(label: str) -> bool:
    """ "IAEA", "AMD", "U.N.": a name written as capital letters."""
    letters = label.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=1)
def generic_org_words() -> frozenset[str]:
    """Words that say what kind of body a name is ("Group", "Party"), not which one."""
    text = resources.files("graph.data").joinpath("generic_org_words.txt").read_text("utf-8")
    return frozenset(ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
