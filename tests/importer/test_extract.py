"""Field extraction on the shapes real plans come in (documents written for these tests)."""
from __future__ import annotations

from bangvang.importer.extract import extract
from bangvang.importer.quality import assess

# Word's two-column header flattened with tabs, conversion leftovers, Telex slips, an
# unbalanced quote, a section number repeated by mistake and the page header repeated at
# the end: what a .txt exported from a real plan looks like.
MESSY = """**UBND HUYỆN SÔNG LAM**\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
**TRƯỜNG TIỂU HỌC BÌNH MINH**\t**Độc lập - Tự do - Hạnh phúc**
Số: 08 /KH-THBM\tBình Minh, ngày 05 tháng 10 năm 2023
[bookmark: _GoBack]
**KẾ HOẠCH**
**Tổ chức các phong trào thi đua**
**năm học 2023 - 2024**

Căn cứ Kế hoạch số 52/KH-PGDĐT ngày 20/9/2023 của Phòng Giáo dục và Đào tạo huyện Sông Lam về công tác thi đua, khen thưởng năm học 2023-2024;
Thực hiện Quyết định số 115/QĐ-UBND ngày 02 tháng 3 năm 2023 của Ủy ban nhân dân huyện Sông Lam về ban hành quy chế thi đua;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Thực hiện tốt nhieejm vuj năm học với chủ đề năm học “Kỷ cương, sáng tạo, chất lượng”.
- Hưởng ứng phong trào thi đua “Dạy tốt - Học tốt” và cuộc vận động “Mỗi thầy, cô giáo là một tấm gương sáng”, “Nói lời hay, làm việc tốt”.
- Đảm bảo mục tiêu kép “vừa học tốt vừa an toàn” và nhân rộng mô hình “Lớp học thân thiện”.
2. Yêu cầu
+ Tiếp tục thi đua xây dựng trường học Xanh - Sạch - Đẹp”; tham gia Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt năm 2024.
II. CHỈ TIÊU
- Tối thiểu 15% cán bộ, giáo viên có sáng kiến được công nhận cấp huyện.
- Ít nhất 70% sáng kiến được áp dụng trong nhà trường.
III. GIẢI PHÁP
- Thực hiện Đề án “Sách trong trường học” theo Chỉ thị số 05-CT/TW ngày 15/5/2016.
III. TỔ CHỨC THỰC HIỆN
- Các tổ chuyên môn xây dựng kế hoạch và báo cáo về nhà trường.

Nơi nhận:\tKT. HIỆU TRƯỞNG
- Phòng GDĐT huyện (để b/c);\tPHÓ HIỆU TRƯỞNG
- Lưu: VT.

\tNguyễn Thị Ánh Tuyết

UBND HUYỆN SÔNG LAM
TRƯỜNG TIỂU HỌC BÌNH MINH
"""


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_header_flattened_with_tabs_gives_number_date_place_and_issuer():
    plan = extract(lines(MESSY))
    assert plan["number"] == "08/KH-THBM"
    assert plan["issued"] == "2023-10-05"
    assert plan["place"] == "Bình Minh"
    assert plan["issuer"] == "Trường Tiểu học Bình Minh"
    assert plan["issuer_parent"] == "UBND huyện Sông Lam"
    assert plan["title"] == "Tổ chức các phong trào thi đua năm học 2023 - 2024"
    assert plan["school_year"] == "2023-2024"


def test_basis_and_references_with_their_dates():
    plan = extract(lines(MESSY))
    assert [(d["number"], d["date"]) for d in plan["basis"]] == [
        ("52/KH-PGDĐT", "2023-09-20"), ("115/QĐ-UBND", "2023-03-02")]
    assert plan["basis"][0]["issuer"] == "Phòng Giáo dục và Đào tạo huyện Sông Lam"
    assert plan["basis"][0]["title"] == "công tác thi đua, khen thưởng năm học 2023-2024"
    numbers = {d["number"]: d["date"] for d in plan["references"]}
    assert numbers == {"52/KH-PGDĐT": "2023-09-20", "115/QĐ-UBND": "2023-03-02",
                       "05-CT/TW": "2016-05-15"}


def test_campaigns_are_told_apart_from_themes_goals_models_programmes_and_contests():
    plan = extract(lines(MESSY))
    assert plan["campaigns"] == ["Dạy tốt - Học tốt", "Mỗi thầy, cô giáo là một tấm gương sáng",
                                 "Nói lời hay, làm việc tốt", "Xanh - Sạch - Đẹp"]
    assert plan["themes"] == ["Kỷ cương, sáng tạo, chất lượng"]
    assert plan["programmes"] == ["Sách trong trường học"]
    assert plan["contests"] == ["Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt"]


def test_targets_keep_their_numbers():
    plan = extract(lines(MESSY))
    assert [(t["value"], t["unit"]) for t in plan["targets"]] == [(15, "%"), (70, "%")]
    assert plan["targets"][0]["text"].startswith("Tối thiểu 15% cán bộ, giáo viên")


def test_signer_and_recipients_from_a_flattened_signature_block():
    plan = extract(lines(MESSY))
    assert plan["signer"] == {"name": "Nguyễn Thị Ánh Tuyết",
                              "title": "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"}
    assert plan["recipients"] == ["Phòng GDĐT huyện (để b/c)", "Lưu: VT"]


