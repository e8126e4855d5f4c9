"""Mixed traffic against a real server: 90% reads of varied endpoints, 10% document POSTs.

`python -m bench.load [--seconds 60] [--warmup 10] [--concurrency 8] [--json FILE]`, or
`run_load(...)` from Python. It builds a database of BBC stories with `newsgraph ingest`, serves it
with `newsgraph serve` on 127.0.0.1, sends a warm-up and then the measured traffic from a bounded
asyncio + httpx client loop, and checks: no 5xx (nor timeouts or dropped connections), every
document whose POST was acknowledged is there afterwards (with the text last acknowledged), and the
server's resident memory after the run is within 10% of what it was after the warm-up.
Exit status 1 when a check fails.

Each client POSTs to a few ids of its own, a different story each time, so every POST is a full
extraction and write ("added", then "replaced") while the graph keeps its size: memory that grows
over the run is then a leak, not new data.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc-news.jsonl"
CLI = [sys.executable, "-m", "api.cli"]
MEMORY_TOLERANCE = 0.10
REQUEST_TIMEOUT = 30.0

Read = Callable[[random.Random], str]


@dataclass
class Plan:
    """What the traffic asks about: ids taken from the database, stories held back for POSTs."""

    entities: list[str]
    names: list[str]
    documents: list[str]
    fresh: list[dict[str, Any]]
    post_share: float = 0.10
    slots: int = 3  # ids per client that its POSTs cycle through
    turns: Counter[int] = field(default_factory=Counter)

    def reads(self) -> list[tuple[str, Read]]:
        def entity(rng: random.Random) -> str:
            return quote(rng.choice(self.entities), safe="")

        def name(rng: random.Random) -> str:
            return quote(rng.choice(self.names), safe="")

        def q(rng: random.Random) -> str:  # a typo now and then, as users type
            word = rng.choice(self.names).split()[-1]
            if len(word) > 4 and rng.random() < 0.3:
                cut = rng.randrange(1, len(word) - 1)
                word = word[:cut] + word[cut + 1 :]
            return quote(word, safe="")

        return [
            ("search", lambda r: f"/entities?q={q(r)}&limit=10"),
            ("entity", lambda r: f"/entities/{entity(r)}"),
            ("neighbors", lambda r: f"/entities/{entity(r)}/neighbors?depth={r.choice((1, 1, 2))}&limit=50"),
            ("relationships", lambda r: f"/relationships?source={entity(r)}&target={entity(r)}"),
            ("events", lambda r: f"/events?actor={name(r)}&limit=20"),
            ("events", lambda r: "/events?since=2004-01-01&until=2005-12-31&limit=20"),
            ("paths", lambda r: f"/paths?source={entity(r)}&target={entity(r)}&max_length=3"),
            ("stats", lambda r: "/stats"),
            ("documents", lambda r: f"/documents?limit=20&offset={r.randrange(0, 100)}"),
            ("document", lambda r: f"/documents/{quote(r.choice(self.documents), safe='')}"),
            ("health", lambda r: "/health"),
        ]

    def next_document(self, client: int) -> dict[str, Any]:
        """The client's next POST: one of its own ids, with a story it has not sent there before."""
        turn = self.turns[client]
        self.turns[client] += 1
        story = self.fresh[(client * 101 + turn) % len(self.fresh)]
        return {**story, "id": f"load-{client}-{turn % self.slots}"}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # 5xx, timeouts, dropped connections
    acknowledged: dict[str, str] = field(default_factory=dict)  # id -> hash of the text last acked
    acked_posts: int = 0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len([e for e in self.errors if e.startswith("transport")])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# -- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Server:
    def __init__(self, db: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_API_KEY"}
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [*CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", str(db)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not start in 180 s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# -- the traffic -----------------------------------------------------------------------------


async def _one(client: httpx.AsyncClient, plan: Plan, rng: random.Random, tally: Tally, number: int) -> None:
    if rng.random() < plan.post_share:
        doc = plan.next_document(number)
        kind, started = "post", time.perf_counter()
        try:
            response = await client.post("/documents", json=doc)
        except httpx.TransportError as exc:
            tally.errors.append(f"transport POST {doc['id']}: {exc!r}")
            return
        if response.is_success:
            tally.acked_posts += 1
            tally.acknowledged[doc["id"]] = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
    else:
        kind, make = rng.choice(plan.reads())
        path, started = make(rng), time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.TransportError as exc:
            tally.errors.append(f"transport GET {path}: {exc!r}")
            return
    tally.latencies.setdefault(kind, []).append(time.perf_counter() - started)
    tally.statuses[response.status_code] += 1
    if response.status_code >= 500:
        tally.errors.append(f"{response.status_code} {response.request.method} {response.request.url}")


async def traffic(url: str, plan: Plan, *, seconds: float, concurrency: int, seed: int) -> Tally:
    """`concurrency` clients, each sending one request after another until the time is up."""
    tally = Tally()
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT, limits=limits) as client:

        async def client_loop(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            while time.monotonic() < stop_at:
                await _one(client, plan, rng, tally, number)

        await asyncio.gather(*(client_loop(n) for n in range(concurrency)))
    return tally


# -- setup and checks ------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _plan(db: Path, fresh: list[dict[str, Any]]) -> Plan:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, json_extract(data, '$.label') FROM nodes WHERE kind != 'event' "
            "ORDER BY json_extract(data, '$.mentions') DESC LIMIT 300"
        ).fetchall()
        documents = [r[0] for r in conn.execute("SELECT id FROM documents")]
    return Plan(entities=[r[0] for r in rows], names=[r[1] for r in rows], documents=documents, fresh=fresh)


def _lost(url: str, acknowledged: dict[str, str]) -> list[str]:
    """Acknowledged documents that are not there, or not with the text last acknowledged."""
    lost = []
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        for doc_id, digest in acknowledged.items():
            response = client.get(f"/documents/{quote(doc_id, safe='')}", params={"text": "false"})
            if response.status_code != 200 or response.json().get("text_hash") != digest:
                lost.append(doc_id)
    return lost


def _latency_ms(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
        "p99_ms": round(percentile(values, 99) * 1000, 2),
        "max_ms": round(max(values, default=0.0) * 1000, 2),
    }


def run_load(
    *,
    seconds: float = 60.0,
    warmup: float = 10.0,
    concurrency: int = 8,
    base_docs: int = 200,
    seed: int = 8,
    corpus: Path = BBC,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Run the load test; the result dict has the figures and `ok` (every check passed)."""
    if not corpus.exists():
        raise SystemExit(f"the load test needs the BBC corpus at {corpus}")
    with tempfile.TemporaryDirectory(prefix="newsgraph-load-", dir=workdir) as tmp:
        work = Path(tmp)
        records = _read_jsonl(corpus)
        base = work / "base.jsonl"
        base.write_text("".join(json.dumps(r) + "\n" for r in records[:base_docs]), encoding="utf-8")
        db = work / "load.db"
        ingest = [*CLI, "ingest", str(base), "--db", str(db)]
        subprocess.run(ingest, cwd=ROOT, check=True, capture_output=True)
        fresh = [
            {k: r[k] for k in ("id", "text", "title") if k in r} | {"source": "BBC"}
            for r in records[base_docs:]
        ]
        plan = _plan(db, fresh)
        server = Server(db, work / "server.log")
        try:
            warm = asyncio.run(traffic(server.url, plan, seconds=warmup, concurrency=concurrency, seed=seed))
            rss_warm = rss_bytes(server.proc.pid)
            started = time.perf_counter()
            tally = asyncio.run(
                traffic(server.url, plan, seconds=seconds, concurrency=concurrency, seed=seed + 1)
            )
            elapsed = time.perf_counter() - started
            rss_after = rss_bytes(server.proc.pid)
            missing = _lost(server.url, {**warm.acknowledged, **tally.acknowledged})
        finally:
            server.stop()
    everything = [v for values in tally.latencies.values() for v in values]
    reads = [v for kind, values in tally.latencies.items() if kind != "post" for v in values]
    growth = rss_after / rss_warm - 1
    result: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "concurrency": concurrency,
        "requests": tally.requests,
        "requests_per_s": round(tally.requests / elapsed, 1),
        "reads": tally.requests - len(tally.latencies.get("post", [])),
        "posts": len(tally.latencies.get("post", [])),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "errors_5xx_or_transport": len(tally.errors) + len(warm.errors),
        "error_samples": (warm.errors + tally.errors)[:10],
        "acknowledged_posts": warm.acked_posts + tally.acked_posts,
        "acknowledged_documents": len({**warm.acknowledged, **tally.acknowledged}),
        "lost_documents": len(missing),
        "latency": _latency_ms(everything),
        "latency_reads": _latency_ms(reads),
        "latency_by_endpoint": {k: _latency_ms(v) for k, v in sorted(tally.latencies.items())},
        "rss_after_warmup_mb": round(rss_warm / 2**20, 1),
        "rss_after_run_mb": round(rss_after / 2**20, 1),
        "rss_growth_pct": round(growth * 100, 2),
    }
    result["ok"] = (
        result["errors_5xx_or_transport"] == 0
        and not missing
        and abs(growth) <= MEMORY_TOLERANCE
        and result["acknowledged_documents"] > 0
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured traffic (default 60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="warm-up traffic (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients at once (default 8)")
    parser.add_argument("--base-docs", type=int, default=200, help="stories ingested before (default 200)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    result = run_load(
        seconds=args.seconds,
        warmup=args.warmup,
        concurrency=args.concurrency,
        base_docs=args.base_docs,
        seed=args.seed,
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lat = result["latency"]
    print(
        f"load: {result['requests']} requests in {result['seconds']} s "
        f"({result['requests_per_s']}/s, {result['posts']} POSTs), "
        f"p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms "
        f"(reads alone: p99 {result['latency_reads']['p99_ms']} ms); "
        f"5xx/transport errors {result['errors_5xx_or_transport']}; "
        f"lost {result['lost_documents']} of {result['acknowledged_documents']} acknowledged documents "
        f"({result['acknowledged_posts']} acknowledged POSTs); "
        f"memory {result['rss_after_warmup_mb']} -> {result['rss_after_run_mb']} MB "
        f"({result['rss_growth_pct']:+.1f}%) -> {'ok' if result['ok'] else 'FAILED'}"
    )
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
