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


def _imported(tmp_path, capsys, font, damage) -> list[dict]:
    """The awards `bangvang import awards` wrote from a photo of the list in `font`,
    damaged as `damage` says (the import succeeded, without a traceback)."""
    root = make_project(tmp_path / "school")
    image = scanpages.award_page(font, SCHOOL, NUMBER, DATE, TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, damage), tmp_path / "anh.jpg", damage)
    assert main(["--root", str(root), "import", "awards", str(source)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    return yaml.safe_load((root / "exemplars/honours/2024-2025.yml").read_text("utf-8"))[
        "awards"]


def test_a_turned_photo_of_a_list_set_close_to_its_rules_is_read(tmp_path, capsys):
    """A phone photo of a list in a narrow serif (DejaVu Serif Condensed), turned 2.2°: the
    header row is found and the decision's number and date are read from the line above
    the table (the paper is grey in a photo; the table blanked out in white hid that line)."""
    needs_ocr()
    if not CONDENSED.exists():
        pytest.skip("DejaVu Serif Condensed is not installed (fonts-dejavu-extra)")
    awards = _imported(tmp_path, capsys, CONDENSED, scanpages.PHOTO)
    assert [a["recipient"] for a in awards] == [name for name, _ in PEOPLE]
    assert {a["decision"]["number"] for a in awards} == {NUMBER}
    for award in awards:
        assert award["status"] == "draft"
        # The decision read from the scan is a doubt on every line, with its image.
        assert any("số quyết định" in w for w in award["warnings"]), award


def _line(block: int, par: int, line: int, top: int, texts: list[str], conf: float = 95.0):
    from bangvang.importer.ocr import Word
    words, left = [], 170
    for text in texts:
        words.append(Word(text, conf, left, top, left + 22 * len(text), top + 28,
                          (block, par, line)))
        left += 22 * len(text) + 14
    return words


def test_a_mark_read_again_as_a_block_of_its_own_is_not_a_line():
    """Tesseract read the closing quote of "đẹp”." once with its word and once more as a
    block of its own ("»"): that second reading is not a line of the page."""
    from bangvang.importer.ocr import Word, lines_of
    words = _line(1, 1, 1, 100, ["phong", "trào", "“Vở", "sạch", "-", "Chữ"]) + \
        _line(3, 1, 1, 150, ["đẹp”."])
    words.append(Word("»", 89.0, 228, 151, 240, 161, (2, 1, 1)))
    assert [line.text for line in lines_of(words)] == ["phong trào “Vở sạch - Chữ", "đẹp”."]
    # A mark standing apart (a bullet, a dash of its own) is kept.
    words.append(Word("-", 80.0, 900, 300, 920, 310, (4, 1, 1)))
    assert lines_of(words)[-1].text == "-"


def test_a_block_at_the_page_s_own_line_spacing_goes_on_the_paragraph_above():
    """On a page set with wide line spacing (26 px of white between the lines of a
    paragraph, words 28 px high), the end of a sentence Tesseract took for a block of its
    own is still the same paragraph; a block that stands further apart (44 px) is a new
    one."""
    from bangvang.importer.ocr import lines_of
    words = []
    for n, top in enumerate((100, 154, 208, 262), 1):  # one paragraph, 26 px between lines
        words += _line(1, 1, n, top, ["Căn", "cứ", "kế", "hoạch"])
    words += _line(2, 1, 1, 316, ["đẹp”."])               # 26 px below: the same paragraph
    words += _line(3, 1, 1, 388, ["II.", "NỘI", "DUNG"])  # 44 px below: a new one
    assert [line.text for line in lines_of(words)] == ["Căn cứ kế hoạch"] * 4 + [
        "đẹp”.", "", "II. NỘI DUNG"]


def test_a_class_whose_grade_or_number_was_read_as_a_letter_is_read_by_its_shape():
    """A class is a grade, a letter and a number: Carlito's "6" read "ó" ("óA5", "óAó"), a
    phone photo's "8" read "B" ("BA4") give one class each; too little to be sure ("SA",
    "A5": the grade lost) and classes read right are left alone (the cell stays a doubt
    showing what was read, repair.py)."""
    from bangvang.importer.repair import class_fixed
    assert [class_fixed(t) for t in ("óA5", "óAó", "BA4", "6AG", "lớp óA1")] == [
        "6A5", "6A6", "8A4", "6A6", "6A1"]
    assert [class_fixed(t) for t in ("6A5", "10A2", "A5", "SA", "Tổ", "Bảo", "6A55")] == [
        None] * 7


def test_the_page_s_edge_left_along_a_photo_is_no_rule_of_the_table():
    """A photo made upright keeps a strip of the desk along an edge, and a copier leaves a
    dark border: a long run of ink that crosses no rule of the table. Taken into the grid,
    the top edge made the whole header one row of the table (the decision's line lost, the
    list refused); the table's own rules are kept."""
    ink = np.zeros((1200, 1000), dtype=bool)
    ink[0:4, 400:1000] = True                     # the desk's edge at the top right
    ink[:, 995:1000] = True                       # and down the right side
    for y in (500, 580, 660, 740):                # the table: four rules across…
        ink[y:y + 3, 100:800] = True
    for x in (100, 250, 800):                     # …and three down
        ink[500:743, x:x + 3] = True
    rows, columns = scantable._crossing(ink, *scantable._rules(ink))
    ys, xs = scantable._grid(rows, columns)
    assert ys == [501, 581, 661, 741] and xs == [101, 251, 801]
    # A table broken where the seal was whitened over it is still one table.
    ink[600:640, 240:260] = False
    rows, columns = scantable._crossing(ink, *scantable._rules(ink))
    assert scantable._grid(rows, columns)[1] == [101, 251, 801]


def test_what_a_seal_leaves_far_right_of_a_cell_s_text_is_not_its_text():
    """The ring of a seal stamped over the table is whitened with the red, and leaves
    strokes Tesseract reads "Y2 „" far right of the cell's words: the heading "Tổ" read
    "Tổ sc>" was no heading (the column was left out), "Giáo viên Y2 „" a teacher of unit
    "Y2 „". Such words are left out; the cell keeps their confidence (a doubt). A sure word
    after a gap is kept, and so is every word of a run."""
    role = _line(1, 1, 1, 100, ["Giáo", "viên"], conf=96.0)
    role += [*_line(1, 1, 1, 100, ["y2"], conf=70.0), *_line(1, 1, 1, 100, ["„"], conf=51.0)]
    role[2].left, role[2].right = 520, 550
    role[3].left, role[3].right = 560, 580
    cell = scantable._cell(role, (0, 0, 700, 80))
    assert (cell.text, cell.conf) == ("Giáo viên", 51.0)
    run = _line(1, 1, 1, 100, ["Tổ", "Toán", "-", "Tin"], conf=70.0)
    assert scantable._cell(run, (0, 0, 700, 80)).text == "Tổ Toán - Tin"
    sure = _line(1, 1, 1, 100, ["Tổ"], conf=96.0) + _line(1, 1, 1, 100, ["Văn"], conf=96.0)
    sure[1].left, sure[1].right = 400, 460
    assert scantable._cell(sure, (0, 0, 700, 80)).text == "Tổ Văn"


def test_a_harsh_phone_photo_of_a_list_is_read(tmp_path, capsys):
    """The held-out photo of session 23 (scanpages.HARSH: taken at an angle, the light
    falling off across the page, a second seal stamped over the table, JPEG 60): every row
    is read; first, not one list of this kind was (the desk's edge taken for the table's
    top rule, the decision's line lost, every list refused)."""
    needs_ocr()
    awards = _imported(tmp_path, capsys, scanpages.fonts()["be-vietnam-pro"], scanpages.HARSH)
    assert len(awards) == len(PEOPLE)
    assert {a["decision"]["number"] for a in awards} == {NUMBER}
    assert all(a["status"] == "draft" for a in awards)


def test_a_role_read_with_a_letter_off_and_its_space_lost_is_the_known_role():
    """"Giúoviên" (Be Vietnam Pro's "a" read "ú", the space lost in a photo) was no role, and
    its row was refused; spaces are not letters, so it is "Giáo viên" (repair.py keeps the
    cell a doubt showing what was read). A role two roles are near stays as read."""
    from bangvang.importer.diacritics import nearest
    from bangvang.importer.lexicon_vi import roles
    assert nearest("Giúoviên", roles()) == "Giáo viên"
    assert nearest("Giáo viên", roles()) is None
    assert nearest("Tổ phó trưởng", roles()) is None
    # A mark off in a short unit stays a match (without spaces it weighed more: "Tố Xã hội"
    # was left as read for a while).
    from bangvang.importer.lexicon_vi import units
    assert nearest("Tố Xã hội", units()) == "Tổ Xã hội"


def test_a_scanned_column_whose_heading_was_not_read_is_known_by_its_cells():
    """A heading OCR could not read (the "Lớp" of a photo read ".x.", Carlito's "Tổ" read
    "`") left the whole column out, and every row lost its class or unit. Two thirds of its
    cells classes, or units, make it that column (the summary says so); a typed list, a
    column of other things, and a list that has the column already, are left as they were."""
    from bangvang.importer.columns import find_columns
    from bangvang.importer.tables import Sheet

    def sheet(heading: str, cells: list[str], scanned: bool = True, extra=None) -> Sheet:
        rows = [["STT", "Họ và tên", heading] + (extra or [])[:1]] + [
            [str(i), name, cell] + (extra or [])[1:] for i, (name, cell) in
            enumerate(zip(("Lê Gia Lâm", "Phạm Gia Phúc", "Trần Văn An", "Võ Minh Phát"),
                          cells), 1)]
        found = Sheet("bảng 1", rows, list(range(1, len(rows) + 1)))
        if scanned:
            found.scan = {(0, 0): (90.0, 1, (0, 0, 1, 1), "")}
        return found

    classes = find_columns(sheet(".x.", ["7A5", "8A4", "0m", "9A2"]))
    assert classes.fields["class"] == [2] and classes.by_content == [(".x.", "class")]
    units = find_columns(sheet("`", ["Tổ Ngoại ngữ", "Tổ Xã hội", "Tổ Xã !;oị", "Thư viện"]))
    assert units.fields["unit"] == [2] and units.ignored == []
    assert not find_columns(sheet(".x.", ["7A5", "8A4", "0m", "9A2"], scanned=False)
                            ).fields.get("class")
    assert not find_columns(sheet(".x.", ["12/5/2012", "0912 345 678", "7A5", "x"])
                            ).fields.get("class")
