"""PDFs, scans and photos through `bangvang import plan|awards|entry` (issue 24).

Every page is drawn here (tests/importer/scanpages.py): an award list with its header, seal
and signature, rendered as a text PDF (WeasyPrint, like an export from Word), as an image-only
PDF (a scan) and as a slightly turned JPEG (a phone photo). Tests that need Tesseract skip
with the reason when it is missing, unless BANGVANG_REQUIRE_OCR=1 (CI).
"""
from __future__ import annotations

import json
import os

import pytest
import yaml

from bangvang import pipeline
from bangvang.commands.cli import main
from bangvang.importer import ocr
from bangvang.importer.scan import fix_ocr_text
from conftest import make_project, write

import scanpages

SCHOOL, NUMBER, DATE = "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025"
TITLE = "cá nhân đạt danh hiệu Lao động tiên tiến năm học 2024-2025"
PEOPLE = [("Nguyễn Thị Hương", "Tổ Ngữ văn"), ("Lê Văn Hải", "Tổ Toán - Tin"),
          ("Trần Quốc Bảo", "Tổ Khoa học tự nhiên"), ("Phạm Thị Ngọc Ánh", "Tổ Ngữ văn"),
          ("Đặng Văn Đức", "Tổ Toán - Tin"), ("Vũ Đình Ước", "Tổ Xã hội")]
ROWS = [["STT", "Họ và tên", "Chức vụ", "Tổ"]] + [
    [str(i), name, "Giáo viên", unit] for i, (name, unit) in enumerate(PEOPLE, 1)]


