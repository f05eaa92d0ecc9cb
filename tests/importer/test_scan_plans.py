"""Plans as a PDF's text layer or an OCR gives them (issue 24): lines as wide as the page,
header columns side by side, numerals and letters OCR misreads. Each shape is written here
in the words of an imagined plan; the extraction must give what the Word file would."""
from __future__ import annotations

from bangvang.importer.body import section_of
from bangvang.importer.documents import odd_years
from bangvang.importer.extract import extract
from bangvang.importer.scan import fix_ocr_text

# Page-wide lines: the basis paragraph and the title broken where the page ended, the place
# and date beside the number with a single space (two columns a scan read as one line), and
# section numerals as OCR reads bold roman numerals.
WRAPPED = """PHÒNG GD&ĐT HUYỆN TRÀ GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS LỘC ĐIỀN Độc lập - Tự do - Hạnh phúc
Số: 17/KH-THCSLĐ Lộc Điền, ngày 07/10/2024

KẾ HOẠCH
Thi đua lập thành tích chào mừng ngày Nhà giáo Việt Nam

Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022; Nghị định số
98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của
Luật Thi đua, khen thưởng;
Thực hiện Kế hoạch số 41/KH-PGDĐT ngày 25/9/2024 của Phòng Giáo dục và Đào tạo huyện
Trà Giang về công tác thi đua năm học 2024 - 2025,
Trường THCS Lộc Điền xây dựng kế hoạch thi đua như sau:
I, MỤC ĐÍCH, YÊU CẦU
- Động viên giáo viên và học sinh thi đua dạy tốt, học tốt.
JI. NỘI DUNG THI ĐUA
- Mỗi tổ chuyên môn tổ chức một chuyên đề.
"""


def test_a_basis_broken_over_page_wide_lines_is_read_whole():
    values = extract(WRAPPED.splitlines())
    basis = {b["number"]: b for b in values["basis"]}
    assert basis["98/2023/NĐ-CP"]["date"] == "2023-12-31"
    assert basis["98/2023/NĐ-CP"]["issuer"] == "Chính phủ"
    assert basis["41/KH-PGDĐT"]["date"] == "2024-09-25"
    assert basis["41/KH-PGDĐT"]["issuer"] == "Phòng Giáo dục và Đào tạo huyện Trà Giang"
    # The plan's own sentence after the basis is not part of it.
    assert "xây dựng" not in (basis["41/KH-PGDĐT"]["title"] or "")
    assert values["issued"] == "2024-10-07" and values["number"] == "17/KH-THCSLĐ"
    assert [s["number"] for s in values["sections"]] == ["I", "II"]


def test_section_numerals_misread_by_ocr_only_before_a_heading_in_capitals():
    assert section_of("JI. NỘI DUNG THI ĐUA") == ("II", "NỘI DUNG THI ĐUA")
    assert section_of("**[[I. CHỈ TIÊU**") == ("III", "CHỈ TIÊU")
    assert section_of("I, MỤC ĐÍCH, YÊU CẦU") == ("I", "MỤC ĐÍCH, YÊU CẦU")
    assert section_of("J. Nội dung như sau") is None       # not a heading in capitals
    assert section_of("1, MỤC ĐÍCH") is None                 # a number, not a numeral


def test_trưởng_before_a_school_type_is_the_school():
    assert fix_ocr_text("LIÊN ĐỘI TRƯỞNG THCS HƯNG LỘC") == "LIÊN ĐỘI TRƯỜNG THCS HƯNG LỘC"
    assert fix_ocr_text("Chi đoàn Trưởng Tiểu học An Lạc") == "Chi đoàn Trường Tiểu học An Lạc"
    # A head stays a head.
    assert fix_ocr_text("HIỆU TRƯỞNG THCS HƯNG LỘC") == "HIỆU TRƯỞNG THCS HƯNG LỘC"
    assert fix_ocr_text("TỔ TRƯỞNG CHUYÊN MÔN") == "TỔ TRƯỞNG CHUYÊN MÔN"


