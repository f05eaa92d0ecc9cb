"""Award lists whose name is split in two columns, "Họ và tên đệm" │ "Tên" (lists sorted by
the given name print it so; session 27): the full name is the two cells joined, a birth date
column is private, and a row with one of the two cells empty is never a person with half a
name — it is named in the summary, nothing written for it."""
from __future__ import annotations

import pytest

from bangvang.commands.cli import main
from bangvang.importer.award_rows import half_name
from bangvang.importer.columns import find_columns
from bangvang.importer.tables import Sheet
from bangvang.records.yamlload import load_yaml
from conftest import make_project

ABOVE = ["DANH SÁCH HỌC SINH ĐẠT DANH HIỆU HỌC SINH XUẤT SẮC NĂM HỌC 2024-2025",
         "(Kèm theo Quyết định số 52/QĐ-THCSHA ngày 25/5/2025 của Hiệu trưởng Trường THCS Hòa An)"]


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def _csv(path, header, rows):
    path.write_text("\n".join(ABOVE + [";".join(header)] + [";".join(r) for r in rows]) + "\n",
                    encoding="utf-8")
    return path


def _run(root, capsys, path):
    code = main(["--root", str(root), "import", "awards", str(path)])
    return code, capsys.readouterr().out


def test_the_two_cells_make_the_full_name_and_a_half_name_is_refused(root, tmp_path, capsys):
    path = _csv(tmp_path / "ds.csv", ["STT", "Họ và tên đệm", "Tên", "Ngày sinh", "Lớp"],
                [["1", "Nguyễn Thị", "Hường", "12/03/2012", "7A1"],
                 ["2", "Trần Văn", "", "01/02/2011", "8A2"],
                 ["3", "", "Minh", "03/04/2013", "6A1"]])
    code, out = _run(root, capsys, path)
    assert code == 1, out                 # rows not read: the command says it failed
    text = (root / "exemplars/honours/2024-2025.yml").read_text(encoding="utf-8")
    awards = load_yaml(text)["awards"]
    assert [(a["recipient"], a["unit"]) for a in awards] == [("Nguyễn Thị Hường", "7A1")]
    # The birth date is private: never written, never taken for a class or a title.
    assert "2012" not in text and "“Ngày sinh”" in out and "riêng tư" in out
    assert "dòng 5: họ tên chia hai cột" in out and "ô “Tên” trống: chỉ có “Trần Văn”" in out
    assert "dòng 6: họ tên chia hai cột" in out and "ô “Họ và tên đệm” trống: chỉ có “Minh”" in out
    assert "Trần Văn (" not in out and "+ Dòng 6" not in out


def _sheet(header, rows):
    return Sheet(rows=[header] + rows, numbers=list(range(1, len(rows) + 2)), label="bảng 1")


def test_a_given_name_column_whose_heading_was_not_read_is_found_by_its_cells():
    rows = [["1", "Nguyễn Thị", "Hường", "7A1"], ["2", "Trần Văn", "Bảo An", "8A2"],
            ["3", "Lê", "Minh", "6A1"]]
    columns = find_columns(_sheet(["STT", "Họ và tên đệm", "T~n", "Lớp"], rows))
    assert columns.fields["name"] == [1, 2] and columns.split_name == (1, 2)
    assert columns.value(rows[1], "name") == "Trần Văn Bảo An"
    assert ("T~n", "given") in columns.by_content      # said in the summary


def test_without_a_given_name_column_every_row_is_a_half_name():
    rows = [["1", "Nguyễn Thị", "Giáo viên", "Tổ Toán"], ["2", "Trần Văn", "Nhân viên", "Tổ Văn"],
            ["3", "Lê Minh", "Giáo viên", "Tổ Toán"]]
    columns = find_columns(_sheet(["STT", "Họ và tên đệm", "Chức vụ", "Tổ"], rows))
    assert columns.split_name == (1, None)
    assert "không thấy cột “Tên”" in half_name(rows[0], columns)
    assert "“Nguyễn Thị”" in half_name(rows[0], columns)


