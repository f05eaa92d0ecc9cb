"""A name read from a scan whose family name was misread by its marks ("Định" for "Đinh")
is a doubt to check, however sure every reading was; it is never put right silently."""
from __future__ import annotations

from bangvang.importer.scannames import _choose_name
from bangvang.importer.scantable import Cell


def _read(*readings: tuple[str, float]) -> Cell:
    cell = Cell(readings[0][0], readings[0][1], (0, 0, 10, 10))
    _choose_name(cell, list(readings))
    return cell


def test_a_family_name_read_as_a_given_name_is_a_doubt_with_the_family_name_offered():
    cell = _read(("Định Thị Lan", 96.0), ("Định Thị Lan", 93.0), ("Định Thị Lan", 95.0))
    assert cell.text == "Định Thị Lan"          # as read: the team decides
    assert cell.conf <= 40 and cell.alt == "Đinh Thị Lan"
    cell = _read(("Đăng Văn Nam", 97.0), ("Đăng Văn Nam", 97.0), ("Đăng Văn Nam", 96.0))
    assert cell.conf <= 40 and cell.alt == "Đặng Văn Nam"


def test_a_name_with_a_family_name_read_surely_stays_sure():
    cell = _read(("Đinh Thị Lan", 96.0), ("Đinh Thị Lan", 93.0), ("Đinh Thị Lan", 95.0))
    assert cell.conf > 85 and cell.alt == ""
    cell = _read(("Minh Anh", 96.0), ("Minh Anh", 95.0))   # no family name it could be
    assert cell.alt == ""


# Tesseract's hOCR for "Trân Thị An" with lstm_choice_mode=2 (a Carlito cell of a clean
# scan, cut down to what the reading uses): at "â" it also weighed "ầ" (20 %).
_HOCR = """<span class='ocrx_word' id='word_1_1' title='bbox 40 44 107 75; x_wconf 96'>Trân
 <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
  <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 93.07'>T</span>
  <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 0'>t</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
  <span class='ocrx_cinfo' id='choice_1_1_7' title='x_confs 92.52'>r</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_3'>
  <span class='ocrx_cinfo' id='choice_1_1_13' title='x_confs 90.55'>â</span>
  <span class='ocrx_cinfo' id='choice_1_1_14' title='x_confs 20.14'>ầ</span>
  <span class='ocrx_cinfo' id='choice_1_1_15' title='x_confs 0'>à</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_4'>
  <span class='ocrx_cinfo' id='choice_1_1_19' title='x_confs 92.48'>n</span></span></span>
<span class='ocrx_word' id='word_1_2' title='bbox 119 46 166 82; x_wconf 96'>Thị
 <span class='ocrx_cinfo' id='lstm_choices_1_2_1'>
  <span class='ocrx_cinfo' id='choice_1_2_1' title='x_confs 96.23'> </span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_2'>
  <span class='ocrx_cinfo' id='choice_1_2_2' title='x_confs 94.2'>T</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_3'>
  <span class='ocrx_cinfo' id='choice_1_2_5' title='x_confs 91.1'>h</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_4'>
  <span class='ocrx_cinfo' id='choice_1_2_7' title='x_confs 91.8'>ị</span>
  <span class='ocrx_cinfo' id='choice_1_2_8' title='x_confs 0'>i</span></span></span>
<span class='ocrx_word' id='word_1_3' title='bbox 178 49 219 75; x_wconf 96'>An
 <span class='ocrx_cinfo' id='lstm_choices_1_3_2'>
  <span class='ocrx_cinfo' id='choice_1_3_2' title='x_confs 93.6'>A</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_3_3'>
  <span class='ocrx_cinfo' id='choice_1_3_3' title='x_confs 92.1'>n</span></span></span>"""


def test_a_family_name_is_read_again_from_the_letter_tesseract_itself_offered():
    """Carlito's "Trần" read "Trân" by every reading, sure at 96 %: "Trân" is no family
    name, and the one alternative Tesseract weighed there ("ầ") makes one. The name is read
    "Trần Thị An", a doubt showing what was read (so never joined to a person already in
    the roll)."""
    from bangvang.importer import ocrchoices
    offered = ocrchoices.parse(_HOCR)
    assert [(text, conf) for text, conf, _ in offered] == [("Trân", 96.0), ("Thị", 96.0),
                                                           ("An", 96.0)]
    cell = Cell("Trân Thị An", 96.0, (0, 0, 10, 10))
    _choose_name(cell, [("Trân Thị An", 96.0)] * 3, [offered])
    assert (cell.text, cell.alt) == ("Trần Thị An", "Trân Thị An") and cell.conf <= 40
    # One reading (the cell enlarged twice) may be the one that weighed the alternative.
    bare = ocrchoices.parse(_HOCR.replace("x_confs 20.14", "x_confs 0"))
    assert ocrchoices.offered_name("Trân Thị An", [bare, offered]) == "Trần Thị An"


def test_a_name_is_never_read_again_from_a_letter_tesseract_did_not_offer():
    """Without Tesseract's alternative (under 1 %: "à" at 0) nothing is changed: the family
    name it may be is offered for checking, as before; a reading the alternatives were not
    given for ("Trân Thị Anh") is not changed either."""
    from bangvang.importer import ocrchoices
    offered = ocrchoices.parse(_HOCR.replace("x_confs 20.14", "x_confs 0"))
    cell = Cell("Trân Thị An", 96.0, (0, 0, 10, 10))
    _choose_name(cell, [("Trân Thị An", 96.0)] * 3, [offered, offered])
    assert (cell.text, cell.alt) == ("Trân Thị An", "Trần Thị An") and cell.conf <= 40
    assert ocrchoices.offered_name("Trân Thị Anh", [ocrchoices.parse(_HOCR)]) is None
    # A family name read as one stays, whatever else was weighed.
    sure = ocrchoices.parse(_HOCR.replace(">Trân", ">Trần").replace(">â<", ">ầ<").replace(
        "20.14'>ầ", "20.14'>â"))
    assert sure[0][2][2] == ["ầ", "â"]
    assert ocrchoices.offered_name("Trần Thị An", [sure]) is None


def test_readings_that_differ_only_in_a_mark_leave_the_name_in_doubt():
    """Two readings of the same cell agreeing on "Hà Văn Ấn" do not outvote the third's
    "Hà Văn Ân": both are names, and the mark itself is what Tesseract was unsure of (a clean
    DejaVu Serif scan gave "Ấn" for "Ân", sure, without a warning)."""
    cell = _read(("Hà Văn Ân", 95.5), ("Hà Văn Ấn", 68.0), ("Hà Văn Ấn", 94.0))
    assert cell.text == "Hà Văn Ấn" and cell.conf < 85 and cell.alt == "Hà Văn Ân"
    # Readings that differ by more than marks still outvote the odd one.
    cell = _read(("Lê Gia Lâm", 96.0), ("Lê Gia Lâm", 95.0), ("Lê Gia Lâm -", 60.0))
    assert cell.text == "Lê Gia Lâm" and cell.conf >= 85
