import io

import pytest
from openpyxl import Workbook, load_workbook

from portal.exports import append_xlsx_row, safe_cell, safe_row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://example.org")', '\'=HYPERLINK("http://example.org")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+49 521 1234", "+49 521 1234"),
        ("Kulturverein", "Kulturverein"),
        ("", ""),
        (None, None),
        (12, 12),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_safe_row_and_xlsx_row_keep_text_as_text():
    assert safe_row(["=A1", 3, None]) == ["'=A1", 3, None]
    workbook = Workbook()
    sheet = workbook.active
    append_xlsx_row(sheet, ["=1+1", "@A1", 5, "Verein"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert [cell.data_type for cell in row] == ["s", "s", "n", "s"]
    assert [cell.value for cell in row] == ["=1+1", "@A1", 5, "Verein"]
