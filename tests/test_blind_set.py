"""Schema checks for the held-out blind evaluation set ``models/bot_comments/eval/blind_comments.csv``.

The set is never trained on; these tests only make sure it stays well-formed (columns, vocabularies,
no duplicate texts, minimum size per language) and that the checker itself rejects malformed files.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLIND_CSV = ROOT / "models" / "bot_comments" / "eval" / "blind_comments.csv"

COLUMNS = ("text", "label", "kind", "language", "platform", "creator", "post_text", "author", "minutes_after_post")
KINDS: dict[str, frozenset[str]] = {
    "bot_like": frozenset({"llm_praise", "gambling", "crypto_chain", "impersonation", "follow_bait", "other_spam"}),
    "generic": frozenset({"short_praise", "short_reaction", "emoji_only"}),
    "genuine": frozenset({
        "specific_praise", "question", "criticism", "story", "friend_tag",
        "emoji_fan", "formal_genuine", "topic_talk", "other",
    }),
}
LANGUAGES = frozenset({"de", "en", "fr", "es", "it", "pt", "nl", "pl", "tr", "id"})
PLATFORMS = frozenset({"youtube", "instagram", "tiktok", "mastodon"})
MIN_TOTAL = 700
MIN_GERMAN = 300
MIN_ENGLISH = 250
MIN_OTHER = 150
CREATOR_RE = re.compile(r"c\d{2}")
AUTHOR_RE = re.compile(r"a\d{4}")


def _dedup_key(text: str) -> str:
    """Case-folded text with runs of whitespace collapsed: 'Lol' and 'lol ' count as the same comment."""
    return " ".join(text.casefold().split())


def schema_problems(path: Path) -> list[str]:
    """Every way the file at ``path`` breaks the blind-set schema, as one line each (empty when it is valid)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            records = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path}: {exc}"]
    if not records:
        return ["file is empty"]
    header, body = records[0], records[1:]
    if tuple(header) != COLUMNS:
        return [f"header is {header!r}, expected {list(COLUMNS)!r}"]

    problems: list[str] = []
    seen: dict[str, int] = {}
    languages: Counter[str] = Counter()
    for line_no, record in enumerate(body, start=2):
        if len(record) != len(COLUMNS):
            problems.append(f"row {line_no}: {len(record)} fields, expected {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, record, strict=True))
        if not row["text"].strip():
            problems.append(f"row {line_no}: empty text")
        if not row["post_text"].strip():
            problems.append(f"row {line_no}: empty post_text")
        kinds = KINDS.get(row["label"])
        if kinds is None:
            problems.append(f"row {line_no}: unknown label {row['label']!r}, expected one of {sorted(KINDS)}")
        elif row["kind"] not in kinds:
            problems.append(f"row {line_no}: kind {row['kind']!r} is not a kind of {row['label']!r}: {sorted(kinds)}")
        if row["language"] not in LANGUAGES:
            problems.append(f"row {line_no}: unknown language {row['language']!r}, expected one of {sorted(LANGUAGES)}")
        if row["platform"] not in PLATFORMS:
            problems.append(f"row {line_no}: unknown platform {row['platform']!r}, expected one of {sorted(PLATFORMS)}")
        if not CREATOR_RE.fullmatch(row["creator"]):
            problems.append(f"row {line_no}: creator {row['creator']!r} is not like 'c01'")
        if not AUTHOR_RE.fullmatch(row["author"]):
            problems.append(f"row {line_no}: author {row['author']!r} is not like 'a0001'")
        if not row["minutes_after_post"].isdigit():
            minutes = row["minutes_after_post"]
            problems.append(f"row {line_no}: minutes_after_post {minutes!r} is not a whole number >= 0")
        key = _dedup_key(row["text"])
        if key in seen:
            problems.append(f"row {line_no}: duplicate text of row {seen[key]}: {row['text'][:40]!r}")
        else:
            seen[key] = line_no
        languages[row["language"]] += 1

    total = sum(languages.values())
    other = total - languages["de"] - languages["en"]
    for name, count, minimum in (
        ("rows", total, MIN_TOTAL), ("German rows", languages["de"], MIN_GERMAN),
        ("English rows", languages["en"], MIN_ENGLISH), ("rows in other languages", other, MIN_OTHER),
    ):
        if count < minimum:
            problems.append(f"{count} {name}, expected at least {minimum}")
    return problems


def _rows() -> list[dict[str, str]]:
    with BLIND_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_shipped_set_is_well_formed() -> None:
    assert schema_problems(BLIND_CSV) == []


def test_shipped_set_label_mix_is_roughly_40_15_45() -> None:
    labels = Counter(row["label"] for row in _rows())
    total = sum(labels.values())
    assert 0.33 <= labels["bot_like"] / total <= 0.47
    assert 0.10 <= labels["generic"] / total <= 0.20
    assert 0.40 <= labels["genuine"] / total <= 0.55


def test_shipped_set_covers_every_kind_and_other_language() -> None:
    rows = _rows()
    used = {(row["label"], row["kind"]) for row in rows}
    assert used == {(label, kind) for label, kinds in KINDS.items() for kind in kinds}
    assert {row["language"] for row in rows} == LANGUAGES


def test_bot_accounts_post_only_bot_comments_and_networks_span_creators() -> None:
    labels_by_author: dict[str, set[str]] = defaultdict(set)
    creators_by_author: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        labels_by_author[row["author"]].add(row["label"])
        creators_by_author[row["author"]].add(row["creator"])
    mixed = sorted(author for author, labels in labels_by_author.items() if "bot_like" in labels and len(labels) > 1)
    assert mixed == []
    bots = [author for author, labels in labels_by_author.items() if labels == {"bot_like"}]
    assert sum(len(creators_by_author[author]) > 1 for author in bots) >= len(bots) // 2


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("header", "header is"),
        ("label", "unknown label 'spam'"),
        ("kind", "is not a kind of 'generic'"),
        ("language", "unknown language 'xx'"),
        ("platform", "unknown platform 'myspace'"),
        ("duplicate", "duplicate text of row"),
        ("duplicate_case", "duplicate text of row"),
        ("short_row", "8 fields, expected 9"),
        ("minutes", "is not a whole number"),
        ("author", "is not like 'a0001'"),
        ("empty_text", "empty text"),
        ("few_german", "German rows, expected at least 300"),
    ],
)
def test_checker_rejects_malformed_files(tmp_path: Path, damage: str, expected: str) -> None:
    with BLIND_CSV.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    col = {name: i for i, name in enumerate(header)}
    if damage == "header":
        header = [*header[:-1], "minutes"]
    elif damage == "label":
        rows[0][col["label"]] = "spam"
    elif damage == "kind":
        generic = next(r for r in rows if r[col["label"]] == "generic")
        generic[col["kind"]] = "llm_praise"
    elif damage == "language":
        rows[3][col["language"]] = "xx"
    elif damage == "platform":
        rows[5][col["platform"]] = "myspace"
    elif damage == "duplicate":
        rows.append(list(rows[10]))
    elif damage == "duplicate_case":
        copy = list(rows[10])
        copy[col["text"]] = "  " + copy[col["text"]].upper() + " "
        rows.append(copy)
    elif damage == "short_row":
        rows[7] = rows[7][:-1]
    elif damage == "minutes":
        rows[2][col["minutes_after_post"]] = "-5"
    elif damage == "author":
        rows[1][col["author"]] = "bot42"
    elif damage == "empty_text":
        rows[4][col["text"]] = "   "
    elif damage == "few_german":
        german = [r for r in rows if r[col["language"]] == "de"]
        rows = [r for r in rows if r[col["language"]] != "de"][:200] + german[:299]
    problems = schema_problems(_write(tmp_path / "broken.csv", header, rows))
    assert any(expected in problem for problem in problems), problems


def test_checker_rejects_unreadable_and_empty_files(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(",".join(COLUMNS).encode() + b"\n\xe4\xf6\xfc,genuine,other,de,youtube,c01,x,a0001,1\n")
    assert schema_problems(latin1)[0].startswith("cannot read")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert schema_problems(empty) == ["file is empty"]
    assert schema_problems(tmp_path / "missing.csv")[0].startswith("cannot read")
