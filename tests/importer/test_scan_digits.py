"""A digit read as a letter inside a number (issue 24, session 22): Tesseract reads Carlito's
"6" (Calibri's metrics, Word's default face) as "ó" — "năm học 2025 - 202ó", "ngày 2ó tháng
9". Where the letter stands for one digit only and the token is a number's shape, the digit
is read back, and the line stays a doubt whose field the warnings name."""
from __future__ import annotations

import json

import pytest

from bangvang.importer.ocrdigits import fixed_digits
from conftest import make_project


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


@pytest.mark.parametrize("read, taken", [
    ("năm học 2025 - 202ó", "năm học 2025 - 2026"),
    ("Kim Điền, ngày 2ó tháng 9 năm 2025", "Kim Điền, ngày 26 tháng 9 năm 2025"),
    ("Số: 7ó/KH-THCSPX", "Số: 76/KH-THCSPX"),
    ("Kế hoạch số 13ó4/KH-PGDĐT ngày 12/9/2025", "Kế hoạch số 1364/KH-PGDĐT ngày 12/9/2025"),
    ("ngày 1ó/3/2025 của", "ngày 16/3/2025 của"),
    ("Luật số 06/2022/QH15 ngày 15 tháng ó năm 2022;", "Luật số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"),
    ("NĂM HỌC 2025 - 202Ở", "NĂM HỌC 2025 - 2026"),
    ("có ít nhất 0ó tập thể", "có ít nhất 06 tập thể"),
    # A serif face's 1 read "I" or "l", its 8 read "§" (FreeSerif, session 26).
    ("Lạc Long, ngày I2 tháng 9 năm 2024", "Lạc Long, ngày 12 tháng 9 năm 2024"),
    ("Đồng Tâm, ngày 04 tháng II năm 2024", "Đồng Tâm, ngày 04 tháng 11 năm 2024"),
    ("Quảng Phú, ngày 1§ tháng 9 năm 2023", "Quảng Phú, ngày 18 tháng 9 năm 2023"),
    ("Số: l2/KH-THCS", "Số: 12/KH-THCS"),
])
def test_a_six_read_as_ó_inside_a_number_is_a_six(read, taken):
    text, changes = fixed_digits(read)
    assert text == taken
    assert len(changes) == 1


@pytest.mark.parametrize("read", [
    "Chị ó nói",                 # a word, not a number
    "có ó tháng này",            # no date's words on both sides
    "2óó",                       # two letters: no longer a number's shape
    "năm học 2025 - 202o",       # "o" may be 0 or 6: never guessed
    "năm học 2025 - 202ò",       # a letter never seen for a digit
    "Lớp 6A5",                   # a class: letters of its own
    "x2ó",                       # glued to a word
    "I.1. Mục tiêu",             # Roman numerals are no ones read as letters
    "II. NỘI DUNG", "Phần I và II", "Điều l. Phạm vi", "ngày 12 tháng III năm",
])
def test_what_is_not_one_digit_for_sure_is_left_as_read(read):
    assert fixed_digits(read) == (read, [])


def test_a_year_read_back_must_still_be_a_year():
    """"20ó5" gives 2065: read back, but no year a school writes (documents.odd_years) —
    the date is not taken."""
    from bangvang.importer.extract import extract
    text, _ = fixed_digits("Sông Lam, ngày 12 tháng 9 năm 20ó5")
    values = extract(["TRƯỜNG THCS SÔNG LAM", "Số: 12/KH-THCSSL", text, "",
                      "KẾ HOẠCH", "Thi đua năm học 2025 - 2026", ""])
    assert values["issued"] is None


def test_a_carlito_plan_gets_its_sixes_back_and_names_the_fields(root, tmp_path, capsys):
    """Drawn in Carlito and scanned: the date of issue and the basis's date come back right,
    the plan stays a draft, and a warning names the field (or line) whose digits were read
    back. Before session 22's rule the date was "2ó" and no date was taken."""
    from bangvang.commands.cli import main
    import scanpages
    from test_scans import needs_ocr
    needs_ocr()
    font = scanpages.held_out_fonts().get("carlito") or scanpages.all_fonts().get("carlito")
    if font is None:
        pytest.skip("phông Carlito chưa cài (make scan-fonts)")
    lines = ["PHÒNG GD&ĐT HUYỆN SÔNG LAM\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "TRƯỜNG THCS KIM ĐIỀN\tĐộc lập - Tự do - Hạnh phúc",
             "Số: 16/KH-THCSKĐ\tKim Điền, ngày 26 tháng 9 năm 2025", "",
             "KẾ HOẠCH", "Tổ chức phong trào thi đua năm học 2025 - 2026", "",
             "Căn cứ Kế hoạch số 36/KH-PGDĐT ngày 16/9/2025 của Phòng Giáo dục và Đào tạo;",
             "I. MỤC ĐÍCH, YÊU CẦU", "- Động viên giáo viên và học sinh thi đua dạy tốt, học tốt."]
    page = scanpages.text_page(font, lines)
    path = scanpages.save_pages(page, tmp_path / "kh.pdf", scanpages.CLEAN)
    main(["--root", str(root), "import", "plan", str(path), "--json"])
    got = json.loads(capsys.readouterr().out)
    assert got["issued"] == "2025-09-26"
    assert got["title"].endswith("2025 - 2026"), got["title"]
    assert got["status"] == "draft"
    named = [w for w in got["warnings"] if w.startswith("Chữ số máy đọc thành chữ cái")]
    assert any("ngày ban hành" in w and "“2ó” → “26”" in w for w in named), got["warnings"]
    # The basis line's date came back too, and its line is named (no field of its own).
    assert {b["number"]: b["date"] for b in got["basis"]}.get("36/KH-PGDĐT") == "2025-09-16"
    assert any("36/KH-PGDĐT" in w for w in named), named


