"""Spreadsheet exports that never run what users typed: no formulas from CSV or XLSX cells."""

import re

# A cell beginning with one of these is read as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Digits, spaces and + - ( ) / only: a phone number, never a function call or a reference.
PHONE_LIKE = re.compile(r"^[+\-\d\s()/]+$")


def safe_cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (phone numbers stay)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PHONE_LIKE.match(value):
        return "'" + value
    return value


def safe_row(values):
    """A CSV row with every text cell made safe."""
    return [safe_cell(value) for value in values]


def append_xlsx_row(sheet, values) -> None:
    """Append a row to an openpyxl sheet; text cells are stored as text, never as a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
