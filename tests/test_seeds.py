"""Seed lists: every handle and profile-URL form per platform, and text/CSV/XLSX files (including a
real shortlist export) with their malformed, hostile and repeated lines."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from delivery_store import build_store
from openpyxl import Workbook

from crawler import PLATFORMS, seeds
from crawler.seeds import Seed, SeedError, parse_seed, read_seed_file
from vetting.export import export_shortlist

CHANNEL_ID = "UC_x5XG1OV2P6uZZ5FSM9Ttw"
DID = "did:plc:z72i7hdynmk6r22z27h6tvur"

VALID = [
    # (text, default platform, platform, handle, kind)
    ("anna@mastodon.social", None, "mastodon", "anna@mastodon.social", "handle"),
    ("@Anna@Mastodon.Social", None, "mastodon", "anna@mastodon.social", "handle"),
    ("https://fosstodon.org/@Anna", None, "mastodon", "anna@fosstodon.org", "handle"),
    ("https://fosstodon.org/@anna/112233", "youtube", "mastodon", "anna@fosstodon.org", "handle"),
    ("https://mastodon.social/@anna@fosstodon.org", None, "mastodon", "anna@fosstodon.org", "handle"),
    ("mastodon.social/@koch_anna", None, "mastodon", "koch_anna@mastodon.social", "handle"),
    ("http://127.0.0.1:8123/@cook", None, "mastodon", "cook@127.0.0.1:8123", "handle"),
    ("https://mastodon.social:443/@anna", None, "mastodon", "anna@mastodon.social", "handle"),
    ("@GoogleDevelopers", "youtube", "youtube", "googledevelopers", "handle"),
    ("GoogleDevelopers", "youtube", "youtube", "googledevelopers", "handle"),
    ("https://www.youtube.com/@GoogleDevelopers", None, "youtube", "googledevelopers", "handle"),
    ("https://m.youtube.com/@GoogleDevelopers/videos", "tiktok", "youtube", "googledevelopers", "handle"),
    ("youtube.com/@vegan.kitchen-de", None, "youtube", "vegan.kitchen-de", "handle"),
    (f"https://www.youtube.com/channel/{CHANNEL_ID}", "mastodon", "youtube", CHANNEL_ID, "id"),
    (f"https://youtube.com/channel/{CHANNEL_ID}/featured", None, "youtube", CHANNEL_ID, "id"),
    (CHANNEL_ID, "youtube", "youtube", CHANNEL_ID, "id"),
    ("https://www.youtube.com/c/GoogleDevelopers", None, "youtube", "c/googledevelopers", "legacy_name"),
    ("www.youtube.com/user/Google", None, "youtube", "user/google", "legacy_name"),
    ("alice.bsky.social", None, "bluesky", "alice.bsky.social", "handle"),
    ("@Alice.bsky.social", "instagram", "bluesky", "alice.bsky.social", "handle"),
    ("christophertkenny.com", "bluesky", "bluesky", "christophertkenny.com", "handle"),
    ("@christophertkenny.com", "bluesky", "bluesky", "christophertkenny.com", "handle"),
    (DID, None, "bluesky", DID, "id"),
    ("did:web:example.com", "youtube", "bluesky", "did:web:example.com", "id"),
    ("https://bsky.app/profile/christophertkenny.com", None, "bluesky", "christophertkenny.com", "handle"),
    ("https://bsky.app/profile/alice.bsky.social/post/3kxyz", None, "bluesky", "alice.bsky.social", "handle"),
    (f"https://bsky.app/profile/{DID}", "mastodon", "bluesky", DID, "id"),
    ("https://www.instagram.com/NASA/", None, "instagram", "nasa", "handle"),
    ("https://instagram.com/vegan.anna?igshid=abc", "tiktok", "instagram", "vegan.anna", "handle"),
    ("https://www.instagram.com/stories/vegan.anna/123/", None, "instagram", "vegan.anna", "handle"),
    ("@nasa", "instagram", "instagram", "nasa", "handle"),
    ("vegan_anna", "instagram", "instagram", "vegan_anna", "handle"),
    ("https://www.tiktok.com/@OddAnimalSpecimens", None, "tiktok", "oddanimalspecimens", "handle"),
    ("https://www.tiktok.com/@oddanimalspecimens/video/7345", "youtube", "tiktok", "oddanimalspecimens", "handle"),
    ("@oddanimalspecimens", "tiktok", "tiktok", "oddanimalspecimens", "handle"),
    ("\ufeff  @vegan.anna\u200b ", "tiktok", "tiktok", "vegan.anna", "handle"),
    ("'@vegan.anna", "tiktok", "tiktok", "vegan.anna", "handle"),  # a CSV export's formula guard
]


@pytest.mark.parametrize(("text", "default", "platform", "handle", "kind"), VALID)
def test_every_form_of_every_platform_is_normalised(text, default, platform, handle, kind):
    seed = parse_seed(text, default)
    assert (seed.platform, seed.handle, seed.kind) == (platform, handle, kind)
    assert seed.source == "--handle" and seed.line is None and seed.discovery_source == "handle"


@pytest.mark.parametrize(("text", "default", "platform", "handle", "kind"), VALID)
def test_a_seeds_profile_url_names_the_same_creator(text, default, platform, handle, kind):
    seed = parse_seed(text, default)
    again = parse_seed(seed.profile_url)
    assert again.key == seed.key


def test_every_platform_has_a_profile_url_form():
    assert {platform for _, _, platform, _, _ in VALID} == set(PLATFORMS)


INVALID = [
    ("@anna", None, "names no platform"),
    ("anna", None, "names no platform"),
    ("anna", "mastodon", "needs its server"),
    ("@anna", "mastodon", "write it as anna@mastodon.social"),
    ("anna@localhost-without-dot", None, "not a Mastodon server name"),
    ("an na@mastodon.social", None, "contains spaces"),
    ("", "youtube", "empty"),
    ("   ", "youtube", "empty"),
    ("https://x.com/anna", None, "x.com is not a supported platform"),
    ("https://medium.com/@anna", None, "not a supported platform"),
    ("https://www.threads.net/@anna", "mastodon", "not a supported platform"),
    ("https://example.com/about", None, "not a profile URL of a supported platform"),
    ("javascript:alert(1)", "youtube", "only http(s)"),
    ("data:text/html,<script>", None, "only http(s)"),
    ("ftp://mastodon.social/@anna", None, "only http(s)"),
    ('=HYPERLINK("https://www.youtube.com/@evil","x")', "youtube", "spreadsheet formula"),
    ("+SUM(1,2)", "tiktok", "spreadsheet formula"),
    ("https://youtube.com@evil.example/@anna", None, "user name or password"),
    ("https://youtu.be/dQw4w9WgXcQ", None, "a video link"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None, "not a channel"),
    ("https://www.youtube.com/channel/UCshort", None, "not a YouTube channel id"),
    ("https://www.youtube.com/SomeVanityName", None, "not a YouTube channel URL"),
    ("@ab", "youtube", "not a YouTube handle"),
    ("https://bsky.app/search?q=x", None, "not a Bluesky profile URL"),
    ("alice", "bluesky", "a domain name"),
    ("did:plc:tooshort", None, "not a Bluesky DID"),
    ("did:key:z6Mk", None, "not a Bluesky DID"),
    ("https://www.instagram.com/p/C1234/", None, "not an Instagram profile"),
    ("https://www.instagram.com/", None, "not an Instagram profile"),
    ("vegan..anna", "instagram", "not an Instagram user name"),
    ("@a", "tiktok", "not a TikTok user name"),
    ("https://vm.tiktok.com/ZMabc/", None, "short link"),
    ("https://www.tiktok.com/tag/vegan", None, "not a TikTok profile URL"),
    ("http://[::1", None, "not a valid URL"),
    ("x" * 3000, "tiktok", "longer than"),
]


@pytest.mark.parametrize(("text", "default", "reason"), INVALID)
def test_malformed_or_unsupported_input_gives_a_one_line_reason(text, default, reason):
    with pytest.raises(SeedError, match=re.escape(reason)) as caught:
        parse_seed(text, default)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_bare_mastodon_handle_takes_the_instance_given():
    for instance in ("mastodon.social", "https://Mastodon.Social/", "https://mastodon.social:443"):
        assert parse_seed("@Anna", "mastodon", mastodon_instance=instance).handle == "anna@mastodon.social"
    assert parse_seed("anna", "mastodon", mastodon_instance="http://127.0.0.1:8123").handle == "anna@127.0.0.1:8123"
    # a full handle keeps its own server
    assert parse_seed("anna@fosstodon.org", "mastodon", mastodon_instance="mastodon.social").handle == \
        "anna@fosstodon.org"


def test_unknown_default_platform_lists_the_valid_ones():
    with pytest.raises(SeedError, match="choose from mastodon, youtube, bluesky, instagram, tiktok"):
        parse_seed("@anna", "myspace")


def test_errors_show_hostile_values_safely():
    with pytest.raises(SeedError) as caught:
        parse_seed("\x1b[31mevil\u202e" + "x" * 200, None)
    message = str(caught.value)
    assert "\x1b" not in message and "\u202e" not in message and len(message) < 200


def test_reasons_never_carry_control_characters(tmp_path):
    path = tmp_path / "esc.txt"
    path.write_text("\x1b[2Jwiped\u202e\n", encoding="utf-8")
    for default in PLATFORMS:
        result = read_seed_file(path, default)
        assert not any(ch in result.problems[0].reason + result.problems[0].text for ch in "\x1b\u202e")


def test_seed_rejects_unknown_platform_or_kind():
    with pytest.raises(ValueError, match="unknown platform"):
        Seed("myspace", "anna")
    with pytest.raises(ValueError, match="unknown seed kind"):
        Seed("youtube", "anna", kind="nickname")


# -- files ---------------------------------------------------------------------------------------

def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def keys(result) -> list[tuple[str, str]]:
    return [(s.platform, s.handle) for s in result.seeds]


def test_text_file_skips_comments_reports_bad_lines_and_collapses_repeats(tmp_path):
    path = write(tmp_path / "seeds.txt", "\n".join([
        "# creators from the trade fair",                           # 1
        "",                                                        # 2
        "https://www.youtube.com/@VeganKitchen",                   # 3
        "@vegan_anna   # met at the fair",                         # 4 (bare: the default platform)
        "@anna",                                                   # 5 (tiktok again, lower-cased: a repeat)
        "anna@mastodon.social",                                    # 6
        "https://example.com/about",                               # 7 bad
        "youtube.com/@vegankitchen",                               # 8 repeat of 3
        "two words",                                               # 9 bad
        "https://www.tiktok.com/@Vegan_Anna",                      # 10 repeat of 4
    ]) + "\n")
    result = read_seed_file(path, "tiktok")
    assert keys(result) == [("youtube", "vegankitchen"), ("tiktok", "vegan_anna"), ("tiktok", "anna"),
                            ("mastodon", "anna@mastodon.social")]
    assert [s.line for s in result.seeds] == [3, 4, 5, 6]
    assert result.seeds[0].source == "seeds.txt:3" and result.seeds[0].discovery_source == "list:seeds.txt"
    assert [(p.line, p.text) for p in result.problems] == [(7, "'https://example.com/about'"), (9, "'two words'")]
    assert "not a profile URL" in result.problems[0].reason
    assert str(result.problems[1]).startswith("seeds.txt:9: 'two words': contains spaces")
    assert result.duplicate_count == 2
    assert result.summary() == "4 creators from seeds.txt (2 repeats collapsed, 2 lines skipped)"


def test_without_a_default_platform_bare_handles_are_reported_not_guessed(tmp_path):
    path = write(tmp_path / "mixed.txt", "@anna\nanna.bsky.social\nhttps://www.instagram.com/anna/\n")
    result = read_seed_file(path)
    assert keys(result) == [("bluesky", "anna.bsky.social"), ("instagram", "anna")]
    assert [(p.line, p.reason.split(":")[0]) for p in result.problems] == [(1, "names no platform")]


def test_problem_lines_are_trimmed_and_safe_to_print(tmp_path):
    hostile = "\x1b]0;pwned\x07\u202e@" + "a" * 300
    result = read_seed_file(write(tmp_path / "h.txt", f"{hostile}\n@ok_name\n"), "tiktok")
    problem = result.problems[0]
    assert problem.line == 1
    assert not any(ch in problem.text for ch in "\x1b\x07\u202e")
    assert len(problem.text) <= 82 and problem.text.endswith("…'")


def test_utf16_text_from_windows_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("@anna\r\n@ben_k\r\n".encode("utf-16"))
    assert keys(read_seed_file(path, "instagram")) == [("instagram", "anna"), ("instagram", "ben_k")]


def test_csv_with_handle_and_platform_columns(tmp_path):
    path = write(tmp_path / "list.csv", "\r\n".join([
        "Name,Platform,Handle",
        "Anna,YouTube,@VeganKitchen",
        "Ben,,@ben_k",                               # no platform: the default
        "Cleo,myspace,@cleo",                        # unknown platform
        "Dora,instagram,https://www.tiktok.com/@dora",   # URL of another platform than the row says
        ",,",                                        # blank row: ignored
        '"Eve, the cook",bluesky,eve.bsky.social',
        "Finn,tiktok,",                              # nothing to crawl
    ]) + "\r\n")
    result = read_seed_file(path, "tiktok")
    assert keys(result) == [("youtube", "vegankitchen"), ("tiktok", "ben_k"), ("bluesky", "eve.bsky.social")]
    assert [s.line for s in result.seeds] == [2, 3, 7]
    reasons = {p.line: p.reason for p in result.problems}
    assert set(reasons) == {4, 5, 8}
    assert "unknown platform 'myspace'" in reasons[4]
    assert reasons[5] == "a tiktok profile, but the row's platform is instagram"
    assert reasons[8] == "no handle or profile_url in this row"


def test_csv_profile_url_column_semicolons_bom_and_multiline_cells_keep_line_numbers(tmp_path):
    path = tmp_path / "urls.csv"
    path.write_bytes(b"\xef\xbb\xbfnotes;PROFILE URL\n"
                     b'"two\nlines";https://www.youtube.com/@one\n'
                     b"x;https://example.com/nope\n"
                     b"y;https://bsky.app/profile/alice.bsky.social\n")
    result = read_seed_file(path)
    assert keys(result) == [("youtube", "one"), ("bluesky", "alice.bsky.social")]
    assert [s.line for s in result.seeds] == [2, 5]
    assert [p.line for p in result.problems] == [4]


def test_a_one_column_csv_without_header_is_a_plain_list(tmp_path):
    result = read_seed_file(write(tmp_path / "plain.csv", "@anna\n@ben_k\n"), "tiktok")
    assert keys(result) == [("tiktok", "anna"), ("tiktok", "ben_k")]


def test_a_text_file_with_a_csv_header_is_read_as_csv(tmp_path):
    result = read_seed_file(write(tmp_path / "export.txt", "handle\tplatform\n@anna\tinstagram\n"))
    assert keys(result) == [("instagram", "anna")] and result.seeds[0].line == 2


def test_csv_without_usable_column_says_which_columns_it_has(tmp_path):
    path = write(tmp_path / "people.csv", "name,email\nAnna,anna@example.com\n")
    with pytest.raises(SeedError, match=r"no 'handle' or 'profile_url' column \(columns: 'name', 'email'\): add"):
        read_seed_file(path, "youtube")


def test_csv_cells_are_hostile_text(tmp_path):
    path = tmp_path / "hostile.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["handle"])
        writer.writerow(['=HYPERLINK("https://www.youtube.com/@evil","click")'])
        writer.writerow(["'=cmd|' /C calc'!A0"])
        writer.writerow(["'@safe_name"])
        writer.writerow(["-2+3"])
    result = read_seed_file(path, "tiktok")
    assert keys(result) == [("tiktok", "safe_name")]
    assert [p.line for p in result.problems] == [2, 3, 5]
    assert "spreadsheet formula" in result.problems[0].reason


def xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_xlsx_uses_the_first_sheet_with_a_handle_column_and_never_evaluates_formulas(tmp_path):
    path = xlsx(tmp_path / "book.xlsx", {
        "Notes": [["what", "why"], ["nothing", "here"]],
        "Creators": [
            ["Platform", "Profile_URL", "Handle"],
            ["youtube", None, "@VeganKitchen"],
            [None, "https://www.instagram.com/vegan.anna/", None],
            ["tiktok", '=HYPERLINK("https://www.tiktok.com/@evil","x")', None],
            ["tiktok", None, 12345678],                   # a number typed into the cell
            [None, None, None],
            ["youtube", "https://www.youtube.com/@VeganKitchen", None],   # a repeat
        ],
        "Later": [["handle"], ["@never_read"]],
    })
    result = read_seed_file(path, "mastodon")
    assert keys(result) == [("youtube", "vegankitchen"), ("instagram", "vegan.anna"), ("tiktok", "12345678")]
    assert [s.line for s in result.seeds] == [2, 3, 5]
    assert [(p.line, p.reason) for p in result.problems] == [
        (4, "a spreadsheet formula, not a handle or profile URL (it is never evaluated)")]
    assert result.duplicate_count == 1


def test_xlsx_without_usable_sheet_or_damaged(tmp_path):
    path = xlsx(tmp_path / "none.xlsx", {"People": [["name"], ["Anna"]]})
    with pytest.raises(SeedError, match=re.escape("no sheet of none.xlsx ('People') has a 'handle' or 'profile_url'")):
        read_seed_file(path, "youtube")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(SeedError, match=r"cannot read broken\.xlsx as an Excel workbook"):
        read_seed_file(broken, "youtube")
    not_a_workbook = tmp_path / "other.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(SeedError, match=r"cannot read other\.xlsx as an Excel workbook"):
        read_seed_file(not_a_workbook, "youtube")


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "big.xlsx", {"S": [["handle"], *[[f"@name_{i}"] for i in range(2000)]]})
    assert path.stat().st_size < 60_000  # the file is small; what it unpacks to is not
    monkeypatch.setattr(seeds, "MAX_FILE_BYTES", 60_000)
    with pytest.raises(SeedError, match="unpacks to more than"):
        read_seed_file(path, "tiktok")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("junk.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("latin1.txt", "@müller_koch\n".encode("latin-1"), r"not UTF-8 text \(byte 0xfc at position 2\)"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"old Excel \(.xls\)"),
    ("empty.txt", b"", "names no creators"),
    ("comments.txt", b"# nothing yet\n\n", "names no creators"),
])
def test_unreadable_files_say_how_to_fix_them(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SeedError, match=message):
        read_seed_file(path, "youtube")


def test_missing_file_folder_and_oversized_file(tmp_path, monkeypatch):
    with pytest.raises(SeedError, match=r"cannot read .*nope\.txt"):
        read_seed_file(tmp_path / "nope.txt", "youtube")
    with pytest.raises(SeedError, match="is a folder"):
        read_seed_file(tmp_path, "youtube")
    path = write(tmp_path / "big.txt", "@anna\n" * 100)
    monkeypatch.setattr(seeds, "MAX_FILE_BYTES", 100)
    with pytest.raises(SeedError, match=r"big.txt is 600 bytes, more than a seed list may be \(100 bytes\): split it"):
        read_seed_file(path, "youtube")


# -- the shortlist export is a valid seed list ------------------------------------------------------

EXPORTS = [("shortlist.csv", {}), ("shortlist.xlsx", {}),
           ("shortlist-de.csv", {"delimiter": ";", "decimal_comma": True, "excel_bom": True})]


@pytest.mark.parametrize(("name", "options"), EXPORTS)
def test_a_shortlist_export_is_a_seed_list(tmp_path, name, options):
    store = build_store(hostile=False)
    path = tmp_path / name
    export_shortlist(store, path, **options)
    expected = {(c["platform"], c["handle"].lower()) for c in store.creators()}
    store.close()
    result = read_seed_file(path)  # no default platform: the platform column decides
    assert set(keys(result)) == expected and len(result.seeds) == len(expected)
    assert result.problems == []
    assert {s.discovery_source for s in result.seeds} == {f"list:{name}"}


@pytest.mark.parametrize(("name", "options"), EXPORTS)
def test_a_hostile_shortlist_export_skips_its_formula_rows_and_keeps_the_rest(tmp_path, name, options):
    store = build_store(hostile=True)
    path = tmp_path / name
    export_shortlist(store, path, **options)
    store.close()
    result = read_seed_file(path)
    # build_store puts one payload before each handle: '@cmd' still leaves a valid YouTube handle (the CSV's
    # formula guard "'@cmdcook3" is undone); the '=', '+' and tab payloads are formulas, never crawled
    assert keys(result) == [("mastodon", "cook2@kitchen.example"), ("youtube", "cmdcook3"),
                            ("mastodon", "cook4@kitchen.example")]
    assert [p.line for p in result.problems] == [2, 3, 7]
    assert all("spreadsheet formula" in p.reason for p in result.problems)
    assert "profile_url: only http(s) profile URLs are accepted; handle:" in result.problems[0].reason