JOINT = """PHÒNG GD&ĐT HUYỆN TÂN PHONG\tBAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH GIÁO DỤC HUYỆN TÂN PHONG
TRƯỜNG TIỂU HỌC AN KHÁNH\tBAN CHẤP HÀNH CÔNG ĐOÀN TRƯỜNG TIỂU HỌC AN KHÁNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 03/KHLT-TH-CĐ\tAn Khánh, ngày 02 tháng 10 năm 2024

KẾ HOẠCH LIÊN TỊCH
Phát động thi đua năm học 2024 - 2025

I. MỤC ĐÍCH, YÊU CẦU
- Phát động thi đua trong cán bộ, giáo viên.
"""


def test_a_text_pdf_header_whose_columns_wrap_differently_is_read_column_by_column(tmp_path):
    """A joint plan exported to PDF: the union's long names wrap over two lines each in
    their column, the school's do not; read line by line they would interleave
    ("… HUYỆN TÂN" / "PHÒNG GD&ĐT …" / "PHONG")."""
    import scanpages
    from bangvang.importer.reading import read_lines
    pdf = scanpages.html_pdf(tmp_path / "lien-tich.pdf", scanpages.plan_html(JOINT))
    lines = [line for line in read_lines(pdf) if line.strip()]
    assert lines.index("PHÒNG GD&ĐT HUYỆN TÂN PHONG") + 1 == lines.index(
        "TRƯỜNG TIỂU HỌC AN KHÁNH")
    values = extract(read_lines(pdf))
    assert values["issuer"] == "Trường Tiểu học An Khánh"
    assert values["number"] == "03/KHLT-TH-CĐ" and values["issued"] == "2024-10-02"


def test_the_motto_wrapped_by_a_narrow_column_is_not_taken_for_a_unit():
    lines = ["PHÒNG GD&ĐT HUYỆN TRÀ GIANG", "TRƯỜNG THCS LỘC ĐIỀN",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", "NAM", "Độc lập - Tự do - Hạnh phúc",
             "Số: 17/KH-THCSLĐ", "Lộc Điền, ngày 07 tháng 10 năm 2024", "", "KẾ HOẠCH",
             "Thi đua chào mừng ngày Nhà giáo Việt Nam", "", "I. MỤC ĐÍCH",
             "- Động viên giáo viên thi đua."]
    values = extract(lines)
    assert values["issuer"] == "Trường THCS Lộc Điền"
    assert values["issuer_parent"] == "Phòng GD&ĐT huyện Trà Giang"


def test_ocr_mark_corrections_leave_a_word_a_known_run_attests(demo_root):
    """"TRƯỜNG THCS" is a known run as read: the longer "liên đội trưởng" (in the demo's
    honour roll) does not change it; "thị đua", which no known run attests, is still put
    right."""
    from bangvang.importer.diacritics import restore_document
    from bangvang.importer.reading import ReadLines
    lines = ReadLines(["LIÊN ĐỘI TRƯỜNG THCS HƯNG LỘC", "Hưởng ứng phong trào thị đua của nhà trường."])
    lines.scanned = True
    fixed, warnings = restore_document(lines, demo_root, "kh.pdf")
    assert fixed[0] == "LIÊN ĐỘI TRƯỜNG THCS HƯNG LỘC"
    assert "phong trào thi đua" in fixed[1]
    assert any("“thị” → “thi”" in w for w in warnings)


def test_a_markdown_pipe_row_above_the_title_is_the_header_columns():
    """A converter's header table read as text ("| UBND … | CỘNG HÒA … |"): its cells are
    the header's two columns, so the unit, the number and the date are found."""
    lines = ["| UBND HUYỆN KHÁNH AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "---",
             "| TRƯỜNG TIỂU HỌC PHÚ LỘC | Độc lập - Tự do - Hạnh phúc |",
             "| Số: 11/KH-THPL | Phú Lộc, ngày 14 tháng 10 năm 2025 |", "", "KẾ HOẠCH",
             "Thi đua chào mừng ngày Nhà giáo Việt Nam", "", "I. MỤC ĐÍCH",
             "- Động viên giáo viên thi đua."]
    values = extract(lines)
    assert values["issuer"] == "Trường Tiểu học Phú Lộc"
    assert values["number"] == "11/KH-THPL" and values["issued"] == "2025-10-14"


