"""Hostile strings shared by the hostile-input, security and export tests."""

from __future__ import annotations

SCRIPT = "<img src=x onerror=alert(1)>"

# Text that a reader must show as text, and an XML or JSON writer must keep well-formed.
HOSTILE_NAMES: dict[str, str] = {
    "script tag": "<script>alert('x')</script>",
    "img onerror": SCRIPT,
    "xml specials": "Tom & Jerry <\"quoted\"> 'single' ]]> -->",
    "rtl": "\u0645\u062d\u0645\u062f \u0639\u0628\u0627\u0633 \u202eevil\u202c",
    "emoji": "Putin \U0001f1f7\U0001f1fa \U0001f92f\u200d\U0001f525",
    "zero width": "Zelen\u200bskiy\u200c\u200d\ufeff",
    "control chars": "Kyiv\x01\x02\x07\x08\x0b\x0c\x1b[31m\x1f",
    "xml non-characters": "Kuleba\ufffe\uffff",
    "long": "N" * 10_000,
    "sql": "Robert'); DROP TABLE documents;--",
    "path": "../../etc/passwd",
    "newlines": "line one\r\nline two\ttab",
}

# Document ids a client may send; each is either refused with a 4xx or stored and found again.
HOSTILE_IDS: dict[str, str] = {
    "dot dot slash": "../../etc/passwd",
    "percent nul": "doc%00evil",
    "quotes": "doc'\"`quoted`\"'",
    "sql": "x' OR '1'='1",
    "sql drop": "1; DROP TABLE documents; --",
    "slashes": "a/b\\c",
    "percent encoded": "%2e%2e%2f",
    "spaces": "  spaced id  ",
    "unicode": "\u0434\u043e\u043a-\U0001f600",
    "query chars": "a?b#c&d=e",
}

# Strings that must never appear in an error body: they give away the code or the file system.
LEAKS = ("Traceback", "/work", ".py", 'File "')
