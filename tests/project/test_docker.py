"""The Docker image, read as Docker would build it (there may be no engine to build it here).

The runtime image carries the Python environment and the seeds, not the tools that built them:
Node.js and npm live in the build stage only. hadolint checks the Dockerfile's practices.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

ROOT = Path(__file__).resolve().parents[2]
HADOLINT = Path(sys.executable).with_name("hadolint")
BUILD_ONLY = ("nodejs", "npm", "node_modules", "scripts/assets.sh", "make ")


def stages() -> list[list[dockerfile.Command]]:
    found: list[list[dockerfile.Command]] = []
    for command in dockerfile.parse_file(str(ROOT / "Dockerfile")):
        if command.cmd == "FROM":
            found.append([])
        found[-1].append(command)
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [str(HADOLINT), "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_and_npm_stay_in_the_build_stage() -> None:
    *builds, runtime = stages()
    assert builds, "one stage: the runtime image would carry the build tools"
    build_text = " ".join(" ".join(c.value) for stage in builds for c in stage)
    assert "nodejs npm" in build_text and "scripts/assets.sh" in build_text
    for command in runtime:
        text = " ".join(command.value)
        assert not any(tool in text for tool in BUILD_ONLY), command
    copied = [c for c in runtime if c.cmd == "COPY"]
    assert {c.flags for c in copied} >= {("--from=build",)}
    assert [" ".join(c.value) for c in copied if not c.flags] == ["seeds/ seeds/"]


def test_the_runtime_runs_as_a_user_and_serves() -> None:
    runtime = stages()[-1]
    users = [c.value[0] for c in runtime if c.cmd == "USER"]
    assert users and users[-1] not in ("root", "0")
    [cmd] = [c for c in runtime if c.cmd == "CMD"]
    assert "newsgraph ingest seeds" in cmd.value[-1] and "exec newsgraph serve" in cmd.value[-1]


def test_the_build_context_leaves_out_local_environments() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".venv", "node_modules", "api/static/vendor", "*.db", ".git"):
        assert path in ignored
    for command in (c for stage in stages() for c in stage if c.cmd == "COPY" and not c.flags):
        for source in command.value[:-1]:
            assert (ROOT / source).exists(), source


def _compose() -> list[str] | None:
    """Docker's Compose plugin, else the standalone docker-compose (Debian's, which `make
    system-deps` installs where the plugin is missing): both read and check the same file."""
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


@pytest.mark.skipif(
    _compose() is None,
    reason="needs Docker Compose (`docker compose` or `docker-compose`): run make system-deps",
)
def test_docker_compose_reads_the_compose_file() -> None:
    compose = _compose()
    assert compose is not None
    result = subprocess.run(
        [*compose, "config", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
