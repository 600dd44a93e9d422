"""A sandbox platform server in its own process, for the benchmarks that crawl it through the CLI.

``SandboxProcess(tmp, *serve_args)`` runs ``python -m crawler.sandbox serve``, waits for its
``SANDBOX_URL=`` line and reads the world's ground truth; :meth:`admin` calls the sandbox's admin
endpoints (``stats``, ``advance``, ``ground-truth``); :meth:`stop` ends it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.platforms import sandbox_environment  # noqa: E402

ENV = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(ROOT)}


class SandboxProcess:
    def __init__(self, tmp: Path, *args: str) -> None:
        self.truth_path = tmp / f"truth-{time.monotonic_ns()}.json"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.sandbox", "serve", "--ground-truth", str(self.truth_path), *args],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if not line.startswith("SANDBOX_URL="):
            self.proc.kill()
            raise SystemExit(f"sandbox did not start: {line!r}")
        self.url = line.split("=", 1)[1]
        self.truth = json.loads(self.truth_path.read_text())

    def admin(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        with urllib.request.urlopen(urllib.request.Request(f"{self.url}/__sandbox__/{path}", data=data)) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
