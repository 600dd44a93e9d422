"""Ctrl-C during the demo's crawl ends it in one line with exit 130 and vets nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


# 0 s: while the world and Scrapy are being set up; 0.5 s: while the first crawl is set up (the
# reactor then ran on forever: a KeyboardInterrupt inside a Deferred); 1 s: inside the crawl.
@pytest.mark.parametrize("delay", [0.0, 0.5, 1.0])
def test_sigint_during_the_demo_crawl(tmp_path: Path, delay: float) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "vetting.cli", "demo", "--out", str(tmp_path / "demo"),
                             "--creators", "400"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if line.startswith("Crawling") or not line:
                break
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = "".join(lines) + err
    assert proc.returncode == 130, err[-2000:]
    assert "stopped by SIGINT" in err and "Traceback" not in err and "Aborted" not in err
    assert not (tmp_path / "demo" / "shortlist.xlsx").exists()
