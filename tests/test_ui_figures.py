"""ui.figures and ui.fmt are plain Plotly/pandas: they build without Streamlit."""

from __future__ import annotations

import subprocess
import sys

from app_fixtures import ROOT


def test_figures_and_formatting_do_not_import_streamlit():
    code = "import sys, ui.figures, ui.fmt; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
