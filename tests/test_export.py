"""core.export: CSV cells no spreadsheet evaluates (OWASP CSV-injection rule)."""

import csv
import io

import pandas as pd
import pytest

from core.export import csv_safe, csv_safe_frame, frame_to_csv
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


# SYNTHETIC cells an attacker controls (file names, article text): a carriage return, a
# line feed, a tab, quotes and commas inside them, formulas after the line breaks.
HOSTILE_CELLS = ["report\r=1+1.txt", "first line\n=2+2", "a\ttab", 'say "hi", then', "\r=3+3", "plain"]


def test_cells_with_line_breaks_quotes_and_tabs_stay_in_their_row():
    """Issue 37, finding 6: a CR inside a cell went out unquoted; the row split and the
    next line started with the attacker's formula (13 rows for 12 records)."""
    frame = pd.DataFrame({"text": HOSTILE_CELLS, "n": range(len(HOSTILE_CELLS))})
    data = frame_to_csv(frame)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["text", "n"] and len(rows) == len(HOSTILE_CELLS) + 1
    assert [r[0] for r in rows[1:]] == [csv_safe(c) for c in HOSTILE_CELLS]
    assert [int(r[1]) for r in rows[1:]] == list(range(len(HOSTILE_CELLS)))
    back = pd.read_csv(io.BytesIO(data))
    assert back["text"].tolist() == [csv_safe(c) for c in HOSTILE_CELLS] and len(back) == len(HOSTILE_CELLS)
    assert b'"report\r=1+1.txt"' in data  # quoted: a spreadsheet keeps it one cell


def test_a_records_export_has_one_row_per_record_whatever_its_text():
    frame = finish_frame(
        pd.DataFrame([rec(i, summary=cell, sentence=cell) for i, cell in enumerate(HOSTILE_CELLS)])
    )
    frame["article_source"] = "report\r=1+1.txt"  # the file name of the finding
    data = records_to_csv(frame)
    assert len(pd.read_csv(io.BytesIO(data))) == len(frame)
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))) == len(frame) + 1
