"""Cells of a scanned award list misread with confidence (session 26: FreeSerif and the photo
forwarded through a chat app): a unit whose mark was misread ("Tố Văn phòng", "Nghệ thuột")
put right by the known runs of words, a class whose grade is a look-alike ("§A4") or of
another school level ("1A5" among grades 6 to 9); each such cell a doubt, never silent."""
from __future__ import annotations

from bangvang.importer.columns import Columns
from bangvang.importer.diacritics import model_for
from bangvang.importer.lexicon_vi import roles, units
from bangvang.importer.repair import _odd_grades, _repaired, class_fixed
from bangvang.importer.tables import Sheet
from conftest import make_project


def test_a_units_misread_mark_is_put_right_by_the_known_words_and_said(tmp_path):
    model = model_for(make_project(tmp_path / "school"))
    known = {"unit": units(), "role": roles()}
    assert _repaired("Tố Văn phòng (bảo vệ)", "unit", model, {}, known, True)[0] == \
        "Tổ Văn phòng (bảo vệ)"
    new, note = _repaired("Tổ Thể dục - Nghệ thuột", "unit", model, {}, known, True)
    assert new == "Tổ Thể dục - Nghệ thuật" and "“Tổ Thể dục - Nghệ thuột”" in note
    # A unit's first word read "Tố" or "Tô" before other words is the team's "Tổ", a doubt
    # even where the rest is no run the school's words know.
    new, note = _repaired("Tố Thế dục - Nghệ thuật", "unit", model, {}, known, True)
    assert new.startswith("Tổ ") and note
    # Typed lists are never touched; a unit as written stays.
    assert _repaired("Tố Văn phòng", "unit", model, {}, known, False)[0] == "Tố Văn phòng"
    assert _repaired("Tổ Ngữ văn", "unit", model, {}, known, True) == ("Tổ Ngữ văn", "")


def test_a_class_of_another_school_level_is_a_doubt():
    classes = ["6A5", "7A2", "1A5", "8A1", "9A2", "9A5"]
    sheet = Sheet("", [["STT", "Họ và tên", "Lớp"]] +
                  [[str(i), "Lê Gia Lâm", c] for i, c in enumerate(classes, 1)],
                  list(range(1, 8)))
    sheet.scan = {(row, 2): (95.0, 1, (0, 0, 10, 10), "") for row in range(1, 7)}
    columns = Columns(header=0, start=1, fields={"class": [2]}, headings={2: "Lớp"})
    notes = _odd_grades(sheet, columns, 2)
    assert [sheet.scan[(row, 2)][0] for row in range(1, 7)] == [95.0, 95.0, 40.0, 95.0, 95.0,
                                                                 95.0]
    assert len(notes) == 1 and "“1A5”" in notes[0] and notes[0].startswith("Dòng 4, ")
    # A primary school's list of grades 1 to 5 says nothing.
    for row, text in enumerate(["1A1", "2A2", "3A1", "4A3", "5A1", "1A5"], 1):
        sheet.rows[row][2] = text
    assert _odd_grades(sheet, columns, 2) == []


def test_a_grade_read_as_a_section_sign_is_an_eight():
    assert class_fixed("§A4") == "8A4"


def test_a_title_cell_a_letter_off_its_label_is_that_title_and_a_doubt(tmp_path):
    """Session 29: Be Vietnam Pro's "â" read "ô" in a pupils' list's title column ("Học sinh
    xuốt sắc"): each such row was "not read". From a scan a title or form cell a letter off a
    label of the vocabulary is that label, the cell a doubt showing what was read."""
    from bangvang.importer.repair import repair_sheet
    from bangvang.problems import Problems
    from bangvang.records.data import load_vocabulary
    root = make_project(tmp_path / "school")
    vocabulary = load_vocabulary(root, Problems())
    rows = [["STT", "Họ và tên", "Lớp", "Danh hiệu"],
            ["1", "Lê Gia Lâm", "6A1", "Học sinh xuốt sắc"],
            ["2", "Trần Thị An", "6A2", "Học sinh tiêu biểu"],
            ["3", "Vũ Thu Trang", "6A3", "Giấy khcn"]]
    sheet = Sheet("", [list(row) for row in rows], [1, 2, 3, 4])
    sheet.scan = {(row, col): (95.0, 1, (0, 0, 10, 10), "") for row in (1, 2, 3)
                  for col in range(4)}
    columns = Columns(header=0, start=1, fields={"number": [0], "name": [1], "class": [2],
                                                 "title": [3]},
                      headings={0: "STT", 1: "Họ và tên", 2: "Lớp", 3: "Danh hiệu"})
    notes = repair_sheet(sheet, columns, root, [], vocabulary)
    assert [sheet.rows[row][3] for row in (1, 2, 3)] == ["Học sinh xuất sắc", "Học sinh tiêu biểu",
                                                        "Giấy khen"]   # known words
    assert sheet.scan[(1, 3)][0] == 40.0 and sheet.scan[(1, 3)][3] == "Học sinh xuốt sắc"
    assert sheet.scan[(2, 3)][0] == 95.0
    assert any("“Học sinh xuốt sắc” được đọc là “Học sinh xuất sắc”" in note for note in notes)
    # A typed list is never touched.
    typed = Sheet("", [list(row) for row in rows], [1, 2, 3, 4])
    repair_sheet(typed, columns, root, [], vocabulary)
    assert typed.rows[1][3] == "Học sinh xuốt sắc"


