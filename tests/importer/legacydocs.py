"""Documents typed in the legacy Vietnamese encodings, built from the project's own plans and
award lists for the importer's tests and scores (`score_importer.py --legacy`).

Word files as an office using TCVN3 or VNI writes them: the text stored as the Windows code
page's reading of the font's bytes, the font named by the document's default paragraph style
(".VnTime" or "VNI-Times"), a capital TCVN3 has no code for set in a run of ".VnTimeH" (the
capitals-only face, typed with the lower-case code). PDFs as Word exports them: the same
characters in the text layer, in a face named ".VnTime" / ".VnTimeH" / "VNI-Times" (Liberation
Serif renamed here with fontTools: only the name matters to the reader), TCVN3's ư given as
U+2212 the way Word's export maps that code.

The reverse tables are the importer's own (bangvang.importer.legacy), inverted. Nothing here
is committed as a binary: every file is written when a test or a score runs.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bangvang.importer.legacy import _CHARMAPS, TCVN3, VNI

FONTS = {TCVN3: ".VnTime", VNI: "VNI-Times"}
CAPITALS = ".VnTimeH"
SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


@cache
def _reverse(encoding: str) -> dict[str, str]:
    return {unicode: legacy for legacy, unicode in _CHARMAPS[encoding].pairs}


def encode(text: str, encoding: str) -> list[tuple[str, bool]]:
    """`text` as typed in `encoding`: (legacy text, in the capitals face) pieces. TCVN3 has
    no code for a marked capital: it is typed with the lower-case code in ".VnTimeH"."""
    table = _reverse(encoding)
    pieces: list[tuple[str, bool]] = []
    for ch in text:
        if ch in table:
            piece = (table[ch], False)
        elif encoding == TCVN3 and ch.lower() in table and ch != ch.lower():
            piece = (table[ch.lower()], True)
        else:
            piece = (ch, False)
        if pieces and pieces[-1][1] == piece[1]:
            pieces[-1] = (pieces[-1][0] + piece[0], piece[1])
        else:
            pieces.append(piece)
    return pieces


def _runs(paragraph, text: str, encoding: str, bold: bool = False) -> None:
    for piece, capitals in encode(text, encoding):
        run = paragraph.add_run(piece)
        run.bold = bold
        if capitals:
            run.font.name = CAPITALS


def _document(encoding: str):
    import docx
    document = docx.Document()
    # The font is the Normal style's, as in a template set to .VnTime: no run names it.
    document.styles["Normal"].font.name = FONTS[encoding]
    return document


def plan_docx(path: Path, text: str, encoding: str) -> Path:
    """A plan's text (the test documents' lines; a tab between two header columns) as a
    Word file typed in `encoding`, upper-case lines set wholly in ".VnTimeH" for TCVN3."""
    document = _document(encoding)
    for line in text.splitlines():
        paragraph = document.add_paragraph()
        if encoding == TCVN3 and line.strip() and line == line.upper() and \
                any(ch.isalpha() for ch in line):
            # A heading typed in the capitals face: lower-case codes, every one drawn capital.
            run = paragraph.add_run("".join(piece for piece, _ in encode(line.lower(), TCVN3)))
            run.font.name = CAPITALS
            continue
        _runs(paragraph, line, encoding)
    document.save(str(path))
    return path


def award_docx(path: Path, school: str, number: str, date: str, title: str,
               rows: list[list[str]], encoding: str) -> Path:
    """An award decision's list (scanpages.award_html's layout) as a Word file in `encoding`."""
    document = _document(encoding)
    for text in (f"TRƯỜNG {school.upper()}", f"DANH SÁCH {title.upper()}",
                 f"(Kèm theo Quyết định số {number} ngày {date} của Hiệu trưởng Trường {school})"):
        _runs(document.add_paragraph(), text, encoding)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            _runs(cell.paragraphs[0], value, encoding, bold=r == 0)
    _runs(document.add_paragraph(), "HIỆU TRƯỞNG", encoding)
    _runs(document.add_paragraph(), "Nguyễn Văn Hiệu", encoding)
    document.save(str(path))
    return path


# --- PDFs -----------------------------------------------------------------------------------

def _renamed_font(folder: Path, name: str) -> Path:
    """Liberation Serif under another family and PostScript name (what a PDF names)."""
    from fontTools.ttLib import TTFont
    target = folder / f"{name.strip('.')}.ttf"
    if target.exists():
        return target
    font = TTFont(str(SERIF))
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = name
    if name == FONTS[VNI]:
        # A VNI font draws a tone or a hat over the letter before it: its glyph takes no
        # width (else every marked word would be set wider than in a real VNI document).
        letters = {legacy for legacy, _ in _CHARMAPS[VNI].pairs if len(legacy) == 1}
        marks = {legacy[1] for legacy, _ in _CHARMAPS[VNI].pairs if len(legacy) == 2} - letters
        cmap = font.getBestCmap()
        for mark in marks:
            if ord(mark) in cmap:
                width, lsb = font["hmtx"][cmap[ord(mark)]]
                font["hmtx"][cmap[ord(mark)]] = (0, lsb - width)
    font.save(str(target))
    return target


def _legacy_html(html: str, encoding: str) -> str:
    """The HTML's text typed in `encoding`, in a span of the capitals face where TCVN3 needs it;
    ư in TCVN3 as U+2212 (what Word's PDF export writes for that code)."""
    def text(match: re.Match) -> str:
        out = []
        for piece, capitals in encode(match.group(1), encoding):
            if encoding == TCVN3:
                piece = piece.replace("\u00ad", "\u2212")
            out.append(f"<span class='h'>{piece}</span>" if capitals else piece)
        return ">" + "".join(out) + "<"
    body = html[html.index("<body>"):]
    return html[:html.index("<body>")] + re.sub(r">([^<]+)<", text, body)


def legacy_pdf(path: Path, html: str, encoding: str) -> Path:
    """A text PDF (scanpages.award_html / plan_html) typed in `encoding`, its faces named
    like the legacy fonts."""
    import scanpages
    faces = {FONTS[encoding]: _renamed_font(path.parent, FONTS[encoding])}
    if encoding == TCVN3:
        faces[CAPITALS] = _renamed_font(path.parent, CAPITALS)
    css = "".join(f"@font-face{{font-family:'{name}';src:url('{font.as_uri()}')}}"
                  for name, font in faces.items())
    css += f"body{{font-family:'{FONTS[encoding]}'}} .h{{font-family:'{CAPITALS}'}}"
    html = _legacy_html(html, encoding).replace("font-family:'Liberation Serif',serif;", "")
    return scanpages.html_pdf(path, html.replace("<style>", f"<style>{css}", 1))
