"""Keep a live graph current and quick to restart, in the background: follow, rank, save.

- Follow: every `follow_every` seconds, apply what other processes wrote to the store
  (`KnowledgeGraph.refresh`), so their writes are seen within that time plus the apply.
- Rank: when the graph has moved past its rankings (degree, PageRank) and writes have settled
  for `rank_settle` seconds, or the rankings are `rank_max_age` seconds old, compute new ones from
  the store (graph.centrality.rank_store) and swap them in. Large graphs are ranked in a child
  process, so those seconds of numeric work never compete with requests for the interpreter.
- Save: when the graph has moved past its last snapshot and writes have settled for
  `save_settle` seconds, write a new snapshot (graph.snapshot).

`warm()` builds the indexes and first rankings; `ready` is set once it has.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from graph.centrality import rank_store
from graph.derived import Rankings
from graph.knowledge import KnowledgeGraph

log = logging.getLogger("newsgraph.upkeep")

RANK_IN_PROCESS_EDGES = 200_000  # below this many edges, a thread ranks in well under a second


def exit_with_parent(parent: int) -> None:
    """In a child process: exit when `parent` is gone (a killed server must not leave its
    helpers running). A pool initializer; the check is a thread looking once a second."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="newsgraph-parent-watch", daemon=True).start()


def child_process_pool() -> ProcessPoolExecutor:
    """One child process for work that would compete with requests for the interpreter; it is
    spawned (forking a threaded server is unsafe) and exits with this process."""
    spawn = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(1, mp_context=spawn, initializer=exit_with_parent, initargs=(os.getpid(),))


class Upkeep:
    """The background work of a served graph; `start()` it, `stop()` it."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        snapshot: Path | None = None,
        follow_every: float = 0.25,
        rank_settle: float = 2.0,
        rank_max_age: float = 300.0,
        save_settle: float = 5.0,
    ) -> None:
        self.kg = kg
        self.snapshot = snapshot
        self.follow_every = follow_every
        self.rank_settle = rank_settle
        self.rank_max_age = rank_max_age
        self.save_settle = save_settle
        self.ready = threading.Event()
        self.errors = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._executor: Executor | None = None
        self._ranking: Future[Rankings] | None = None

    def start(self) -> None:
        for name, target in (("follow", self._follow), ("maintain", self._maintain)):
            thread = threading.Thread(target=target, name=f"newsgraph-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def status(self) -> dict[str, Any]:
        """How fresh each part is, for /health and /stats."""
        kg = self.kg
        rankings = kg.indexes.rankings if kg.indexed else None
        return {
            "seq": kg.seq,
            "rankings_seq": rankings.seq if rankings else None,
            "rankings_age_s": round(rankings.age(), 1) if rankings else None,
            "snapshot_seq": kg.saved_seq,
        }

    # -- the work ---------------------------------------------------------------------------

    def warm(self) -> None:
        """Build the indexes and the first rankings (at start-up, before answers are at full speed)."""
        with self.kg.reading():
            indexes = self.kg.indexes
        if indexes.rankings is None:
            self.kg.set_rankings(self._rank().result())
        self.ready.set()

    def _rank(self) -> Future[Rankings]:
        if self._executor is None:
            if self.kg.counts.edges >= RANK_IN_PROCESS_EDGES:
                self._executor = child_process_pool()
            else:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="newsgraph-rank")
        return self._executor.submit(rank_store, self.kg.store.path)

    def _follow(self) -> None:
        while not self._stop.wait(self.follow_every):
            try:
                self.kg.refresh()
            except Exception:
                self.errors += 1
                log.exception("following the store failed; trying again")

    def _maintain(self) -> None:
        try:
            self.warm()
        except Exception:
            self.errors += 1
            log.exception("warming the graph failed")
        while not self._stop.wait(max(self.follow_every, 0.25)):
            try:
                self._maintain_once()
            except Exception:
                self.errors += 1
                log.exception("ranking or saving the graph failed; trying again")

    def _maintain_once(self) -> None:
        kg = self.kg
        quiet = time.monotonic() - kg.changed_at
        if self._ranking is not None and self._ranking.done():
            kg.set_rankings(self._ranking.result())
            self._ranking = None
        rankings = kg.indexes.rankings
        behind = rankings is None or rankings.seq != kg.seq
        old = rankings is None or rankings.age() >= self.rank_max_age
        if self._ranking is None and behind and (quiet >= self.rank_settle or old):
            self._ranking = self._rank()
        if self.snapshot is not None and kg.saved_seq != kg.seq and quiet >= self.save_settle:
            started = time.perf_counter()
            size = kg.save_snapshot(self.snapshot)
            log.info(
                "saved %s (change %s, %.0f MB) in %.1f s",
                self.snapshot,
                kg.saved_seq,
                size / 1e6,
                time.perf_counter() - started,
            )
