"""HTML vetting reports: escaping of hostile scraped text, safe links, no external requests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from delivery_store import HTML_PAYLOADS, build_store

from vetting.cli import cli
from vetting.report import ReportError, report_filename, safe_url, svg_timeseries, write_reports

URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background"}


class _Elements(HTMLParser):
    """Every real element and attribute of a page (escaped text is not an element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _reports(tmp_path: Path, n: int = 9) -> list[Path]:
    return write_reports(build_store(n=n), tmp_path / "reports")


def test_write_reports_files_and_index(tmp_path: Path) -> None:
    paths = _reports(tmp_path)
    assert paths[-1].name == "index.html"
    assert len(paths) == 10
    index = paths[-1].read_text(encoding="utf-8")
    for page in paths[:-1]:
        assert f'href="{page.name}"' in index
    html = paths[0].read_text(encoding="utf-8")
    for heading in ("Verdict and reasons", "Profile and key figures", "Engagement against peers and published bands",
                    "Engagement per post over time", "Follower history", "Comment analysis", "Audience languages",
                    "Niche fit", "Sponsored posts and brands", "Estimated cost", "Outreach notes",
                    "Method, sample and freshness"):
        assert heading in html, heading
    assert html.count("<svg") >= 3
    assert "@media print" in html
    assert "wordontheblock.com" in html


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    paths = _reports(tmp_path)
    for path in paths:
        html = path.read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        assert not re.search(r"<svg[^>]*onload", html, re.I)
        parsed = elements(html)
        assert not {"script", "img", "iframe", "object", "embed", "link", "base"} & set(parsed.tags)
        for tag, name, value in parsed.attrs:
            assert not name.startswith("on"), f"{path.name}: <{tag} {name}>"
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
    html = "".join(p.read_text(encoding="utf-8") for p in paths)
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in html
    # the payload in a javascript: profile url is shown as text, never as a link
    assert "javascript:alert(document.cookie)" in html


def test_no_external_requests_and_only_creator_links(tmp_path: Path) -> None:
    paths = _reports(tmp_path)
    for path in paths:
        html = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        for tag, attr, value in elements(html).attrs:
            if attr not in URL_ATTRS:
                continue
            assert (tag, attr) == ("a", "href"), f"{path.name}: <{tag} {attr}={value}>"
            if value.startswith(("http://", "https://")):
                assert value.startswith("https://kitchen.example/"), f"{path.name}: foreign link {value}"
            else:
                assert value == "index.html" or value.endswith(".html"), f"{path.name}: {value}"
        assert "@import" not in html and "url(" not in html
        assert "secret_commenter" not in html and "secret-author-key" not in html


def test_report_for_named_creators_and_errors(tmp_path: Path) -> None:
    store = build_store(n=4)
    paths = write_reports(store, tmp_path, creators=["mastodon:@cook0@kitchen.example".replace("@cook0",
                                                     "@=HYPERLINK(\"http://evil\",\"x\")cook0"),
                                                     "youtube:UCchan0001"])
    assert [p.name for p in paths] == ["mastodon-100.html", "youtube-UCchan0001.html", "index.html"]
    with pytest.raises(ReportError, match="no mastodon creator"):
        write_reports(store, tmp_path, creators=["mastodon:@nobody@nowhere"])
    with pytest.raises(ReportError, match="PLATFORM:HANDLE_OR_ID"):
        write_reports(store, tmp_path, creators=["cook0"])
    assert len(write_reports(store, tmp_path / "top", top=2)) == 3


def test_safe_url_and_filenames() -> None:
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example",
                "https://a.example/\nx", " javascript:x", "http://", None, 5):
        assert safe_url(bad) is None, bad
    assert report_filename("youtube", "UCabc_-1") == "youtube-UCabc_-1.html"
    odd = report_filename("mastodon", "../../etc/passwd")
    assert "/" not in odd and ".." not in odd and odd.endswith(".html")
    assert report_filename("mastodon", "a/b") != report_filename("mastodon", "a_b")


