"""The NumPy hashing vectorizer gives scikit-learn's matrices, bit for bit."""

from __future__ import annotations

import random

import numpy as np
import pytest
import skops.io as sio
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from vetting import bots, conversation_model
from vetting.hashing import NumpyHashingVectorizer, accelerate, hash_spans, supported

HOSTILE = [
    "", "a", "ab", "abc", "abcd", "Nice post 🔥🔥", "  leading and   inner\t\tspaces\n\n", "\ttab", "x\r\ny",
    "e\u0301\u0301 combining", "\u00a0\u00a0no-break", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝓼𝓽𝔂𝓵𝓮𝓭", "日本語のテキストです", "\x00\x01 control",
    "Ünïcödé Käse 🧀 | _l1 _q", "@user_3fa2c1d0 dm me 💋💋 bit.ly/x", "Wo gibt es die Form? | _l1 _q", "👍🏽👨‍👩‍👧",
    "a" * 300, "word " * 80, "?!?! ... ,,, ;;", "\u2028line\u2029para", "🇩🇪🇺🇸 flags",
]


def _random_texts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdeäöüß ÉéÑñ  \t\n?!.,@_0123456789😍🔥𝔘日\u0301\u00a0"
    return [''.join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60))) for _ in range(n)]


def _same(a, b) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    assert (a != b).nnz == 0
    assert b.has_sorted_indices


@pytest.mark.parametrize("params", [
    {"analyzer": "char", "ngram_range": (3, 4), "n_features": 2 ** 18},
    {"analyzer": "char", "ngram_range": (1, 3), "n_features": 2 ** 10},
    {"analyzer": "char", "ngram_range": (2, 5), "n_features": 997},
    {"analyzer": "word", "ngram_range": (1, 2), "n_features": 2 ** 16, "token_pattern": r"@\w+|\w+|[^\w\s]"},
    {"analyzer": "word", "ngram_range": (1, 3), "n_features": 2 ** 17, "token_pattern": r"[\w'_]+"},
    {"analyzer": "word", "ngram_range": (2, 2), "n_features": 31},
])
def test_matrices_equal_scikit_learns(params: dict) -> None:
    common = {"alternate_sign": False, "lowercase": False, "norm": None, "dtype": np.float32}
    stock = HashingVectorizer(**common, **params)
    fast = NumpyHashingVectorizer(**common, **params)
    assert supported(stock)
    texts = HOSTILE + _random_texts(400)
    _same(stock.transform(texts), fast.transform(texts))
    _same(stock.transform(["only one"]), fast.transform(["only one"]))


def test_hash_spans_is_murmurhash3() -> None:
    rng = random.Random(11)
    keys = [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 41))) for _ in range(500)]
    data = np.frombuffer(b"".join(keys) + b"\0\0\0\0", dtype=np.uint8)
    lengths = np.array([len(k) for k in keys], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    expected = [murmurhash3_32(k, seed=0) for k in keys]
    assert hash_spans(data, starts, lengths).tolist() == expected


def test_unsupported_settings_stay_scikit_learns() -> None:
    lowering = HashingVectorizer(lowercase=True, alternate_sign=False, norm=None)
    signed = HashingVectorizer(lowercase=False, norm=None)   # alternate_sign defaults to True
    assert not supported(lowering) and not supported(signed)
    from sklearn.pipeline import Pipeline

    pipeline = accelerate(Pipeline([("hash", lowering)]))
    assert type(pipeline.steps[0][1]) is HashingVectorizer
    # A subclass given settings it does not reproduce defers to scikit-learn and still agrees.
    texts = ["Hello World", "ÄÖÜ straße"]
    _same(NumpyHashingVectorizer(lowercase=True, norm=None).transform(texts),
          HashingVectorizer(lowercase=True, norm=None).transform(texts))


@pytest.mark.parametrize("path", [bots.DEFAULT_MODEL_DIR / bots.MODEL_FILE,
                                  conversation_model.DEFAULT_MODEL_DIR / conversation_model.MODEL_FILE])
def test_shipped_models_predict_the_same_when_accelerated(path) -> None:
    loaded = bots.load_pipeline(path)
    stock = sio.load(path, trusted=list(bots.TRUSTED_TYPES))
    swapped = [s for s in _vectorizers(loaded) if type(s) is NumpyHashingVectorizer]
    assert swapped and len(swapped) == len(_vectorizers(stock))
    texts = HOSTILE + _random_texts(200, seed=5)
    np.testing.assert_array_equal(np.asarray(loaded.predict_proba(texts)), np.asarray(stock.predict_proba(texts)))


def _vectorizers(estimator) -> list:
    found = []
    for _, step in getattr(estimator, "steps", []) + getattr(estimator, "transformer_list", []):
        found += [step] if isinstance(step, HashingVectorizer) else _vectorizers(step)
    return found
