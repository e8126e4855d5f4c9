"""A real `newsgraph serve` in its own process on 127.0.0.1: started, waited for, killed or stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

CLI = [sys.executable, "-m", "api.cli"]
STARTUP_TIMEOUT = 120.0


DocumentView = tuple[int, frozenset[str]]


def document_view(body: dict[str, Any]) -> DocumentView:
    """What stays fixed about a stored document while later ones arrive: its events (their ids are
    the document's own) and how many entities it names. An entity's id may change (a bare surname's
    node joins the full name a later article gives), but a document's entity is never dropped."""
    return len(body["entities"]), frozenset(e["id"] for e in body["events"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """One server process over one database file; `restart()` brings it back on the same port."""

    db: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
        env.update(self.env)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [*CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", str(self.db)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not answer in {STARTUP_TIMEOUT} s:\n{self.log.read_text()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what a power cut does to the process."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> LiveServer:
        self.stop()
        return self.start()

    def client(self, *, timeout: float = 30.0, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout, **kwargs)  # type: ignore[arg-type]


@contextmanager
def live_server(db: Path, *, env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    server = LiveServer(db=db, log=db.with_suffix(".log"), env=env or {})
    server.start()
    try:
        yield server
    finally:
        server.stop()
