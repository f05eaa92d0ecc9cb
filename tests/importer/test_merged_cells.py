"""A list whose unit (or title) cell is merged down over the rows of one class or team, as
Excel prints a list sorted by class (session 28's held-out layout): every person gets the
merged cell's unit and title, whatever the file; none an empty unit or the next block's."""
from __future__ import annotations

import json

from bangvang.commands.cli import main
from conftest import make_project

import scanmerged
import scanpages

SCHOOL, NUMBER, DATE = "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025"
PUPILS = scanpages.AwardList(
    "students", "học sinh đạt danh hiệu Học sinh xuất sắc năm học 2024-2025",
    "Học sinh xuất sắc", [["STT", "Họ và tên", "Lớp"], ["1", "Lê Gia Lâm", "6A2"],
                          ["2", "Nguyễn Bảo Dung", "6A2"], ["3", "Võ Minh Phát", "6A2"],
                          ["4", "Trần Mai Linh", "7A5"], ["5", "Phạm Duy Anh", "7A5"]],
    [150, 1000, 400], [("Lê Gia Lâm", "6A2"), ("Nguyễn Bảo Dung", "6A2"),
                       ("Võ Minh Phát", "6A2"), ("Trần Mai Linh", "7A5"),
                       ("Phạm Duy Anh", "7A5")])


def _imported(root, source, capsys, code_wanted: int = 0) -> dict:
    code = main(["--root", str(root), "import", "awards", str(source), "--dry-run", "--json"])
    captured = capsys.readouterr()
    assert code == code_wanted and "Traceback" not in captured.err, captured.err
    (table,) = json.loads(captured.out)["tables"]
    return table


def _rows(table: dict) -> list[tuple[str, str | None, str]]:
    items = sorted(table["added"] + table["already_present"], key=lambda item: item["row"])
    return [(item["name"], item["award"].get("unit"), item["label"]) for item in items]


def test_a_text_pdf_with_the_class_and_title_merged_down_gives_every_pupil_both(tmp_path,
                                                                               capsys):
    # pdfplumber gives None under a merged cell; read as a merge from the left, each pupil
    # under the first of a class had a name spanning the table: a heading, left out unsaid.
    merged = scanmerged.merged(PUPILS)
    source = scanpages.html_pdf(tmp_path / "qd.pdf", scanmerged.award_html(
        SCHOOL, NUMBER, DATE, PUPILS.title, merged))
    table = _imported(make_project(tmp_path / "school"), source, capsys)
    assert _rows(table) == [(name, unit, "Học sinh xuất sắc")
                            for name, unit in merged.lst.expected]
    assert table["unread"] == [] and not any("tiêu đề nhóm" in n for n in table["notes"])


def test_a_numbered_row_taken_for_a_heading_is_named_in_any_file(tmp_path, capsys):
    from test_awards import xlsx
    rows = [["DANH SÁCH HỌC SINH ĐẠT DANH HIỆU HỌC SINH XUẤT SẮC NĂM HỌC 2024-2025"],
            [f"(Kèm theo Quyết định số {NUMBER} ngày {DATE} của Hiệu trưởng)"],
            ["STT", "Họ và tên", "Lớp"], [1, "Lê Gia Lâm", "6A2"],
            [2, "Nguyễn Bảo Dung", None], [3, "Võ Minh Phát", "7A5"]]
    # The name of row 2 merged across the class: a heading to the importer, but its STT says
    # it is a person's row, so it is said rather than dropped without a word.
    source = xlsx(tmp_path / "ds.xlsx", rows, merges=("B5:C5",))
    table = _imported(make_project(tmp_path / "school"), source, capsys)
    assert [name for name, _, _ in _rows(table)] == ["Lê Gia Lâm", "Võ Minh Phát"]
    assert any("Nguyễn Bảo Dung" in note and "tiêu đề nhóm" in note for note in table["notes"])


