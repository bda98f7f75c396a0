"""Shared fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "data" / "articles" / "000_cde299979b26ee9c.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED
