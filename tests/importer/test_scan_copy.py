"""What a photocopy or a fax does to an award list (session 25's held-out damage): a letter
of a heading misread, specks and closed spaces around a name, a class's last digit lost."""
from __future__ import annotations

from bangvang.importer.columns import Columns, heading_field
from bangvang.importer.repair import _odd_classes
from bangvang.importer.scannames import _choose_name, _name_cleaned
from bangvang.importer.scantable import Cell
from bangvang.importer.tables import Sheet


def test_a_heading_a_letter_off_is_still_that_heading():
    # "Họ và tân": the list was refused ("no header row") for one letter.
    assert heading_field("Họ và tân") == "name"
    assert heading_field("Chúc vụ") == "role"
    assert heading_field("Ghi chư") == "note"
    assert heading_field("Ngáy sinh") == "private"        # private data is never read
    # A name in a row is no heading: two letters off, or too short to tell.
    assert heading_field("Hồ Văn Tân") is None
    assert heading_field("Lê Gia Lâm") is None
    assert heading_field("Tô") != "name"


def test_specks_and_closed_spaces_are_taken_out_of_a_name_but_it_stays_a_doubt():
    assert _name_cleaned("Dương Thị Thu _ _", 90.0) == ("Dương Thị Thu", 84.0)
    assert _name_cleaned("Nguyễn Minh Văn Quang. |", 96.0)[0] == "Nguyễn Minh Văn Quang"
    assert _name_cleaned("Trần Thị An ý", 90.0)[0] == "Trần Thị An"
    assert _name_cleaned("NguyễnVănAn ˆ", 90.0)[0] == "Nguyễn Văn An"
    assert _name_cleaned("Đình QuangThắng", 90.0)[0] == "Đình Quang Thắng"
    # Not syllables run together: as read.
    assert _name_cleaned("McDonald Văn", 90.0) == ("McDonald Văn", 90.0)
    assert _name_cleaned("Lê Gia Lâm", 96.0) == ("Lê Gia Lâm", 96.0)
    cell = Cell("NguyễnVănAn", 95.0, (0, 0, 10, 10))
    _choose_name(cell, [("NguyễnVănAn", 95.0), ("Nguyễn VănAn -", 92.0),
                        ("NguyễnVăn An", 93.0)])
    assert cell.text == "Nguyễn Văn An" and cell.conf < 85     # right, and checked


def test_a_class_of_another_shape_than_the_column_is_a_doubt():
    classes = ["6A5", "9A2", "6A", "8A1", "7A6", "6A4"]
    sheet = Sheet("", [["STT", "Họ và tên", "Lớp"]] + [[str(i), "Lê Văn An", c] for i, c in
                                                       enumerate(classes, 1)],
                  list(range(1, 8)))
    sheet.scan = {(row, 2): (95.0, 1, (0, 0, 10, 10), "") for row in range(1, 7)}
    columns = Columns(header=0, start=1, fields={"class": [2]}, headings={2: "Lớp"})
    notes = _odd_classes(sheet, columns, 2)
    assert [sheet.scan[(row, 2)][0] for row in range(1, 7)] == [95.0, 95.0, 40.0, 95.0, 95.0,
                                                                 95.0]
    assert len(notes) == 1 and "“6A”" in notes[0] and notes[0].startswith("Dòng 4, ")
    # A column of many shapes says nothing.
    sheet.rows[1][2], sheet.rows[2][2] = "10A1", "12C"
    sheet.scan = {(row, 2): (95.0, 1, (0, 0, 10, 10), "") for row in range(1, 7)}
    assert _odd_classes(sheet, columns, 2) == []


def test_a_copy_whose_toner_spread_is_told_from_a_clean_print(tmp_path):
    """A 1-bit page (what copiers and fax machines scan to) is marked so, and its strokes
    are measured heavy when the toner spread; a clean print's are not, 1 bit or not. Only
    such a page is thinned before it is read (ocr.prepare)."""
    import numpy as np
    import scanpages
    from bangvang.importer import ocr
    font = scanpages.fonts()["be-vietnam-pro"]
    rows = [["STT", "Họ và tên", "Lớp"]] + [[str(i), "Nguyễn Văn An", "6A5"] for i in range(1, 13)]
    image = scanpages.award_page(font, "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025",
                                 "học sinh xuất sắc", rows, [150, 1000, 400])
    copy = scanpages.save(scanpages.damaged(image, scanpages.COPY), tmp_path / "copy.pdf",
                          scanpages.COPY)
    clean = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "clean.pdf",
                           scanpages.CLEAN)
    bilevel = image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    bilevel.save(tmp_path / "fine.png")

    def ratio(page) -> float:
        grey = np.asarray(page.convert("L"))
        return ocr.stroke_ratio(grey < 128)

    (copied,), (printed,) = ocr.page_images(copy), ocr.page_images(clean)
    (fine,) = ocr.page_images(tmp_path / "fine.png")
    assert copied.info["bilevel"] and fine.info["bilevel"] and not printed.info["bilevel"]
    assert ratio(copied) >= ocr.HEAVY > max(ratio(printed), ratio(fine))


def test_a_document_number_whose_slash_was_lost_gets_it_back():
    from bangvang.importer.scan import fix_ocr_text
    assert fix_ocr_text("(Kèm theo Quyết định số 52QĐ-THCSHA ngày 25/5/2025") == \
        "(Kèm theo Quyết định số 52/QĐ-THCSHA ngày 25/5/2025"
    assert fix_ocr_text("Số: 15KH-THCSLL") == "Số: 15/KH-THCSLL"
    # Numbers written so on purpose stay.
    for text in ("124-KH/TU", "91/2017/NĐ-CP", "lớp 6A5", "52/QĐ-THCSHA"):
        assert fix_ocr_text(text) == text


def test_a_photocopied_plan_keeps_its_basis_line(tmp_path, capsys):
    """A plan as a photocopy gives it (1 bit, toner spread, specks): the basis line that
    Tesseract's page layout mangled ("số46/€-PGDĐT ngày 0802/2025") is read as one block too
    and the better reading kept, so the basis document is found with its date."""
    import json
    from pathlib import Path
    import scanpages
    from bangvang.commands.cli import main
    from conftest import make_project
    from test_scans import needs_ocr
    needs_ocr()
    root = make_project(tmp_path / "school")
    font = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    if not font.exists():
        import pytest
        pytest.skip("Liberation Serif chưa cài (make scan-fonts)")
    text = (scanpages.REPO_DOCUMENTS / "c_mam_non_hoa_sen.txt").read_text(encoding="utf-8")
    pages = scanpages.text_page(font, text.splitlines())[:1]
    source = scanpages.save_pages([scanpages.damaged(page, scanpages.COPY, seed=0)
                                   for page in pages], tmp_path / "kh.pdf", scanpages.COPY)
    main(["--root", str(root), "import", "plan", str(source), "--json"])
    got = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {(b["number"], b["date"]) for b in got["basis"] if b.get("number")} >= \
        {("45/KH-PGDĐT", "2025-02-08")}
