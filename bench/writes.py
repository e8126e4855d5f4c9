"""Writes against a served large graph: what they cost the reads, and how soon others' writes show.

- A read right after each of several POSTed articles (each extracted in the server's child
  process, written, applied to the live graph): its latency.
- Reads from several wrk connections alone, then the same reads beside one client POSTing
  articles back to back: latency, throughput, and every failed request on either side.
- `newsgraph ingest` of one article into the served database from another process: seconds from
  the command's exit until the server's search finds it; then `newsgraph delete` until it is gone.

The articles are BBC stories the large graph does not hold (its names are all replaced), so a
search for their people finds nothing before they are written.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import http
from bench.measure import ROOT, percentile
from bench.plan import Work
from bench.report import Row, Target

SECTION = "3 scale"
READ_AFTER_POST_MS = 50.0
READS_P99_MS = 50.0
THROUGHPUT_KEPT = 0.7
SEEN_WITHIN_S = 2.0
CONNECTIONS = 4  # reading clients, as in the issue that set these targets


def _stories(work: Work, count: int) -> list[dict[str, Any]]:
    """BBC stories after those the graphs were made of: first one naming Tony Blair (for the CLI
    rows, which search for him), then `count` that do not name him (to POST)."""
    with work.corpus.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    rest = records[(work.plan.corpus_docs or len(records)) :] or records
    blair = [r for r in rest if "Blair" in r["text"]]
    others = [r for r in rest if "Blair" not in r["text"]]
    return [*blair[:1], *(others * (1 + count // max(1, len(others))))[:count]]


def _post(base: str, story: dict[str, Any], doc_id: str, timeout: float = 120) -> tuple[int, float]:
    body = json.dumps({"id": doc_id, "text": story["text"], "title": story.get("title")}).encode()
    request = urllib.request.Request(
        base + "/documents", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - started
    except OSError:
        return 0, time.perf_counter() - started


def _get(base: str, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    status = http.get(base + path)
    return status, time.perf_counter() - started


def _read_paths(work: Work) -> list[str]:
    """A mix of the reads the latency rows measure, with the same parameters."""
    from bench.queries import QUERIES

    params = json.loads((work.dir / "params-large.json").read_text(encoding="utf-8"))
    chosen = ("entity search", "entity detail", "neighbors depth 1", "relationships", "events by date")
    paths = [q.path(p) for q in QUERIES if q.name in chosen for p in params[q.sample]]
    return [p for pair in zip(paths[0::2], paths[1::2], strict=False) for p in pair]


def run(work: Work, served: http.Served, db: Path, *, graph: str) -> list[Row]:
    plan = work.plan
    base = served.base
    stories = _stories(work, plan.write_posts + 200)
    cli_story, posted = stories[0], iter(stories[1:])
    reads = _read_paths(work)
    # the child process loads spaCy on the first POST: not part of any figure. Once writes settle,
    # the server ranks the graph and saves a snapshot in child processes: the reads alone are
    # measured when that is done, so that they measure reads, not the machine's other work.
    status, seconds = _post(base, next(posted), "bench-warm-up", timeout=600)
    warm_up = {"status": status, "seconds": seconds, "settled_s": served.wait_settled()}

    def reads_for(name: str) -> dict[str, Any]:
        seconds = plan.write_seconds
        return http.load(base, reads, seconds=seconds, workdir=work.dir, name=name, connections=CONNECTIONS)

    alone = reads_for("reads-alone")
    writer = _Writer(base, posted)
    writer.start()
    beside = reads_for("reads-beside")
    writer.stop()

    after: list[float] = []  # POSTed back to back: writes do not settle in between
    post_times: list[float] = []
    for n in range(plan.write_posts):
        status, seconds = _post(base, next(posted), f"bench-post-{n}")
        post_times.append(seconds)
        read_status, read_s = _get(base, reads[n % len(reads)])
        if status == 200 and read_status == 200:
            after.append(read_s * 1000)
    rss_after = served.memory()[0]
    posted_ids = ["bench-warm-up", *(f"bench-post-{n}" for n in range(plan.write_posts)), *writer.ids]
    deleted = _delete(base, posted_ids)  # the graph as generated again, for the CLI rows and exports
    cli = _cli_seen(base, db, cli_story, work.dir)
    work.raw["writes_large"] = {
        "warm_up_post": warm_up,
        "read_after_post_ms": after,
        "post_s": post_times,
        "reads_alone": alone,
        "reads_beside_writer": beside,
        "writer": writer.summary(),
        "cli": cli,
        "rss_after_writes": rss_after,
        "deleted_after": deleted,
    }
    failed = alone["errors"] + alone["non_2xx"] + beside["errors"] + beside["non_2xx"] + writer.failed
    kept = beside["requests_per_s"] / alone["requests_per_s"] if alone["requests_per_s"] else None
    none = "a target, no peer"
    return [
        Row(
            SECTION,
            f"read right after a POSTed article, worst of {len(after)} ({graph})",
            "ms",
            max(after) if after else None,
            None,
            none,
            Target("ours", "<=", READ_AFTER_POST_MS),
            note=f"median {percentile(after, 50):.1f} ms; each POST took median "
            f"{percentile(post_times, 50):.2f} s (extraction in the server's child process)"
            if after
            else "no POST succeeded",
        ),
        Row(
            SECTION,
            f"reads p99 beside a client POSTing articles ({graph})",
            "ms",
            beside["p99_ms"],
            alone["p99_ms"],
            "the same reads alone",
            Target("ours", "<=", READS_P99_MS),
            note=f"{CONNECTIONS} wrk connections, {plan.write_seconds:g} s each; "
            f"{writer.summary()['posted']} articles POSTed meanwhile",
        ),
        Row(
            SECTION,
            f"reads/s beside a client POSTing articles ({graph})",
            "req/s",
            beside["requests_per_s"],
            alone["requests_per_s"],
            "the same reads alone",
            Target("ratio", ">=", THROUGHPUT_KEPT),
            note=f"ratio {kept:.2f}" if kept is not None else "",
        ),
        Row(
            SECTION,
            f"failed requests, reads and POSTs ({graph})",
            "count",
            failed,
            None,
            none,
            Target("ours", "<=", 0),
            note=f"wrk errors and non-2xx; POSTs not 200: {writer.failed}",
        ),
        Row(
            SECTION,
            f"`newsgraph ingest` of an article, seen by the server after ({graph})",
            "s",
            cli["ingest_seen_s"],
            None,
            none,
            Target("ours", "<=", SEEN_WITHIN_S),
            note="from the command's commit to the server's search finding the article's people",
        ),
        Row(
            SECTION,
            f"`newsgraph delete` of it, gone from the server after ({graph})",
            "s",
            cli["delete_seen_s"],
            None,
            none,
            Target("ours", "<=", SEEN_WITHIN_S),
        ),
    ]


class _Writer:
    """One client POSTing articles back to back, each under a new id, until stopped."""

    def __init__(self, base: str, stories: Any) -> None:
        self._base = base
        self._stories = stories
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.statuses: list[int] = []
        self.seconds: list[float] = []
        self.ids: list[str] = []

    def _run(self) -> None:
        for n, story in enumerate(self._stories):
            if self._stop.is_set():
                return
            doc_id = f"bench-writer-{n}"
            status, seconds = _post(self._base, story, doc_id)
            self.ids.append(doc_id)
            self.statuses.append(status)
            self.seconds.append(seconds)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=300)

    @property
    def failed(self) -> int:
        return sum(status != 200 for status in self.statuses)

    def summary(self) -> dict[str, Any]:
        return {
            "posted": len(self.statuses),
            "failed": self.failed,
            "post_p50_s": percentile(self.seconds, 50) if self.seconds else None,
        }


def _delete(base: str, doc_ids: list[str]) -> dict[int, int]:
    """DELETE each document; how many answers of each status."""
    statuses: dict[int, int] = {}
    for doc_id in doc_ids:
        request = urllib.request.Request(f"{base}/documents/{quote(doc_id, safe='')}", method="DELETE")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


def _cli_seen(base: str, db: Path, story: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Seconds from `newsgraph ingest` committing the article (then `newsgraph delete` removing
    it) to the server's search showing the change. The commit is seen by reading the database
    file every 10 ms beside the command, which runs for seconds (it loads spaCy first)."""
    doc_id = "bench-cli-article"
    source = workdir / "cli-article.jsonl"
    source.write_text(json.dumps({**story, "id": doc_id}) + "\n", encoding="utf-8")
    search = "/entities?q=" + quote("Tony Blair")

    def found() -> bool:
        with urllib.request.urlopen(base + search, timeout=30) as response:
            return bool(json.loads(response.read())["total"])

    def stored() -> bool:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    assert not found(), "the large graph already names Tony Blair"
    cli = [sys.executable, "-m", "api.cli"]
    ingest_seen = _lag([*cli, "ingest", str(source), "--db", str(db)], committed=stored, shown=found)
    delete_seen = _lag(
        [*cli, "delete", doc_id, "--db", str(db)], committed=lambda: not stored(), shown=lambda: not found()
    )
    return {"ingest_seen_s": ingest_seen, "delete_seen_s": delete_seen}


def _lag(command: list[str], *, committed: Any, shown: Any, timeout: float = 300) -> float | None:
    """Run `command`; seconds between `committed()` and `shown()` first holding."""
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        started = time.perf_counter()
        while not committed():
            if time.perf_counter() - started > timeout:
                proc.kill()
                return None
            time.sleep(0.01)
        at = time.perf_counter()
        while not shown():
            if time.perf_counter() - at > 60:
                return None
            time.sleep(0.01)
        return time.perf_counter() - at
