"""Reading Word documents: what Word stores is read once, in order, numbering written out."""
from __future__ import annotations

import docx
from lxml import etree

from bangvang.importer.reading import read_lines

TEXT_BOX = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:t>TRƯỜNG THCS THỬ</w:t></mc:Choice>'
            '<mc:Fallback><w:t>TRƯỜNG THCS THỬ</w:t></mc:Fallback></mc:AlternateContent></w:r>')


def test_a_text_box_is_read_once(tmp_path):
    document = docx.Document()
    document.add_paragraph()._p.append(etree.fromstring(TEXT_BOX))
    document.save(tmp_path / "hop-chu.docx")
    assert read_lines(tmp_path / "hop-chu.docx") == ["TRƯỜNG THCS THỬ"]


def test_word_numbering_and_bullets_are_written_out(tmp_path):
    document = docx.Document()
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Một ý", style="List Bullet")
    document.save(tmp_path / "so-thu-tu.docx")
    assert read_lines(tmp_path / "so-thu-tu.docx") == ["1. Mục đích", "2. Yêu cầu", "- Một ý"]
