"""`bangvang import awards`: award lists as schools receive them → honour rolls.

Every fixture is built here (openpyxl, python-docx, csv) the way Excel and Word lay such
lists out: a title block above the header, merged cells, headings with and without
accents, a Word decision with its header, articles and list. Everything runs in process.
"""
from __future__ import annotations

import io
import json
import unicodedata

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangvang import pipeline
from bangvang.commands.cli import main
from bangvang.importer.award_summary import Progress
from bangvang.importer.columns import heading_field
from bangvang.importer.decision import find_award, level_of
from bangvang.importer.people import class_of, clean_name, role_in
from bangvang.importer.tables import decode_table_text, sniff_delimiter
from bangvang.records.data import load_vocabulary
from bangvang.problems import Problems
from bangvang.records.yamlload import load_yaml
from conftest import REPO, make_project, write

TITLE_BLOCK = [
    ["TRƯỜNG THCS THỬ NGHIỆM", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM HỌC 2024-2025"],
    ["(Kèm theo Quyết định số 52/QĐ-THCS ngày 25/5/2025 của Hiệu trưởng Trường THCS Thử "
     "Nghiệm)"],
]
HEADER = ["STT", "Họ và tên", "Chức vụ", "Tổ", "Ngày sinh", "Số điện thoại", "Thành tích"]


@pytest.fixture
def root(tmp_path):
    project = make_project(tmp_path / "school")
    write(project, "exemplars/co-tran-thi-hoa.md", "---\nname: Trần Thị Hoa\nrole: teacher\n"
          "unit: Tổ Ngữ văn\nschool_year: \"2024-2025\"\nsummary: Cô dạy giỏi.\n---\nChuyện.\n")
    return project


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(REPO, Problems())


def xlsx(path, rows, merges=(), title="Danh sách"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(r, c, value)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def run(root, capsys, *args):
    code = main(["--root", str(root), "import", "awards", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def roll(root, year="2024-2025"):
    path = root / "exemplars" / "honours" / f"{year}.yml"
    return path, load_yaml(path.read_text(encoding="utf-8"))


def teachers_list(path):
    rows = TITLE_BLOCK + [HEADER,
        [1, "Đặng Văn Đỗ", "Giáo viên", "Toán", "14/03/1985", "0912 345 678", "Hoàn thành tốt"],
        [2, "Tran Thi Hoa", "Giáo viên", "Ngữ văn", None, "0987 000 111", None],
        [3, "Phạm Thị Mới", "Nhân viên", "Văn phòng", None, None, None],
        [4, "Lê Văn Hải", "Tổ trưởng", None, None, None, None],
        [5, "NGUYỄN VĂN BA", "Phó hiệu trưởng", None, None, None, None]]
    # Title merged over the columns, the team "Văn phòng" written once for rows 8 and 9.
    return xlsx(path, rows, merges=("A3:G3", "A4:G4", "D8:D9"))


# --- the list of teachers: title block, header on row 5, merged cells, exemplars ---------------

def test_title_block_header_on_row_5_merged_cells_and_exemplars(root, tmp_path, capsys):
    code, out, err = run(root, capsys, teachers_list(tmp_path / "ds.xlsx"))
    assert code == 0, out + err
    path, data = roll(root)
    assert data["school_year"] == "2024-2025"
    awards = data["awards"]
    # "Tran Thi Hoa" is not written as the record of Trần Thị Hoa: the site tells people apart
    # by their names as written (tones count), so the list keeps its name and a line asks.
    assert [a["recipient"] for a in awards] == ["dang-van-do", "Tran Thi Hoa", "Phạm Thị Mới",
                                                "Lê Văn Hải", "Nguyễn Văn Ba"]
    for award in awards:
        assert award["title"] == "lao-dong-tien-tien" and award["level"] == "truong"
        assert award["decision"] == {"number": "52/QĐ-THCS", "date": "25/05/2025"}
    assert awards[2]["role"] == "staff" and awards[2]["unit"] == "Tổ Văn phòng"
    assert awards[3]["role"] == "teacher" and awards[3]["unit"] == "Tổ Văn phòng"  # merged
    assert awards[4]["role"] == "manager" and "unit" not in awards[4]
    assert awards[0]["reason"] == "Hoàn thành tốt"
    text = path.read_text(encoding="utf-8")
    assert "0912" not in text and "1985" not in text and "0987" not in text
    assert "“Ngày sinh”, “Số điện thoại”" in out and "riêng tư" in out
    assert "Đặng Văn Đỗ → dang-van-do" in out and "Tran Thi Hoa →" not in out
    assert any("Tran Thi Hoa" in line and "co-tran-thi-hoa" in line for line in out.splitlines())
    assert "Quyết định 52/QĐ-THCS ngày 25/05/2025 của Hiệu trưởng Trường THCS Thử Nghiệm" in out
    assert "dự án hợp lệ" in out
    assert not pipeline.check(root).problems


def test_new_items_are_written_in_the_demo_style(root, tmp_path, capsys):
    run(root, capsys, teachers_list(tmp_path / "ds.xlsx"))
    text = (root / "exemplars/honours/2024-2025.yml").read_text(encoding="utf-8")
    assert text.startswith('# Bảng vàng năm học 2024-2025\nschool_year: "2024-2025"\nawards:\n')
    assert ("  - recipient: Phạm Thị Mới\n    role: staff\n    unit: Tổ Văn phòng\n"
            "    title: lao-dong-tien-tien\n    level: truong\n"
            '    decision: {number: "52/QĐ-THCS", date: 25/05/2025}\n') in text
    assert '    reason: "Hoàn thành tốt"\n' in text


def test_a_list_imported_twice_is_added_once(root, tmp_path, capsys):
    source = teachers_list(tmp_path / "ds.xlsx")
    run(root, capsys, source)
    path = root / "exemplars/honours/2024-2025.yml"
    before = path.read_bytes()
    code, out, err = run(root, capsys, source)
    assert code == 0, err
    assert path.read_bytes() == before
    assert "thêm 0, đã có sẵn 5" in out and "đã thêm 0 khen thưởng, 5 đã có sẵn" in out
    assert "Dòng 6: Đặng Văn Đỗ — Lao động tiên tiến: đã có (dòng" in out


def test_appending_keeps_the_existing_text_byte_for_byte(root, tmp_path, capsys):
    path = root / "exemplars/honours/2023-2024.yml"
    original = path.read_bytes().replace(b"\n", b"\r\n")   # a file saved on Windows
    path.write_bytes(original)
    source = xlsx(tmp_path / "hs.xlsx", [
        ["DANH SÁCH HỌC SINH ĐẠT DANH HIỆU HỌC SINH XUẤT SẮC"],
        ["Kèm theo Quyết định số 46/QĐ-THCS ngày 25/05/2024 của Hiệu trưởng"],
        ["STT", "Họ và tên", "Lớp"],
        [1, "Lê Văn Ân", "6A1"],           # already there (consent: none in the roll)
        [2, "Hoàng Thu Trang", "Lớp 7a2"]])
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    data = path.read_bytes()
    assert data.startswith(original)
    assert data[len(original):] == (
        "  - recipient: Hoàng Thu Trang\r\n    role: student\r\n    unit: 7A2\r\n"
        "    title: hoc-sinh-xuat-sac\r\n    level: truong\r\n"
        '    decision: {number: "46/QĐ-THCS", date: 25/05/2024}\r\n').encode("utf-8")
    assert "đã có sẵn 1" in out
    backups = list((root / "backups" / "exemplars" / "honours").glob("2023-2024-*.yml"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert "Đã kiểm tra: dự án hợp lệ" in out   # the command ran pipeline.check


# --- who is who --------------------------------------------------------------------------------

def test_classes_students_collectives_and_a_student_exemplar_a_year_on(root, tmp_path, capsys):
    source = xlsx(tmp_path / "hs.xlsx", [
        ["Kèm theo Quyết định số 60/QĐ-THCS ngày 26/05/2025 của Hiệu trưởng Trường THCS"],
        ["STT", "Họ và tên", "Chức vụ, lớp", "Danh hiệu", "Đồng ý công bố", "Ghi chú"],
        [1, "Nguyễn Thị An", "8A", "Học sinh xuất sắc", None, None],   # 7A last year
        [2, "Bùi Minh Châu", "Học sinh lớp 9A1", "HSXS", "Đồng ý", None],
        [3, "Chi đội 8A1", None, "Tập thể lao động tiên tiến", None, None],
        [4, "Lớp 6A3", None, "Tập thể Lao động tiên tiến", None, None],
        [5, "Tổ Toán - Tin", None, "TT LĐXS", None, None],
        [6, "Vũ Hà My", "7A2", "Học sinh tiêu biểu", None, "Gia đình không đồng ý công bố"]])
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    awards = roll(root)[1]["awards"]
    assert awards[0] == {"recipient": "hs-2024-nhat-vi", "unit": "8A",
                         "title": "hoc-sinh-xuat-sac", "level": "truong",
                         "decision": {"number": "60/QĐ-THCS", "date": "26/05/2025"}}
    assert awards[1]["role"] == "student" and awards[1]["unit"] == "9A1"
    assert awards[1]["consent"] == "name"
    assert [(a["recipient"], a["role"]) for a in awards[2:5]] == [
        ("Chi đội 8A1", "collective"), ("Lớp 6A3", "collective"), ("Tổ Toán - Tin", "collective")]
    assert awards[4]["title"] == "tap-the-lao-dong-xuat-sac"
    assert awards[5]["consent"] == "none" and "Gia đình" not in str(awards[5])
    assert "Đã kiểm tra: dự án hợp lệ" in out   # the command ran pipeline.check


def test_rows_that_cannot_be_read_are_reported_with_their_row_number(root, tmp_path, capsys):
    source = xlsx(tmp_path / "ds.xlsx", [
        ["Kèm theo Quyết định số 61/QĐ-THCS ngày 26/05/2025 của Hiệu trưởng"],
        ["Ngày 26 tháng 5 năm 2025"],
        ["STT", "Họ và tên", "Chức vụ", "Danh hiệu"],
        [1, "Hà Văn Tú", "Giáo viên", "Lao động tiên tiến"],
        [2, None, "Giáo viên", "Lao động tiên tiến"],
        [3, "Mai Thị Lan", "Giáo viên", "Lao động giỏi"],
        [4, "Trịnh Văn Khoa", "Trợ giảng", "Lao động tiên tiến"],
        [5, "Đỗ Minh Tâm", "7A1", "Chiến sĩ thi đua cơ sở"],
        [6, "Hà Văn Tú", "Giáo viên", "LĐTT"],
        [7, "#REF!", "Giáo viên", "LĐTT"]])
    code, out, err = run(root, capsys, source, "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["added"] == 1
    unread = {u["row"]: u["reason"] for u in summary["tables"][0]["unread"]}
    assert set(unread) == {5, 6, 7, 8, 9, 10}
    assert unread[5] == "thiếu họ tên"
    assert "“Lao động giỏi” không có trong danh mục" in unread[6] and "Lao động tiên tiến" in unread[6]
    assert "không rõ “Trịnh Văn Khoa” là ai" in unread[7] and "Trợ giảng" in unread[7]
    assert "chỉ dành cho cán bộ, giáo viên, nhân viên" in unread[8]
    assert "trùng với dòng 4" in unread[9]
    assert "lỗi công thức Excel" in unread[10]
    assert summary["check"]["ok"] is True
    assert [a["recipient"] for a in roll(root)[1]["awards"]] == ["Hà Văn Tú"]


def test_section_rows_and_a_two_row_header(root, tmp_path, capsys):
    source = xlsx(tmp_path / "ds.xlsx", [
        ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM HỌC 2024 - 2025"],
        ["(Kèm theo Quyết định số 70/QĐ-THCS ngày 02/06/2025 của Hiệu trưởng)"],
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích", None],
        [None, None, None, None, "Danh hiệu", "Hình thức"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I", "TẬP THỂ", None, None, None, None],
        [1, "Tổ Ngữ văn", None, None, "Tập thể lao động tiên tiến", None],
        ["II", "CÁ NHÂN", None, None, None, None],
        ["Tổ Khoa học tự nhiên"] * 6,
        [1, "Đinh Thị Mai", "GV", None, "Lao động tiên tiến", "Giấy khen"],
        [2, "Đinh Văn Nam", "Tổ phó", "Tổ Toán", "Chiến sĩ thi đua cơ sở", None],
        [None, "Tổng cộng: 3 cá nhân", None, None, None, None],
        [None, None, None, None, "HIỆU TRƯỞNG", None]],
        merges=("A1:F1", "A2:F2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "A9:F9"))
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    awards = roll(root)[1]["awards"]
    assert [(a["recipient"], a["role"], a.get("unit"), a.get("title") or a.get("form"))
            for a in awards] == [
        ("Tổ Ngữ văn", "collective", None, "tap-the-lao-dong-tien-tien"),
        ("Đinh Thị Mai", "teacher", "Tổ Khoa học tự nhiên", "lao-dong-tien-tien"),
        ("Đinh Thị Mai", "teacher", "Tổ Khoa học tự nhiên", "giay-khen"),
        ("Đinh Văn Nam", "teacher", "Tổ Toán", "chien-si-thi-dua-co-so")]
    assert "3 cá nhân" not in out and "HIỆU TRƯỞNG" not in out and "0 dòng không đọc được" in out



def test_a_persons_row_numbered_like_a_section_is_read(root, tmp_path, capsys):
    """A scan reads the STT "11" of a face whose 1 has serifs as "II" (and "1" as "I"): the
    row holds a role and a unit, so it is a person's row, not a section heading (it was
    taken as one and the person left out without a word)."""
    source = xlsx(tmp_path / "ds.xlsx", [
        ["DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM HỌC 2024 - 2025"],
        ["(Kèm theo Quyết định số 70/QĐ-THCS ngày 02/06/2025 của Hiệu trưởng)"],
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
        ["I", "Đinh Thị Mai", "Giáo viên", "Tổ Toán"],
        ["II", "Hà Văn Tú", "Giáo viên", "Tổ Ngữ văn"],
        ["III", "CÁ NHÂN KHÁC", None, None],
        [12, "Đinh Văn Nam", "Giáo viên", "Tổ Toán"]])
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    assert [a["recipient"] for a in roll(root)[1]["awards"]] == [
        "Đinh Thị Mai", "Hà Văn Tú", "Đinh Văn Nam"]


# --- CSV -----------------------------------------------------------------------------------------

CSV_ROWS = [["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN"],
            ["Kèm theo Quyết định số 80/QĐ-THCS ngày 10/01/2025 của Hiệu trưởng"],
            [], ["STT", "Họ và tên", "Lớp", "Thành tích"],
            ["1", "Ngô Quỳnh Anh", "8A1", "Nhặt được của rơi, trả người đánh mất"],
            ["2", "Phạm Đức Thịnh", "9A2", "Giúp bạn học tập"]]


def cp1258(text: str) -> bytes:
    """Text as Excel saves it in the Vietnamese Windows code page: letters with their own
    marks precomposed (ă â ê ô ơ ư đ), tones as combining marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + tones)
    return "".join(out).encode("cp1258")


def csv_text(rows, separator):
    return "\r\n".join(separator.join(f'"{c}"' if separator in c else c for c in row)
                       for row in rows) + "\r\n"


@pytest.mark.parametrize("encoding, separator", [("utf-8-sig", ","), ("cp1258", ";"),
                                                 ("utf-8", "\t")])
def test_csv_in_utf8_bom_and_in_the_windows_code_page(root, tmp_path, capsys, encoding,
                                                       separator):
    text = csv_text(CSV_ROWS, separator)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    source = tmp_path / "ds.csv"
    source.write_bytes(data)
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    awards = roll(root)[1]["awards"]
    assert [(a["recipient"], a["unit"], a["form"]) for a in awards] == [
        ("Ngô Quỳnh Anh", "8A1", "giay-khen"), ("Phạm Đức Thịnh", "9A2", "giay-khen")]
    assert awards[0]["reason"] == "Nhặt được của rơi, trả người đánh mất"
    assert "Hình thức chung: Giấy khen" in out


def test_decoding_and_sniffing():
    assert decode_table_text(cp1258("Nguyễn Thị Ánh;Lớp")) == "Nguyễn Thị Ánh;Lớp"
    assert decode_table_text("Đỗ;Ư".encode("utf-8-sig")) == "Đỗ;Ư"
    assert decode_table_text("Café;Zoë".encode("cp1252")) == "Café;Zoë"
    assert sniff_delimiter(["Danh sách", "STT;Họ tên;Ghi chú, nếu có", "1;An;a, b"]) == ";"
    assert sniff_delimiter(["STT,Họ tên", "1,An"]) == ","


# --- Word ------------------------------------------------------------------------------------------

def decision_docx(path, list_rows, articles=None, number="Số: 15/QĐ-THCS"):
    document = docx.Document()
    header = document.add_table(rows=3, cols=2)
    for row, cells in zip(header.rows, [("PHÒNG GD&ĐT QUẬN THỬ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                       ("TRƯỜNG THCS THỬ NGHIỆM", "Độc lập - Tự do - Hạnh phúc"),
                                       (number, "Thử Nghiệm, ngày 08 tháng 3 năm 2025")]):
        row.cells[0].text, row.cells[1].text = cells
    for text in ["QUYẾT ĐỊNH", "Về việc khen thưởng học sinh có việc làm tốt",
                 "HIỆU TRƯỞNG TRƯỜNG THCS THỬ NGHIỆM",
                 "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                 "Căn cứ Quyết định số 1234/QĐ-UBND ngày 01/9/2020 của UBND quận Thử về việc "
                 "ban hành Quy chế thi đua, khen thưởng;", "QUYẾT ĐỊNH:"] + (articles or [
                 "Điều 1. Tặng Giấy khen cho 03 học sinh có thành tích trong phong trào Người "
                 "tốt, việc tốt (có danh sách kèm theo).",
                 "Điều 2. Các ông (bà) Tổng phụ trách Đội và các học sinh có tên tại Điều 1 chịu "
                 "trách nhiệm thi hành Quyết định này."]):
        document.add_paragraph(text)
    footer = document.add_table(rows=1, cols=2)
    footer.rows[0].cells[0].text = "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT."
    footer.rows[0].cells[1].text = "HIỆU TRƯỞNG\n\nLê Văn Đức"
    document.add_paragraph("DANH SÁCH HỌC SINH ĐƯỢC TẶNG GIẤY KHEN")
    table = document.add_table(rows=len(list_rows), cols=len(list_rows[0]))
    for row, values in zip(table.rows, list_rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(path)
    return path


def test_a_word_decision_with_header_articles_and_list(root, tmp_path, capsys):
    rows = [["TT", "Họ và tên", "Lớp", "Lý do"],
            ["1", "Lê Thu Hằng", "6A1", "Nhặt được ví, trả người đánh mất"],
            ["2", "Trần Quốc Việt", "6A1", "Giúp bạn khuyết tật"],
            ["3", "Đoàn Minh Đức", "7A3", "Giúp bạn khuyết tật"]]
    source = decision_docx(tmp_path / "qd.docx", rows)
    document = docx.Document(source)
    merged = document.tables[2]   # the class written once for two rows
    merged.cell(1, 2).merge(merged.cell(2, 2)).text = "6A1"
    document.save(source)
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    awards = roll(root)[1]["awards"]
    assert [(a["recipient"], a["unit"], a["role"]) for a in awards] == [
        ("Lê Thu Hằng", "6A1", "student"), ("Trần Quốc Việt", "6A1", "student"),
        ("Đoàn Minh Đức", "7A3", "student")]
    for award in awards:
        assert award["form"] == "giay-khen" and award["level"] == "truong"
        assert award["decision"] == {"number": "15/QĐ-THCS", "date": "08/03/2025"}
    assert awards[0]["reason"] == "Nhặt được ví, trả người đánh mất"
    assert "của Hiệu trưởng Trường THCS Thử Nghiệm" in out
    assert "Đã kiểm tra: dự án hợp lệ" in out   # the command ran pipeline.check


def test_options_override_what_the_document_says(root, tmp_path, capsys):
    rows = [["STT", "Họ và tên", "Lớp"], ["1", "Lê Thu Hằng", "6A1"]]
    source = decision_docx(tmp_path / "qd.docx", rows)
    code, out, err = run(root, capsys, source, "--decision", "99/QD-UBND", "--date", "20/8/2025",
                         "--level", "Phường, xã", "--form", "Giấy khen", "--year", "2024-2025")
    assert code == 0, out + err
    award = roll(root)[1]["awards"][0]
    assert award["decision"] == {"number": "99/QĐ-UBND", "date": "20/08/2025"}
    assert award["level"] == "xa" and award["form"] == "giay-khen"


def test_no_decision_number_asks_for_the_option(root, tmp_path, capsys):
    source = xlsx(tmp_path / "ds.xlsx", [["STT", "Họ và tên", "Chức vụ"], [1, "An Văn Bình", "GV"]])
    code, out, err = run(root, capsys, source)
    assert code == 1 and "--decision" in err and "không tìm thấy số quyết định" in err
    assert not (root / "exemplars/honours/2024-2025.yml").exists()
    code, out, err = run(root, capsys, source, "--decision", "5/QĐ-THCS", "--date", "01/10/2024",
                         "--title", "lao-dong-tien-tien")
    assert code == 0, err
    award = roll(root)[1]["awards"][0]
    assert (award["role"], award["level"], award["title"]) == ("teacher", "truong",
                                                               "lao-dong-tien-tien")


# --- dry run, JSON ---------------------------------------------------------------------------------

def test_dry_run_writes_nothing_and_says_what_it_would_add(root, tmp_path, capsys):
    source = teachers_list(tmp_path / "ds.xlsx")
    existing = root / "exemplars/honours/2023-2024.yml"
    before = existing.read_bytes()
    code, out, err = run(root, capsys, source, "--dry-run")
    assert code == 0, err
    assert not (root / "exemplars/honours/2024-2025.yml").exists()
    assert existing.read_bytes() == before and not (root / "backups").exists()
    assert "sẽ thêm 5" in out and "+ Dòng 8: Phạm Thị Mới (Nhân viên, Tổ Văn phòng)" in out
    assert "chưa ghi gì" in out
    code, out, err = run(root, capsys, source, "--dry-run", "--json")
    summary = json.loads(out)
    assert summary["dry_run"] is True and summary["added"] == 5 and summary["written"] == []
    assert summary["tables"][0]["private_columns_ignored"] == ["Ngày sinh", "Số điện thoại"]
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


# --- strange files -----------------------------------------------------------------------------------

def ole(*streams: str) -> bytes:
    """The start of an OLE compound file (old .xls/.doc, or an encrypted .xlsx)."""
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


@pytest.mark.parametrize("name, data, message", [
    ("empty.xlsx", b"", "tệp rỗng"),
    ("secret.xlsx", ole("EncryptionInfo", "EncryptedPackage"), "mật khẩu"),
    ("old.xls", ole("Workbook"), "Excel đời cũ (.xls)"),
    ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "ảnh PNG"),
    ("broken.xlsx", b"PK\x03\x04garbage", "bị hỏng"),
    ("notes.csv", "Hôm nay trời đẹp.\nKhông có bảng nào.\n".encode(), "không tìm thấy dòng tiêu đề"),
    ("random.csv", bytes(range(256)) * 4, "không phải bảng tính"),
    ("missing.xlsx", None, "không tìm thấy tệp"),
])
def test_strange_files_get_a_message_and_nothing_is_written(root, tmp_path, capsys, name, data,
                                                            message):
    source = tmp_path / name
    if data is not None:
        source.write_bytes(data)
    code, out, err = run(root, capsys, source, "--decision", "1/QĐ-THCS", "--date", "01/10/2024")
    assert code == 1
    assert message in err and name in err and "Traceback" not in err + out
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


def test_an_xlsx_without_a_header_row_and_an_empty_sheet(root, tmp_path, capsys):
    text_only = xlsx(tmp_path / "ghi-chu.xlsx", [["Danh sách sẽ gửi sau"], ["Cảm ơn"]])
    code, _, err = run(root, capsys, text_only)
    assert code == 1 and "không tìm thấy dòng tiêu đề cột" in err and "Họ và tên" in err
    empty = xlsx(tmp_path / "trong.xlsx", [])
    code, _, err = run(root, capsys, empty)
    assert code == 1 and "không có dữ liệu" in err


def test_a_broken_file_does_not_stop_the_others(root, tmp_path, capsys):
    (tmp_path / "old.xls").write_bytes(ole("Workbook"))
    code, out, err = run(root, capsys, tmp_path / "old.xls", teachers_list(tmp_path / "ds.xlsx"))
    assert code == 1 and "old.xls" in err
    assert len(roll(root)[1]["awards"]) == 5


# --- units ---------------------------------------------------------------------------------------

def test_headings_classes_roles_and_titles(vocabulary):
    assert [heading_field(h) for h in ("STT", "Ho va ten", "HỌ TÊN", "Chức vụ/Lớp", "Lớp",
                                       "Đơn vị công tác", "Danh hiệu thi đua", "Hình thức khen thưởng",
                                       "Thành tích đạt được", "Ghi chú", "Ngày tháng năm sinh",
                                       "SĐT phụ huynh", "Họ tên phụ huynh", "Quê quán")] == [
        "number", "name", "name", "role", "class", "unit", "title", "form", "reason", "note",
        "private", "private", "private", "private"]
    assert [class_of(t) for t in ("7A2", "Lớp 8a1", "lop 10A1", "Tổ Toán", "13A", "6 A 3")] == [
        "7A2", "8A1", "10A1", None, None, "6A3"]
    assert role_in("Giáo viên Tổ Toán - Tin") == ("teacher", "Tổ Toán - Tin")
    assert role_in("Phó Hiệu trưởng")[0] == "manager" and role_in("Kế toán")[0] == "staff"
    assert clean_name("  TRẦN   VĂN  BÌNH ") == clean_name("trần văn bình") == "Trần Văn Bình"
    assert clean_name("Tổ Toán - Tin") == "Tổ Toán - Tin"
    assert find_award("CSTĐ cơ sở", vocabulary) == ("titles", "chien-si-thi-dua-co-so")
    assert find_award("Bằng khen của Chủ tịch UBND tỉnh", vocabulary, "forms") == ("forms",
                                                                                    "bang-khen")
    assert level_of("Chủ tịch UBND phường Hòa An", None, vocabulary) == "xa"
    assert level_of("Giám đốc Sở Giáo dục và Đào tạo", None, vocabulary) == "tinh"
    assert level_of(None, "135/QĐ-PGDĐT", vocabulary) == "huyen"
    assert level_of(None, "12/QĐ-UBND", vocabulary) is None


def test_a_progress_bar_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    bar = Progress(120, "danh-sach.xlsx", stream)
    for done in range(1, 121):
        bar.step(done, 120)
    bar.finish()
    text = stream.getvalue()
    assert "120/120 dòng" in text and "█" * 24 in text and text.count("\r") <= 26
    quiet = io.StringIO()
    Progress(120, "danh-sach.xlsx", quiet).step(1, 120)
    assert quiet.getvalue() == ""


CELLS = ["", "STT", "Họ và tên", "Ho ten", "Chức vụ", "Lớp", "Đơn vị", "Danh hiệu", "Hình thức",
         "Thành tích", "Ghi chú", "Ngày sinh", "Đồng ý công bố", "I", "II.", "A.", "TẬP THỂ",
         "Nguyễn Văn An", "Tổ Toán", "7A2", "Lớp 8A1", "Giáo viên", "Học sinh", "Trợ giảng",
         "Lao động tiên tiến", "LĐTT", "Giấy khen", "Lao động giỏi", "Đồng ý", "Không", "x",
         "#REF!", "1", "(1)", "Tổng cộng: 3", "Kèm theo Quyết định số 5/QĐ-THCS ngày 1/1/2025",
         "ngày 32 tháng 13 năm 2025", "năm học 2024-2025", '"', ";", "\t", "a" * 300, "Đã ký"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=7), min_size=1,
                max_size=12), st.sampled_from([",", ";", "\t"]))
def test_any_sheet_gives_a_summary_never_a_traceback(tmp_path_factory, rows, separator):
    project = tmp_path_factory.getbasetemp() / "fuzz-school"
    if not project.exists():
        make_project(project)
    source = tmp_path_factory.mktemp("fuzz") / "ds.csv"
    source.write_text("\n".join(separator.join(row) for row in rows), encoding="utf-8")
    before = sorted(p.name for p in (project / "exemplars/honours").iterdir())
    code = main(["--root", str(project), "import", "awards", str(source), "--dry-run",
                 "--json"])
    assert code in (0, 1)
    assert sorted(p.name for p in (project / "exemplars/honours").iterdir()) == before


def test_a_project_that_fails_the_check_after_writing_is_said_to(root, tmp_path, capsys):
    write(root, "exemplars/honours/2025-2026.yml", 'school_year: "2025-2026"\nawards:\n'
          "  - recipient: Lý Văn Lạ\n    role: teacher\n    title: khong-co\n    level: truong\n"
          '    decision: {number: "1/QĐ-THCS", date: 01/10/2025}\n')
    code, out, err = run(root, capsys, teachers_list(tmp_path / "ds.xlsx"))
    assert code == 1
    assert "ĐÃ GHI TỆP, NHƯNG DỰ ÁN CHƯA QUA KIỂM TRA" in err and "2025-2026.yml" in err
    assert "không được tạo lại cho đến khi sửa xong" in err
    assert len(roll(root)[1]["awards"]) == 5


def test_a_compiled_list_with_its_own_decision_columns_goes_to_each_year(root, tmp_path, capsys):
    source = xlsx(tmp_path / "tong-hop.xlsx", [
        ["BẢNG TỔNG HỢP KHEN THƯỞNG"],
        ["STT", "Họ và tên", "Chức vụ", "Hình thức", "Số QĐ", "Ngày QĐ", "Cấp khen"],
        [1, "Đặng Văn Đỗ", "Giáo viên", "Giấy khen", "45/QD-THCS", "25/05/2024", "Trường"],
        [2, "Đặng Văn Đỗ", "Giáo viên", "Bằng khen", "1520/QĐ-UBND", "10/06/2025", "Tỉnh"],
        [3, "Vương Thị Thảo", "Nhân viên", "Giấy khen", "76/QĐ-UBND", "20/08/2025", "Phường"],
        [4, "Vương Thị Thảo", "Nhân viên", "Giấy khen", "77/QĐ-UBND", "31/02/2025", "Phường"],
        [5, "Vương Thị Thảo", "Nhân viên", "Giấy khen", "78/QĐ-UBND", "01/03/2025", "Quốc tế"]])
    code, out, err = run(root, capsys, source, "--json")
    summary = json.loads(out)
    assert code == 1, err
    assert {u["row"] for u in summary["tables"][0]["unread"]} == {6, 7}
    assert "không có thật" in summary["tables"][0]["unread"][0]["reason"]
    assert summary["tables"][0]["targets"] == ["exemplars/honours/2023-2024.yml",
                                               "exemplars/honours/2024-2025.yml",
                                               "exemplars/honours/2025-2026.yml"]
    assert roll(root, "2023-2024")[1]["awards"][-1] == {
        "recipient": "dang-van-do", "form": "giay-khen", "level": "truong",
        "decision": {"number": "45/QĐ-THCS", "date": "25/05/2024"}}
    assert roll(root)[1]["awards"][0]["level"] == "tinh"
    assert roll(root, "2025-2026")[1]["awards"][0]["level"] == "xa"
    assert summary["check"]["ok"] is True
