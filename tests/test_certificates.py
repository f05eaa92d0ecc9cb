"""`bangvang giay-khen`: print-ready certificates (bangvang/commands/certificates.py), read back with pypdf.

Skipped, with the reason, when WeasyPrint's system libraries (Pango) or the font are missing
(`make pdf-libs` installs them); BANGVANG_REQUIRE_BROWSER=1 (CI) makes that a failure.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pytest

from bangvang.commands import certificates, cli
from bangvang.records import kinds
from bangvang.records.fields import Text
from conftest import make_project, write

YEAR = "2023-2024"
SCHOOL = ("name: Trường THCS Thử Nghiệm\nplace: phường Hòa An\n"
          "parent_body: Ủy ban nhân dân phường Hòa An\nintro: Trang thử.\n")
# Added to the mini project's honour roll, which has Đặng Văn Đỗ (exemplar, title at school
# level), Lê Văn Ân (student, consent none) and hs-2024-nhat-vi (Nguyễn Thị An, a student
# exemplar shown with initials on the site).
EXTRA_AWARDS = """\
  - recipient: Trần Thị Ánh
    role: student
    unit: 7A2
    form: giay-khen
    level: truong
    decision: {number: 52/QĐ-THCS, date: 25/05/2024}
    reason: Nhặt được của rơi trả người đánh mất
  - recipient: Phạm Văn Bình
    role: teacher
    unit: Tổ Toán - Tin
    form: bang-khen
    level: tinh
    decision: {number: 1520/QĐ-UBND, date: 10/06/2024}
    reason: Giỏi
  - recipient: Lê Thị Cúc
    role: teacher
    form: giay-khen
    level: huyen
    decision: {number: 118/QĐ-UBND, date: 30/05/2024}
  - recipient: Tổ Ngữ văn
    role: collective
    form: giay-khen
    level: truong
    decision: {number: 05/QĐ-THCS, date: 08/01/2024}
    reason: "<img src=\\"file:///etc/passwd\\"> & <b>đậm</b>"
"""


def require_pdf() -> None:
    problem = certificates.missing_requirements()
    if problem:
        if os.environ.get("BANGVANG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{problem} (BANGVANG_REQUIRE_BROWSER=1: bắt buộc chạy)", pytrace=False)
        pytest.skip(f"không tạo được giấy khen trên máy này: {problem}")


def school(base: Path) -> Path:
    root = make_project(base / "school")
    write(root, "data/school.yml", SCHOOL)
    roll = root / f"exemplars/honours/{YEAR}.yml"
    roll.write_text(roll.read_text("utf-8") + EXTRA_AWARDS, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "giay-khen", *args])
    return code, out.getvalue(), err.getvalue()


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
                    .split())


def pdfs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.pdf"))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The mini project with its certificates written once, the default way."""
    require_pdf()
    root = school(tmp_path_factory.mktemp("certificates"))
    code, out, err = run(root, YEAR)
    assert code == 0, err
    return root, out


def test_one_a4_landscape_page_per_school_award(made):
    root, out = made
    folder = root / "giay-khen" / YEAR
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["dang-van-do-chien-si-thi-dua-co-so.pdf", "le-van-an-hoc-sinh-xuat-sac.pdf",
                     "nguyen-thi-an-hoc-sinh-xuat-sac.pdf", "to-ngu-van-giay-khen.pdf",
                     "tran-thi-anh-giay-khen.pdf"]
    for path in folder.iterdir():
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 842) <= 1 and abs(float(box.height) - 595) <= 1
    assert "Đã ghi 5 giấy khen" in out and f"giay-khen/{YEAR}/" in out


def test_a_giay_khen_says_everything_in_the_customary_order(made):
    root, _ = made
    text = text_of(root / "giay-khen" / YEAR / "tran-thi-anh-giay-khen.pdf")
    expected = ["ỦY BAN NHÂN DÂN PHƯỜNG HÒA AN", "TRƯỜNG THCS THỬ NGHIỆM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY KHEN",
                "HIỆU TRƯỞNG TRƯỜNG THCS THỬ NGHIỆM TẶNG", "Trần Thị Ánh", "Học sinh lớp 7A2",
                "Đã có thành tích: Nhặt được của rơi trả người đánh mất",
                "Quyết định số 52/QĐ-THCS ngày 25/5/2024", "Hòa An, ngày 25 tháng 5 năm 2024",
                "HIỆU TRƯỞNG"]
    position = 0
    for part in expected:
        found = text.find(part, position)
        assert found >= 0, (part, text)
        position = found + len(part)


