"""Reports as a user sees them: headless Chromium loads pages carrying script payloads.

Asserts that no script ran (the payloads would set ``document.title`` or a ``data-pwned``
attribute) and that the payloads show as text; saves a screenshot to ``test-output/``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from delivery_store import build_store

from vetting.report import write_reports

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "test-output"


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                    "(apt-get install chromium; .ci/run installs it)")


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@needs_chromium
def test_no_script_runs_and_payload_shows_as_text(tmp_path: Path) -> None:
    paths = write_reports(build_store(n=9), tmp_path / "reports")
    for page in [*paths[:5], paths[-1]]:  # every HTML payload appears in the first pages
        done = _run(["--dump-dom", page.as_uri()], tmp_path / "profile")
        assert done.returncode == 0, done.stderr[-2000:]
        dom = done.stdout
        assert "<main>" in dom, f"{page.name}: page did not render"
        title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title != "PWNED", f"{page.name}: a script changed the title"
        assert "data-pwned" not in dom.replace("setAttribute('data-pwned'", "").replace(
            "setAttribute(&#39;data-pwned&#39;", ""), f"{page.name}: an onerror handler ran"
        assert "<script" not in dom.lower() and "<img" not in dom.lower()
        # the payloads are in the page as visible text
        assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom or "&lt;img src=x onerror" in dom \
            or "&gt;&lt;svg onload=alert(1)&gt;" in dom, page.name


@needs_chromium
def test_screenshot_of_a_report(tmp_path: Path) -> None:
    paths = write_reports(build_store(n=6), tmp_path / "reports")
    OUTPUT.mkdir(exist_ok=True)
    for page, name in ((paths[1], "report-creator.png"), (paths[-1], "report-index.png")):
        shot = OUTPUT / name
        shot.unlink(missing_ok=True)
        done = _run([f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars", page.as_uri()],
                    tmp_path / "profile")
        assert done.returncode == 0, done.stderr[-2000:]
        assert shot.exists() and shot.stat().st_size > 10_000
        assert shot.read_bytes().startswith(b"\x89PNG")
