"""Creator verdicts on the independently written held-out comments (models/bot_comments/eval)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.storage import Store
from vetting.blind_store import BLIND_CSV, blind_creator_report, load_blind_store


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    store = Store.open(Path(tmp_path_factory.mktemp("blind")) / "blind.db")
    truth = load_blind_store(store, BLIND_CSV)
    out = blind_creator_report(store, truth)
    store.close()
    return out


def test_every_bot_heavy_creator_gets_avoid_or_review(report: dict) -> None:
    assert report["bot_heavy"] >= 5
    assert report["bot_heavy_missed"] == []


def test_no_clean_creator_gets_avoid(report: dict) -> None:
    assert report["clean"] >= 5
    assert report["clean_avoided"] == []


def test_measured_bot_share_follows_the_labels(report: dict) -> None:
    # Without interaction counts no creator can be recommended; the measured share tracks the labelled one.
    assert all(c["verdict"] != "recommended" for c in report["creators"])
    errors = [abs(c["measured_bot_share"] - c["labelled_bot_share"]) for c in report["creators"]]
    assert sum(errors) / len(errors) < 0.1, report["creators"]
