"""On a sandbox world with planted creators, the verdicts find them (the Vet issue's guarantees).

Runs in a subprocess: the crawl starts a Twisted reactor, which cannot be restarted in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict:
    done = subprocess.run([sys.executable, "benchmarks/vet_ground_truth.py", "--creators", "90", "--seed", "23",
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_crawls_finished(report):
    assert set(report["statuses"].values()) == {"finished"}
    assert report["vetted"] >= 70


def test_every_bot_heavy_creator_gets_avoid_or_review(report):
    assert report["kinds"]["bot_heavy"]["planted"] >= 3
    assert report["bot_heavy_missed"] == []


def test_no_clean_on_niche_creator_gets_avoid(report):
    assert report["verdicts_by_kind"]["clean_on_niche"]
    assert report["clean_avoided"] == []


def test_bot_networks_are_planted_and_reported(report):
    for kind in ("llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait"):
        assert report["kinds"][kind]["planted"] >= 4, kind
    assert report["verdicts_by_kind"]["emoji_fans"]
    for entry in report["recommended_with_red_flag"]:
        assert entry["verdict"] == "recommended" and entry["red_flags"], entry


@pytest.mark.parametrize(("kind", "min_precision", "min_recall"), [
    ("bot_heavy", 0.8, 1.0),
    ("bot_account", 1.0, 1.0),
    ("growth_spike", 0.8, 0.8),
    ("engagement_pod", 0.8, 0.5),
    ("off_niche", 0.8, 0.5),
])
def test_planted_kinds_are_found(report, kind, min_precision, min_recall):
    score = report["kinds"][kind]
    assert score["planted"] > 0, f"the world planted no {kind}"
    assert score["recall"] >= min_recall, score
    assert score["precision"] is not None and score["precision"] >= min_precision, score


def test_conversation_kinds_are_planted_and_reported(report):
    conversation = report["conversation"]
    for kind in ("question_rich", "purchase_intent_rich", "hostile_section", "praise_only"):
        assert conversation["planted"][kind] >= 2, kind
        assert report["verdicts_by_kind"][kind]
    # Written against the vetting rows with .get: each figure is a number or None (not measured).
    for key in ("product_question_rate", "answered_question_rate", "purchase_intent_rate"):
        figure = conversation[key]
        assert figure["measured"] or (figure["planted"] is None and figure["others"] is None), figure
    if not conversation["measured"]:
        assert conversation["brand_safety"] is None and conversation["strong_conversation_recall"] is None
    # Scores exist either way: a praise-only section ranks below a question-rich one.
    percentile = conversation["score_percentile"]
    assert percentile["question_rich"] > percentile["praise_only"]
