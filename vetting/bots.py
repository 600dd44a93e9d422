"""Bot-like and generic comment scoring with the shipped scikit-learn model.

The artifact in ``models/bot_comments/`` is one scikit-learn ``Pipeline``
(hashed TF-IDF character and word n-grams -> one binary logistic regression
for "bot-like?" and one for "generic praise?") saved with ``skops.io``. Texts
go through :func:`vetting.comment_features.classifier_text` before the pipeline.

The model is loaded lazily on first use and cached; loading refuses any
type that is not in :data:`TRUSTED_TYPES`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from crawler.errors import CreatorscoutError
from vetting.comment_features import classifier_text

__all__ = [
    "DEFAULT_MODEL_DIR",
    "BotModel",
    "CommentVerdict",
    "UntrustedModelError",
    "artifact_types",
    "classify",
    "generic_scores",
    "load_model",
    "model_info",
    "model_metadata",
    "pipeline_scores",
    "score_comments",
]

logger = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "bot_comments"
MODEL_DIR_ENV = "CREATORSCOUT_MODEL_DIR"
MODEL_FILE = "model.skops"
METADATA_FILE = "metadata.json"
CLASSES = ("bot_like", "generic", "genuine")
GENERIC_THRESHOLD = 0.5

# Every type the shipped artifact may contain, reviewed by hand. The loader
# walks the artifact's schema and refuses anything else, before skops builds
# a single object (stricter than skops' own default-trusted list).
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.NoneType",
    "builtins.bool",
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multioutput.MultiOutputClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
)

Label = Literal["bot_like", "generic", "genuine"]


class UntrustedModelError(CreatorscoutError, ValueError):
    """The artifact contains types outside :data:`TRUSTED_TYPES`."""


@dataclass(frozen=True, slots=True)
class CommentVerdict:
    """Verdict on one comment."""

    bot_probability: float
    bot_like: bool
    generic: bool
    label: Label


@dataclass(frozen=True)
class BotModel:
    """A loaded artifact: the pipeline plus its decision thresholds."""

    pipeline: Any
    threshold: float
    metadata: dict[str, Any]
    model_dir: Path

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, 2) array: P(bot-like) and generic-praise score of each comment."""
        if len(texts) == 0:
            return np.zeros((0, 2), dtype=np.float64)
        # Score each distinct classifier text once (bots and praise repeat a lot).
        index: dict[str, int] = {}
        rows = [index.setdefault(classifier_text(t or ""), len(index)) for t in texts]
        return pipeline_scores(self.pipeline, list(index))[rows]


def pipeline_scores(pipeline: Any, classifier_texts: Sequence[str]) -> np.ndarray:
    """Return an (n, 2) array, P(bot-like) and P(generic), for texts already in classifier form."""
    if len(classifier_texts) == 0:
        return np.zeros((0, 2), dtype=np.float64)
    bot, generic = pipeline.predict_proba(list(classifier_texts))
    return np.column_stack([bot[:, 1], generic[:, 1]]).astype(np.float64)


def resolve_model_dir(model_dir: str | os.PathLike[str] | None = None) -> Path:
    """Argument, then ``CREATORSCOUT_MODEL_DIR``, then :data:`DEFAULT_MODEL_DIR`."""
    if model_dir is not None:
        return Path(model_dir)
    env = os.environ.get(MODEL_DIR_ENV)
    return Path(env) if env else DEFAULT_MODEL_DIR


def artifact_types(path: Path) -> set[str]:
    """Return every ``module.Class`` named in a skops file's schema (nothing is built)."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__class__" in node and "__module__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_pipeline(path: Path) -> Any:
    """Load a skops file after checking every type against :data:`TRUSTED_TYPES`."""
    import skops.io as sio

    untrusted = sorted((artifact_types(path) | set(sio.get_untrusted_types(file=path))) - set(TRUSTED_TYPES))
    if untrusted:
        raise UntrustedModelError(
            f"{path} contains types outside the reviewed list: {', '.join(untrusted)}; "
            "retrain with `creatorscout model train` or review and extend TRUSTED_TYPES"
        )
    from vetting.hashing import accelerate

    # The reviewed, stock pipeline; its hashing vectorizers then run in NumPy (same matrix, faster).
    return accelerate(sio.load(path, trusted=list(TRUSTED_TYPES)))


@lru_cache(maxsize=4)
def _load_cached(model_dir: Path) -> BotModel:
    model_path = model_dir / MODEL_FILE
    if not model_path.is_file():
        raise FileNotFoundError(
            f"no bot-comment model at {model_path}; run `creatorscout model train --out {model_dir}`"
        )
    metadata = json.loads((model_dir / METADATA_FILE).read_text(encoding="utf-8"))
    pipeline = load_pipeline(model_path)
    logger.info("loaded bot-comment model %s from %s", metadata.get("model_version"), model_dir)
    return BotModel(pipeline=pipeline, threshold=float(metadata["threshold"]), metadata=metadata, model_dir=model_dir)


def load_model(model_dir: str | os.PathLike[str] | None = None) -> BotModel:
    """Load (once, then from cache) the model in ``model_dir``."""
    return _load_cached(resolve_model_dir(model_dir).resolve())


def score_comments(texts: Sequence[str], model: BotModel | None = None) -> np.ndarray:
    """Return the bot-like probability (0-1) of each comment."""
    model = model or load_model()
    return model.scores(texts)[:, 0]


def generic_scores(texts: Sequence[str], model: BotModel | None = None) -> np.ndarray:
    """Return how much each comment looks like context-free praise (0-1)."""
    model = model or load_model()
    return model.scores(texts)[:, 1]


def classify(texts: Sequence[str], model: BotModel | None = None) -> list[CommentVerdict]:
    """Label each comment ``bot_like``, ``generic`` or ``genuine``."""
    model = model or load_model()
    scores = model.scores(texts)
    verdicts = []
    for p_bot, g in scores.tolist():
        is_bot = p_bot >= model.threshold
        is_generic = g >= GENERIC_THRESHOLD
        label: Label = "bot_like" if is_bot else "generic" if is_generic else "genuine"
        verdicts.append(CommentVerdict(bot_probability=p_bot, bot_like=is_bot, generic=is_generic, label=label))
    return verdicts


def model_metadata(model_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The artifact's ``metadata.json`` (threshold, version, metrics) without loading the model."""
    directory = resolve_model_dir(model_dir)
    path = directory / METADATA_FILE
    if not (directory / MODEL_FILE).is_file() or not path.is_file():
        raise FileNotFoundError(
            f"no bot-comment model at {directory / MODEL_FILE}; run `creatorscout model train --out {directory}`"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def model_info(model_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the artifact's metadata plus file size and SHA-256 (without loading it)."""
    directory = resolve_model_dir(model_dir)
    metadata_path = directory / METADATA_FILE
    if not metadata_path.is_file():
        raise FileNotFoundError(f"no {METADATA_FILE} in {directory}; train a model first")
    info: dict[str, Any] = json.loads(metadata_path.read_text(encoding="utf-8"))
    model_path = directory / MODEL_FILE
    info["model_dir"] = str(directory)
    if model_path.is_file():
        info["model_file_bytes"] = model_path.stat().st_size
        info["model_file_sha256"] = hashlib.sha256(model_path.read_bytes()).hexdigest()
    return info
