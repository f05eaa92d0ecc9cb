"""A decision faxed by the district, then scanned (session 29's held-out damage): a fax drops
whole scan lines, which cut every vertical rule of a table into pieces. The rules must still
be found from the table's top: the header row above the first lost line was left out of the
table, and the list was refused ("không tìm thấy dòng tiêu đề cột")."""
from __future__ import annotations

import numpy as np

from bangvang.importer.scantable import _crossing, _grid, _rules


def _table_ink(lost: list[int]) -> np.ndarray:
    """A ruled table of 3 columns and 6 rows on a 300 dpi page, with the scan lines `lost`
    (white across the page)."""
    ink = np.zeros((1400, 1200), dtype=bool)
    top, height, xs = 200, 80, (150, 300, 800, 1050)
    for r in range(7):
        ink[top + r * height:top + r * height + 3, xs[0]:xs[-1] + 3] = True
    for x in xs:
        ink[top:top + 6 * height + 3, x:x + 3] = True
    for y in lost:
        ink[y:y + 4, :] = False
    return ink


def test_a_table_whose_vertical_rules_lost_scan_lines_keeps_its_top_rows():
    whole = _grid(*_crossing(_table_ink([]), *_rules(_table_ink([]))))
    assert whole is not None and len(whole[0]) == 7
    # Lines lost in the first, the second and the fourth row: every vertical rule in pieces
    # shorter than a rule's run above them.
    ink = _table_ink([250, 320, 470])
    ys, xs = _grid(*_crossing(ink, *_rules(ink)))
    assert len(ys) == 7 and ys[0] == 201 and len(xs) == 4


def test_a_row_whose_rules_a_lost_scan_line_cut_is_no_groups_heading():
    """A lost line across a pupil's row cut its inner rules: the row was read as a heading
    spanning the table ("19 | tim Duy Ảnh"), and the pupil was not imported."""
    from bangvang.importer.scantable import _merged_rows
    ink = np.zeros((240, 400), dtype=bool)
    ys = [0, 80, 160, 240]                   # rows of a list drawn at 300 dpi
    columns = [(0, 2), (150, 152), (300, 302), (397, 399)]
    for first, last in columns:
        ink[:, first:last + 1] = True
    ink[110:116, :] = False                  # a scan line lost across row 1
    assert _merged_rows(ink, ys, columns) == set()
    ink[80:160, 150:153] = False             # a real group's row: no inner rule at all
    ink[80:160, 300:303] = False
    assert _merged_rows(ink, ys, columns) == {1}


def _page(top_line: str):
    from PIL import Image
    from bangvang.importer.ocr import Line
    from bangvang.importer.scantable import Cell, ScanPage, ScanTable
    header = [Cell("STT", 95.0, (0, 0, 1, 1)), Cell("Họ và tên", 95.0, (0, 0, 1, 1)),
              Cell("Tổ", 95.0, (0, 0, 1, 1))]
    body = [[Cell("1", 96.0, (0, 0, 1, 1)), Cell("Đào Thị Anh", 96.0, (0, 0, 1, 1)),
             Cell("Thư viện", 96.0, (0, 0, 1, 1))]]
    page = ScanPage(1, 0.0, [Line(top_line, 90.0, (60, 40, 2000, 80), []),
                             Line("DANH SÁCH …", 95.0, (300, 500, 2000, 540), [])],
                    tables=[ScanTable([header] + body)], image=Image.new("L", (2480, 3508)))
    return page


def test_every_name_of_a_page_sent_by_fax_is_a_doubt():
    """A fax loses marks between its scan lines: "Đào Thị Ánh" printed "Đào Thị Anh", read
    so three times, sure, and written without a doubt (session 29's first run: 2 such names).
    A page headed by a fax machine's line makes its names doubts; its other cells, and the
    names of a page without that line, keep their confidence."""
    from bangvang.importer.scannames import faxed_names
    faxed = _page("06/05/2025 16:58 FAX 0208 3267459 PHONG GDDT Trang 1/2")
    plain = _page("TRƯỜNG THCS HÒA AN")
    faxed_names([faxed])
    faxed_names([plain])
    rows = faxed.tables[0].rows
    assert faxed.fax and rows[1][1].conf == 40.0
    assert rows[1][2].conf == 96.0 and rows[0][1].conf == 95.0
    assert not plain.fax and plain.tables[0].rows[1][1].conf == 96.0