def test_body_is_clean_markdown_with_the_leftovers_gone():
    plan = extract(lines(MESSY))
    body = plan["body"]
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in body and "### 1. Mục đích" in body
    assert "\n- Tối thiểu 15% cán bộ" in body
    assert "    - Tiếp tục thi đua" in body or "- Tiếp tục thi đua" in body
    assert "bookmark" not in body and "**" not in body
    assert "nhiệm vụ năm học" in body                  # the Telex slip, fixed
    assert "SÔNG LAM" not in body and "BÌNH MINH" not in body   # repeated page header dropped
    assert "Nơi nhận" not in body and "Nguyễn Thị Ánh Tuyết" not in body
    assert [s["number"] for s in plan["sections"]] == ["I", "II", "III", "IV"]
    warnings = " ".join(plan["warnings"])
    assert "nhieejm" in warnings                       # the fix is said, for review
    assert "trùng hoặc lùi số" in warnings             # the repeated III. renumbered


def test_blank_number_and_blank_day_are_missing_with_a_warning():
    text = """TRƯỜNG THCS LẠC LONG
Số:     /KH-THCSLL
Lạc Long, ngày    tháng 3 năm 2025
KẾ HOẠCH
Phát động thi đua chào mừng ngày 26/3
I. NỘI DUNG
- Các chi đoàn tổ chức thi đua.
TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG
CHỦ TỊCH
Phạm Quang Huy
"""
    plan = extract(lines(text))
    assert plan["number"] is None and plan["issued"] is None
    assert plan["year"] == 2025 or plan["year"] is None
    warnings = " ".join(plan["warnings"])
    assert "Số văn bản để trống" in warnings and "Ngày ban hành để trống" in warnings
    assert plan["signer"] == {"name": "Phạm Quang Huy",
                              "title": "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG / CHỦ TỊCH"}


def test_date_written_with_slashes():
    text = "TRƯỜNG THCS LẠC LONG\nSố: 3/KH-THCSLL\nLạc Long, 08/02/2025\nKẾ HOẠCH\nThi đua năm 2025\n"
    plan = extract(lines(text))
    assert plan["issued"] == "2025-02-08" and plan["year"] == 2025


def test_text_that_lost_its_diacritics_is_detected_with_a_score():
    ocr = ("Ke hoach cong tac thi dua nim hoc 2023 - 2024 cua truong duoc xay dung tren co so "
           "cac van ban huong dan cua cap tren va tinh hinh thuc te cua nha truong trong nam "
           "hoc nay nham dong vien can bo giao vien nhan vien va hoc sinh thi dua day tot hoc tot")
    clean = ("Kế hoạch công tác thi đua năm học 2023 - 2024 của trường được xây dựng trên cơ sở "
             "các văn bản hướng dẫn của cấp trên và tình hình thực tế của nhà trường trong năm "
             "học này nhằm động viên cán bộ giáo viên nhân viên và học sinh thi đua dạy tốt")
    assert assess([ocr]).damaged and assess([ocr]).score < 30
    assert not assess([clean]).damaged and assess([clean]).score >= 90


def test_a_target_whose_words_the_line_end_cut_is_found():
    # A page-wide line of a PDF or a scan ends inside the words before the number (Noto
    # Serif's pages, session 24): the next line starts in lower case, the number its second
    # word.
    text = MESSY.replace(
        "- Ít nhất 70% sáng kiến được áp dụng trong nhà trường.",
        "- Đăng ký tiết dạy tốt trong đợt thi đua; mỗi giáo viên dạy ít\n"
        "nhất 03 tiết dạy tốt, trong đó có 01 tiết ứng dụng công nghệ thông tin.")
    plan = extract(lines(text))
    assert [t["text"] for t in plan["targets"] if t["value"] == 3 and
            t["unit"].startswith("tiết dạy")] == [
        "Mỗi giáo viên dạy ít nhất 03 tiết dạy tốt, trong đó có 01 tiết ứng dụng công nghệ "
        "thông tin"]


def test_a_converters_anchor_read_with_a_parenthesis_for_its_brace_is_left_out():
    # FreeSans (session 27): "# []{#_Toc… .anchor}KẾ HOẠCH" read "#[](#_Toc… .anchor}KẾ HOẠCH";
    # left in, the heading ran into the issuer and the plan had no title.
    from bangvang.importer.clean import clean_inline
    assert clean_inline("#[](#_Toc211450871 .anchor}KẾ HOẠCH") == "#KẾ HOẠCH"
    assert clean_inline("Xem (#1) và [1](#a)") == "Xem (#1) và [1](#a)"   # no anchor: kept
    # … and the brace read right, a space in the anchor (Be Vietnam Pro, a folded page): the
    # whole anchor goes, not only its braces (a "[]" left before "I. MỤC ĐÍCH" hid every
    # section, and with them the basis).
    assert clean_inline("## []{# _ Toc211450872 .anchor}I. MỤC ĐÍCH") == "## I. MỤC ĐÍCH"


def test_a_converters_anchor_read_without_its_brace_is_left_out():
    # Noto Sans (session 28): the "{" not read at all and "]" read "I"; left in, the heading
    # ran into the issuer and the plan had no title.
    from bangvang.importer.clean import clean_inline
    assert clean_inline("# [I#_Toc211450871 .anchor}KẾ HOẠCH") == "# KẾ HOẠCH"
    assert clean_inline("Mục [1] (#2) và [I] #3") == "Mục [1] (#2) và [I] #3"   # kept