def test_a_zero_read_as_the_letter_o_inside_a_number_is_a_zero():
    assert fix_ocr_text("Sông Lam, ngày 12 tháng O1 năm 2O23") == \
        "Sông Lam, ngày 12 tháng 01 năm 2023"
    assert fix_ocr_text("Số: O8/KH-THBM") == "Số: 08/KH-THBM"
    # A number before a dash and its code in capitals ("Chương trình số O3-CTr/HĐĐ").
    assert fix_ocr_text("Chương trình số O3-CTr/HĐĐ ngày") == "Chương trình số 03-CTr/HĐĐ ngày"
    assert fix_ocr_text("từ 1O-12 em") == "từ 1O-12 em"     # not a code after the dash


def test_a_dash_between_codes_read_as_an_apostrophe_is_a_dash():
    assert fix_ocr_text("Công văn số 118/SGDĐT'TCCB ngày 2/10/2024") == \
        "Công văn số 118/SGDĐT-TCCB ngày 2/10/2024"
    assert fix_ocr_text("Nhà trường’s 3 lớp") == "Nhà trường’s 3 lớp"   # no number's code
    # Letters stay letters: a code, a class, a lone O.
    assert fix_ocr_text("Lớp 8A1, KHO3, ô O") == "Lớp 8A1, KHO3, ô O"


MISREAD_YEAR = """PHÒNG GD&ĐT HUYỆN TRÀ GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS LỘC ĐIỀN\tĐộc lập - Tự do - Hạnh phúc
Số: 17/KH-THCSLĐ\tLộc Điền, ngày 07 tháng 10 năm 20243

KẾ HOẠCH
Thi đua năm học 20243 - 2025

Căn cứ Kế hoạch số 41/KH-PGDĐT ngày 25/9/2924 của Phòng Giáo dục và Đào tạo huyện Trà Giang;
I. MỤC ĐÍCH, YÊU CẦU
- Động viên giáo viên và học sinh thi đua dạy tốt, học tốt.
"""


def test_a_year_misread_by_one_digit_is_never_a_value():
    """"20243" or "2924" where a year is written is a digit misread: no date, no school
    year, and a warning that names it (the line is shown to a person, never put right)."""
    values = extract(MISREAD_YEAR.splitlines())
    assert values["issued"] is None and values["school_year"] is None
    assert [w for w in values["warnings"] if "Ngày ban hành" in w and "20243" in w] and \
        not [w for w in values["warnings"] if w.startswith("Không tìm thấy ngày ban hành")]
    basis = {b["number"]: b for b in values["basis"]}
    assert basis["41/KH-PGDĐT"]["date"] is None
    assert odd_years("Thi đua năm học 20243 - 2025") == ["20243"]
    assert odd_years("ngày 25/9/2924 của Phòng") == ["2924"]
    assert odd_years("Luật số 06/20222/QH15") == ["20222"]
    # Years a school's documents do write are left alone, periods far ahead included.
    for text in ("Chiến lược giai đoạn 2021-2030", "đến năm 2030", "kỷ niệm 100 năm",
                 "ngày 12 tháng 5 năm 1998", "Luật số 06/2022/QH15", "năm học 2024 - 2025"):
        assert odd_years(text) == [], text


def test_a_scanned_line_with_a_misread_year_is_a_doubt_with_its_image(tmp_path, capsys):
    """Read with confidence or not, a line whose year cannot be one is a doubt: the plan is
    written without the date, and the warning names the line and its image."""
    import re
    from bangvang.commands.cli import main
    from conftest import make_project
    import scanpages
    from test_scans import needs_ocr
    needs_ocr()
    root = make_project(tmp_path / "school")
    font = scanpages.all_fonts()["liberation-serif"] if "liberation-serif" in \
        scanpages.all_fonts() else scanpages.fonts()["be-vietnam-pro"]
    page = scanpages.text_page(font, MISREAD_YEAR.splitlines())
    path = scanpages.save_pages(page, tmp_path / "kh.pdf", scanpages.CLEAN)
    main(["--root", str(root), "import", "plan", str(path)])
    assert "Traceback" not in capsys.readouterr().err
    written = [p for p in (root / "plans").glob("*.md") if "kh.pdf" in p.read_text("utf-8")]
    assert len(written) == 1
    text = written[0].read_text("utf-8")
    assert "status: draft" in text
    assert re.search(r"^issued:[ \t]*$", text, re.MULTILINE), "no date is written"
    doubt = re.search(r"năm “20243”[^;]*?ảnh: (scan-crops/plans/[\w/.-]+\.png)", text)
    assert doubt, text[:3000]
    assert (root / doubt.group(1)).is_file()


