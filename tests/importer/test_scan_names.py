"""A name read from a scan whose family name was misread by its marks ("Định" for "Đinh")
is a doubt to check, however sure every reading was; it is never put right silently."""
from __future__ import annotations

from bangvang.importer.scantable import Cell, _choose_name


def _read(*readings: tuple[str, float]) -> Cell:
    cell = Cell(readings[0][0], readings[0][1], (0, 0, 10, 10))
    _choose_name(cell, list(readings))
    return cell


def test_a_family_name_read_as_a_given_name_is_a_doubt_with_the_family_name_offered():
    cell = _read(("Định Thị Lan", 96.0), ("Định Thị Lan", 93.0), ("Định Thị Lan", 95.0))
    assert cell.text == "Định Thị Lan"          # as read: the team decides
    assert cell.conf <= 40 and cell.alt == "Đinh Thị Lan"
    cell = _read(("Đăng Văn Nam", 97.0), ("Đăng Văn Nam", 97.0), ("Đăng Văn Nam", 96.0))
    assert cell.conf <= 40 and cell.alt == "Đặng Văn Nam"


def test_a_name_with_a_family_name_read_surely_stays_sure():
    cell = _read(("Đinh Thị Lan", 96.0), ("Đinh Thị Lan", 93.0), ("Đinh Thị Lan", 95.0))
    assert cell.conf > 85 and cell.alt == ""
    cell = _read(("Minh Anh", 96.0), ("Minh Anh", 95.0))   # no family name it could be
    assert cell.alt == ""
