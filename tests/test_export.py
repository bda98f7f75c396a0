"""core.export: CSV cells no spreadsheet evaluates (OWASP CSV-injection rule)."""

import csv
import io

import pandas as pd
import pytest

from core.export import csv_safe, csv_safe_frame
from core.query import finish_frame, records_to_csv
from tests.test_query import rec


@pytest.mark.parametrize("cell", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formula_starts_are_neutralised(cell):
    assert csv_safe(cell) == "'" + cell


@pytest.mark.parametrize("value", ["Kyiv", "", " =x", "a=b", 3, -2.5, None])
def test_other_cells_are_unchanged(value):
    assert csv_safe(value) == value


def test_frame_keeps_numbers():
    out = csv_safe_frame(pd.DataFrame({"n": [-1, 2], "t": ["-x", "y"]}))
    assert out["n"].tolist() == [-1, 2] and out["t"].tolist() == ["'-x", "y"]


def test_records_csv_has_no_formula_cell():
    # SYNTHETIC: a sentence and a summary starting with formula characters
    frame = finish_frame(pd.DataFrame([rec(9, sentence='=HYPERLINK("http://evil","x")', summary="@SUM(1)")]))
    rows = list(csv.reader(io.StringIO(records_to_csv(frame).decode())))
    cells = [c for row in rows[1:] for c in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells and "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
