"""The seed article's reading against its hand-made gold (../shared/seed/score.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "seed" / "score.py"


@pytest.mark.skipif(
    not SCORER.exists(), reason="../shared/seed/score.py is absent (shared folder not checked out)"
)
def test_seed_reading_scores_every_item_with_no_forbidden_reading():
    out = subprocess.run([sys.executable, str(SCORER)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "15/15 items right, 0 forbidden readings" in out.stdout
