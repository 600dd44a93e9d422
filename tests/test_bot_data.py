"""Tests for the bot model's own labelled data set (models/bot_comments/data)."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from vetting.textnorm import normalize_comment

DATA_DIR = Path(__file__).resolve().parents[1] / "models" / "bot_comments" / "data"
SHARED_GAMBLING = Path(__file__).resolve().parents[2] / "shared" / "data" / "indonesian-youtube-gambling"
COLUMNS = ["text", "label", "language", "kind", "template_id", "split"]


@pytest.fixture(scope="module")
def make_dataset() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_dataset", DATA_DIR / "make_dataset.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot load make_dataset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DATA_DIR / "comments.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_committed_csv_is_the_generator_output(make_dataset: ModuleType) -> None:
    built = make_dataset.build_rows()
    assert built == make_dataset.build_rows()  # deterministic
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(built)
    committed = (DATA_DIR / "comments.csv").read_text(encoding="utf-8")
    assert out.getvalue() == committed, "comments.csv is stale: run python models/bot_comments/data/make_dataset.py"


def test_split_is_template_disjoint_and_labels_agree(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == COLUMNS
    splits: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    key_splits: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        splits[row["template_id"]].add(row["split"])
        key = normalize_comment(row["text"])
        labels[key].add(row["label"])
        key_splits[key].add(row["split"])
    assert [t for t, s in splits.items() if len(s) > 1] == []
    assert {k: v for k, v in labels.items() if len(v) > 1} == {}
    assert [k for k, s in key_splits.items() if len(s) > 1] == []


def test_german_is_at_least_as_large_as_english_for_every_kind(rows: list[dict[str, str]]) -> None:
    counts = Counter((r["language"], r["kind"]) for r in rows)
    kinds = {r["kind"] for r in rows}
    assert {"llm_praise", "gambling", "crypto_chain", "impersonation", "emoji_fan", "formal_genuine",
            "recipe_link", "topic_talk", "congrats"} <= kinds
    assert [k for k in sorted(kinds) if counts[("de", k)] < counts[("en", k)]] == []
    for lang in ("fr", "es", "it", "pt", "nl", "pl"):
        assert counts[(lang, "llm_praise")] >= 24, lang


def test_the_generic_llm_praise_line(make_dataset: ModuleType, rows: list[dict[str, str]]) -> None:
    core = tuple(make_dataset.SIGNATURE_CORE)
    for row in rows:
        has_core = any(mark in row["text"] for mark in core)
        if row["kind"] == "llm_praise":
            # The signature, or polished praise of six words or more.
            words = [w for w in row["text"].split() if any(c.isalnum() for c in w)]
            assert has_core or len(words) >= 6, row["text"]
        if row["label"] == "generic":
            assert not has_core, row["text"]
    unsigned = [r for r in rows if r["kind"] == "llm_praise" and not any(m in r["text"] for m in core)]
    assert 0 < len(unsigned) < sum(r["kind"] == "llm_praise" for r in rows) / 2  # most, not all, are signed


def test_phone_numbers_are_fictional(rows: list[dict[str, str]]) -> None:
    fictional = re.compile(r"^(\+49 ?1\d\d[ -]?0000[ -]?\d{4}|01\d\d 0000\d{4}|\+1 ?\(?\d{3}\)? ?555[ -]?01\d\d"
                           r"|\+44 7700 900\d{3})$")
    numbers = [m.group(0).strip() for r in rows for m in re.finditer(r"(?:\+|\b0)[\d() -]{9,}\d", r["text"])]
    assert len(numbers) > 50
    assert [n for n in numbers if not fictional.match(n)] == []
    wa_links = [m.group(1) for r in rows for m in re.finditer(r"wa\.me/(\d+)", r["text"])]
    assert wa_links
    assert [n for n in wa_links if not re.fullmatch(r"491\d\d0000\d{4}", n)] == []


@pytest.mark.skipif(not SHARED_GAMBLING.is_dir(), reason="../shared/data not available")
def test_gambling_brands_are_invented(make_dataset: ModuleType) -> None:
    with (SHARED_GAMBLING / "comments.csv").open(encoding="utf-8", newline="") as fh:
        real = " ".join(unicodedata.normalize("NFKC", r["text"]).upper() for r in csv.DictReader(fh))
    assert [root for root in make_dataset.GAMBLE_ROOTS if re.search(rf"\b{root}", real)] == []


def test_written_comments_are_one_row_each(make_dataset: ModuleType, rows: list[dict[str, str]]) -> None:
    written = make_dataset.written_rows()
    assert len({tid for *_, tid in written}) == len(written)  # every line its own id
    per_id = Counter(r["template_id"] for r in rows if "-w-" in r["template_id"])
    assert per_id == Counter(tid for *_, tid in written)  # exactly one row each: none varied, none lost to dedup
    by_id = {r["template_id"]: r for r in rows}
    for text, label, lang, kind, tid in written:
        row = by_id[tid]
        assert (row["text"], row["label"], row["language"], row["kind"]) == (text, label, lang, kind)
    # Written rows use only the kinds the template data (and LABEL_GUIDE.md) already define.
    template_kinds = {(r["label"], r["kind"]) for r in rows if "-w-" not in r["template_id"]}
    assert {(label, kind) for _, label, _, kind, _ in written} <= template_kinds
    share = sum(r["split"] == "test" for r in rows if "-w-" in r["template_id"]) / len(written)
    assert 0.15 < share < 0.35


def test_written_comments_cover_the_long_genuine_gap(make_dataset: ModuleType) -> None:
    written = make_dataset.written_rows()
    counts = Counter((lang, label) for _, label, lang, _, _ in written)
    assert counts[("de", "genuine")] >= 330
    assert counts[("en", "genuine")] >= 250
    others = {lang for _, label, lang, _, _ in written if label == "genuine"} - {"de", "en"}
    assert others >= {"fr", "es", "it", "pt", "nl", "pl", "tr"}
    assert sum(n for (lang, label), n in counts.items() if label == "bot_like") >= 280
    assert len({lang for _, label, lang, _, _ in written if label == "generic"}) >= 9
    genuine = [text for text, label, *_ in written if label == "genuine"]
    assert sum(len(text.split()) >= 25 for text in genuine) >= 300  # long, specific comments
    # Hard negatives: genuine comments that talk about the bots' own words.
    scam_words = re.compile(r"telegram|whatsapp|krypto|crypto|bitcoin|gewinnspiel|giveaway", re.IGNORECASE)
    assert sum(bool(scam_words.search(text)) for text in genuine) >= 40
    core = tuple(make_dataset.SIGNATURE_CORE)
    assert sum(any(mark in text for mark in core) for text in genuine) >= 15


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("== de genuine\nHallo\n", "written.txt:1: bad section header"),
        ("preamble\n== de spam discussion\nHallo\n", "written.txt:2: bad section header"),
        ("== de genuine discussion\nA\n== en bot_like discussion\nB\n",
         "written.txt:3: kind 'discussion' is 'genuine' above, not 'bot_like'"),
    ],
)
def test_written_file_errors_name_the_line(make_dataset: ModuleType, tmp_path: Path, content: str,
                                           message: str) -> None:
    path = tmp_path / "written.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        make_dataset.written_rows(path)


def test_written_file_numbers_ids_per_language_and_kind(make_dataset: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "written.txt"
    path.write_text("Preamble text is ignored.\n\n== de genuine question\nEins?\n\n== en genuine question\nOne?\n"
                    "== de genuine question\n  Zwei?  \n", encoding="utf-8")
    assert make_dataset.written_rows(path) == [
        ("Eins?", "genuine", "de", "question", "de-w-question-000"),
        ("One?", "genuine", "en", "question", "en-w-question-000"),
        ("Zwei?", "genuine", "de", "question", "de-w-question-001"),
    ]
