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


# -- issue #12, section 5 --------------------------------------------------------------------

def _page(store: object, tmp_path: Path, key: str) -> str:
    return write_reports(store, tmp_path / key.replace(":", "_"), creators=[key])[0].read_text(encoding="utf-8")


def _score(store: object, creator_id: str, **values: object) -> None:
    db = store.db  # type: ignore[attr-defined]
    sets = ", ".join(f"[{k}] = ?" for k in values)
    db.execute(f"UPDATE vetting_scores SET {sets} WHERE creator_id = ?", [*values.values(), creator_id])
    db.conn.commit()


def test_band_labels_follow_the_band_and_never_overlap() -> None:
    from vetting.report import band_chart, band_digits, fmt_band

    assert fmt_band(0.0016, 0.0024) == "0.16 % – 0.24 %"
    assert fmt_band(0.00016, 0.00024) == "0.016 % – 0.024 %"
    assert fmt_band(0.01, 0.03) == "1.00 % – 3.00 %"
    assert band_digits(0.0124, 0.0125) == 2 and band_digits(0.01241, 0.01243) == 3
    narrow = band_chart(0.05, (0.0016, 0.0024))
    labels = [t["text"] for t in narrow.texts if t["y"] == 56]
    assert labels == ["0.16 % – 0.24 %"]  # one label under the band, not two on top of each other
    wide = band_chart(0.02, (0.01, 0.03))
    ends = sorted((t for t in wide.texts if t["y"] == 56), key=lambda t: t["x"])
    assert [t["text"] for t in ends] == ["1.00 %", "3.00 %"]
    right_end_of_left = ends[0]["x"] + len(ends[0]["text"]) * 6.6
    left_end_of_right = ends[1]["x"] - len(ends[1]["text"]) * 6.6
    assert right_end_of_left < left_end_of_right
    for chart in (band_chart(0.0001, (0.0001, 0.0002)), band_chart(0.5, (0.0001, 0.0002)),
                  band_chart(0.02, (0.0001, 0.03))):  # labels at the edges stay inside the chart
        for t in chart.texts:
            length = len(t["text"]) * 6.6
            start = {"start": t["x"], "end": t["x"] - length}.get(t.get("anchor", "start"), t["x"] - length / 2)
            assert start >= 0 and start + length <= chart.width, t