def needs_ocr():
    reason = ocr.missing()
    if reason:
        if os.environ.get("BANGVANG_REQUIRE_OCR") == "1":
            pytest.fail(f"{reason} (BANGVANG_REQUIRE_OCR=1: bắt buộc chạy)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def run_json(root, capsys, *args):
    code = main(["--root", str(root), "import", *map(str, args), "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured


def award_names(summary: dict) -> list[str]:
    return [item["name"] for table in summary["tables"] for item in table["added"]]


def test_text_pdf_award_list_reads_every_row_exactly(root, tmp_path, capsys):
    source = scanpages.html_pdf(tmp_path / "ds.pdf", scanpages.award_html(
        SCHOOL, NUMBER, DATE, TITLE, ROWS))
    code, captured = run_json(root, capsys, "awards", source, "--dry-run")
    summary = json.loads(captured.out)
    assert code == 0, captured.err
    assert award_names(summary) == [name for name, _ in PEOPLE]
    table = summary["tables"][0]
    assert table["decision"]["number"] == NUMBER and table["school_year"] == "2024-2025"


def test_text_pdf_plan_gives_the_same_fields_as_its_text(root, tmp_path, capsys):
    text = (scanpages.REPO_DOCUMENTS / "a_thcs_lac_long.txt").read_text(encoding="utf-8")
    expected = json.loads((scanpages.REPO_EXPECTED / "a_thcs_lac_long.json")
                          .read_text(encoding="utf-8"))
    source = scanpages.html_pdf(tmp_path / "kh.pdf", scanpages.plan_html(text))
    code, captured = run_json(root, capsys, "plan", source)
    values = json.loads(captured.out)
    for name in ("number", "issued", "title", "school_year"):
        assert values[name] == expected[name], name


def test_scanned_list_is_a_draft_with_its_doubts(root, tmp_path, capsys):
    needs_ocr()
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "scan.pdf",
                            scanpages.CLEAN)
    main(["--root", str(root), "import", "awards", str(source)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    roll = (root / "exemplars/honours/2024-2025.yml").read_text(encoding="utf-8")
    assert "\nstatus: draft" in roll      # a new roll of nothing but scanned rows is a draft
    awards = yaml.safe_load(roll)["awards"]
    right = [name for name, _ in PEOPLE if name in {a["recipient"] for a in awards}]
    assert len(right) >= 5, roll
    for award in awards:   # every row waits for a person; a name read wrong is never unmarked
        assert award["status"] == "draft", award
        if award["recipient"] not in {name for name, _ in PEOPLE}:
            assert any("Chưa chắc" in w for w in award.get("warnings", [])), award


def test_scanned_rows_added_to_a_published_roll_wait_alone(root, tmp_path, capsys):
    """The roll already online stays online; only the rows read from the scan are drafts."""
    needs_ocr()
    before = root / "exemplars/honours/2023-2024.yml"
    published = yaml.safe_load(before.read_text("utf-8"))["awards"]
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, "47/QĐ-THCS",
                                 "26/5/2024", TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "scan.pdf",
                            scanpages.CLEAN)
    main(["--root", str(root), "import", "awards", str(source), "--year", "2023-2024"])
    assert "Traceback" not in capsys.readouterr().err
    data = yaml.safe_load(before.read_text("utf-8"))
    assert data.get("status") != "draft"
    assert data["awards"][:len(published)] == published
    assert all(a.get("status") == "draft" for a in data["awards"][len(published):])
    result = pipeline.check(root)
    assert not result.problems, result.problems.report()
    assert any(w.file == "exemplars/honours/2023-2024.yml" and w.field == "awards"
               for w in result.problems.warnings)   # how many lines wait is said
    shown = {a.person.name for a in result.catalog.honour_rolls["2023-2024"].awards}
    assert not shown & {name for name, _ in PEOPLE}


def test_doubtful_name_is_never_merged_with_an_existing_person(root, tmp_path, capsys):
    needs_ocr()
    # The existing exemplar carries the name as it will be misread, one letter off.
    write(root, "exemplars/thay-le-van-hai.md", "---\nname: Lê Văn Hải\nrole: teacher\n"
          "unit: Tổ Toán - Tin\nschool_year: \"2024-2025\"\nsummary: Thầy dạy giỏi.\n---\nx\n")
    blurred = scanpages.Damage(blur=1.6, seal=True)
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, blurred), tmp_path / "mo.png", blurred)
    code, captured = run_json(root, capsys, "awards", source, "--dry-run")
    summary = json.loads(captured.out)
    for table in summary["tables"]:
        for item in table["added"] + table["already_present"]:
            if item.get("exemplar"):
                # Linked to a record only when the cell was read without doubt.
                assert item["name"] == "Lê Văn Hải"


def test_scanned_plan_is_a_draft_listing_its_doubts(root, tmp_path, capsys):
    needs_ocr()
    text = (scanpages.REPO_DOCUMENTS / "b_tieu_hoc_binh_minh.txt").read_text(encoding="utf-8")
    images = scanpages.text_page(scanpages.fonts()["be-vietnam-pro"], text.splitlines()[:40])
    source = scanpages.save(images[0], tmp_path / "kh.png", scanpages.CLEAN)
    code, captured = run_json(root, capsys, "plan", source)
    values = json.loads(captured.out)
    assert values["status"] == "draft"
    assert any("bản quét" in warning for warning in values["warnings"])


def test_missing_tesseract_is_a_vietnamese_message(root, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS[:3])
    source = scanpages.save(image, tmp_path / "ds.png", scanpages.CLEAN)
    code = main(["--root", str(root), "import", "plan", str(source)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Tesseract" in captured.err and "ds.png" in captured.err
    assert "Traceback" not in captured.err
    assert not list((root / "plans").glob("*ds*"))


def test_ocr_letter_fixes():
    assert fix_ocr_text("Quyết định số 52/GĐÐ-THCSHA") == "Quyết định số 52/QĐ-THCSHA"
    assert fix_ocr_text("Số: 12 /KH-THCS") == "Số: 12/KH-THCS"


def test_text_pdf_keeps_blanks_left_for_a_hand_written_number(root, tmp_path, capsys):
    """"Số:      /KH-MNHS" in a PDF is a blank for the number, not a second column: the
    issuer stays the school, the number is missing (asked for), not run into the header."""
    text = (scanpages.REPO_DOCUMENTS / "c_mam_non_hoa_sen.txt").read_text(encoding="utf-8")
    source = scanpages.html_pdf(tmp_path / "kh.pdf", scanpages.plan_html(text))
    code, captured = run_json(root, capsys, "plan", source)
    values = json.loads(captured.out)
    assert values["issuer"] == "Trường Mầm non Hoa Sen"
    assert values["number"] is None and values["issued"] is None
