"""Shared fixtures: where the read-only shared samples are, and the test output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    """``../shared/platform-samples`` when present; tests that need it skip otherwise."""
    path = SHARED / "platform-samples"
    if not path.is_dir():
        pytest.skip("../shared/platform-samples is not present")
    return path


@pytest.fixture(scope="session")
def test_output() -> Path:
    """A folder for artefacts a person may want to look at (screenshots, sample exports)."""
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


class SandboxProcess:
    """A sandbox platform server in a subprocess (as the CLI and the demo use it)."""

    def __init__(self, tmp: Path, *args: str) -> None:
        import json
        import subprocess
        import sys

        self.ground_truth_path = tmp / "ground-truth.json"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.sandbox", "serve", "--ground-truth", str(self.ground_truth_path), *args],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if not line.startswith("SANDBOX_URL="):
            self.proc.kill()
            raise RuntimeError(f"sandbox did not start: {line!r}")
        self.url = line.split("=", 1)[1]
        self.host = self.url.split("://", 1)[1]
        self.truth = json.loads(self.ground_truth_path.read_text())

    def admin(self, path: str, body: dict | None = None) -> dict:
        import json
        import urllib.request

        data = None if body is None else json.dumps(body).encode()
        with urllib.request.urlopen(urllib.request.Request(f"{self.url}/__sandbox__/{path}", data=data)) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        import subprocess

        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def sandbox_factory(tmp_path_factory):
    """Start sandboxes with CLI flags: ``sandbox_factory("--creators", "12", "--fault", "429=0.2")``."""
    started: list[SandboxProcess] = []

    def start(*args: str) -> SandboxProcess:
        sandbox = SandboxProcess(tmp_path_factory.mktemp("sandbox"), *args)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        sandbox.stop()


@pytest.fixture(autouse=True)
def _reset_logger_levels():
    """CLI commands run in-process configure logging; later tests must not inherit it."""
    import logging

    yield
    for name in ("crawler", "vetting", "scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(logging.NOTSET)
