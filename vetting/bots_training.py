"""Train and evaluate the bot-comment model (deterministic).

``train(out_dir)`` reads the project's own multilingual set
(``models/bot_comments/data/comments.csv``) and, when present, the labelled
sets of the shared data folder (:data:`SOURCE_INFO`: YouTube Spam Collection,
ScamSpot Instagram comments, janitr X posts and AI replies, Indonesian YouTube
gambling spam; each with a licence that lets a model trained on it ship); runs
the evaluation protocols, leave-one-source-out among them; fits the final
pipeline on all training data; scores the independently written held-out set
(``models/bot_comments/eval/``, never trained on); and writes ``model.skops``,
``metadata.json`` and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from vetting.bots import (
    CLASSES,
    DEFAULT_MODEL_DIR,
    GENERIC_THRESHOLD,
    METADATA_FILE,
    MODEL_FILE,
    TRUSTED_TYPES,
    artifact_types,
    pipeline_scores,
)
from vetting.comment_features import classifier_text
from vetting.textnorm import normalize_comment

__all__ = [
    "SOURCES",
    "build_pipeline",
    "default_shared_data_dir",
    "evaluate",
    "load_rows",
    "render_model_card",
    "sample_weights",
    "targets",
    "train",
]

logger = logging.getLogger(__name__)

MODEL_VERSION = "3.0.0"
RANDOM_STATE = 42
SHARED_DATA_ENV = "CREATORSCOUT_SHARED_DATA"
SOURCES = ("own", "youtube", "scamspot", "janitr", "indonesian")
OWN_DATA = DEFAULT_MODEL_DIR / "data" / "comments.csv"
BLIND_DATA = DEFAULT_MODEL_DIR / "eval" / "blind_comments.csv"
JANITR_DIR = Path("janitr-x")
INDONESIAN_FILE = Path("indonesian-youtube-gambling") / "comments.csv"
# 20,807 rows of one campaign type: evenly spaced 6,000 keep both classes and every video family
# while training stays a few minutes; sources are weighted equally anyway.
MAX_INDONESIAN_ROWS = 6_000
# janitr labels that make an X post bot-like for us; posts whose labels are only `clean` and
# `topic_*` are genuine; the rest (`promo`, `affiliate`, `low_effort` … alone) are ambiguous and left out.
JANITR_BOT_LABELS = frozenset({
    "scam", "phishing", "spam", "reply_spam", "dm_spam", "malware", "impersonation", "fake_support",
    "recovery_scam", "job_scam", "romance_scam", "account_compromise", "lead_gen", "engagement_bait",
    "follow_train", "bot", "ai_generated_reply", "copypasta",
})
_LEADING_MENTIONS_RE = re.compile(r"^(?:\s*@\w+)+\s*")

SOURCE_INFO: dict[str, dict[str, str]] = {
    "own": {
        "title": "creatorscout multilingual comment set (written for the project)",
        "licence": "MIT (the project's licence)",
        "citation": "models/bot_comments/data/make_dataset.py, labels per data/LABEL_GUIDE.md",
    },
    "youtube": {
        "title": "YouTube Spam Collection v1",
        "licence": "CC BY 4.0",
        "citation": "Alberto & Lochter 2015, UCI, doi:10.24432/C58885; TubeSpam, ICMLA 2015",
    },
    "scamspot": {
        "title": "ScamSpot Instagram comments",
        "licence": "MIT (LICENSE kept with the copy)",
        "citation": "Erben 2023, github.com/ScamSpot",
    },
    "janitr": {
        "title": "janitr X posts (scam/spam taxonomy) and AI-generated replies a creator blocked",
        "licence": "MIT (LICENSE kept with the copy)",
        "citation": "github.com/janitrai/janitr @ a5b1e746; labels largely model-made, then reviewed",
    },
    "indonesian": {
        "title": "Indonesian YouTube comments: online-gambling promotion vs. other",
        "licence": "MIT (stated in the source README)",
        "citation": "github.com/diashitenas/llm_judol @ ac5e7f75; commenters as salted hashes",
    },
    "blind": {
        "title": "independently written held-out set (evaluation only, never trained on)",
        "licence": "MIT (the project's licence)",
        "citation": "models/bot_comments/eval/README.md",
    },
}
YOUTUBE_DIR = "youtube-spam-collection"
YOUTUBE_FILES = (
    "Youtube01-Psy.csv",
    "Youtube02-KatyPerry.csv",
    "Youtube03-LMFAO.csv",
    "Youtube04-Eminem.csv",
    "Youtube05-Shakira.csv",
)
SCAMSPOT_FILE = Path("scamspot-instagram-comments") / "comments-rating.csv"
CHAR_FEATURES = 2**18
C_REGULARIZATION = 10.0
WORD_FEATURES = 2**16
THRESHOLD_GRID = np.round(np.arange(0.20, 0.81, 0.01), 2)
VALIDATION_FOLDS = 5
SCAMSPOT_SEEDS = (42, 1, 2, 3, 4)  # 42 (RANDOM_STATE) is the headline split
MAX_OWN_FLAGGED = 0.02
MAX_FLAGGED = 0.03
"""The product's limit: at most 3 % of genuine comments flagged, here the mean over the comment sources."""
POST_SOURCES = frozenset({"janitr"})
"""Sources whose rows are mostly posts, not comments (their non-bot rows say little about comment sections)."""
BOT, GENERIC, GENUINE = CLASSES

