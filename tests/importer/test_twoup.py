"""A long list printed two-up (twoup.py): two halves side by side, each with its own header
row, the numbers running on from the left half into the right. Every person must come out
once, in STT order, with their own half's class and title — from Excel, Word and a text PDF
alike (session 29: read as one table, "Nguyễn Văn An Phạm Thị Dung" was one person)."""
from __future__ import annotations

import json

import docx

from bangvang.importer.tables import Sheet
from bangvang.importer.twoup import unfolded
from conftest import make_project
from test_awards import run, xlsx

TITLE = ["DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG NĂM HỌC 2024-2025"]
CITED = ["(Kèm theo Quyết định số 52/QĐ-THCS ngày 25/5/2025 của Hiệu trưởng Trường THCS Thử "
         "Nghiệm)"]
HEAD = ["STT", "Họ và tên", "Lớp", "Danh hiệu"]
LEFT = [["1", "Nguyễn Văn An", "6A1", "Học sinh xuất sắc"],
        ["2", "Trần Thị Bình", "6A2", "Học sinh xuất sắc"],
        ["3", "Lê Văn Cường", "7A1", "Học sinh xuất sắc"]]
RIGHT = [["4", "Phạm Thị Dung", "8A1", "Học sinh tiêu biểu"],
         ["5", "Hoàng Văn Em", "9A2", "Học sinh tiêu biểu"]]
WANT = [("Nguyễn Văn An", "6A1", "Học sinh xuất sắc"), ("Trần Thị Bình", "6A2",
        "Học sinh xuất sắc"), ("Lê Văn Cường", "7A1", "Học sinh xuất sắc"),
        ("Phạm Thị Dung", "8A1", "Học sinh tiêu biểu"), ("Hoàng Văn Em", "9A2",
                                                        "Học sinh tiêu biểu")]


def _rows(gap: bool = False) -> list[list[str]]:
    """The halves side by side (an empty column between them with `gap`); the right half is
    shorter, and the signature sits below the right half."""
    spacer = [""] if gap else []
    body = [left + spacer + (RIGHT[i] if i < len(RIGHT) else ["", "", "", ""])
            for i, left in enumerate(LEFT)]
    return [TITLE, CITED, HEAD + spacer + HEAD] + body + \
        [[""] * (5 if gap else 4) + ["HIỆU TRƯỞNG"]]


