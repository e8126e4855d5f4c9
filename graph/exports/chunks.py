"""A document's repeated pieces (one per node, edge or record) handed out a batch at a time.

Batching matters for HTTP: each chunk is one trip through the server's thread pool; and a large
graph is never held as one string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["encoded", "joined"]


def joined(pieces: Iterable[bytes], *, batch: int, sep: bytes = b",\n") -> Iterator[bytes]:
    """``sep.join(pieces)``, yielded `batch` pieces at a time.

    Parameters
    ----------
    pieces : iterable of bytes
        The pieces, in order; read one at a time.
    batch : int
        Pieces per yielded chunk.
    sep : bytes
        Written between two pieces.

    Yields
    ------
    chunk : bytes
        The next pieces; joined, the chunks are the pieces joined (nothing for no pieces).

    Examples
    --------
    >>> list(joined([b"1", b"2", b"3"], batch=2))
    [b'1,\\n2', b',\\n3']
    >>> list(joined([], batch=2))
    []
    """
    parts: list[bytes] = []
    between = b""
    for piece in pieces:
        parts.append(between + piece)
        between = sep
        if len(parts) >= batch:
            yield b"".join(parts)
            parts.clear()
    if parts:
        yield b"".join(parts)


def encoded(pieces: Iterable[str], *, batch: int) -> Iterator[bytes]:
    """The pieces of text one after the other, UTF-8 encoded `batch` pieces at a time.

    Examples
    --------
    >>> list(encoded(["<a/>", "<b/>", "<c/>"], batch=2))
    [b'<a/><b/>', b'<c/>']
    """
    parts: list[str] = []
    for piece in pieces:
        parts.append(piece)
        if len(parts) >= batch:
            yield "".join(parts).encode()
            parts.clear()
    if parts:
        yield "".join(parts).encode()