def test_a_name_in_one_column_is_not_split():
    rows = [["1", "Nguyễn Thị Hường", "7A1"], ["2", "Trần Văn An", "8A2"]]
    columns = find_columns(_sheet(["STT", "Họ và tên", "Lớp"], rows))
    assert columns.split_name is None and half_name(rows[0], columns) is None


# --- a scan: each part of a split name weighed as a part (scannames.name_parts) -------------

def _weighed(part, *readings):
    from bangvang.importer.scannames import _choose_name
    from bangvang.importer.scantable import Cell
    cell = Cell(readings[0][0], readings[0][1], (0, 0, 10, 10))
    _choose_name(cell, list(readings), (), part)
    return cell


def test_a_given_name_cell_misread_by_one_letter_is_offered_as_the_name_and_a_doubt():
    cell = _weighed("given", ("Bỏo", 95.0), ("Bỏo", 93.0), ("Bỏo", 96.0))
    assert cell.text == "Bảo" and cell.conf <= 40 and cell.alt == "Bỏo"
    cell = _weighed("given", ("Hường", 95.0), ("Hường", 93.0), ("Hường", 96.0))
    assert cell.text == "Hường" and cell.conf > 85            # a name: sure
    cell = _weighed("family", ("Nguyễn Thị", 95.0), ("Nguyễn Thị", 96.0), ("Nguyễn Thị", 94.0))
    assert cell.conf > 85


def test_a_word_that_is_no_name_is_never_sure_however_sure_every_reading_was():
    # Be Vietnam Pro's "a" read "ú" three times: "Phút" is a word, but nobody's given name.
    for part, text in (("given", "Phút"), ("full", "Võ Minh Phút")):
        cell = _weighed(part, (text, 95.0), (text, 93.0), (text, 96.0))
        assert cell.conf <= 40, part


def test_a_collective_in_the_name_column_keeps_its_dash_and_is_not_taken_for_a_family_name():
    cell = _weighed("full", ("Tổ Toán - Tin", 95.0), ("Tổ Toán - Tin", 93.0),
                    ("Tổ Toán - Tin", 96.0))
    assert cell.text == "Tổ Toán - Tin" and cell.conf > 85 and cell.alt == ""


def test_a_name_in_three_columns_is_joined_in_order(root, tmp_path, capsys):
    path = _csv(tmp_path / "ds.csv", ["STT", "Họ", "Tên đệm", "Tên", "Lớp"],
                [["1", "Nguyễn", "Thị", "Hường", "7A1"], ["2", "Lê", "", "Na", "8A2"]])
    code, out = _run(root, capsys, path)
    assert code == 0, out
    awards = load_yaml((root / "exemplars/honours/2024-2025.yml").read_text(encoding="utf-8"))
    assert [a["recipient"] for a in awards["awards"]] == ["Nguyễn Thị Hường", "Lê Na"]


def test_given_names_alone_under_tên_are_never_people(root, tmp_path, capsys):
    # The family names under a heading the importer does not know ("Phần họ"): left out,
    # every row would have been a given name alone.
    path = _csv(tmp_path / "ds.csv", ["STT", "Phần họ", "Tên", "Lớp"],
                [["1", "Nguyễn Thị", "Hường", "7A1"], ["2", "Lê", "Na", "8A2"],
                 ["3", "Trần Văn", "An", "6A1"]])
    code, out = _run(root, capsys, path)
    assert code == 1 and "chỉ có tên (“Hường”)" in out, out
    roll = root / "exemplars/honours/2024-2025.yml"
    assert not roll.exists() or "Hường" not in roll.read_text(encoding="utf-8")


def test_full_names_under_tên_are_read_as_names(root, tmp_path, capsys):
    path = _csv(tmp_path / "ds.csv", ["STT", "Tên", "Lớp"],
                [["1", "Nguyễn Thị Hường", "7A1"], ["2", "Lê Na", "8A2"],
                 ["3", "Trần Văn An", "6A1"]])
    code, out = _run(root, capsys, path)
    assert code == 0, out
    awards = load_yaml((root / "exemplars/honours/2024-2025.yml").read_text(encoding="utf-8"))
    assert [a["recipient"] for a in awards["awards"]] == ["Nguyễn Thị Hường", "Lê Na",
                                                         "Trần Văn An"]
