"""scikit-learn's ``HashingVectorizer`` with the n-gram hashing done in NumPy, same matrix, fewer seconds.

The bot-comment and conversation models start with a ``HashingVectorizer`` (character 3-4-grams,
word 1-2-grams). scikit-learn builds every n-gram as a Python string and hashes it one call at a time;
on short comments that is about two thirds of the classifier's time. :class:`NumpyHashingVectorizer`
computes the identical sparse matrix from positions instead: the texts are joined once and encoded
as UTF-8, every n-gram is a (byte offset, byte length) pair, and MurmurHash3 (x86, 32 bit, seed 0,
as :func:`sklearn.utils.murmurhash3_32`) runs over all of them at once as array arithmetic. Word
n-grams are still cut by the vectorizer's own tokenizer; only their hashing is vectorised.

:func:`accelerate` swaps the vectorizers of a loaded pipeline for this subclass where their settings
are the ones it reproduces (no lowercasing, accents, stop words or custom analyzers; see
:func:`supported`); any other vectorizer is left as it is. The artifacts on disk stay stock
scikit-learn: the swap happens in memory after the reviewed load. ``tests/test_hashing.py`` checks
the matrices are equal to scikit-learn's on hostile texts (emoji, combining marks, whitespace runs,
astral characters, empty strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = ["NumpyHashingVectorizer", "accelerate", "hash_spans", "supported"]

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
_M, _N = np.uint32(5), np.uint32(0xE6546B64)
_F1, _F2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
Spans = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]   # rows, byte starts, byte lengths, UTF-8 data
_WHITE_SPACES = re.compile(r"\s\s+")   # HashingVectorizer._white_spaces: runs of 2+ become one space


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix(k: np.ndarray) -> np.ndarray:
    k = k * _C1
    return _rotl(k, 15) * _C2


def hash_spans(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Signed MurmurHash3_x86_32 (seed 0) of ``data[start:start + length]`` for every span, as int32.

    ``data`` is a uint8 array padded with at least 3 zero bytes after the last span (the tail
    reads whole words and masks them)."""
    h = np.zeros(len(starts), dtype=np.uint32)
    if len(starts) == 0:
        return h.view(np.int32)
    blocks = lengths >> 2
    padded = data.astype(np.uint32)
    for k in range(int(blocks.max(initial=0))):
        live = np.nonzero(blocks > k)[0]
        at = starts[live] + 4 * k
        word = padded[at] | (padded[at + 1] << 8) | (padded[at + 2] << 16) | (padded[at + 3] << 24)
        x = h[live] ^ _mix(word)
        h[live] = _rotl(x, 13) * _M + _N
    rest = lengths & 3
    live = np.nonzero(rest)[0]
    if len(live):
        at = starts[live] + 4 * blocks[live]
        r = rest[live]
        tail = padded[at] | np.where(r >= 2, padded[at + 1] << 8, 0).astype(np.uint32) \
            | np.where(r >= 3, padded[at + 2] << 16, 0).astype(np.uint32)
        h[live] ^= _mix(tail)
    h ^= lengths.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= _F1
    h ^= h >> np.uint32(13)
    h *= _F2
    h ^= h >> np.uint32(16)
    return h.view(np.int32)