def test_svg_escapes_text() -> None:
    from datetime import UTC, datetime

    from vetting.report import Point

    svg = str(svg_timeseries([Point(datetime(2026, 1, 1, tzinfo=UTC), 0.1, label=HTML_PAYLOADS[0])],
                             title=HTML_PAYLOADS[2], percent=True,
                             markers=[(datetime(2026, 1, 2, tzinfo=UTC), HTML_PAYLOADS[1])]))
    assert "<script" not in svg and "<img" not in svg and "<svg onload" not in svg
    assert "&lt;script&gt;" in svg


def test_cli_report(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    build_store(db, n=5).close()
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--db", str(db), "--top", "3", "--out", str(tmp_path / "r")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").exists() and len(list((tmp_path / "r").glob("*.html"))) == 4
    result = runner.invoke(cli, ["report", "youtube:UCchan0001", "--db", str(db), "--out", str(tmp_path / "k")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Wrote 1 report; open" in result.output
    result = runner.invoke(cli, ["report", "youtube:UCnope", "--db", str(db), "--out", str(tmp_path / "k")],
                           catch_exceptions=False)
    assert result.exit_code == 2 and "no youtube creator" in result.output
    assert "Example:" in runner.invoke(cli, ["report", "--help"]).output


def _set_metrics(store: object, creator_id: str, **changes: object) -> None:
    import json

    db = store.db  # type: ignore[attr-defined]
    row = db.execute("SELECT metrics FROM vetting_scores WHERE creator_id = ?", [creator_id]).fetchone()
    metrics = json.loads(row[0])
    metrics.update(changes)
    db.execute("UPDATE vetting_scores SET metrics = ? WHERE creator_id = ?", [json.dumps(metrics), creator_id])
    db.conn.commit()


def test_engagement_section_shows_primary_comparison_and_every_source(tmp_path: Path) -> None:
    from vetting import engagement as eng

    store = build_store(n=2)
    bands = [b.as_json() for b in eng.bands_for(0.04, "youtube", 5_000)]   # SociaVault average, YTStudio Poor
    bands[1]["source_name"] = HTML_PAYLOADS[0]
    _set_metrics(store, "UCchan0001", er_bands=bands, er_bands_disagree=True,
                 er_comparison={"primary": "band", "denominator": "views", "peers": 1, "min_peers": 20})
    html = write_reports(store, tmp_path, creators=["youtube:UCchan0001"])[0].read_text(encoding="utf-8")
    section = html[html.index("Engagement against peers and published bands"):html.index("Engagement per post")]
    assert "Primary comparison:</strong>" in section and "the published band" in section
    assert "needs 20 peers with the same rate definition" in section
    assert "per view" in section and "Only bands computed per view, like this rate, are shown." in section
    assert "SociaVault (primary)" in section and "(likes+comments) / views" in section
    assert "3.41 % – 7.82 %" in section and "5.00 % – 8.00 %" in section and "(Poor)" in section
    assert "The published sources disagree" in section
    assert "&lt;script&gt;" in section and "<script" not in section
    # with enough peers the percentile is primary and the bands are context
    _set_metrics(store, "UCchan0001", er_comparison={"primary": "percentile", "denominator": "views", "peers": 31,
                                                     "min_peers": 20})
    store.db.execute("UPDATE vetting_scores SET er_percentile = 72.0 WHERE creator_id = 'UCchan0001'")
    store.db.conn.commit()
    html = write_reports(store, tmp_path, creators=["youtube:UCchan0001"])[0].read_text(encoding="utf-8")
    section = html[html.index("Engagement against peers and published bands"):html.index("Engagement per post")]
    assert "percentile among 31 nano creators on youtube in this store with the same rate definition" in section
    assert "<strong>72</strong>" in section
    assert "the store percentile decides" in section


def test_engagement_section_of_an_older_run_without_source_list(tmp_path: Path) -> None:
    html = _reports(tmp_path, n=2)[0].read_text(encoding="utf-8")
    section = html[html.index("Engagement against peers and published bands"):html.index("Engagement per post")]
    assert "published table (primary)" in section and "1.00 % – 3.00 %" in section
    assert "per follower" in section


def test_flagged_comments_show_why_they_were_flagged(tmp_path: Path) -> None:
    pages = [p for p in _reports(tmp_path, n=3) if p.name != "index.html"]
    html = pages[0].read_text(encoding="utf-8")
    assert "flagged: the comment model rates the text bot-like; gambling or betting promotion" in html
