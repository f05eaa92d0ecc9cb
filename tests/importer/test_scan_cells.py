"""A table's cells as the importer cuts them out of a scanned or photographed page, and the
text around the table (issue 24): a letter close to a rule is a letter, the lines above the
table are read on a photo whose paper is grey."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image, ImageDraw, ImageFont

from bangvang.commands.cli import main
from bangvang.importer import scantable
from conftest import make_project

import scanpages
from test_scans import DATE, NUMBER, PEOPLE, ROWS, SCHOOL, TITLE, needs_ocr

CONDENSED = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf")


def _cell_page(left_gap: int) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """A grey photo-like page holding one ruled cell 64 px high (a page photographed at
    240 dpi, not enlarged), "Họ và tên" written `left_gap` px right of its left rule, and
    a stroke left of the right rule where a rule a little off level would leave one."""
    if not CONDENSED.exists():
        pytest.skip("DejaVu Serif Condensed is not installed (fonts-dejavu-extra)")
    page = Image.new("L", (700, 200), 222)
    draw = ImageDraw.Draw(page)
    box = (50, 60, 650, 124)
    draw.rectangle(box, outline=20, width=3)
    font = ImageFont.truetype(str(CONDENSED), 34)
    draw.text((box[0] + left_gap, box[1] + 14), "Họ và tên", font=font, fill=20)
    draw.line([(box[2] - 8, box[1]), (box[2] - 8, box[3])], fill=30, width=3)
    return page, box


def _ink_columns(image: Image.Image) -> np.ndarray:
    return (np.asarray(image) < 150).any(axis=0)


def test_a_letter_beside_the_rule_is_kept_and_what_is_left_of_a_rule_is_taken_out():
    page, box = _cell_page(left_gap=10)
    cell = scantable._cell_image(page, box)
    raw = np.asarray(page.crop((box[0] + 5, box[1] + 5, box[2] - 5, box[3] - 5))) < 150
    # The stem of the "H" lies inside the 14 px along the edge where what is left of a rule
    # is looked for, and is ink over more than 45 % of the cell's height, as a rule's rest
    # is: before, it was whitened and "Họ" was read "đọ".
    assert (raw[:, :14].mean(axis=0) > 0.45).any()
    assert (_ink_columns(cell)[:14] == raw[:, :14].any(axis=0)).all()
    inked = _ink_columns(cell)
    # The stroke along the right edge crossed the whole cell: it is gone.
    assert not inked[-14:].any()


def test_a_turned_photo_of_a_list_set_close_to_its_rules_is_read(tmp_path, capsys):
    """A phone photo of a list in a narrow serif (DejaVu Serif Condensed), turned 2.2°: the
    header row is found and the decision's number and date are read from the line above
    the table (the paper is grey in a photo; the table blanked out in white hid that line)."""
    needs_ocr()
    if not CONDENSED.exists():
        pytest.skip("DejaVu Serif Condensed is not installed (fonts-dejavu-extra)")
    root = make_project(tmp_path / "school")
    image = scanpages.award_page(CONDENSED, SCHOOL, NUMBER, DATE, TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, scanpages.PHOTO), tmp_path / "anh.jpg",
                            scanpages.PHOTO)
    assert main(["--root", str(root), "import", "awards", str(source)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    awards = yaml.safe_load((root / "exemplars/honours/2024-2025.yml").read_text("utf-8"))[
        "awards"]
    assert [a["recipient"] for a in awards] == [name for name, _ in PEOPLE]
    assert {a["decision"]["number"] for a in awards} == {NUMBER}
    for award in awards:
        assert award["status"] == "draft"
        # The decision read from the scan is a doubt on every line, with its image.
        assert any("số quyết định" in w for w in award["warnings"]), award