def _people(root, capsys, path) -> list[tuple[str, str, str]]:
    code, out, err = run(root, capsys, path, "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    items = [item for table in report["tables"] for item in table["added"]]
    return [(item["name"], item["award"].get("unit"), item["label"]) for item in items]


def test_an_excel_list_printed_two_up_gives_every_pupil_once_in_order(tmp_path, capsys):
    root = make_project(tmp_path / "school")
    path = xlsx(tmp_path / "hai-nua.xlsx", _rows())
    assert _people(root, capsys, path) == WANT
    code, out, _ = run(root, capsys, path, "--dry-run")
    assert "Dòng 4 (nửa phải): Phạm Thị Dung" in out
    assert "Dòng 4 (nửa trái): Nguyễn Văn An" in out


def test_a_word_table_of_eight_columns_with_a_gap_reads_the_same(tmp_path, capsys):
    root = make_project(tmp_path / "school")
    document = docx.Document()
    document.add_paragraph(TITLE[0])
    document.add_paragraph(CITED[0])
    rows = _rows(gap=True)[2:-1]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.save(tmp_path / "hai-nua.docx")
    assert _people(root, capsys, tmp_path / "hai-nua.docx") == WANT


def test_a_list_numbered_across_the_halves_comes_out_in_stt_order():
    """1 │ 2 on the first line, 3 │ 4 on the next: read in its numbers' order."""
    rows = [HEAD + HEAD, ["1", "An", "6A1", "x", "2", "Bình", "6A2", "y"],
            ["3", "Cường", "7A1", "x", "4", "Dung", "8A1", "y"]]
    sheet = unfolded(Sheet("", rows, [1, 2, 3]))
    assert [row[1] for row in sheet.rows] == ["Họ và tên", "An", "Bình", "Cường", "Dung"]
    assert [sheet.where(i) for i in range(1, 5)] == [
        "Dòng 2 (nửa trái)", "Dòng 2 (nửa phải)", "Dòng 3 (nửa trái)", "Dòng 3 (nửa phải)"]


def test_a_misread_number_moves_no_row_and_a_list_without_stt_is_read_too():
    """A scan read "11" as "1": the pupil came out second. The order the numbers follow best
    (down each half, or across the line) is taken as a whole; a row never moves alone."""
    rows = [HEAD + HEAD, ["1", "An", "6A1", "x", "4", "Dung", "8A1", "y"],
            ["2", "Bình", "6A2", "x", "5", "Em", "9A2", "y"],
            ["1", "Cường", "7A1", "x", "", "", "", ""], ["", "", "", "", "", "Ký tên", "", ""]]
    sheet = unfolded(Sheet("", rows, [1, 2, 3, 4, 5]))
    assert [row[1] for row in sheet.rows[1:6]] == ["An", "Bình", "Cường", "Dung", "Em"]
    assert sheet.rows[6][5] == "Ký tên"         # below the table, kept whole
    plain = [["Họ và tên", "Lớp", "Họ và tên", "Lớp"], ["An", "6A1", "Cường", "7A1"],
             ["Bình", "6A2", "", ""]]
    sheet = unfolded(Sheet("", plain, [1, 2, 3]))
    assert [row[0] for row in sheet.rows] == ["Họ và tên", "An", "Bình", "Cường"]


def test_a_name_in_two_columns_is_no_list_printed_two_up():
    rows = [["STT", "Họ và tên đệm", "Tên", "Lớp"], ["1", "Nguyễn Văn", "An", "6A1"]]
    sheet = Sheet("", rows, [1, 2])
    assert unfolded(sheet) is sheet


def test_a_scans_cell_readings_follow_their_cells():
    """Each cell's confidence and box (a scan) moves with the cell to its new place."""
    rows = [HEAD + HEAD] + [LEFT[0] + RIGHT[0]]
    scan = {(1, 5): (0.4, 1, (10, 20, 30, 40), "Pham Thi Dung"), (1, 1): (0.9, 1, (), "")}
    sheet = unfolded(Sheet("", rows, [1, 2], scan=scan, spans={0: [(0, 7)]}))
    assert sheet.rows[2] == RIGHT[0]
    assert sheet.scan == {(2, 1): scan[(1, 5)], (1, 1): scan[(1, 1)]}
    # A row with no merge has no entry in `spans` (a row there is a heading to the scan's
    # repairs, which then left the pupils' misread classes and titles as read).
    assert sheet.spans == {}


def test_a_scanned_two_up_lists_doubts_stay_with_their_own_half(tmp_path, capsys,
                                                                  monkeypatch):
    """Two pupils share each line of the page: a doubt on the right half's cell (a class of
    another shape, "8A") is the right pupil's, never the left one's (they were looked up by
    the line, and the right half got the left half's doubts)."""
    from test_scans import needs_ocr
    import scanpages
    import scantwoup
    needs_ocr()
    monkeypatch.setattr(scantwoup, "HALF", 3)
    people = [("Nguyễn Văn An", "6A1"), ("Trần Thị Bình", "6A2"), ("Lê Văn Cường", "7A1"),
              ("Phạm Thị Dung", "8A"), ("Hoàng Văn Em", "9A2"), ("Vũ Thu Trang", "9A3")]
    rows = [scantwoup.HEADER] + [[str(n), name, unit, "Học sinh xuất sắc"]
                                 for n, (name, unit) in enumerate(people, 1)]
    lst = scantwoup.TwoUp("t", "học sinh được khen thưởng năm học 2024-2025",
                          "Học sinh xuất sắc", rows, people, [], [])
    page = scantwoup.award_page(scanpages.all_fonts()["liberation-sans"], "THCS Hòa An",
                                "52/QĐ-THCSHA", "25/5/2025", lst)
    path = scanpages.save(scanpages.damaged(page, scanpages.CLEAN), tmp_path / "qd.pdf",
                          scanpages.CLEAN)
    root = make_project(tmp_path / "school")
    code, out, err = run(root, capsys, path, "--dry-run", "--json")
    items = {item["name"]: item for table in json.loads(out)["tables"]
             for item in table["added"]}
    assert list(items) == [name for name, _ in people], err
    def class_doubt(name):
        return any("cột “Lớp”" in doubt for doubt in items[name]["award"]["_doubts"])
    assert class_doubt("Phạm Thị Dung") and not class_doubt("Nguyễn Văn An")