def test_one_follower_observation_is_a_figure_not_an_axis(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from vetting.report import Point, timeseries_chart

    single = timeseries_chart([Point(datetime(2026, 6, 1, tzinfo=UTC), 20_200)], title="f", percent=False,
                              zero_based=False)
    assert single.kind == "single" and single.texts[0]["text"] == "20,200"
    flat = timeseries_chart([Point(datetime(2026, 6, 1, tzinfo=UTC), 20_200),
                             Point(datetime(2026, 6, 8, tzinfo=UTC), 20_200)], title="f", percent=False,
                            zero_based=False)
    ticks = [t["text"] for t in flat.texts if t.get("anchor") == "end" and t["x"] < 64]
    assert len(ticks) == len(set(ticks)) >= 2 and "20,201" not in ticks
    store = build_store(n=4)
    store.db.execute("DELETE FROM creator_snapshots WHERE creator_id = '100' AND crawl_run_id > 1")
    store.db.conn.commit()
    html = _page(store, tmp_path, "mastodon:100")
    section = html[html.index("Follower history"):html.index("Comment analysis")]
    assert "history starts with the next crawl" in section and "<svg" not in section
    assert "between the 1 observations" not in html and "700" in section  # 800 followers - 100
    three = _page(store, tmp_path, "youtube:UCchan0003")
    assert "No unusual follower jumps between the 3 observations" in three


def test_engagement_not_measured_is_one_coherent_block(tmp_path: Path) -> None:
    store = build_store(n=2, hostile=False)
    _set_metrics(store, "UCchan0001", insufficient={"engagement_rate": "interaction counts hidden on 6 of 6 original "
                                                                      "posts; only 0 with known counts (need 3)"},
                 per_post=[], er_band_range=None,
                 er_definition={"numerator": "likes+comments", "denominator": "views", "statistic": "median",
                                "posts": 6, "rated_posts": 0, "window_start": "2026-05-10T12:00:00Z",
                                "window_end": "2026-05-15T12:00:00Z"})
    _score(store, "UCchan0001", engagement_rate=None, engagement_rate_mean=None, engagement_rate_basis=None,
           er_band=None, engagement_cv=None)
    html = _page(store, tmp_path, "youtube:UCchan0001")
    section = html[html.index("Engagement against peers"):html.index("Follower history")]
    assert "Engagement rate not measured</strong>, because interaction counts hidden on 6 of 6" in section
    assert "(likes+comments) / views" in section and "none of them has known counts" in section
    for contradiction in ("interactions / followers", "Median –", "0 posts;", "Primary comparison", "per view."):
        assert contradiction not in section, contradiction
    assert "No post with known interaction counts" in section
    assert "engagement not measured (0 posts with known counts)" in html
    assert "No cost per engagement: the engagement rate was not measured." in html
    assert ">not measured<" in html  # the key figure


def test_inactive_creator_is_said_in_the_report(tmp_path: Path) -> None:
    store = build_store(n=2, hostile=False)
    _set_metrics(store, "100", newest_post_at="2026-02-20T12:00:00Z", newest_post_days=99,
                 inactive_since="2026-02-20", activity_as_of="2026-05-31T08:00:00Z")
    html = _page(store, tmp_path, "mastodon:100")
    assert "Inactive since 2026-02-20:</strong> the newest original post was 99 days old" in html
    assert "newest original post: 2026-02-20 (99 days before vetting)" in html
    # a run from before the rule: from the stored posts (newest 2026-05-15) and the vetting time (05-31)
    active = _page(store, tmp_path, "youtube:UCchan0001")
    assert "newest original post: 2026-05-15 (15 days before vetting)" in active and "Inactive since" not in active


def test_niche_fit_and_sub_score_are_explained(tmp_path: Path) -> None:
    store = build_store(n=2, hostile=False)
    _set_metrics(store, "100", components={"niche_fit": 1.0, "authenticity": 0.9},
                 weights={"niche_fit": 0.25, "authenticity": 0.25})
    html = _page(store, tmp_path, "mastodon:100")
    niche = html[html.index("<h2>Niche fit</h2>"):html.index("Sponsored posts and brands")]
    assert "Niche fit and niche sub-score are two numbers" in niche and "<strong>1.00</strong>" in niche
    assert "min(1, fit / 0.5)" in niche
    components = html[html.index("Score components"):]
    assert "niche fit (0–1): 0.90" in components and "min(1, fit / 0.5)" in components
    assert "bot-like comment share: 0.0 %" in components


def test_nul_bidi_and_credential_links_never_reach_the_page(tmp_path: Path) -> None:
    store = build_store(n=2, hostile=False)
    store.db.execute("UPDATE creators SET display_name = ?, bio = ?, external_url = ?, profile_url = ? "
                     "WHERE creator_id = '100'",
                     ["Cook\x00 \u202egnp.exe\u202c Anna", "bio\u2066 text\x07", "https://user:pw@evil.example/",
                      "https://kitchen.example/@cook0\u202e"])
    store.db.execute("UPDATE posts SET text = ? WHERE creator_id = '100'", ["lentils\x00\u202d curry"])
    store.db.conn.commit()
    _score(store, "100", reasons='[{"flag": "red", "code": "x", "text": "bad\\u0000 \\u202e reason"}]')
    html = _page(store, tmp_path, "mastodon:100")
    for bad in ("\x00", "\u202e", "\u202c", "\u2066", "\u202d", "\x07"):
        assert bad not in html, repr(bad)
    assert "Cook gnp.exe Anna" in html and "bad  reason" in html
    assert 'href="https://user:pw@evil.example/"' not in html and "https://user:pw@evil.example/" in html
    assert safe_url("https://user:pw@evil.example/") is None and safe_url("https://a@evil.example/") is None


def test_sandbox_links_are_marked_and_never_links(tmp_path: Path) -> None:
    store = build_store(n=4, hostile=False)
    store.db.execute("UPDATE creators SET source_url = 'http://127.0.0.1:45001/api/v1/accounts/1' "
                     "WHERE platform = 'mastodon'")
    store.db.conn.commit()
    paths = write_reports(store, tmp_path / "r")
    index = paths[-1].read_text(encoding="utf-8")
    assert "Sandbox data – do not send to a client.</strong> 2 creators below were crawled" in index
    sandbox = next(p for p in paths if p.name.startswith("mastodon")).read_text(encoding="utf-8")
    real = next(p for p in paths if p.name.startswith("youtube")).read_text(encoding="utf-8")
    assert "Sandbox data – do not send to a client." in sandbox and "(127.0.0.1:45001)" in sandbox
    assert not [v for _, a, v in elements(sandbox).attrs if a == "href" and v.startswith("http")]
    assert "sandbox profile, invented" in sandbox and "sandbox post, invented" in sandbox
    assert "Sandbox data" not in real and 'href="https://kitchen.example/@cook1"' in real


def test_links_elsewhere_and_how_the_creator_was_found_are_shown_escaped(tmp_path: Path) -> None:
    store = build_store(n=2, hostile=False)
    store.upsert_creator_links("mastodon", "100", [
        {"url": "https://www.youtube.com/@mirabakes", "kind": "youtube", "handle": "mirabakes"},
        {"url": 'https://mira.example/"><script>alert(1)</script>', "kind": "website"},
    ], "2026-05-31T08:00:00Z")
    store.write_batch(discoveries=[
        {"platform": "mastodon", "creator_id": "100", "source": "list:agency.csv", "source_url": "u",
         "discovered_at": "2026-05-31T08:00:00Z", "crawl_run_id": 1},
        {"platform": "mastodon", "creator_id": "100", "source": "caption_mention", "hashtag": "veganrecipes",
         "post_id": "18", "source_url": "u", "discovered_at": "2026-05-31T08:00:00Z", "crawl_run_id": 1}])
    html = _page(store, tmp_path, "mastodon:100")
    assert 'Elsewhere: YouTube <a href="https://www.youtube.com/@mirabakes"' in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "Found by: listed in agency.csv, mentioned in a #veganrecipes post" in html