def test_full_names_even_when_the_site_shows_initials_or_nothing(made):
    root, _ = made
    folder = root / "giay-khen" / YEAR
    student = text_of(folder / "nguyen-thi-an-hoc-sinh-xuat-sac.pdf")  # initials on the site
    assert "Nguyễn Thị An" in student and "Học sinh lớp 7A" in student
    assert "HỌC SINH XUẤT SẮC" in student and f"Năm học {YEAR}" in student
    hidden = text_of(folder / "le-van-an-hoc-sinh-xuat-sac.pdf")       # consent: none
    assert "Lê Văn Ân" in hidden and "Đã có thành tích" not in hidden  # no reason given


def test_an_award_citing_an_exemplar_takes_name_role_and_unit_from_it(made):
    root, _ = made
    text = text_of(root / "giay-khen" / YEAR / "dang-van-do-chien-si-thi-dua-co-so.pdf")
    assert "Đặng Văn Đỗ" in text and "Giáo viên Tổ Toán" in text
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in text and "Quyết định số 45/QĐ-THCS" in text


def test_fonts_are_embedded_and_record_text_is_only_text(made):
    root, _ = made
    path = root / "giay-khen" / YEAR / "to-ngu-van-giay-khen.pdf"
    fonts = pypdf.PdfReader(path).pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"], font.get_object()["/BaseFont"]
    text = text_of(path)
    assert '<img src="file:///etc/passwd"> & <b>đậm</b>' in text
    assert "Tổ Ngữ văn" in text and "ngày 08 tháng 01 năm 2024" in text
    assert "root:" not in text


def test_higher_level_awards_are_skipped_with_the_reason(made):
    root, out = made
    assert "Bỏ qua 2 khen thưởng không do trường cấp" in out
    assert "Phạm Văn Bình: Bằng khen, cấp Tỉnh, thành phố (quyết định 1520/QĐ-UBND)" in out
    assert "Lê Thị Cúc: Giấy khen, cấp Quận, huyện" in out
    assert not any("binh" in p.name or "cuc" in p.name for p in pdfs(root))


def test_nothing_is_written_outside_the_certificate_folder(made):
    root, _ = made
    assert all(p.parent == root / "giay-khen" / YEAR for p in pdfs(root))
    assert not (root / "site").exists()
    assert not list(root.rglob("*.tmp"))


def test_one_file_with_one_page_per_award_filtered_by_decision(tmp_path):
    require_pdf()
    root = school(tmp_path)
    code, out, err = run(root, YEAR, "--one-file", "--decision", "46/qd-thcs")
    assert code == 0, err
    path = root / "giay-khen" / YEAR / "giay-khen-2023-2024-qd-46-qd-thcs.pdf"
    assert pdfs(root) == [path]
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 2
    assert all(abs(float(p.mediabox.width) - 842) <= 1 for p in reader.pages)
    assert "Lê Văn Ân" in text_of(path) and "Nguyễn Thị An" in text_of(path)
    assert "Đã ghi 2 giấy khen" in out
    code, _, err = run(root, YEAR, "--decision", "999")
    assert code == 1 and "không có khen thưởng nào theo quyết định “999”" in err
    assert "46/QĐ-THCS" in err and "Traceback" not in err


@pytest.mark.parametrize("out, words", [
    ("../elsewhere", "ngoài thư mục dự án"), ("/tmp", "ngoài thư mục dự án"),
    ("site/giay-khen", "trang web được công bố"), ("content/in", "thư mục hồ sơ"),
    ("exemplars/honours", "thư mục hồ sơ")])
def test_out_folders_that_could_publish_or_leak_are_refused(tmp_path, out, words):
    root = school(tmp_path)
    code, stdout, err = run(root, YEAR, "--out", out)
    assert code == 1 and words in err and "Traceback" not in err
    assert not pdfs(tmp_path) and not (root / "giay-khen").exists()


def test_an_out_folder_inside_the_project_is_used(tmp_path):
    require_pdf()
    root = school(tmp_path)
    code, out, err = run(root, YEAR, "--out", "in-an/le-tong-ket", "--decision", "52")
    assert code == 0, err
    assert pdfs(root) == [root / "in-an/le-tong-ket/tran-thi-anh-giay-khen.pdf"]
    assert "in-an/le-tong-ket/" in out


