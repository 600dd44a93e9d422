"""Evaluate the conversation labels (:mod:`vetting.conversation`: the shipped model over the rules, or
the rules alone) on the labelled sets.

The sets live in ``vetting/data/conversation_eval/`` (see its ``README.md`` and ``GUIDE.md``):

``de.jsonl``, ``en.jsonl``
    comments written for this evaluation by a separate session that never saw the rules, each
    under an invented post, labelled by the guide. Odd ids are the **dev** half (its errors may be
    read while writing rules; the model trains on it), even ids the **test** half (never looked at,
    never trained on): report the test half. ``de_dev2.jsonl``/``en_dev2.jsonl`` are training data
    only (:mod:`vetting.conversation_model`).
``en_real_labels.jsonl``
    labels of 200 real English comments (ScamSpot, MIT; YouTube Spam Collection, CC BY 4.0, both
    non-spam rows). The texts are not shipped: they are read from ``../shared/data`` by file, row
    and SHA-256, and the set is skipped when the data is absent.

Per label (``question``, ``product_question``, ``purchase_intent``, ``substantive``, and the tones
``negative`` (negative or hostile), ``hostile``, ``positive``): precision, recall and F1 over the
comments the guide marks German or English; plus how well "not assessed" (other languages) is
told apart.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetting.conversation import Traits, comment_traits
from vetting.relevance import post_profile

__all__ = ["EVAL_DIR", "LABELS", "Score", "evaluate", "load_real", "load_written", "split"]

EVAL_DIR = Path(__file__).resolve().parent / "data" / "conversation_eval"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LABELS = ("question", "product_question", "purchase_intent", "substantive", "negative", "hostile", "positive")
_SOURCES = {"scamspot": "scamspot-instagram-comments", "youtube_spam_collection": "youtube-spam-collection"}
_TEXT_COLUMNS = {"scamspot": "msg", "youtube_spam_collection": "CONTENT"}


@dataclass(frozen=True)
class Score:
    """Precision/recall of one label: true positives, false positives, false negatives."""

    label: str
    tp: int
    fp: int
    fn: int
    support: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


def load_written(language: str, directory: Path = EVAL_DIR) -> list[dict[str, Any]]:
    """The written set of one language (``de`` or ``en``)."""
    with (directory / f"{language}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split(rows: Sequence[Mapping[str, Any]], half: str) -> list[Mapping[str, Any]]:
    """``dev`` (odd ids), ``test`` (even ids) or ``all``."""
    if half == "all":
        return list(rows)
    want = 1 if half == "dev" else 0
    return [r for r in rows if int(str(r["id"]).rsplit("-", 1)[1]) % 2 == want]


def load_real(directory: Path = EVAL_DIR, data: Path = SHARED_DATA) -> list[dict[str, Any]] | None:
    """The real English set with texts read from the source files (``None`` when they are absent
    or a text no longer matches its SHA-256)."""
    labels_path = directory / "en_real_labels.jsonl"
    with labels_path.open(encoding="utf-8") as fh:
        labels = [json.loads(line) for line in fh if line.strip()]
    texts: dict[tuple[str, str], list[str]] = {}
    out = []
    for row in labels:
        folder = data / _SOURCES[row["source"]]
        key = (row["source"], row["file"])
        if key not in texts:
            path = folder / row["file"]
            if not path.exists():
                return None
            with path.open(encoding="utf-8", newline="") as fh:
                texts[key] = [r[_TEXT_COLUMNS[row["source"]]] for r in csv.DictReader(fh)]
        text = texts[key][int(row["row"])]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
            return None
        out.append({**row, "text": text, "post": None, "section_language": "en"})
    return out


def _predicted(row: Mapping[str, Any]) -> Traits:
    """The rules' answer alone (no model)."""
    post = row.get("post")
    profile = post_profile(None, post, ()) if post else None
    return comment_traits(row["text"], section_language=row.get("section_language"), profile=profile)


def predictions(rows: Sequence[Mapping[str, Any]], *, rules_only: bool = False, model_dir: Any = None) -> list[Traits]:
    """What vetting says of each row: the shipped model over the rules (one call), or the rules alone."""
    if rules_only:
        return [_predicted(row) for row in rows]
    from vetting.conversation import classify

    return classify([(row["text"], row.get("section_language"), row.get("post") or None, False) for row in rows],
                    model_dir=model_dir)


def _truth(row: Mapping[str, Any], label: str) -> bool:
    tone = row.get("tone")
    if label == "negative":
        return tone in ("negative", "hostile")
    if label in ("hostile", "positive"):
        return tone == label
    return bool(row.get(label))


def _guess(traits: Traits, label: str) -> bool:
    if label == "negative":
        return traits.tone in ("negative", "hostile")
    if label in ("hostile", "positive"):
        return traits.tone == label
    return bool(getattr(traits, label))


def evaluate(rows: Iterable[Mapping[str, Any]], *, rules_only: bool = False, model_dir: Any = None) -> dict[str, Any]:
    """Scores per label over the German/English rows, the language gate, and the wrong rows
    (``rules_only``: the rules without the model)."""
    rows = list(rows)
    predicted = predictions(rows, rules_only=rules_only, model_dir=model_dir)
    counts = {label: [0, 0, 0, 0] for label in LABELS}   # tp, fp, fn, support
    gate = [0, 0, 0, 0]   # assessed&de/en, assessed&other, not&de/en, not&other
    errors: list[dict[str, Any]] = []
    n = 0
    for row, traits in zip(rows, predicted, strict=True):
        ours = row["language"] in ("de", "en")
        assessed = traits.language is not None
        gate[(0 if assessed else 2) + (0 if ours else 1)] += 1
        if not ours:
            continue
        n += 1
        wrong = []
        for label in LABELS:
            truth, guess = _truth(row, label), _guess(traits, label)
            c = counts[label]
            c[3] += truth
            if truth and guess:
                c[0] += 1
            elif guess:
                c[1] += 1
                wrong.append(f"+{label}")
            elif truth:
                c[2] += 1
                wrong.append(f"-{label}")
        if wrong:
            errors.append({"id": row["id"], "text": row["text"], "wrong": wrong, "kind": row.get("kind")})
    return {
        "rows": n,
        "scores": [Score(label, *counts[label]) for label in LABELS],
        "language_gate": {"assessed_de_en": gate[0], "assessed_other": gate[1], "not_assessed_de_en": gate[2],
                          "not_assessed_other": gate[3]},
        "errors": errors,
    }
