"""Plans and award lists typed in the legacy encodings TCVN3 (.VnTime, .VnTimeH) and VNI
(VNI-Times) import as their Unicode originals, the summary saying what was converted; text
whose encoding the text leaves open is refused with a message, never guessed.

The documents are written by tests/importer/legacydocs.py from the project's own sample plan
and the demo's staff list (Word with the font in the default style, TCVN3's capitals in runs
of ".VnTimeH"; PDFs with that text layer). Before session 24 a legacy plan was refused ("gõ
bằng phông TCVN3 … chuyển sang Unicode trước") and a legacy award list imported as garbage
("NguyÔn V¨n …").
"""
from __future__ import annotations

import json

import pytest

import legacydocs
import scanpages
from bangvang.importer.legacy import Conversion, convert, fix_lines, font_encoding
from conftest import REPO, make_project, run_bangvang

PLAN = REPO / "tests" / "importer" / "documents" / "a_thcs_lac_long.txt"
EXPECTED = {"number": "15/KH-THCSLL", "issued": "2024-09-12",
            "issuer": "Trường THCS Lạc Long",
            "title": "Thực hiện công tác thi đua, khen thưởng năm học 2024 - 2025"}


def _plan(root, path) -> dict:
    result = run_bangvang(root, "import", "plan", str(path), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def plan_text() -> str:
    assert PLAN.exists()
    return PLAN.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, kind", [("tcvn3", "docx"), ("vni", "docx"),
                                            ("tcvn3", "pdf"), ("vni", "pdf")])
def test_a_legacy_plan_imports_as_its_unicode_original(tmp_path, plan_text, encoding, kind):
    path = tmp_path / f"ke-hoach.{kind}"
    if kind == "docx":
        legacydocs.plan_docx(path, plan_text, encoding)
    else:
        legacydocs.legacy_pdf(path, scanpages.plan_html(plan_text), encoding)
    got = _plan(tmp_path, path)
    assert {key: got[key] for key in EXPECTED} == EXPECTED
    label = {"tcvn3": "TCVN3", "vni": "VNI"}[encoding]
    assert any(f"bảng mã cũ {label}" in note for note in got["converted"]), got["converted"]
    if encoding == "tcvn3":   # the headings were typed in the capitals-only face
        assert any(".VnTimeH" in note for note in got["converted"])


def test_the_summary_says_the_file_was_converted(tmp_path, plan_text):
    path = legacydocs.plan_docx(tmp_path / "ke-hoach.docx", plan_text, "tcvn3")
    root = make_project(tmp_path / "school")
    result = run_bangvang(root, "import", "plan", str(path))
    assert result.returncode == 0, result.stderr
    assert "Bảng mã: Tệp gõ bằng bảng mã cũ TCVN3 (ABC) (phông .VnTime, .VnTimeH)" in \
        result.stdout
    shown = result.stdout.split(" → ", 1)[1].split(" (", 1)[0]
    written = (root / shown).read_text(encoding="utf-8")
    assert "Thực hiện công tác thi đua, khen thưởng" in written and "¹" not in written


@pytest.mark.parametrize("encoding, kind", [("tcvn3", "docx"), ("vni", "docx"),
                                            ("tcvn3", "pdf"), ("vni", "pdf")])
def test_a_legacy_award_list_gives_the_names_as_written(tmp_path, encoding, kind):
    lst = scanpages.award_lists(REPO)[0]
    path = tmp_path / f"ds.{kind}"
    if kind == "docx":
        legacydocs.award_docx(path, "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025", lst.title,
                              lst.rows, encoding)
    else:
        legacydocs.legacy_pdf(path, scanpages.award_html(
            "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025", lst.title, lst.rows), encoding)
    root = make_project(tmp_path / "school")
    result = run_bangvang(root, "import", "awards", str(path), "--dry-run", "--json")
    got = json.loads(result.stdout)
    items = [item for table in got["tables"] for item in table["added"] +
             table["already_present"]]
    assert [(item["name"], item["award"].get("unit")) for item in items] == lst.expected
    assert all(item["label"] == lst.label for item in items)
    notes = [note for table in got["tables"] for note in table["notes"]]
    assert any("bảng mã cũ" in note for note in notes), notes


def test_a_text_file_in_tcvn3_without_a_font_is_converted_and_flagged(tmp_path, plan_text):
    legacy = "\n".join("".join(piece for piece, _ in legacydocs.encode(line, "tcvn3"))
                       for line in plan_text.splitlines())
    for name, data in (("utf8.txt", legacy.encode("utf-8")),
                       # saved by an old editor in the font's own bytes
                       ("bytes.txt", legacy.encode("cp1252", errors="replace"))):
        path = tmp_path / name
        path.write_bytes(data)
        got = _plan(tmp_path, path)
        assert got["issuer"] == EXPECTED["issuer"] and got["number"] == EXPECTED["number"]
        assert any("theo nội dung" in note for note in got["converted"])
        assert any("theo nội dung" in warning for warning in got["warnings"])


