"""The extraction layer's exceptions."""

from __future__ import annotations


class ExtractionError(Exception):
    """Base of every error extraction raises on purpose."""


class DocumentError(ExtractionError):
    """A document cannot be read: unreadable, empty, binary, not UTF-8, malformed."""


class ModelNotInstalled(ExtractionError):
    """The configured spaCy pipeline is not installed."""