def test_a_class_column_read_empty_throughout_is_a_doubt_on_every_row():
    """Session 28's known limit: a column read empty in every row (letters a fax or the seal
    took, a cell merged down the whole list) left every pupil with no class, unsaid."""
    from bangvang.importer.repair import EMPTY, _empty_among_filled
    sheet = Sheet("", [["STT", "Họ và tên", "Lớp"]] +
                  [[str(i), name, ""] for i, name in enumerate(["Lê Gia Lâm", "Trần Thị An",
                                                                "Vũ Thu Trang"], 1)],
                  [4, 5, 6, 7])
    sheet.scan = {(row, 2): (95.0, 1, (0, 0, 10, 10), "") for row in range(1, 4)}
    columns = Columns(header=0, start=1, fields={"name": [1], "class": [2]},
                      headings={2: "Lớp"})
    notes = _empty_among_filled(sheet, columns, 2)
    assert [sheet.scan[(row, 2)][3] for row in range(1, 4)] == [EMPTY] * 3
    assert len(notes) == 1 and "Cột “Lớp”: mọi ô đọc ra trống (dòng 5 đến 7)" in notes[0]


def test_a_unit_with_a_capital_misread_inside_a_word_is_the_known_unit(tmp_path):
    """A fax's "TỔ Thể dục - Nghệ thuật" (session 29) and a serif face's "Tổ Toán - TIn" were
    kept as the list's own writing, without a doubt. A unit in capitals throughout stays."""
    model = model_for(make_project(tmp_path / "school"))
    known = {"unit": units() + ["Tổ KHTN", "Tổ Thể dục - Nghệ thuật"], "role": roles()}
    new, note = _repaired("TỔ Thể dục - Nghệ thuật", "unit", model, {}, known, True)
    assert new == "Tổ Thể dục - Nghệ thuật" and "“TỔ Thể dục - Nghệ thuật”" in note
    assert _repaired("Tổ Toán - TIn", "unit", model, {}, known, True)[0] == "Tổ Toán - Tin"
    assert _repaired("TỔ TOÁN - TIN", "unit", model, {}, known, True)[0] == "TỔ TOÁN - TIN"
    assert _repaired("Tổ KHTN", "unit", model, {}, known, True) == ("Tổ KHTN", "")


def test_a_unit_with_a_capital_inside_a_word_and_no_known_unit_is_a_doubt(tmp_path):
    from bangvang.importer.repair import repair_sheet
    root = make_project(tmp_path / "school")
    rows = [["STT", "Họ và tên", "Tổ"], ["1", "Lê Gia Lâm", "TỔ Cơ khí"],
            ["2", "Trần Thị An", "Tổ Cơ khí"], ["3", "Vũ Thu Trang", "TỔ CƠ KHÍ"]]
    sheet = Sheet("", [list(row) for row in rows], [1, 2, 3, 4])
    sheet.scan = {(row, col): (95.0, 1, (0, 0, 10, 10), "") for row in (1, 2, 3)
                  for col in range(3)}
    columns = Columns(header=0, start=1, fields={"number": [0], "name": [1], "unit": [2]},
                      headings={0: "STT", 1: "Họ và tên", 2: "Tổ"})
    notes = repair_sheet(sheet, columns, root, [], None)
    assert [sheet.scan[(row, 2)][0] for row in (1, 2, 3)] == [40.0, 95.0, 95.0]
    assert sheet.rows[1][2] == "TỔ Cơ khí"
    assert any("“TỔ Cơ khí” có chữ hoa giữa chữ" in note for note in notes)