def test_specks_read_as_quote_marks_leave_a_scanned_title_and_issuer():
    """Carlito's pages: a speck before the title read "”", after the issuer '"'. On a scan
    a quote mark with no partner is not the document's; paired quotes stay."""
    from bangvang.importer.extract import extract
    from bangvang.importer.reading import ReadLines
    text = ["PHÒNG GD&ĐT HUYỆN TÂN PHÚ", "TRƯỜNG THCS TÂN PHÚ\"", "Số: 12/KH-THCSTP", "",
            "KẾ HOẠCH", "” Công tác thi đua “Dạy tốt - Học tốt” năm học 2023 - 2024\"", "",
            "I. MỤC ĐÍCH, YÊU CẦU", "- Thi đua dạy tốt, học tốt."]
    scanned = ReadLines(text)
    scanned.scanned = True
    values = extract(scanned)
    assert values["title"] == "Công tác thi đua “Dạy tốt - Học tốt” năm học 2023 - 2024"
    assert values["issuer"] == "Trường THCS Tân Phú"
    # Typed text is the author's: nothing is taken out of it.
    assert extract(text)["title"] != values["title"]


def test_a_line_the_page_layout_left_unread_is_read_on_its_own():
    """Tesseract's layout analysis dropped whole lines of Carlito's plans (a title's first
    line with a quoted name). A band of ink no word read overlaps is read alone and placed
    before the line below it."""
    from bangvang.importer.ocr import lines_of, prepare, read_words, unread_lines
    import scanpages
    from test_scans import needs_ocr
    needs_ocr()
    font = scanpages.fonts()["be-vietnam-pro"]
    image = scanpages.text_page(font, ["KẾ HOẠCH", "Tổ chức phong trào thi đua “Dạy tốt - Học tốt”",
                                       "và các hoạt động công đoàn năm học 2024 - 2025"])[0]
    page, _ = prepare(image)
    words = read_words(page)
    dropped = [w for w in words if w.text in ("Tổ", "chức", "phong", "trào")]
    line_key = dropped[0].line
    kept = [w for w in words if w.line != line_key]       # as if the layout had missed it
    found = unread_lines(page, kept)
    assert [w.text for w in found][:3] == ["Tổ", "chức", "phong"]   # "trào": "tròo" here
    texts = [line.text for line in lines_of(kept + found)]
    assert texts.index(" ".join(w.text for w in found)) == \
        next(i for i, t in enumerate(texts) if t.startswith("và các")) - 1
    # Every line read: nothing more to add.
    assert unread_lines(page, words) == []


def test_a_letter_glued_to_digits_is_no_word_the_mark_corrections_change(demo_root):
    """"202o" (a digit misread, and "o" may be 0 or 6) stays as read: the mark corrections
    of known runs once turned the "ó" of "202ó" into "ở", a letter still, now further off."""
    from bangvang.importer.diacritics import corrected_lines, model_for
    line = "Tổ chức phong trào thi đua, khen thưởng năm học 2025 - 202ó"
    assert corrected_lines([line], model_for(demo_root))[0] == [line]


def test_a_date_line_whose_digit_is_no_digit_is_no_part_of_the_issuer():
    """"ngày 0Š tháng 10" (FreeSerif's 5 read "Š", which may be 5 or 8): the date is not
    guessed, but the line is the date's, and was run into the issuer ("TRƯỜNG TIỂU HỌC BÌNH
    MINH Hà Luân, ngày 0Š …"). It is said, and the issuer stays the school."""
    from bangvang.importer.extract import extract
    values = extract(["TRƯỜNG TIỂU HỌC BÌNH MINH", "Hà Luân, ngày 0Š tháng 10 năm 2023",
                      "Số: 08/KH-THBM", "",
                      "KẾ HOẠCH", "Công tác thi đua năm học 2023 - 2024", ""])
    assert values["issuer"] == "Trường Tiểu học Bình Minh"
    assert values["issued"] is None
    assert any("“Hà Luân, ngày 0Š tháng 10 năm 2023”" in w for w in values["warnings"])
