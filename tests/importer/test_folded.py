"""A page folded in three for an envelope, then scanned (session 27): its creases — thin grey
lines across the page — are taken out before Tesseract reads it, the print and a table's
black rules kept; the rest of a rule curled into a cell's edge is no letter."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bangvang.importer.creases import faint_lines_whitened
from bangvang.importer.scantable import _cell_image


def _page_with_a_crease():
    import fontpkg_be_vietnam_pro
    from pathlib import Path
    page = Image.new("L", (2480, 600), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(Path(fontpkg_be_vietnam_pro.ROOT) / "files" /
                                  "BeVietnamPro-Regular.ttf"), 40)
    draw.line([(170, 100), (2310, 100)], fill=0, width=3)            # a table's rule
    draw.text((200, 230), "Trần Thị An      Giáo viên      Tổ Ngoại ngữ", font=font, fill=0)
    draw.line([(0, 262), (2480, 266)], fill=150, width=3)            # the crease, a little slanted
    return page, np.asarray(page).copy()


def test_a_crease_across_a_line_of_text_is_whitened_and_the_print_kept():
    page, before = _page_with_a_crease()
    after = np.asarray(faint_lines_whitened(page))
    crease = (before == 150)
    assert (after[crease] == 255).mean() > 0.95            # the grey line is gone
    letters = before < 100
    assert (after[letters] == before[letters]).all()         # letters and the rule untouched
    assert (after[99:102, 170:2310] == 0).all()


def test_a_page_without_a_crease_is_left_as_it_is():
    page, before = _page_with_a_crease()
    ImageDraw.Draw(page).line([(0, 262), (2480, 266)], fill=255, width=3)
    clean = np.asarray(page).copy()
    assert (np.asarray(faint_lines_whitened(page)) == clean).all()


def test_the_rest_of_a_curled_rule_along_a_cells_edge_is_taken_out():
    page = Image.new("L", (900, 100), 255)
    draw = ImageDraw.Draw(page)
    draw.text((30, 30), "Ban Giám hiệu", fill=0)
    # the rule above the cell bows down into its top right corner, over 120 pixels
    draw.line([(700, 7), (895, 7)], fill=0, width=2)
    cell = np.asarray(_cell_image(page, (0, 0, 900, 100)))
    assert (cell[:12, 690:] == 255).all()
    assert (cell[15:, :300] < 150).any()                     # the text is still there