def test_legacy_text_no_table_reads_is_refused_not_guessed(tmp_path):
    path = tmp_path / "lan.txt"
    path.write_text("KẾ HOẠCH\nÕÖ¹µ¸ ®«¬÷ùø ïñ¹ µÕ¸Ö ¬®«\n", encoding="utf-8")
    result = run_bangvang(tmp_path, "import", "plan", str(path), "--json")
    assert result.returncode == 1
    assert "không rõ là TCVN3 hay VNI" in result.stderr and "Unikey" in result.stderr


def test_unicode_text_with_latin1_letters_is_left_alone():
    conversion = Conversion()
    lines = ["Cô Thái Hà dạy giỏi", "Nguyễn Văn Bá", "Tổ Toán - Tin"]
    assert fix_lines(lines, conversion) == lines
    assert not conversion.notes() and not conversion.unsure


def test_a_mixed_file_converts_each_line_by_its_own_encoding():
    conversion = Conversion()
    lines = ["KÕ ho¹ch c«ng t¸c thi ®ua khen th\xadëng n¨m häc",
             "Keá hoaïch coâng taùc thi ñua khen thöôûng naêm hoïc", "Thái Hà"]
    assert fix_lines(lines, conversion) == ["Kế hoạch công tác thi đua khen thưởng năm học"] * 2 \
        + ["Thái Hà"]
    assert conversion.by_text == {"tcvn3": 1, "vni": 1}


def test_fonts_and_tables():
    assert font_encoding("ABCDEF+.VnTimeH,Bold") == ("tcvn3", True)
    assert font_encoding(".VnArial") == ("tcvn3", False)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") is None
    assert convert("KÕ ho¹ch", "tcvn3", capitals=True) == "KẾ HOẠCH"
    assert convert("saün saøng, aúng", "vni") == "sẵn sàng, ẳng"   # ẳ: added to viparse's table


def test_a_word_file_mixing_unicode_and_legacy_runs(tmp_path):
    import docx
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Trường THCS Hòa An: ")               # Unicode, the default font
    paragraph.add_run("danh s¸ch gi¸o viªn").font.name = ".VnTime"
    paragraph.add_run(" vaø hoïc sinh").font.name = "VNI-Times"
    path = tmp_path / "mixed.docx"
    document.save(str(path))
    from bangvang.importer.reading import read_lines
    lines = read_lines(path)
    assert lines[0] == "Trường THCS Hòa An: danh sách giáo viên và học sinh"
    assert len(lines.legacy.notes()) == 2


def test_a_contest_entry_typed_in_vni_keeps_its_authors_name(tmp_path):
    document = legacydocs._document("vni")
    for line in ("Bài dự thi: Người thầy của em", "Tác giả: Nguyễn Thị Hồng Nhung",
                 "Lớp: 8A3", "", "Em luôn nhớ về thầy giáo dạy Toán năm lớp sáu."):
        legacydocs._runs(document.add_paragraph(), line, "vni")
    path = tmp_path / "bai-du-thi.docx"
    document.save(str(path))
    root = make_project(tmp_path / "school")
    result = run_bangvang(root, "import", "entry", str(path), "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "tác giả: Nguyễn Thị Hồng Nhung" in result.stdout
    assert "bảng mã cũ VNI (phông VNI-Times)" in result.stdout


@pytest.mark.parametrize("encoding, font", [("tcvn3", ".VnTime"), ("vni", "VNI-Times")])
def test_an_excel_list_in_a_legacy_font(tmp_path, encoding, font):
    import openpyxl
    from openpyxl.styles import Font
    lst = scanpages.award_lists(REPO)[0]
    book = openpyxl.Workbook()
    sheet = book.active
    for row in lst.rows:
        sheet.append(["".join(piece for piece, _ in legacydocs.encode(cell, encoding))
                      for cell in row])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name=font)
    path = tmp_path / "ds.xlsx"
    book.save(str(path))
    root = make_project(tmp_path / "school")
    result = run_bangvang(root, "import", "awards", str(path), "--dry-run", "--json",
                          "--decision", "52/QĐ-THCSHA", "--date", "25/5/2025", "--title",
                          lst.label)
    got = json.loads(result.stdout)
    items = [item for table in got["tables"] for item in table["added"] +
             table["already_present"]]
    read = [(item["name"], item["award"].get("unit")) for item in items]
    if encoding == "vni":
        assert read == lst.expected
    else:
        # TCVN3 has no code for a marked capital such as Á: typed in .VnTime it is the small
        # letter ("Đào Thị ánh"), as the file shows it.
        assert [(name.lower(), unit) for name, unit in read] == \
            [(name.lower(), unit) for name, unit in lst.expected]
    notes = [note for table in got["tables"] for note in table["notes"]]
    assert any(f"(phông {font})" in note for note in notes), notes
