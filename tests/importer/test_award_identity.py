"""`bangvang import awards` decides who is who by the site's own rules (bangvang/checking/people.py):
the same full name as written — tones and đ count, case and spacing do not — with the same
kind of role is one person; students of one name in two classes of one year are two.

Names that differ only by a tone or by đ/d are two people: both awards are written, and a
line names the pair in case it is a typo. No row is dropped without a line naming it.
"""
from __future__ import annotations

import json

import openpyxl
import pytest

from bangvang import pipeline
from bangvang.commands.cli import main
from bangvang.records.yamlload import load_yaml
from conftest import make_project, write

DECISION = "Kèm theo Quyết định số 52/QĐ-THCS ngày 25/5/2025 của Hiệu trưởng Trường THCS Thử Nghiệm"
TITLE = "DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM HỌC 2024-2025"
HEADER = ["STT", "Họ và tên", "Chức vụ", "Tổ"]


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[TITLE], [DECISION], HEADER] + rows:
        sheet.append(row)
    book.save(path)
    return path


def run(root, capsys, *args):
    code = main(["--root", str(root), "import", "awards", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def awards(root, year="2024-2025"):
    path = root / "exemplars" / "honours" / f"{year}.yml"
    return load_yaml(path.read_text(encoding="utf-8"))["awards"]


def line_with(text: str, *words: str) -> str | None:
    return next((line for line in text.splitlines() if all(w in line for w in words)), None)


NEAR_NAMES = [
    [1, "Nguyễn Thị Hương", "Giáo viên", "Ngữ văn"],
    [2, "Nguyễn Thị Hường", "Giáo viên", "Toán - Tin"],
    [3, "Lê Văn Hải", "Giáo viên", "Toán - Tin"],
    [4, "Lê Văn Hai", "Nhân viên", "Văn phòng"],
    [5, "Nguyễn Văn Dũng", "Giáo viên", "Ngữ văn"],
    [6, "Nguyễn Văn Đũng", "Giáo viên", "Ngữ văn"],
]


def test_names_that_differ_by_a_tone_or_by_d_are_two_people_in_one_list(root, tmp_path, capsys):
    code, out, err = run(root, capsys, xlsx(tmp_path / "ds.xlsx", NEAR_NAMES))
    assert code == 0, out + err
    assert [a["recipient"] for a in awards(root)] == [row[1] for row in NEAR_NAMES]
    # One line per pair, naming both, in case it is a typo; nothing reported as a duplicate.
    for first, second in (("Hương", "Hường"), ("Lê Văn Hải", "Lê Văn Hai"),
                          ("Nguyễn Văn Dũng", "Nguyễn Văn Đũng")):
        assert line_with(out, first, second), out
    assert "trùng" not in out + err
    assert not pipeline.check(root).problems


def test_a_near_name_in_a_later_import_is_added_not_counted_as_present(root, tmp_path, capsys):
    first = xlsx(tmp_path / "to-van.xlsx", [NEAR_NAMES[0], NEAR_NAMES[2], NEAR_NAMES[4]])
    assert run(root, capsys, first)[0] == 0
    second = xlsx(tmp_path / "to-toan.xlsx", [NEAR_NAMES[1], NEAR_NAMES[3], NEAR_NAMES[5]])
    code, out, err = run(root, capsys, second, "--json")
    assert code == 0, out + err
    summary = json.loads(out)
    assert summary["added"] == 3 and summary["already_present"] == 0
    notes = summary["tables"][0]["notes"]
    assert any("Hương" in n and "Hường" in n for n in notes), notes
    assert sorted(a["recipient"] for a in awards(root)) == sorted(r[1] for r in NEAR_NAMES)


def test_case_and_spacing_do_not_make_another_person(root, tmp_path, capsys):
    source = xlsx(tmp_path / "ds.xlsx", [
        [1, "Nguyễn Thị Hương", "Giáo viên", "Ngữ văn"],
        [2, "NGUYỄN THỊ  HƯƠNG", "Giáo viên", "Ngữ văn"]])
    code, out, err = run(root, capsys, source, "--json", "--dry-run")
    assert code == 1
    summary = json.loads(out)
    assert summary["added"] == 1
    [unread] = summary["tables"][0]["unread"]
    assert unread["row"] == 5 and "Nguyễn Thị Hương" in unread["reason"]
    # The printed line names the file, the row and the person.
    code, out, err = run(root, capsys, source)
    assert code == 1 and len(awards(root)) == 1
    assert line_with(out, "ds.xlsx", "5", "Nguyễn Thị Hương", "trùng"), out


def test_a_row_repeated_in_a_second_file_of_one_run_names_both_files(root, tmp_path, capsys):
    one = xlsx(tmp_path / "mot.xlsx", [NEAR_NAMES[0]])
    two = xlsx(tmp_path / "hai.xlsx", [NEAR_NAMES[0]])
    code, out, err = run(root, capsys, one, two)
    assert code == 1
    assert len(awards(root)) == 1
    assert line_with(out, "hai.xlsx", "mot.xlsx", "Nguyễn Thị Hương"), out


def test_one_name_in_two_classes_of_one_year_is_two_students(root, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["DANH SÁCH HỌC SINH ĐẠT DANH HIỆU HỌC SINH XUẤT SẮC"], [DECISION],
                ["STT", "Họ và tên", "Lớp"], [1, "Trần Minh Anh", "7A1"], [2, "Trần Minh Anh", "7A3"],
                [3, "Trần Minh Anh", "Lớp 7a1"]]:
        sheet.append(row)
    book.save(tmp_path / "hs.xlsx")
    code, out, err = run(root, capsys, tmp_path / "hs.xlsx", "--json")
    summary = json.loads(out)
    assert summary["added"] == 2 and [u["row"] for u in summary["tables"][0]["unread"]] == [6]
    assert [a["unit"] for a in awards(root)] == ["7A1", "7A3"]


def test_an_exemplar_is_linked_only_by_its_name_as_written(root, tmp_path, capsys):
    write(root, "exemplars/co-tran-thi-hoa.md", "---\nname: Trần Thị Hoa\nrole: teacher\n"
          "unit: Tổ Ngữ văn\nschool_year: \"2024-2025\"\nsummary: Cô dạy giỏi.\n---\nChuyện.\n")
    source = xlsx(tmp_path / "ds.xlsx", [
        [1, "TRẦN THỊ HOA", "Giáo viên", "Ngữ văn"],
        [2, "Trần Thị Hòa", "Giáo viên", "Toán - Tin"]])
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    assert [a["recipient"] for a in awards(root)] == ["co-tran-thi-hoa", "Trần Thị Hòa"]
    assert line_with(out, "Trần Thị Hòa", "Trần Thị Hoa"), out


def test_an_existing_hand_written_award_of_a_near_name_is_kept_apart(root, tmp_path, capsys):
    write(root, "exemplars/honours/2024-2025.yml", 'school_year: "2024-2025"\nawards:\n'
          "  - recipient: Nguyễn Văn Dũng\n    role: teacher\n    title: lao-dong-tien-tien\n"
          '    level: truong\n    decision: {number: "52/QĐ-THCS", date: 25/05/2025}\n')
    source = xlsx(tmp_path / "ds.xlsx", [NEAR_NAMES[4], NEAR_NAMES[5]])
    code, out, err = run(root, capsys, source, "--json")
    assert code == 0, out + err
    summary = json.loads(out)
    assert summary["added"] == 1 and summary["already_present"] == 1
    assert summary["tables"][0]["added"][0]["name"] == "Nguyễn Văn Đũng"


def test_a_numbered_row_below_the_end_of_the_list_is_named_not_dropped(root, tmp_path, capsys):
    source = xlsx(tmp_path / "ds.xlsx", [
        [1, "Hà Văn Tú", "Giáo viên", "Toán - Tin"],
        [None, "Tổng cộng: 1 người", None, None],
        [2, "Phan Thị Yến", "Giáo viên", "Ngữ văn"],      # added below the total by mistake
        [None, None, "HIỆU TRƯỞNG", None],
        [None, None, "Nguyễn Văn Ký", None]])
    code, out, err = run(root, capsys, source, "--json", "--dry-run")
    assert code == 1
    summary = json.loads(out)
    assert summary["added"] == 1
    [unread] = summary["tables"][0]["unread"]
    assert unread["row"] == 6 and "Phan Thị Yến" in unread["reason"]
