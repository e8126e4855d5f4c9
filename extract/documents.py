"""Read documents from files and folders: `.txt` with a `.json` sidecar, `.jsonl`, `.html`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extract.errors import DocumentError, Failure
from graph.records import Document

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
_META_FIELDS = ("title", "source", "url", "published")
# An http(s) URL with a host, no spaces or control characters; empty means none. The API's schema
# carries the same pattern.
WEB_ADDRESS = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f\x7f/?#]+([/?#][^\s\x00-\x1f\x7f]*)?)?$"
_WEB_ADDRESS = re.compile(WEB_ADDRESS)
MAX_META_DEPTH = 64  # JSON writers give up at a few hundred levels; no real metadata comes near


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, sorted) into the document files they hold."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def document_from_mapping(record: dict[str, Any], *, default_id: str | None = None) -> Document:
    """Build a Document from a JSON object (a JSONL line, a sidecar plus text, an API body)."""
    if not isinstance(record, dict):
        raise DocumentError("a document must be a JSON object")
    doc_id = record.get("id", default_id)
    text = record.get("text")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise DocumentError("missing or empty 'id'")
    if not isinstance(text, str):
        raise DocumentError(f"document {doc_id!r}: 'text' must be a string")
    check_text(text, where=doc_id)
    meta = {k: v for k, v in record.items() if k not in ("id", "text", *_META_FIELDS)}
    check_meta(meta, where=doc_id)
    fields: dict[str, str | None] = {}
    for name in _META_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise DocumentError(f"document {doc_id!r}: {name!r} must be a string")
        fields[name] = value
    fields["url"] = check_url(fields["url"], where=f"document {doc_id!r}")
    return Document(id=doc_id.strip(), text=text, meta=meta, **fields)


def check_url(url: str | None, *, where: str) -> str | None:
    """A document's address: an absolute http(s) URL (`WEB_ADDRESS`), or None when empty. Anything
    else (javascript:, data:, file:, a bare path) is refused: readers follow these links."""
    if not url:
        return None
    if not _WEB_ADDRESS.match(url):
        raise DocumentError(
            f"{where}: url must be an http(s) address like https://example.org/a; got {url!r}"
        )
    return url


def check_meta(meta: dict[str, Any], *, where: str) -> None:
    """Metadata is stored as JSON: refuse what nests deeper than the store can write and read."""
    stack: list[tuple[Any, int]] = [(meta, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_META_DEPTH:
            raise DocumentError(f"{where}: the metadata nests deeper than {MAX_META_DEPTH} levels")
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)


def check_text(text: str, *, where: str) -> None:
    if not text.strip():
        raise DocumentError(f"{where}: the text is empty")
    if "\x00" in text:
        raise DocumentError(f"{where}: the text holds NUL bytes (binary data?)")


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{path}: binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc


def _sidecar(path: Path) -> dict[str, Any]:
    side = path.with_suffix(".json")
    if not side.exists():
        return {}
    try:
        meta = json.loads(_decode(side))
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{side}: invalid JSON sidecar ({exc.msg}, line {exc.lineno})") from exc
    except RecursionError as exc:
        raise DocumentError(f"{side}: invalid JSON sidecar (nested too deeply)") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"{side}: the sidecar must be a JSON object")
    return meta


def read_path(path: Path) -> Iterator[Document | Failure]:
    """Documents in one file; a bad file or line yields a Failure instead of raising."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path)
            return
        text = _decode(path)
        if suffix in (".html", ".htm"):
            from extract.html import main_text

            text = main_text(text, where=str(path))
        elif suffix != ".txt":
            raise DocumentError(
                f"{path}: unsupported file type {suffix or '(none)'}; use {', '.join(SUFFIXES)}"
            )
        record = {**_sidecar(path), "text": text}
        record.setdefault("id", path.stem)
        yield document_from_mapping(record)
    except DocumentError as exc:
        yield Failure(str(path), str(exc))


def _read_jsonl(path: Path) -> Iterator[Document | Failure]:
    text = _decode(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            yield document_from_mapping(record)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON ({exc.msg})")
        except RecursionError:
            yield Failure(where, "invalid JSON (nested too deeply)")
        except DocumentError as exc:
            yield Failure(where, str(exc))


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document | Failure]:
    for path in find_files(paths):
        if not path.exists():
            yield Failure(str(path), "no such file or folder")
            continue
        yield from read_path(path)
