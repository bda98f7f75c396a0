"""What the repository keeps out of git: secrets and generated data."""

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize(
    "path", [".streamlit/secrets.toml", "data/timeline.sqlite", "artifacts/views/timeline_1440x900.png"]
)
def test_secrets_and_generated_files_are_git_ignored(path):
    # The database URL and the editor's password hash live in .streamlit/secrets.toml.
    found = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert found.returncode == 0, f"{path} is not git-ignored"
