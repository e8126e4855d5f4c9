"""HTML input: the article's main text, boilerplate dropped, through trafilatura."""

from __future__ import annotations

from extract.errors import DocumentError


def main_text(html: str, *, where: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise DocumentError(f"{where}: no article text found in the HTML")
    return text
