"""XML 1.0-safe text: drop the characters XML cannot carry, escape the ones it reserves.

XML 1.0 has no way to write most C0 control characters (not even as `&#1;`), lone surrogates,
U+FFFE or U+FFFF, so they are removed. Carriage returns are written as `&#13;` so a parser does
not turn them into newlines, and in attribute values tabs and newlines are written as references
too, because attribute-value normalization would otherwise turn them into spaces.
"""

from __future__ import annotations

import re

__all__ = ["clean", "escape_attr", "escape_text", "has_invalid"]

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_TEXT_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTR_REFERENCES = (*_TEXT_REFERENCES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))


def has_invalid(text: str) -> bool:
    """Whether the text holds a character XML 1.0 cannot represent.

    >>> from graph.exports.xmltext import has_invalid
    >>> has_invalid("Kyiv\\x00"), has_invalid("Kyiv\\n")
    (True, False)
    """
    return _INVALID.search(text) is not None


def clean(text: str) -> str:
    """The text without the characters XML 1.0 cannot represent.

    >>> from graph.exports.xmltext import clean
    >>> clean("Ky\\x01iv\\ufffe")
    'Kyiv'
    """
    return _INVALID.sub("", text)


def escape_text(text: str) -> str:
    """Text for element content: reserved characters escaped, impossible ones dropped.

    >>> from graph.exports.xmltext import escape_text
    >>> escape_text("AT&T <Inc>\\r\\n")
    'AT&amp;T &lt;Inc&gt;&#13;\\n'
    """
    return _escape(text, _TEXT_SPECIAL, _TEXT_REFERENCES)


def escape_attr(text: str) -> str:
    """Text for a double-quoted attribute value: also quotes, tabs and line breaks escaped.

    >>> from graph.exports.xmltext import escape_attr
    >>> escape_attr('the "Kyiv\\tIndependent"\\n')
    'the &quot;Kyiv&#9;Independent&quot;&#10;'
    """
    return _escape(text, _ATTR_SPECIAL, _ATTR_REFERENCES)


def _escape(text: str, special: re.Pattern[str], references: tuple[tuple[str, str], ...]) -> str:
    if special.search(text) is None:
        return text
    text = _INVALID.sub("", text)
    for char, reference in references:  # "&" first, so no reference is escaped again
        text = text.replace(char, reference)
    return text