def _utf8_offsets(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(UTF-8 bytes padded with 4 zeros, byte offset of every character and of the end)``."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    data = np.frombuffer(text.encode("utf-8") + b"\0\0\0\0", dtype=np.uint8)
    return data, offsets


def _gram_spans(counts: np.ndarray, unit_starts: np.ndarray, unit_ends: np.ndarray,
                ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, byte starts and byte lengths of every n-gram of consecutive units (characters or tokens):
    ``counts`` units per document, unit ``i`` spanning bytes ``unit_starts[i]:unit_ends[i]``.

    An n-gram starts at every unit with at least ``n`` units left in its document (32-bit positions
    when they fit: half the memory is half the page faults)."""
    index = np.int32 if int(counts.sum()) < np.iinfo(np.int32).max else np.int64
    sizes = counts.astype(index)
    owner = np.repeat(np.arange(len(sizes), dtype=index), sizes)
    left = np.repeat(np.cumsum(sizes, dtype=index), sizes) - np.arange(len(owner), dtype=index)
    rows, starts, lengths = [], [], []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        unit = np.flatnonzero(left >= n)
        first = unit_starts[unit]
        rows.append(owner[unit])
        starts.append(first)
        lengths.append(unit_ends[unit + n - 1] - first)
    return np.concatenate(rows), np.concatenate(starts), np.concatenate(lengths)


def _char_spans(docs: Sequence[str], ngram_range: tuple[int, int]) -> Spans:
    """Rows, byte starts and byte lengths of every character n-gram, plus the UTF-8 data."""
    data, offsets = _utf8_offsets("".join(docs))
    sizes = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    return (*_gram_spans(sizes, offsets[:-1], offsets[1:], ngram_range), data)


def _word_spans(docs: Sequence[str], tokenize: Any, ngram_range: tuple[int, int]) -> Spans:
    """Rows, byte starts and byte lengths of every word n-gram, plus the UTF-8 data.

    All tokens are joined by single spaces, so the n-gram of tokens ``i..i+n-1`` (which
    scikit-learn joins by a space) is the span from token ``i``'s start to token ``i+n-1``'s end."""
    tokens = [tokenize(doc) for doc in docs]
    counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(docs))
    flat = list(chain.from_iterable(tokens))
    data, offsets = _utf8_offsets(" ".join(flat))
    sizes = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
    char_ends = np.cumsum(sizes + 1) - 1
    return (*_gram_spans(counts, offsets[char_ends - sizes], offsets[char_ends], ngram_range), data)


def supported(vectorizer: HashingVectorizer) -> bool:
    """Whether :class:`NumpyHashingVectorizer` reproduces ``vectorizer``'s matrix exactly."""
    p = vectorizer.get_params()
    low, high = p["ngram_range"]
    return (p["analyzer"] in ("char", "word") and p["input"] == "content" and not p["lowercase"]
            and p["strip_accents"] is None and p["preprocessor"] is None and p["tokenizer"] is None
            and p["stop_words"] is None and not p["binary"] and not p["alternate_sign"] and p["norm"] is None
            and 1 <= low <= high)


class NumpyHashingVectorizer(HashingVectorizer):
    """``HashingVectorizer`` whose ``transform`` hashes in NumPy (see the module docstring).

    Only the settings of :func:`supported` are computed here; others defer to scikit-learn."""

    def transform(self, X: Iterable[str]) -> Any:
        docs = list(X)
        if not supported(self) or not all(isinstance(d, str) for d in docs):
            return super().transform(docs)
        if not docs:
            return super().transform(docs)   # scikit-learn's own error for an empty input
        if self.analyzer == "char":
            rows, starts, lengths, data = _char_spans([_WHITE_SPACES.sub(" ", d) for d in docs], self.ngram_range)
        else:
            rows, starts, lengths, data = _word_spans(docs, self.build_tokenizer(), self.ngram_range)
        signed = hash_spans(data, starts, lengths).astype(np.int64)
        columns = np.abs(signed) % self.n_features   # scikit-learn's abs(h) % n, including h = -2**31
        matrix = sp.csr_matrix((np.ones(len(columns), dtype=self.dtype), (rows, columns)),
                               shape=(len(docs), self.n_features), dtype=self.dtype)
        matrix.sum_duplicates()   # also sorts the indices, as scikit-learn's transform does
        return matrix


def accelerate(estimator: Any) -> Any:
    """Swap, in place, every supported ``HashingVectorizer`` inside ``estimator`` (pipelines, unions)
    for a :class:`NumpyHashingVectorizer` with the same parameters; returns ``estimator``."""
    if hasattr(estimator, "steps"):
        for i, (name, step) in enumerate(estimator.steps):
            estimator.steps[i] = (name, _swapped(step))
    if hasattr(estimator, "transformer_list"):
        for i, (name, step) in enumerate(estimator.transformer_list):
            estimator.transformer_list[i] = (name, _swapped(step))
    return estimator


def _swapped(step: Any) -> Any:
    if type(step) is HashingVectorizer and supported(step):
        return NumpyHashingVectorizer(**step.get_params())
    return accelerate(step)