QUOTED = """KẾ HOẠCH
Tổ chức các phong trào thi đua năm học 2024 - 2025

I. NỘI DUNG
Các trường tiếp tục hưởng ứng cuộc vận động "Nói lời hay, làm việc tốt” và phong trào “Giữ gìn sân trường
- sạch - xanh - thoáng mát”, "Đọc sách mỗi ngày" trong cả năm học.
Các phong trào thi đua của học sinh:
- “Vở đẹp đều tay”;
~ “Bạn giúp bạn tiến bộ”;
- “Đến lớp đúng giờ”.
"""


def test_a_quote_wrapped_before_a_dash_and_a_bullet_read_as_a_tilde_keep_their_names():
    """A page-wide line ends inside a quoted name and the next starts with its "- " (the
    closing quote of an earlier straight-quoted name read curly, so the quotes no longer
    pair by count); and a list's dash read "~" by OCR. Every name is still found."""
    lines = [fix_ocr_text(line) for line in QUOTED.splitlines()]
    assert lines[8].startswith("- “Bạn giúp bạn")
    names = set(extract(lines)["campaigns"])
    assert {"Giữ gìn sân trường - sạch - xanh - thoáng mát", "Đọc sách mỗi ngày",
            "Bạn giúp bạn tiến bộ", "Đến lớp đúng giờ"} <= names, names


TARGETS = """KẾ HOẠCH
Phong trào Kế hoạch nhỏ năm học 2024 - 2025

III. CHỈ TIÊU
- Mỗi chi đội thu gom giấy vụn, vỏ lon; toàn liên đội phấn đấu thu được ít nhất
650 kg giấy vụn trong năm học.
- Trong đợt thi đua chào mừng ngày 20/11, mỗi giáo viên của tổ đăng ký ít nhất 02
tiết dạy tốt, trong đó có một tiết dạy ứng dụng công nghệ thông tin.
- Phấn đấu 95% học sinh đạt danh hiệu cháu ngoan Bác Hồ, trong đó có ít nhất
tám em được tuyên dương cấp huyện.
"""


def test_a_target_cut_by_the_end_of_a_page_wide_line_is_read_whole():
    """The number on the next line after its cue, or the unit on the next line after its
    number: a page's line broke the sentence; the target is what the Word file gives. A
    line going on in lower case after a line that does not end with a number is not
    joined (it may hold a target of its own)."""
    targets = {(t["value"], t["unit"]) for t in extract(TARGETS.splitlines())["targets"]}
    assert (650, "kg") in targets
    assert any(value == 2 and (unit or "").startswith("tiết dạy") for value, unit in targets)
    assert any(value == 95 for value, _ in targets)


def test_a_quoted_name_on_its_own_line_whose_closing_mark_was_lost_is_still_read():
    """The cue at the end of one page-wide line, the name on the next, and OCR lost the
    closing quote before the full stop: the name ends with its sentence, and the next
    paragraph is not taken into it."""
    lines = ["KẾ HOẠCH", "Hội thi kể chuyện năm học 2024 - 2025", "", "I. MỤC ĐÍCH",
             "- Góp phần đẩy mạnh cuộc vận động “Mỗi ngày một cuốn sách” và phong trào thi đua",
             "“Thầy cô mẫu mực - Học trò chăm ngoan.", "II. YÊU CẦU",
             "- Tổ chức gọn nhẹ, an toàn."]
    names = extract(lines)["campaigns"]
    assert "Thầy cô mẫu mực - Học trò chăm ngoan" in names, names
    assert not [n for n in names if "YÊU CẦU" in n or "Tổ chức gọn" in n]
