"""The extraction layer's exceptions, and `Failure`: one told without stopping a batch."""

from __future__ import annotations

from dataclasses import dataclass


class ExtractionError(Exception):
    """Base of every error extraction raises on purpose."""


class DocumentError(ExtractionError):
    """A document cannot be read: unreadable, empty, binary, not UTF-8, malformed."""


class ModelNotInstalled(ExtractionError):
    """The configured spaCy pipeline is not installed."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A file, record or document that could not be read or extracted, and why; the batch goes on.

    The readers of extract/documents.py yield it for a bad file or line; the extractors (the
    pipeline, the worker processes, the cluster) for a document they could not read events from.
    """

    where: str
    reason: str