def _scanned(tmp_path):
    merged = scanmerged.merged(PUPILS)
    page = scanmerged.award_page(scanpages.all_fonts()["liberation-sans"], SCHOOL, NUMBER, DATE,
                                 PUPILS.title, merged)
    return merged, scanpages.save(scanpages.damaged(page, scanpages.CLEAN), tmp_path / "qd.pdf",
                                  scanpages.CLEAN)


def test_a_scanned_list_with_the_class_merged_down_gives_every_pupil_its_class(tmp_path,
                                                                             capsys):
    # Cut at every row, "6A2" centred over three rows went to the middle pupil only, and the
    # two others were written with no class and no doubt.
    from test_scans import needs_ocr
    needs_ocr()
    merged, source = _scanned(tmp_path)
    table = _imported(make_project(tmp_path / "school"), source, capsys)
    assert [(name, unit) for name, unit, _ in _rows(table)] == merged.lst.expected
    assert table["unread"] == []


def test_a_scanned_class_cell_read_empty_among_filled_ones_is_a_doubt(tmp_path, capsys,
                                                                      monkeypatch):
    # Should a merged cell not be seen as one, the rows it covers are read empty: each is
    # then a doubt ("(ô trống)") and named in the summary, never a pupil of no class unsaid.
    from test_scans import needs_ocr
    from bangvang.importer import scantable
    needs_ocr()
    monkeypatch.setattr(scantable, "_merged_down", lambda *args: {})
    merged, source = _scanned(tmp_path)
    # The title merged over two rows, cut at the row between, is not read either: that row
    # is named as not read (exit 1).
    table = _imported(make_project(tmp_path / "school"), source, capsys, code_wanted=1)
    items = table["added"] + table["already_present"]
    empty = [item for item in items if not item["award"].get("unit")]
    assert len(empty) >= 2, table
    assert all(any("(ô trống)" in doubt for doubt in item["award"]["_doubts"])
               for item in empty)
    named = [note for note in table["notes"] if "ô đọc ra trống" in note]
    assert all(any(item["where"] + "," in note for note in named) for item in empty)


def test_two_cells_joined_by_a_lost_rule_are_doubts_not_two_sure_units(tmp_path, capsys):
    # A rule erased in one column only (a seal whitened over it) joins two cells as if merged:
    # the cell then holds two lines, two units; each row is a doubt, never a unit written sure.
    from test_scans import needs_ocr
    from scanscore import unit_doubt
    needs_ocr()
    rows = [["STT", "Họ và tên", "Chức vụ", "Tổ"],
            ["1", "Lê Gia Lâm", "Giáo viên", "Tổ Toán - Tin"],
            ["2", "Võ Minh Phát", "Giáo viên", "Tổ Ngữ văn"],
            ["3", "Trần Mai Linh", "Giáo viên", "Tổ Xã hội"]]
    title = "cá nhân đạt danh hiệu Lao động tiên tiến năm học 2024-2025"
    font = scanpages.all_fonts()["liberation-sans"]
    page = scanpages.award_page(font, SCHOOL, NUMBER, DATE, title, rows, [150, 760, 420, 870])
    # The rule under row 1 erased across the "Tổ" column only (x 1500-2370 at 300 dpi).
    import numpy as np
    from PIL import ImageDraw
    grey = np.asarray(page.convert("L"))
    ruled = np.flatnonzero((grey[:, 200:2300] < 100).mean(axis=1) > 0.9)
    runs = np.split(ruled, np.flatnonzero(np.diff(ruled) > 1) + 1)   # top, header, row 1 …
    ImageDraw.Draw(page).rectangle([1515, runs[2][0] - 1, 2355, runs[2][-1] + 1], fill="white")
    source = scanpages.save(scanpages.damaged(page, scanpages.CLEAN), tmp_path / "qd.pdf",
                            scanpages.CLEAN)
    table = _imported(make_project(tmp_path / "school"), source, capsys)
    items = {item["row"]: item for item in table["added"] + table["already_present"]}
    for row in (2, 3):
        award = items[row]["award"]
        assert award.get("unit") == rows[row - 1][3] or unit_doubt(award), award
