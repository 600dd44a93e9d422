"""The faster comment text analysis (#13) answers exactly as the frozen reference copies do.

A compact version of benchmarks/features_equivalence.py: hostile strings, a sample of the labelled
corpora and seeded random mixtures of both, through every public function of the group.
"""

from __future__ import annotations

import pytest
from features_equivalence import HOSTILE, corpus_texts, differences, fuzz_texts

from vetting import comment_features


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = corpus_texts()
    return texts[::max(1, len(texts) // 3000)]


def test_hostile_strings_answer_as_before() -> None:
    assert differences(HOSTILE) == []


def test_corpus_sample_answers_as_before(corpus: list[str]) -> None:
    assert len(corpus) > 1000
    assert differences(corpus) == []


def test_random_mixtures_answer_as_before(corpus: list[str]) -> None:
    assert differences(fuzz_texts(corpus, 2000)) == []


def test_a_changed_answer_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    real = comment_features.address_of
    monkeypatch.setattr(comment_features, "address_of", lambda text: None if text == "du?" else real(text))
    found = differences(["Sie", "du?", "Ihnen"])
    assert [(name, text) for name, text, _, _ in found] == [("address_of", "du?")]
