"""An award list divided by group rows spanning the table ("I. CÁN BỘ, GIÁO VIÊN", "Khối 6":
session 26's held-out layout). A group row is no person: on a scan it was cut at the column
rules and read as a row ("Bội Giáp VIÊN" not read, "không rõ … là ai"); now a row no inner
rule crosses is read whole as a heading, its text becomes the rows' grouping and the summary
names it."""
from __future__ import annotations

import json

import numpy as np

from bangvang.commands.cli import main
from bangvang.importer.scantable import _merged_rows
from conftest import make_project

import scangroups
import scanpages

SCHOOL, NUMBER, DATE = "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025"


def test_a_row_no_inner_rule_crosses_is_a_groups_heading():
    ink = np.zeros((300, 400), dtype=bool)
    ys = [0, 100, 200, 300]
    columns = [(0, 2), (150, 152), (300, 302), (397, 399)]
    for first, last in columns:
        ink[:, first:last + 1] = True
    ink[100:200, 150:153] = False            # row 1 spans the table: no inner rules there
    ink[100:200, 300:303] = False
    ink[130:170, 140:160] = True             # a letter over where a rule would be
    ink[140:190, 298:301] = True             # a stroke shorter than the row
    assert _merged_rows(ink, ys, columns) == {1}


def test_a_scanned_list_with_group_rows_reads_every_person_and_names_the_groups(tmp_path,
                                                                                capsys):
    from test_scans import needs_ocr
    needs_ocr()
    root = make_project(tmp_path / "school")
    pupils = scanpages.AwardList(
        "students", "học sinh đạt danh hiệu Học sinh xuất sắc năm học 2024-2025",
        "Học sinh xuất sắc", [["STT", "Họ và tên", "Lớp"], ["1", "Lê Gia Lâm", "7A5"],
                              ["2", "Nguyễn Bảo Dung", "6A5"], ["3", "Võ Minh Phát", "7A1"]],
        [150, 1000, 400], [("Lê Gia Lâm", "7A5"), ("Nguyễn Bảo Dung", "6A5"),
                           ("Võ Minh Phát", "7A1")])
    grouped = scangroups.grouped(pupils)         # "Khối 6", then "Khối 7", STT restarted
    page = scangroups.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 pupils.title, grouped)
    source = scanpages.save(scanpages.damaged(page, scanpages.CLEAN), tmp_path / "qd.pdf",
                            scanpages.CLEAN)
    code = main(["--root", str(root), "import", "awards", str(source), "--dry-run", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err, captured.err
    (table,) = json.loads(captured.out)["tables"]
    items = sorted(table["added"] + table["already_present"], key=lambda item: item["row"])
    assert [(item["row"], item["name"], item["award"].get("unit")) for item in items] == [
        (row, name, unit) for row, (name, unit) in zip(grouped.row_numbers, grouped.lst.expected)]
    assert table["unread"] == []
    headings = [note for note in table["notes"] if "dòng tiêu đề nhóm" in note]
    assert ["Khối 6" in headings[0], "Khối 7" in headings[1]] == [True, True], table["notes"]


def test_the_ink_threshold_of_a_page_with_little_ink_stays_below_its_paper():
    """Page 2 of a photographed list (a few rows, the signature): grey paper, white corners
    left by turning it straight, a little ink. Otsu's threshold fell between the corners and
    the paper, so the whole page was "ink", no rule was found and the rows were lost."""
    from bangvang.importer.scantable import _rules, _threshold
    page = np.full((1000, 800), 172, dtype=np.uint8)
    page[:, :120] = 255                       # the white corners of the turn (a large share)
    page[:, -120:] = 255
    for y in (100, 160, 220, 280):
        page[y:y + 3, 150:650] = 40           # the rules of four rows
    for x in (150, 300, 647):
        page[100:283, x:x + 3] = 40
    threshold = _threshold(page)
    assert 40 < threshold < 172
    rows, columns = _rules(page < threshold)
    assert len(rows) == 4 and len(columns) == 3
