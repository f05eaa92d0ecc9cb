"""An award list printed over two pages (session 25's held-out layout): page 2 with the header
row repeated, as Word does when asked, or without it. Every row is read once, the headings
never become a person, and row numbers follow the list."""
from __future__ import annotations

import json

import pytest

from bangvang.commands.cli import main
from conftest import make_project

import scanpages

SCHOOL, NUMBER, DATE = "THCS Hòa An", "52/QĐ-THCSHA", "25/5/2025"
TITLE = "học sinh đạt danh hiệu Học sinh xuất sắc năm học 2024-2025"
PUPILS = [("Lê Gia Lâm", "7A5"), ("Nguyễn Hữu Trung", "8A4"), ("Phạm Gia Phúc", "9A2"),
          ("Nguyễn Bảo Dung", "6A5"), ("Trần Văn An", "9A5"), ("Võ Minh Phát", "8A1")]
ROWS = [["STT", "Họ và tên", "Lớp"]] + [[str(i), name, unit]
                                       for i, (name, unit) in enumerate(PUPILS, 1)]


@pytest.mark.parametrize("repeat", [True, False])
def test_a_text_pdf_list_over_two_pages_gives_every_row_once(tmp_path, capsys, repeat):
    root = make_project(tmp_path / "school")
    source = scanpages.html_pdf(tmp_path / "ds.pdf", scanpages.award_html(
        SCHOOL, NUMBER, DATE, TITLE, ROWS, first=4, repeat_header=repeat))
    code = main(["--root", str(root), "import", "awards", str(source), "--dry-run", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    (table,) = json.loads(captured.out)["tables"]
    items = sorted(table["added"] + table["already_present"], key=lambda item: item["row"])
    assert [(item["name"], item["award"].get("unit")) for item in items] == PUPILS
    assert [item["row"] for item in items] == list(range(2, 2 + len(PUPILS)))
    assert table["unread"] == []


def test_the_header_row_repeated_inside_a_list_is_no_row(tmp_path, capsys):
    """However the repeated headings got inside the table (pages joined, a sheet printed
    with its rows to repeat), "Họ và tên" in class "Lớp" is no pupil."""
    root = make_project(tmp_path / "school")
    csv = tmp_path / "ds.csv"
    lines = [f"Danh sách kèm theo Quyết định số {NUMBER} ngày {DATE}", ",".join(ROWS[0])]
    lines += [",".join(row) for row in ROWS[1:4]] + [",".join(ROWS[0])]
    lines += [",".join(row) for row in ROWS[4:]]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["--root", str(root), "import", "awards", str(csv), "--dry-run", "--json",
                 "--title", "Học sinh xuất sắc"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    summary = json.loads(captured.out)
    names = [item["name"] for t in summary["tables"] for item in t["added"] + t["already_present"]]
    assert names == [name for name, _ in PUPILS], (code, captured.out[:2000])


def test_names_on_a_scanned_page_without_the_header_row_are_checked_too(tmp_path, capsys):
    """Page 2 of a scanned list without its headings: its names are read again like page
    1's, so one that is no name ("Quên", read as sure as the others) is a doubt there too,
    with the name one letter away offered ("Quân"), never a sure person."""
    from test_scans import needs_ocr
    needs_ocr()
    root = make_project(tmp_path / "school")
    rows = [row[:] for row in ROWS]
    rows[5][1] = "Trần Văn Quên"                      # on page 2
    pages = scanpages.award_pages(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                  TITLE, rows, first=3, widths=[150, 1000, 400],
                                  repeat_header=False)
    source = scanpages.save_pages([scanpages.damaged(p, scanpages.CLEAN, seed=n)
                                   for n, p in enumerate(pages)], tmp_path / "qd.pdf",
                                  scanpages.CLEAN)
    code = main(["--root", str(root), "import", "awards", str(source), "--dry-run", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err, captured.err
    items = [item for table in json.loads(captured.out)["tables"]
             for item in table["added"] + table["already_present"]]
    assert len(items) == len(PUPILS)
    (odd,) = [item for item in items if item["row"] == 6]
    assert odd["award"].get("_name_doubt"), odd
    assert odd["name"] in ("Trần Văn Quân", "Trần Văn Quên")


def test_a_scanned_page_that_gave_no_row_is_named():
    """Page 2 of a photographed list whose table was not found gave no row, and nothing said
    so (session 25: 6 of 14 pupils lost without a word). Now the page is named."""
    from bangvang.importer.awards import pages_without_rows
    from bangvang.importer.tables import Sheet, Source
    source = Source("scan", [Sheet("bảng 1", [["STT"]], [1], scan_pages=[1])], pages=3)
    notes = pages_without_rows(source)
    assert [note.split(" của")[0] for note in notes] == ["Trang 2", "Trang 3"]
    assert "CHƯA được nhập" in notes[0]
    source.sheets[0].scan_pages = [1, 2, 3]
    assert pages_without_rows(source) == []
