"""Text in any script extracts: no document is lost to a name the code cannot fold or slug."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import Extractor
from graph.records import Document

_ID = re.compile(r"^(person|organization|place|event):[a-z0-9][a-z0-9-]*(:[0-9]+)?$")
_SCRIPTS = [
    "Иван Петров",
    "Олена Зеленська",
    "习近平",
    "محمد بن سلمان",
    "Ζελένσκι",
    "Erdoğan",
    "Łukasz Żuk",
    "नरेन्द्र मोदी",
    "김정은",
    "Nguyễn Phú Trọng",
]

# Names in one script each (Latin with accents, Cyrillic, Greek, Arabic, Hebrew, Devanagari, CJK,
# Hangul, or any letter at all), in sentences shaped like news; and raw text of any code point.
_RANGES = [
    (0x41, 0x24F),
    (0x400, 0x4FF),
    (0x370, 0x3FF),
    (0x620, 0x64A),
    (0x5D0, 0x5EA),
    (0x905, 0x939),
    (0x4E00, 0x4FFF),
    (0xAC00, 0xAD00),
]
_script = st.sampled_from(_RANGES).map(
    lambda r: st.characters(min_codepoint=r[0], max_codepoint=r[1], categories=["L", "M"])
)
_word = st.one_of(
    _script.flatmap(lambda letters: st.text(alphabet=letters, min_size=1, max_size=10)),
    st.text(alphabet=st.characters(categories=["L", "M", "N"]), min_size=1, max_size=10),
)
_name = st.lists(_word.map(lambda w: w[:1].upper() + w[1:]), min_size=1, max_size=3).map(" ".join)
_sentence = st.builds(
    lambda a, b, c: f"{a} met {b} in {c} on Monday. President {a} said {b} would visit {c}.",
    _name,
    _name,
    _name,
)
_any_text = st.text(min_size=1, max_size=400).filter(lambda t: t.strip() and "\x00" not in t)


def _check(extractor: Extractor, text: str) -> None:
    result = extractor.extract(Document(id="u", text=text, published="2024-03-04"))
    ids = [e.id for e in result.entities]
    assert len(ids) == len(set(ids)), ids
    for entity in result.entities:
        assert _ID.match(entity.id), entity.id
        assert entity.label.strip()
    for edge in result.edges:
        for evidence in edge.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)


@pytest.mark.parametrize("name", _SCRIPTS)
def test_a_name_in_another_script_is_an_entity_with_a_readable_id(extractor: Extractor, name: str) -> None:
    text = f"Macron met {name} in Paris on Monday."
    _check(extractor, text)
    result = extractor.extract(Document(id="u", text=text))
    assert {"person:emmanuel-macron", "place:paris"} & {e.id for e in result.entities} or any(
        e.label == "Macron" for e in result.entities
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_sentence)
def test_news_shaped_sentences_with_names_in_any_script_extract(extractor: Extractor, text: str) -> None:
    _check(extractor, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_any_text)
def test_any_unicode_text_extracts(extractor: Extractor, text: str) -> None:
    _check(extractor, text)
