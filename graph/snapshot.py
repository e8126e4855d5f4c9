"""The live graph and its indexes saved in a file beside the database, so a restart takes seconds.

The file (`<database>.snapshot`) is a header and a pickled payload: the graph, its indexes and the
store change sequence they reflect. It is used at start-up only when it matches the store:

- the header's format, Python and NetworkX versions are this process's (pickles of other
  versions may not load, or load as something else);
- the payload's checksum matches (a torn or corrupt file is caught before it is unpickled);
- it belongs to this database file (the store's random id) and the store's change log still
  holds every change after the snapshot's sequence (it is not stale).

Anything else and the graph is rebuilt from the store, and the reason is given. A snapshot that
is behind the store but still covered by its log is brought up to date by applying the changes
since. The file is written to a temporary name, flushed to disk, then renamed over the old one, so
a crash while saving leaves the previous snapshot. A server writes it from a forked child
(`save_in_child`): the graph is held still only for the fork, not for the seconds of writing.

Like the database, the file is trusted: whoever can write it can write the database too.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import struct
import sys
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graph.derived import Counts, Indexes
from graph.errors import GraphError

FORMAT = 2  # bump when the pickled structures change shape
_MAGIC = b"newsgraph-snapshot\n"
_CHUNK = 1 << 20


class SnapshotRejected(GraphError):
    """The snapshot file cannot be used (missing, corrupt, stale, another store's, another version)."""


@dataclass(slots=True)
class Saved:
    """What a snapshot holds."""

    store_id: str
    seq: int
    graph: nx.MultiDiGraph
    indexes: Indexes
    counts: Counts


def path_for(database: str | Path) -> Path:
    return Path(f"{database}.snapshot")


def _versions() -> dict[str, Any]:
    return {"format": FORMAT, "python": sys.version.split()[0], "networkx": nx.__version__}


def save(path: str | Path, saved: Saved) -> int:
    """Write the snapshot (atomically: a temporary file renamed over `path`); its size in bytes."""
    path = Path(path)
    tmp = _temporary(path)
    try:
        _write(tmp, saved)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.stat().st_size


def save_in_child(path: str | Path, saved: Saved) -> Callable[[], int]:
    """Start writing the snapshot in a forked copy of this process; return `finish`, which waits
    for it and puts the file in place (its size), or raises SnapshotFailed.

    The caller holds what keeps the graph still (the read lock) only until this returns: the
    child writes from its own copy-on-write image of the memory, so nothing in this process waits
    for the writing, and the pickler's bookkeeping (a table entry per object) lives in the child.
    Where processes cannot fork, the snapshot is written here and now.
    """
    path = Path(path)
    if not hasattr(os, "fork"):
        size = save(path, saved)
        return lambda: size
    tmp = _temporary(path)
    with warnings.catch_warnings():  # only this thread runs in the child, and it calls no locks
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: write, and leave without running any of the parent's clean-up
        code = 1
        try:
            gc.disable()  # a collection would touch, so copy, every page of the parent's objects
            _die_with_parent()
            _write(tmp, saved)
            code = 0
        finally:
            os._exit(code)

    def finish() -> int:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            tmp.unlink(missing_ok=True)
            raise SnapshotFailed(f"writing {path} failed (status {status})")
        tmp.replace(path)
        return path.stat().st_size

    return finish


class SnapshotFailed(GraphError):
    """The snapshot could not be written (the graph itself is unaffected)."""


def _temporary(path: Path) -> Path:
    return path.with_name(f"{path.name}.{os.getpid()}.part")


def _die_with_parent() -> None:
    """Linux: the kernel ends this child if the process that forked it dies mid-write."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _write(tmp: Path, saved: Saved) -> None:
    header = {**_versions(), "store_id": saved.store_id, "seq": saved.seq}
    with tmp.open("wb") as fh:
        head = json.dumps(header).encode()
        fh.write(_MAGIC + struct.pack("<I", len(head)) + head + struct.pack("<QI", 0, 0))
        body_at = fh.tell()
        writer = _Checksummed(fh)
        pickle.dump((saved.graph, saved.indexes, saved.counts), writer, protocol=pickle.HIGHEST_PROTOCOL)
        fh.seek(body_at - 12)
        fh.write(struct.pack("<QI", writer.size, writer.crc))
        fh.flush()
        os.fsync(fh.fileno())


def load(path: str | Path, *, store_id: str, first_seq: int, last_seq: int) -> Saved:
    """The snapshot at `path` if it can stand for the store whose change log holds the changes
    after `first_seq` through `last_seq`; else SnapshotRejected, saying why."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise SnapshotRejected(f"no snapshot at {path}") from exc
    with fh:
        header, size, crc = _header(fh, path)
        for name, value in _versions().items():
            if header.get(name) != value:
                raise SnapshotRejected(f"{path} was written with {name} {header.get(name)}, not {value}")
        if header.get("store_id") != store_id:
            raise SnapshotRejected(f"{path} belongs to another database")
        seq = int(header.get("seq", -1))
        if not first_seq <= seq <= last_seq:
            raise SnapshotRejected(
                f"{path} is stale: it is at change {seq}, the store's log holds {first_seq}-{last_seq}"
            )
        body_at = fh.tell()
        _verify(fh, path, size, crc)
        fh.seek(body_at)
        paused = gc.isenabled()
        gc.disable()  # millions of new containers: the collector would walk them over and over
        try:
            graph, indexes, counts = pickle.load(fh)
        except Exception as exc:  # the checksum matched, so this is not corruption, but say so
            raise SnapshotRejected(f"{path} cannot be read: {exc!r}") from exc
        finally:
            gc.freeze()
            if paused:
                gc.enable()
    if not isinstance(graph, nx.MultiDiGraph) or not isinstance(indexes, Indexes):
        raise SnapshotRejected(f"{path} does not hold a graph and its indexes")
    return Saved(store_id, seq, graph, indexes, counts)


def _header(fh: IO[bytes], path: Path) -> tuple[dict[str, Any], int, int]:
    if fh.read(len(_MAGIC)) != _MAGIC:
        raise SnapshotRejected(f"{path} is not a snapshot")
    try:
        (length,) = struct.unpack("<I", fh.read(4))
        text = fh.read(length).decode()
        size, crc = struct.unpack("<QI", fh.read(12))
        header = json.loads(text)
    except (struct.error, UnicodeDecodeError, ValueError) as exc:
        raise SnapshotRejected(f"{path} has a damaged header") from exc
    if not isinstance(header, dict):
        raise SnapshotRejected(f"{path} has a damaged header")
    return header, size, crc


def _verify(fh: IO[bytes], path: Path, size: int, crc: int) -> None:
    seen, check = 0, 0
    while chunk := fh.read(_CHUNK):
        seen += len(chunk)
        check = zlib.crc32(chunk, check)
    if seen != size or check != crc:
        raise SnapshotRejected(f"{path} is corrupt or incomplete (checksum or length differs)")


class _Checksummed:
    """A write-only file wrapper that counts and checksums what passes through it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self.size = 0
        self.crc = 0

    def write(self, data: bytes | memoryview) -> int:
        self.size += memoryview(data).nbytes
        self.crc = zlib.crc32(data, self.crc)
        return self._fh.write(data)