# External non-spam rows this short and free of links/handles/questions are
# relabelled `generic` (TubeSpam labels "wow" as ham; for us it is generic praise).
_SHORT_GENERIC_MAX_TOKENS = 3
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled comment: the classifier input and its normalised key."""

    text: str  # classifier_text(): the model's input
    key: str  # normalize_comment(): identical keys are one group in every split
    label: str
    source: str
    group: str
    video: str | None = None
    split: str | None = None
    language: str | None = None
    kind: str | None = None


def default_shared_data_dir() -> Path:
    """``CREATORSCOUT_SHARED_DATA``, else ``../shared/data`` beside the repository."""
    env = os.environ.get(SHARED_DATA_ENV)
    return Path(env) if env else DEFAULT_MODEL_DIR.parents[2] / "shared" / "data"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _external_label(text: str, is_spam: bool) -> str:
    if is_spam:
        return BOT
    tokens = _TOKEN_RE.findall(text)
    if len(tokens) <= _SHORT_GENERIC_MAX_TOKENS and "?" not in text and "url" not in tokens and "@user" not in text:
        return GENERIC
    return GENUINE


def _read_csv(path: Path, limit: int | None) -> list[dict[str, str]]:
    """The file's records; with ``limit``, evenly spaced ones (both classes and the time order stay)."""
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    if limit is not None:
        records = records[:: max(1, len(records) // limit)][:limit]
    return records


def _external_row(raw: str, is_spam: bool, source: str, video: str | None = None, *, language: str = "en",
                  kind: str | None = None, group: str | None = None) -> Row:
    key = normalize_comment(raw)  # case-folded: removes ScamSpot's upper-case leak
    return Row(text=classifier_text(raw), key=key, label=_external_label(key, is_spam), source=source,
               group=group or f"txt:{key}", video=video, language=language,
               kind=kind or ("spam" if is_spam else None))


def _read_own(path: Path, limit: int | None) -> list[Row]:
    return [
        Row(
            text=classifier_text(r["text"]),
            key=normalize_comment(r["text"]),
            label=r["label"],
            source="own",
            group=f"own:{r['template_id']}",
            split=r["split"],
            language=r["language"],
            kind=r.get("kind") or None,
        )
        for r in _read_csv(path, limit)
    ]


def _read_youtube(folder: Path, limit: int | None) -> list[Row]:
    rows = []
    for name in YOUTUBE_FILES:
        video = name.split("-")[1].removesuffix(".csv")
        # Chronological files; only CONTENT is used (DATE and AUTHOR leak the label).
        records = _read_csv(folder / name, limit)
        rows += [_external_row(r["CONTENT"], r["CLASS"] == "1", "youtube", video) for r in records]
    return rows


def _read_scamspot(path: Path, limit: int | None) -> list[Row]:
    return [_external_row(r["msg"], r["scam"] == "1", "scamspot", kind="crypto_scam" if r["scam"] == "1" else None)
            for r in _read_csv(path, limit)]


def _janitr_label(labels: str) -> bool | None:
    """True = bot-like, False = genuine, None = ambiguous (left out)."""
    found = {label for label in labels.split("|") if label}
    if found & JANITR_BOT_LABELS:
        return True
    if all(label == "clean" or label.startswith("topic_") for label in found):
        return False
    return None


def _read_janitr(folder: Path, limit: int | None) -> list[Row]:
    """X posts (bot-like / genuine by :data:`JANITR_BOT_LABELS`) and the AI replies (bot-like).

    Leading @mentions are removed: on X every reply starts with them, so they would teach the
    model "a reply is a bot" (ScamSpot's preprocessing removed them for the same reason).
    """
    rows = []
    for record in _read_csv(folder / "posts.csv", limit):
        is_bot = _janitr_label(record["labels"])
        text = _LEADING_MENTIONS_RE.sub("", record["text"])
        if is_bot is not None and text.strip():
            rows.append(_external_row(text, is_bot, "janitr", kind="x_scam_spam" if is_bot else None))
    for record in _read_csv(folder / "ai-replies.csv", limit):
        text = _LEADING_MENTIONS_RE.sub("", record["reply_text"])
        if text.strip():
            rows.append(_external_row(text, True, "janitr", kind="ai_reply"))
    return rows


def _read_indonesian(path: Path, limit: int | None) -> list[Row]:
    """Gambling promotion (bot-like) vs other comments, grouped by video: campaigns repeat templates."""
    cap = MAX_INDONESIAN_ROWS if limit is None else min(limit, MAX_INDONESIAN_ROWS)
    return [
        _external_row(r["text"], r["label"] == "1", "indonesian", r["video_id"], language="id",
                      kind="gambling" if r["label"] == "1" else None, group=f"id:{r['video_id']}")
        for r in _read_csv(path, cap)
    ]


def _blind_half(row: Row) -> int:
    """1 for the held-out set's odd-numbered creators (dev), 0 for the even ones (test)."""
    digits = "".join(ch for ch in (row.video or "") if ch.isdigit())
    return int(digits or 0) % 2


_SHARED_SOURCES: dict[str, tuple[Path, tuple[str, ...], Any, str]] = {
    # name: (file, or folder of ``files``, under the shared data folder; reader; title)
    "youtube": (Path(YOUTUBE_DIR), YOUTUBE_FILES, _read_youtube, "YouTube Spam Collection files"),
    "scamspot": (SCAMSPOT_FILE, (), _read_scamspot, "ScamSpot comments"),
    "janitr": (JANITR_DIR, ("posts.csv", "ai-replies.csv"), _read_janitr, "janitr X posts and replies"),
    "indonesian": (INDONESIAN_FILE, (), _read_indonesian, "Indonesian gambling comments"),
}
"""The shared data sets the model may train on: where they lie, how they are read."""


def load_blind_rows(path: Path = BLIND_DATA) -> list[Row]:
    """The independently written held-out set (evaluation only); empty when the file is absent."""
    if not path.is_file():
        return []
    return [
        Row(text=classifier_text(r["text"]), key=normalize_comment(r["text"]), label=r["label"], source="blind",
            group=f"blind:{r['creator']}", language=r["language"], kind=r["kind"], video=r["creator"])
        for r in _read_csv(path, None)
    ]


def load_rows(
    shared_data_dir: Path | None, sources: Iterable[str] = SOURCES, limit: int | None = None
) -> tuple[list[Row], dict[str, str], list[str]]:
    """Return (rows, {file: sha256}, notes) for the requested sources."""
    sources = tuple(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; valid: {', '.join(SOURCES)}")
    rows: list[Row] = []
    hashes: dict[str, str] = {}
    notes: list[str] = []
    if "own" in sources:
        rows += _read_own(OWN_DATA, limit)
        hashes[f"models/bot_comments/data/{OWN_DATA.name}"] = _sha256(OWN_DATA)
    shared = Path(shared_data_dir) if shared_data_dir is not None else None
    for name, (relative, files, reader, title) in _SHARED_SOURCES.items():
        if name not in sources:
            continue
        inputs = {(relative / f).as_posix(): relative / f for f in files} if files else {relative.as_posix(): relative}
        if shared is not None and all((shared / path).is_file() for path in inputs.values()):
            rows += reader(shared / relative, limit)
            hashes.update({key: _sha256(shared / path) for key, path in inputs.items()})
        else:
            notes.append(f"{title} not found under {shared}; trained without them")
    for note in notes:
        logger.warning(note)
    return rows, hashes, notes


def build_pipeline() -> Any:
    """Return the untrained pipeline: hashed char + word TF-IDF -> two logistic regressions.

    The features are computed once; ``MultiOutputClassifier`` fits one binary
    logistic regression per question (bot-like? generic?). Hashing keeps the
    artifact small and fast to load (a fitted vocabulary of 100k n-grams makes
    a 120 MB skops schema that takes 17 s to load).
    """
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multioutput import MultiOutputClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    # Inputs are normalised and case-folded already: lowercase=False saves time.
    common = {"alternate_sign": False, "norm": None, "lowercase": False, "dtype": np.float32}
    # Character 3-4-grams: single characters (emoji, punctuation) are tokens of the word block already,
    # and 1-2-grams add nothing measurable; 3-4-grams hash in two thirds of the time of 2-4-grams at the
    # same accuracy (3.0.0 design notes).
    char = HashingVectorizer(analyzer="char", ngram_range=(3, 4), n_features=CHAR_FEATURES, **common)
    word = HashingVectorizer(
        analyzer="word", token_pattern=r"@\w+|\w+|[^\w\s]", ngram_range=(1, 2), n_features=WORD_FEATURES, **common
    )
    features = FeatureUnion(
        [
            ("char", Pipeline([("hash", char), ("tfidf", TfidfTransformer(sublinear_tf=True))])),
            ("word", Pipeline([("hash", word), ("tfidf", TfidfTransformer(sublinear_tf=True))])),
        ]
    )
    clf = LogisticRegression(C=C_REGULARIZATION, max_iter=3000, class_weight="balanced", random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("clf", MultiOutputClassifier(clf))])


def targets(rows: Sequence[Row]) -> np.ndarray:
    """Return the (n, 2) 0/1 targets: column 0 bot-like, column 1 generic."""
    return np.array([[r.label == BOT, r.label == GENERIC] for r in rows], dtype=np.int8)


def sample_weights(rows: Sequence[Row]) -> np.ndarray:
    """Weights that give every (source, bot-like or not) cell the same total weight.

    Each source then counts equally however many rows it has, and within a
    source bot-like and other comments count equally; the mean weight is 1.
    """
    cells = Counter((r.source, r.label == BOT) for r in rows)
    weights = np.array([1.0 / cells[(r.source, r.label == BOT)] for r in rows])
    return weights * (len(rows) / weights.sum())


def _fit(rows: Sequence[Row]) -> Any:
    y = targets(rows)
    for column, name in enumerate((BOT, GENERIC)):
        if len(set(y[:, column].tolist())) < 2:
            raise ValueError(f"training rows need {name} and other comments; the {len(rows)} given lack one of the two")
    pipeline = build_pipeline()
    # One BLAS thread: faster on small shared machines and bit-for-bit reproducible.
    with threadpool_limits(limits=1):
        pipeline.fit([r.text for r in rows], y, clf__sample_weight=sample_weights(rows))
    return pipeline


def _bot_proba(pipeline: Any, texts: Sequence[str]) -> np.ndarray:
    return pipeline_scores(pipeline, texts)[:, 0]


def _binary_metrics(y_true: Sequence[bool], y_pred: Sequence[bool]) -> dict[str, Any]:
    t = np.asarray(y_true, dtype=bool)
    p = np.asarray(y_pred, dtype=bool)
    tp, fp = int((t & p).sum()), int((~t & p).sum())
    fn, tn = int((t & ~p).sum()), int((~t & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    denominator = float(np.sqrt(float(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))
    mcc = (tp * tn - fp * fn) / denominator if denominator else 0.0
    return {
        "n": int(t.size),
        "positives": tp + fn,
        "f1": round(f1, 4),
        "mcc": round(mcc, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "genuine_flagged_rate": round(fp / (fp + tn), 4) if fp + tn else None,
    }


def _evaluate(train_rows: Sequence[Row], test_rows: Sequence[Row], threshold: float) -> dict[str, Any]:
    test_keys = {r.key for r in test_rows}
    # Keep identical texts on one side only (TubeSpam and ScamSpot repeat texts).
    train_rows = [r for r in train_rows if r.key not in test_keys]
    pipeline = _fit(train_rows)
    proba = _bot_proba(pipeline, [r.text for r in test_rows])
    return _binary_metrics([r.label == BOT for r in test_rows], proba >= threshold)


def _mean(results: dict[str, dict[str, Any]], key: str) -> float:
    return round(float(np.mean([m[key] for m in results.values()])), 4)


def _choose_threshold(rows: Sequence[Row]) -> tuple[float, dict[str, Any]]:
    """Pick the bot threshold on out-of-fold predictions of a grouped 5-fold split.

    Every row is scored once by a model that never saw its group; the threshold
    maximises the mean F1 over the sources (each counts equally) among those
    that flag at most 2 % of the own set's genuine + generic comments and, on
    average over the comment sources (all but :data:`POST_SOURCES`), at most 3 %
    of their non-bot comments. Five folds instead of one validation split: one
    split's curve is too noisy to place a threshold (it moved by 0.1 between
    random seeds in development).
    """
    from sklearn.model_selection import GroupKFold

    folds = GroupKFold(n_splits=VALIDATION_FOLDS, shuffle=True, random_state=RANDOM_STATE)
    proba = np.zeros(len(rows))
    for train_index, valid_index in folds.split(rows, groups=[r.group for r in rows]):
        model = _fit([rows[i] for i in train_index])
        proba[valid_index] = _bot_proba(model, [rows[i].text for i in valid_index])
    y = np.array([r.label == BOT for r in rows])
    source = np.array([r.source for r in rows])
    own_neg = (source == "own") & ~y
    comment_sources = [s for s in sorted(set(source)) if s not in POST_SOURCES and ((source == s) & ~y).any()]
    best_t, best_score = 0.5, -1.0
    for t in THRESHOLD_GRID:
        pred = proba >= t
        fpr_own = float((pred & own_neg).sum() / own_neg.sum()) if own_neg.any() else 0.0
        fpr_mean = float(np.mean([pred[(source == s) & ~y].mean() for s in comment_sources])) if comment_sources \
            else 0.0
        score = float(np.mean([_binary_metrics(y[source == s], pred[source == s])["f1"] for s in sorted(set(source))]))
        if fpr_own <= MAX_OWN_FLAGGED and fpr_mean <= MAX_FLAGGED and score > best_score:
            best_t, best_score = float(t), score
    return best_t, _binary_metrics(y, proba >= best_t)


PROTOCOLS = (
    "tubespam_video_only",
    "tubespam_with_other_sources",
    "leave_one_video_out",
    "scamspot_grouped",
    "own_multilingual_template_disjoint",
    "leave_one_source_out",
)


def per_kind(rows: Sequence[Row], flagged: np.ndarray) -> dict[str, dict[str, Any]]:
    """Per kind (else label): rows, their label and the share flagged bot-like.

    For a bot kind the share is its recall; for a genuine or generic kind it is its false-alarm rate.
    """
    out: dict[str, dict[str, Any]] = {}
    for kind in sorted({r.kind or r.label for r in rows}):
        sel = np.array([(r.kind or r.label) == kind for r in rows])
        labels = Counter(r.label for r, s in zip(rows, sel, strict=True) if s)
        out[kind] = {"n": int(sel.sum()), "label": labels.most_common(1)[0][0],
                     "flagged_rate": round(float(flagged[sel].mean()), 4)}
    return out


def per_language(rows: Sequence[Row], flagged: np.ndarray) -> dict[str, dict[str, Any]]:
    """Binary metrics per language of ``rows``."""
    out = {}
    for lang in sorted({r.language or "?" for r in rows}):
        sel = np.array([(r.language or "?") == lang for r in rows])
        out[lang] = _binary_metrics([r.label == BOT for r, s in zip(rows, sel, strict=True) if s], flagged[sel])
    return out


def _held_out_metrics(rows: Sequence[Row], proba: np.ndarray, threshold: float) -> dict[str, Any]:
    flagged = proba >= threshold
    metrics = _binary_metrics([r.label == BOT for r in rows], flagged)
    metrics["per_language"] = per_language(rows, flagged)
    metrics["per_kind"] = per_kind(rows, flagged)
    return metrics


def _leave_one_source_out(rows: Sequence[Row], threshold: float) -> dict[str, Any]:
    """Train on every other source, test on the one left out: how the model does on the next
    platform or the next bot wave. The threshold is the shipped one (chosen on all sources)."""
    results = {}
    for source in sorted({r.source for r in rows}):
        test = [r for r in rows if r.source == source]
        test_keys = {r.key for r in test}
        train_rows = [r for r in rows if r.source != source and r.key not in test_keys]
        results[source] = _held_out_metrics(test, _bot_proba(_fit(train_rows), [r.text for r in test]), threshold)
    return results


def evaluate(rows: Sequence[Row], threshold: float, protocols: Iterable[str] = PROTOCOLS) -> dict[str, Any]:
    """Run the evaluation ``protocols`` that the available data allows."""
    wanted = set(protocols)
    if wanted - set(PROTOCOLS):
        raise ValueError(f"unknown protocols {sorted(wanted - set(PROTOCOLS))}; valid: {', '.join(PROTOCOLS)}")
    results: dict[str, Any] = {}
    youtube = [r for r in rows if r.source == "youtube"]
    scamspot = [r for r in rows if r.source == "scamspot"]
    own = [r for r in rows if r.source == "own"]
    own_train = [r for r in own if r.split == "train"]
    own_test = [r for r in own if r.split == "test"]
    others = [r for r in rows if r.source not in ("own", "youtube", "scamspot")]
    videos = sorted({r.video for r in youtube if r.video})

    if youtube:
        for variant, extra in (("video_only", []), ("with_other_sources", scamspot + own_train + others)):
            if f"tubespam_{variant}" not in wanted:
                continue
            per_video = {}
            for video in videos:
                vrows = [r for r in youtube if r.video == video]
                cut = round(len(vrows) * 0.7)
                per_video[video] = _evaluate(vrows[:cut] + extra, vrows[cut:], threshold)
            results[f"tubespam_{variant}"] = {
                "per_video": per_video,
                "mean_f1": _mean(per_video, "f1"),
                "mean_mcc": _mean(per_video, "mcc"),
            }
    if youtube and "leave_one_video_out" in wanted:
        lovo = {}
        for video in videos:
            train_rows = [r for r in youtube if r.video != video] + scamspot + own_train + others
            lovo[video] = _evaluate(train_rows, [r for r in youtube if r.video == video], threshold)
        results["leave_one_video_out"] = {
            "per_video": lovo,
            "mean_f1": _mean(lovo, "f1"),
            "mean_mcc": _mean(lovo, "mcc"),
        }
    if scamspot and "scamspot_grouped" in wanted:
        from sklearn.model_selection import GroupShuffleSplit

        by_seed = {}
        for seed in SCAMSPOT_SEEDS:
            splitter = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
            tr, te = next(splitter.split(scamspot, groups=[r.key for r in scamspot]))
            by_seed[seed] = _evaluate(
                [scamspot[i] for i in tr] + youtube + own_train + others, [scamspot[i] for i in te], threshold
            )
        results["scamspot_grouped"] = by_seed[RANDOM_STATE]
        # One 708-row split is a noisy estimate; the spread over splits says how noisy.
        f1s = [m["f1"] for m in by_seed.values()]
        results["scamspot_grouped_seeds"] = {
            "seeds": list(SCAMSPOT_SEEDS),
            "f1": f1s,
            "mean_f1": round(float(np.mean(f1s)), 4),
            "min_f1": min(f1s),
            "max_f1": max(f1s),
        }
    if own_test and "own_multilingual_template_disjoint" in wanted:
        test_keys = {r.key for r in own_test}
        train_rows = [r for r in youtube + scamspot + own_train + others if r.key not in test_keys]
        scores = pipeline_scores(_fit(train_rows), [r.text for r in own_test])
        proba = scores[:, 0]
        metrics = _held_out_metrics(own_test, proba, threshold)
        not_bot = np.array([r.label != BOT for r in own_test])
        generic_metrics = _binary_metrics(
            [r.label == GENERIC for r in np.array(own_test)[not_bot]], scores[not_bot, 1] >= GENERIC_THRESHOLD
        )
        metrics["generic_vs_genuine"] = {
            k: generic_metrics[k] for k in ("n", "positives", "f1", "mcc", "precision", "recall")
        }
        results["own_multilingual_template_disjoint"] = metrics
    if "leave_one_source_out" in wanted and len({r.source for r in rows}) >= 2:
        results["leave_one_source_out"] = _leave_one_source_out(rows, threshold)
    return results


def train(
    out_dir: Path,
    shared_data_dir: Path | None = None,
    *,
    sources: Iterable[str] = SOURCES,
    limit: int | None = None,
    run_evaluation: bool = True,
) -> dict[str, Any]:
    """Train the bot-comment model into ``out_dir``; return the metadata written.

    ``shared_data_dir`` defaults to ``CREATORSCOUT_SHARED_DATA`` or ``../shared/data``;
    ``sources`` and ``limit`` (rows per source/file) exist to keep tests fast.
    """
    import sklearn
    import skops
    import skops.io as sio

    out_dir = Path(out_dir)
    shared = Path(shared_data_dir) if shared_data_dir is not None else default_shared_data_dir()
    rows, hashes, notes = load_rows(shared, sources, limit)
    if not rows:
        raise ValueError(f"no training rows for sources {list(sources)}")
    # One BLAS thread: faster on small machines and bit-for-bit reproducible.
    with threadpool_limits(limits=1):
        threshold, validation = _choose_threshold(rows)
        logger.info("bot threshold %.2f chosen on grouped validation (F1 %.3f)", threshold, validation["f1"])
        metrics: dict[str, Any] = {"validation_at_threshold": validation}
        if run_evaluation:
            metrics.update(evaluate(rows, threshold))
        pipeline = _fit(rows)
        blind = load_blind_rows() if run_evaluation else []
        if blind:
            # Written by someone who never saw the training data; never trained on. Its odd-numbered
            # creators were looked at while designing features (dev); the even ones never (test).
            proba = _bot_proba(pipeline, [r.text for r in blind])
            metrics["blind_held_out"] = _held_out_metrics(blind, proba, threshold)
            for half, parity in (("dev", 1), ("test", 0)):
                sel = np.array([_blind_half(r) == parity for r in blind])
                metrics[f"blind_held_out_{half}"] = _held_out_metrics(
                    [r for r, s in zip(blind, sel, strict=True) if s], proba[sel], threshold)
            hashes[f"models/bot_comments/eval/{BLIND_DATA.name}"] = _sha256(BLIND_DATA)

    out_dir.mkdir(parents=True, exist_ok=True)
    sio.dump(pipeline, out_dir / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    untrusted = artifact_types(out_dir / MODEL_FILE) - set(TRUSTED_TYPES)
    if untrusted:
        raise RuntimeError(f"trained artifact holds unreviewed types {sorted(untrusted)}; update TRUSTED_TYPES")
    metadata: dict[str, Any] = {
        "model_version": MODEL_VERSION,
        "task": "bot-like comment detection; generic-praise score",
        "classes": list(CLASSES),
        "threshold": threshold,
        "generic_threshold": GENERIC_THRESHOLD,
        "python_version": platform.python_version(),
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
        "numpy_version": np.__version__,
        "random_state": RANDOM_STATE,
        "preprocessing": "vetting.comment_features.classifier_text",
        "sources": list(sources),
        "licences": {name: SOURCE_INFO[name]["licence"]
                     for name in [*sorted({r.source for r in rows}), *(["blind"] if blind else [])]},
        "limit": limit,
        "data_sha256": hashes,
        "row_count": len(rows),
        "label_counts": {
            s: dict(sorted(Counter(r.label for r in rows if r.source == s).items()))
            for s in sorted({r.source for r in rows})
        },
        "feature_count": len(pipeline.named_steps["clf"].estimators_[0].coef_[0]),
        "notes": notes,
        "metrics": metrics,
    }
    (out_dir / METADATA_FILE).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_card_and_data(out_dir, metadata)
    logger.info("wrote bot-comment model to %s", out_dir)
    return metadata


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _metric_rows(name: str, m: dict[str, Any]) -> str:
    return (
        f"| {name} | {m['n']} | {_fmt(m['f1'])} | {_fmt(m['mcc'])} | {_fmt(m['precision'])} "
        f"| {_fmt(m['recall'])} | {_fmt(m['genuine_flagged_rate'])} |"
    )


def render_model_card(metadata: dict[str, Any]) -> str:
    """Return MODEL_CARD.md for the metadata of a trained artifact."""
    metrics = metadata["metrics"]
    header = "| protocol | n | F1 | MCC | precision | recall | genuine flagged |\n|---|---:|---:|---:|---:|---:|---:|"
    lines = [header]
    for key, title in (
        ("tubespam_video_only", "TubeSpam 70/30, video's own 70 %"),
        ("tubespam_with_other_sources", "TubeSpam 70/30, + ScamSpot + own train"),
        ("leave_one_video_out", "YouTube leave-one-video-out"),
    ):
        if key in metrics:
            for video, m in metrics[key]["per_video"].items():
                lines.append(_metric_rows(f"{title}: {video}", m))
            lines.append(
                f"| **{title}: mean** | | **{_fmt(metrics[key]['mean_f1'])}** "
                f"| **{_fmt(metrics[key]['mean_mcc'])}** | | | |"
            )
    if "scamspot_grouped" in metrics:
        lines.append(_metric_rows("ScamSpot, 80/20 grouped by normalised text", metrics["scamspot_grouped"]))
    seeds = metrics.get("scamspot_grouped_seeds")
    if seeds:
        lines.append(
            f"| ScamSpot, same protocol over split seeds {', '.join(map(str, seeds['seeds']))}: "
            f"mean (min–max) | | {_fmt(seeds['mean_f1'])} ({_fmt(seeds['min_f1'])}–{_fmt(seeds['max_f1'])}) "
            "| | | | |"
        )
    own = metrics.get("own_multilingual_template_disjoint")
    if own:
        lines.append(_metric_rows("**own multilingual, template-disjoint test**", own))
        for lang, m in own["per_language"].items():
            lines.append(_metric_rows(f"own multilingual: {lang}", m))
    lines.append(_metric_rows("grouped validation (threshold choice)", metrics["validation_at_threshold"]))
    loso = metrics.get("leave_one_source_out") or {}
    loso_lines = [header.replace("| protocol |", "| left-out source |")]
    for source, m in loso.items():
        loso_lines.append(_metric_rows(f"**{source}**", m))
        if len(m.get("per_language", {})) > 1:
            for lang, lm in m["per_language"].items():
                loso_lines.append(_metric_rows(f"{source}: {lang}", lm))
    blind = metrics.get("blind_held_out")
    blind_lines = [header.replace("| protocol |", "| held-out set |")]
    if blind:
        blind_lines.append(_metric_rows("**all**", blind))
        for half, title in (("test", "test half (even creators: never looked at)"),
                            ("dev", "dev half (odd creators: errors read while designing cues)")):
            if f"blind_held_out_{half}" in metrics:
                blind_lines.append(_metric_rows(title, metrics[f"blind_held_out_{half}"]))
        blind_lines += [_metric_rows(f"all, {lang}", m) for lang, m in blind["per_language"].items()]
    kind_sets = [("own test split", (own or {}).get("per_kind")), ("blind set", (blind or {}).get("per_kind")),
                 *((f"left-out {src}", m.get("per_kind")) for src, m in loso.items())]
    blind_intro = (
        "Written by a separate writer who never saw the training data or templates, after the training data "
        "was fixed; never trained on (see `eval/README.md`). It measures template memorisation, not the real "
        "world: it is written, not collected." if blind else "Not available in this run."
    )
    kind_lines = ["| set | kind | label | n | flagged bot-like |", "|---|---|---|---:|---:|"]
    for name, kinds in kind_sets:
        for kind, k in (kinds or {}).items():
            kind_lines.append(f"| {name} | {kind} | {k['label']} | {k['n']} | {_fmt(k['flagged_rate'])} |")
    generic = own["generic_vs_genuine"] if own else None
    generic_line = (
        (
            f"Generic-vs-genuine on the own test split (non-bot rows, score >= 0.5): "
            f"F1 {_fmt(generic['f1'])}, MCC {_fmt(generic['mcc'])}, precision {_fmt(generic['precision'])}, "
            f"recall {_fmt(generic['recall'])} (n = {generic['n']})."
        )
        if generic
        else ""
    )
    licences = metadata.get("licences", {})
    counts = "\n".join(
        f"| {src} | {licences.get(src, '?')} | {sum(c.values())} | " + " | ".join(str(c.get(k, 0)) for k in CLASSES)
        + " |"
        for src, c in metadata["label_counts"].items()
    )
    hashes = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in metadata["data_sha256"].items())
    notes = "\n".join(f"* {n}" for n in metadata["notes"]) or "* All sources were available."
    floor_note = (
        " The grid floor was binding in this run (lower thresholds were not tried, to keep false positives low)."
        if metadata["threshold"] <= THRESHOLD_GRID[0]
        else ""
    )
    return f"""# Model card: creatorscout bot-comment classifier {metadata["model_version"]}

Generated by `creatorscout model train` (`vetting.bots_training.train`); do not edit by hand.

## Intended use
Scores social-media comments under a creator's posts during vetting: the share of
bot-like comments (LLM-written praise of link-in-profile bots, gambling promotion,
crypto/investment testimonial chains, impersonation and giveaway scams, follow and
promotion bait, self-promotion, collab/ambassador bait, phishing, link spam,
copy-pasta) and of generic context-free praise ("Nice 🔥", "Toll! 😍") are signals of
bought engagement or engagement pods. In a vetting run the model is one of two
sources of a comment's flag: store-wide context (templates across creators, accounts
that hop between creators or are always first; `vetting/networks.py`) flags further
comments that praise without reference to their post. It scores
comments in aggregate for one creator; it is **not** meant to judge or act on an
individual commenter, and it is no moderation or legal tool.

API: `vetting.bots.score_comments`, `generic_scores`, `classify`, `load_model`.
Texts go through `vetting.comment_features.classifier_text` before the pipeline: the
normalised comment (HTML, invisible characters, look-alike letters, spaced
letters and obfuscated links undone; handles → `@user`, links → `url`) followed
by hint tokens: a length class (`_l0` … `_l4`), the words of linked
domains (`bit ly`; mentioned handles give no words: the store keeps other accounts'
handles in comments only as keyed pseudonyms), one short token
per cue of `vetting/comment_features.py` (`CUE_TOKENS`) (gambling, crypto/investment testimonial,
giveaway, off-platform contact, follow/promotion bait, bot emoji signature, formal
praise, styled look-alike letters, link, phone, handle; computed after look-alike
normalisation so that they carry over to unseen sources and languages), and
`_q` / `_w` (a real question; scam-warning words). The hints are
computed while scoring and never stored.

## Model
One scikit-learn `Pipeline` in `model.skops` (skops {metadata["skops_version"]},
scikit-learn {metadata["sklearn_version"]}, Python {metadata["python_version"]}):
hashed TF-IDF character 3–4-grams (2^18 buckets) ∪ hashed TF-IDF word 1–2-grams
(2^16 buckets; emoji and `@user` kept as tokens) → `MultiOutputClassifier` with one
binary logistic regression per question (C = {C_REGULARIZATION:g}, balanced class weights,
random_state = {metadata["random_state"]}): "bot-like?" and "generic praise?". The
features are computed once for both.

* **Sample weights**: every (source, bot-like or not) cell carries the same total
  weight, so YouTube, ScamSpot and the own set count equally although their sizes
  differ, and no source's base rate decides the threshold.
* `bot_probability` = P(bot-like); comments at or above **{metadata["threshold"]:.2f}**
  are bot-like. The threshold is chosen on out-of-fold predictions of a 5-fold split
  grouped by normalised text / template (every row scored by a model that never saw
  its group): it maximises the mean F1 over the sources (each counts equally)
  among thresholds that flag at most 2 % of the own set's genuine + generic comments
  and, on average over the comment sources (janitr's X posts left out), at most 3 % of
  their non-bot comments (the product's limit);
  grid 0.20–0.80 in steps of 0.01.{floor_note}
* `generic score` = P(generic praise); generic at >= {metadata["generic_threshold"]}.

Design history (measured with the protocols below; model 1.0.0 → 2.0.0 → 3.0.0):
* 1.0.0 was one three-class logistic regression (C = 20) on `normalize_comment`
  alone, threshold from a single 80/20 validation split: TubeSpam mean F1 0.943,
  leave-one-video-out 0.935, ScamSpot 0.871, own set 1.6 % genuine flagged.
* Two binary heads instead of three classes: the bot probability is no longer
  diluted by the generic class, and the two sources' best thresholds moved
  closer together (ScamSpot +0.03 F1 at its best threshold).
* Source-balanced sample weights: TubeSpam +0.015 mean F1.
* Handle and domain words: ScamSpot +0.02 (scam "contact" handles spell out
  `fx`, `invest`, `trade`); length class: +0.005 on both. (3.0.0 drops the handle
  words again: the store now keeps other accounts' handles in comments only as keyed
  pseudonyms, and a model must read what the store keeps.)
* Five-fold out-of-fold threshold: one validation split's best threshold moved
  between 0.32 and 0.52 with its random seed.
* Tried without gain: C 5 / 20, character 1–5-grams, word 1–3-grams, an extra
  `char_wb` block, and dropping training rows whose out-of-fold prediction
  contradicts their label (confident-learning style filtering).
* Hashing instead of a fitted vocabulary keeps `model.skops` at a few MB that load
  in well under a second (a 100k-entry vocabulary made a 120 MB file that loaded in 17 s).
* 3.0.0: an independent check on real German creator comments found that 2.0.0 flagged
  14 % of today's bots (LLM praise with emoji signatures, gambling with look-alike
  brands, testimonial chains). Changes: the own set gained those kinds and their hard
  negatives (German at least as large as English); two more openly licensed sources
  (janitr X posts and AI replies; Indonesian gambling spam); cue tokens. Compared on
  leave-one-source-out average precision and the held-out set's dev half: cue tokens
  for named-expert testimonials and self-promotion raised left-out YouTube from 0.81
  to 0.90 AP; a separately weighted cue block, half-weighted character n-grams, C = 3
  and leaving janitr out changed nothing beyond noise (±0.01) and were not kept.
  Character 3–4-grams instead of 1–4-grams: the same figures (left-out mean AP 0.751 vs
  0.752, held-out dev F1 at 0.5 0.949 vs 0.951), a third less hashing time: vetting must
  stay above 10,000 comments/s on two cores.
  The threshold rule gained the product's limit (at most 3 % of genuine comments
  flagged, mean over the comment sources).

## Data
| source | licence | rows | bot_like | generic | genuine |
|---|---|---:|---:|---:|---:|
{counts}

Every training source's licence lets a model trained on it ship (MIT, CC BY 4.0 with attribution
above). The held-out set (`eval/blind_comments.csv`) is never trained on.

* **Own multilingual set** (`data/comments.csv`, written for this project by
  `data/make_dataset.py`, seed fixed; labels per `data/LABEL_GUIDE.md`): German,
  English, French, Spanish, Italian, Dutch, Portuguese, Polish and mixed
  German/English influencer-style comments (food, vegan, fitness, travel, beauty,
  tech, gaming) from hand-written templates and individual comments, with
  typos, emoji, case changes and obfuscation (math fonts, small caps, Cyrillic
  look-alikes, spaced letters). Handles, shops and links are invented. One in four
  templates is held out (`split = test`), so the test split is template-disjoint.
  Licence: as the project.
* **YouTube Spam Collection v1** (Alberto & Lochter 2015, UCI, CC BY 4.0,
  doi:10.24432/C58885; paper: Alberto, Lochter & Almeida, TubeSpam, ICMLA 2015).
  spam → bot_like; ham → genuine, except ham of at most 3 tokens without link,
  handle or question mark → generic (TubeSpam labels "wow", "nice song" as ham).
  Only `CONTENT` is used (never `DATE`/`AUTHOR`, which leak the label); U+FEFF and
  HTML are removed by the normaliser.
* **ScamSpot Instagram comments** (Erben 2023, MIT; ScamSpot/scamspot_ml-models).
  scam → bot_like; not scam → genuine, with the same short-text → generic rule.
  All text is case-folded, which removes the upper-case leak of the appended block.
* **janitr X posts and AI replies** (janitrai/janitr @ a5b1e746, MIT; labels largely
  made by models, then reviewed: noisy). Posts with a scam/spam/phishing/reply-spam/
  impersonation/AI-reply … label → bot_like; posts labelled only `clean`/`topic_*` →
  genuine (short-text rule → generic); `promo`/`affiliate`/`low_effort` alone are
  ambiguous and left out. The 758 AI-generated replies a creator blocked → bot_like.
  Leading @mentions are removed (every X reply starts with them: a leak). English only.
* **Indonesian YouTube gambling comments** (diashitenas/llm_judol @ ac5e7f75, MIT per
  its README): gambling promotion → bot_like, other → genuine (short-text rule → generic);
  {MAX_INDONESIAN_ROWS:,} evenly spaced rows of 20,807; grouped by video in the threshold folds.

Input files (SHA-256):

| file | sha256 |
|---|---|
{hashes}

{notes}

## Evaluation
Computed by the training command with the shipped pipeline configuration and the
shipped threshold; in every protocol, training rows whose normalised text also occurs
in the test rows are dropped. The threshold comes from out-of-fold predictions over
all data, which include the protocols' test rows: one scalar is tuned on data the
protocols test on, a small optimistic bias. The design choices above were also
compared on these protocols (about twenty variants), a further optimistic bias; the
own set's template-disjoint split and the spread over ScamSpot split seeds are the
checks against it.

* TubeSpam protocol: per video, rows in file (chronological) order, train on the
  oldest 70 %, test on the newest 30 %; "video's own 70 %" uses only that, the
  "+" variant adds ScamSpot and the own training split (never the other videos).
  Published best: mean F1 0.949, MCC 0.904.
* Leave-one-video-out: train on the other four videos + ScamSpot + own train split.
* ScamSpot: `GroupShuffleSplit(test_size=0.2, random_state=42)` grouped by
  normalised text; trained with the ScamSpot training part + all YouTube + own train
  split. Published (random split with duplicates): LR F1 0.874, BERT F1 0.925.
  The same protocol with other split seeds shows how much one 708-row split varies;
  part of ScamSpot's labels are rule-made and some scam texts are labelled "not scam"
  (e.g. "check out my dm!", "invest in bitcoin trading platforms today to earn
  tremendous profits"), which caps any model's F1 on it.
* Own set: trained on all YouTube + ScamSpot + own train split, tested on the
  template-disjoint test split. "Genuine flagged" = false-positive rate among
  genuine + generic comments.

{chr(10).join(lines)}

{generic_line}

### Leave-one-source-out
Train on all other sources, test on the one left out (the shipped threshold): the honest
measure of how the model does on the next platform or the next bot wave. Nothing was tuned
to one source. The janitr test rows include 758 AI replies (positives only), the
Indonesian ones are one campaign type in a language no other source covers.

{chr(10).join(loso_lines) if loso else "Not run (needs at least two sources)."}

### Independently written held-out set
{blind_intro}

{chr(10).join(blind_lines) if blind else ""}

### Per kind of comment
Share flagged bot-like per kind (recall for bot kinds, false-alarm rate for genuine and generic kinds).

{chr(10).join(kind_lines)}

## Limitations
* The own set is synthetic: template-disjoint testing limits but does not remove
  template memorisation; real comments are more varied. German and English are
  covered best; the other languages have a few templates each; other scripts
  (Cyrillic, Arabic, CJK) are barely covered.
* YouTube and ScamSpot are English and from 2013–2015 / 2023; spam styles drift.
* The normaliser folds Latin diacritics (ä → a) and maps look-alike letters only
  in words that mix scripts, or in texts that contain Latin letters.
* Genuine comments that mention DMs, links or shops, friends tagging friends, formal
  "Sie" comments and people who talk about (or warn of) crypto, betting and giveaway
  scams are the main false-positive risks; short generic praise is by design not
  bot-like.
* A confirmation in a testimonial chain ("she helped me too") is often only bot-like
  in its thread; the text model sees one comment at a time.
* Leave-one-source-out figures are far below the in-source ones: each source defines
  spam its own way (TubeSpam's self-promotion, ScamSpot's crypto testimonials, janitr's
  X scams and AI replies, Indonesian gambling), and a text model learns the kinds it
  has seen. Expect lower figures on a new platform or bot wave until its kind is
  in the data.
* Scores are for aggregates; a single flagged comment is weak evidence.
"""


def _write_card_and_data(out_dir: Path, metadata: dict[str, Any]) -> None:
    """Write MODEL_CARD.md; copy the own data set when training into another folder."""
    (out_dir / "MODEL_CARD.md").write_text(render_model_card(metadata), encoding="utf-8")
    data_dir = out_dir / "data"
    if data_dir.resolve() != OWN_DATA.parent.resolve():
        data_dir.mkdir(exist_ok=True)
        for name in ("comments.csv", "make_dataset.py", "LABEL_GUIDE.md"):
            source = OWN_DATA.parent / name
            if source.is_file():
                shutil.copyfile(source, data_dir / name)
