"""Shared fixtures: where the read-only shared samples are, and the test output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    """``../shared/platform-samples`` when present; tests that need it skip otherwise."""
    path = SHARED / "platform-samples"
    if not path.is_dir():
        pytest.skip("../shared/platform-samples is not present")
    return path


@pytest.fixture(scope="session")
def test_output() -> Path:
    """A folder for artefacts a person may want to look at (screenshots, sample exports)."""
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path