def test_nothing_is_written_when_the_check_fails(tmp_path):
    root = school(tmp_path)
    write(root, "exemplars/honours/2024-2025.yml", "school_year: \"2024-2025\"\nawards:\n"
          "  - recipient: Ai Đó\n    level: truong\n")
    code, out, err = run(root, YEAR)
    assert code == 1 and "exemplars/honours/2024-2025.yml" in err and "Chưa in giấy khen" in err
    assert not (root / "giay-khen").exists()


@pytest.mark.parametrize("args, words", [
    ((), "hãy ghi năm học, ví dụ `bangvang giay-khen 2023-2024`"),
    (("2023-2025",), "năm học “2023-2025” chưa đúng dạng"),
    (("2019-2020",), "không có bảng vàng năm học 2019-2020")])
def test_a_missing_or_wrong_school_year_is_explained(tmp_path, args, words):
    code, _, err = run(school(tmp_path), *args)
    assert code == 1 and words in err and "Traceback" not in err


def test_principal_signs_when_the_school_gives_a_name(tmp_path, monkeypatch):
    require_pdf()
    monkeypatch.setitem(kinds.SCHOOL, "principal", Text("Họ tên hiệu trưởng"))
    root = school(tmp_path)
    write(root, "data/school.yml", SCHOOL + "principal: Nguyễn Thị Thu Hà\n")
    code, out, err = run(root, YEAR, "--decision", "52")
    assert code == 0, err
    assert "HIỆU TRƯỞNG Nguyễn Thị Thu Hà" in text_of(pdfs(root)[0])
    assert "chưa có tên hiệu trưởng" not in out


def test_long_names_and_reasons_stay_on_one_page(tmp_path):
    require_pdf()
    root = school(tmp_path)
    name = "Công Tôn Nữ Hoàng Thị Thanh Thủy Tiên Ngọc Bích Diệp"
    roll = root / f"exemplars/honours/{YEAR}.yml"
    roll.write_text(roll.read_text("utf-8") + f"""\
  - recipient: {name}
    role: teacher
    unit: Tổ Khoa học xã hội và Giáo dục công dân
    form: giay-khen
    level: truong
    decision: {{number: 60/QĐ-THCS, date: 01/06/2024}}
    reason: "{'Có thành tích xuất sắc trong phong trào thi đua. ' * 30}"
""", encoding="utf-8")
    code, out, err = run(root, YEAR, "--decision", "60")
    assert code == 0, err
    reader = pypdf.PdfReader(pdfs(root)[0])
    assert len(reader.pages) == 1 and name in text_of(pdfs(root)[0])
    assert f"thành tích quá dài (hơn {certificates.MAX_REASON} ký tự)" in out


def test_without_weasyprint_a_message_not_a_traceback(tmp_path, monkeypatch):
    def missing():
        raise certificates.CertificateError("WeasyPrint cần thư viện Pango của hệ thống")
    monkeypatch.setattr(certificates, "_weasyprint", missing)
    root = school(tmp_path)
    code, _, err = run(root, YEAR)
    assert code == 1 and "Lỗi: WeasyPrint cần thư viện Pango" in err
    assert not pdfs(root)


@pytest.mark.parametrize("place, day, expected", [
    ("phường Hòa An", dt.date(2025, 5, 25), "Hòa An, ngày 25 tháng 5 năm 2025"),
    ("xã Xa La", dt.date(2025, 1, 5), "Xa La, ngày 05 tháng 01 năm 2025"),
    ("Phường 5", dt.date(2024, 12, 9), "Phường 5, ngày 09 tháng 12 năm 2024"),
    ("Cao Dương", dt.date(2024, 2, 10), "Cao Dương, ngày 10 tháng 02 năm 2024"),
    (None, dt.date(2024, 3, 1), "Ngày 01 tháng 3 năm 2024")])
def test_place_and_date_as_official_documents_write_them(place, day, expected):
    assert certificates.place_date(place, day) == expected


def test_making_certificates_leaves_the_photo_checks_strict(made):
    # Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process;
    # certificates.py puts it back, so truncated photos stay refused (test_images.py).
    from PIL import ImageFile
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
