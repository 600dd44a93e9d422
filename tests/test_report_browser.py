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
        assert "<main" in dom and "</main>" in dom, f"{page.name}: page did not render"
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


_MEASURE = """<script>
window.addEventListener("load", () => {
  const broken = [];
  for (const cell of document.querySelectorAll("td:not(.name)")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      let at = 0;
      for (const word of text.split(/(\\s+|-)/)) {  // a line may end at a space or after a hyphen
        if (word.trim().length > 1) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          if (lines.size > 1) broken.push(word);
        }
        at += word.length;
      }
    }
  }
  const table = document.querySelector("table").getBoundingClientRect().width;
  document.title = "LAYOUT " + JSON.stringify({broken, table, page: document.documentElement.clientWidth});
});
</script>"""


@needs_chromium
@pytest.mark.parametrize("width", [1280, 900])
def test_index_breaks_no_word_and_uses_the_page_width(tmp_path: Path, width: int) -> None:
    """The index table wraps between words ("Recommen|ded", "micr|o" were broken) and fills the page."""
    import json
    import re

    store = build_store(n=9, hostile=False)
    store.db.execute("UPDATE creators SET display_name = display_name || ' with a rather long display name'")
    store.db.conn.commit()
    index = write_reports(store, tmp_path / "reports")[-1]
    html = index.read_text(encoding="utf-8")
    # The measuring script needs the page without its Content-Security-Policy (layout only is tested here).
    harness = index.with_name("measure.html")
    harness.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
                       .replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    done = _run(["--virtual-time-budget=5000", f"--window-size={width},900", "--dump-dom", harness.as_uri()],
                tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    title = done.stdout.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("LAYOUT "), title
    layout = json.loads(title[len("LAYOUT "):].replace("&quot;", '"'))
    assert layout["broken"] == [], layout
    assert layout["table"] >= 0.85 * layout["page"], layout  # the index uses the width of the page
