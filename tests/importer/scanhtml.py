"""The drawn test set's text PDFs, standing for PDFs exported from Word (WeasyPrint, as
`bangvang giay-khen` does): a plan laid out like a Word export and a decision's award list.
Split from scanpages.py (session 26), which imports them back under their old names."""
from __future__ import annotations

import re
from pathlib import Path

def two_columns(line: str) -> list[str]:
    """A line's columns: split at a tab or a run of spaces, unless a part is no text (the
    "-   " of a Markdown list item is a bullet, not a column)."""
    columns = [c for c in re.split(r"\t| {3,}", line.strip()) if c]
    if len(columns) > 1 and not all(re.search(r"\w\w", c) for c in columns):
        return [" ".join(line.split())]
    return columns


def html_pdf(path: Path, html: str) -> Path:
    """A text PDF (WeasyPrint), like one exported from Word."""
    from PIL import ImageFile
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML
    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process;
    # put it back, or a later test in this worker would see truncated photos accepted.
    ImageFile.LOAD_TRUNCATED_IMAGES = before
    HTML(string=html).write_pdf(str(path))
    return path


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def award_html(school: str, number: str, date: str, title: str, rows: list[list[str]],
               first: int | None = None, repeat_header: bool = True) -> str:
    """The list as a Word export; with `first`, over two pages: rows after the first `first`
    start page 2, under the header row again (a table head, as Word's "repeat as header row"
    gives) unless `repeat_header` is False."""
    def row_html(row: list[str], style: str = "") -> str:
        return f"<tr{style}>" + "".join(f"<td>{html_escape(c)}</td>" for c in row) + "</tr>"
    if first is None:
        cells = "".join(row_html(row) for row in rows)
    else:
        body = "".join(row_html(row, " style='break-before:page'" if n == first else "")
                       for n, row in enumerate(rows[1:]))
        head = row_html(rows[0])
        cells = (f"<thead>{head}</thead>" if repeat_header else head) + f"<tbody>{body}</tbody>"
    return (f"<html><head><meta charset='utf-8'><style>body{{font-family:'Liberation Serif',"
            f"serif;font-size:13pt}} table{{border-collapse:collapse}} td{{border:1px solid #000;"
            f"padding:4px 8px}}</style></head><body>"
            f"<p><b>TRƯỜNG {html_escape(school.upper())}</b></p>"
            f"<p style='text-align:center'><b>DANH SÁCH {html_escape(title.upper())}</b><br>"
            f"(Kèm theo Quyết định số {html_escape(number)} ngày {date} của Hiệu trưởng Trường "
            f"{html_escape(school)})</p><table>{cells}</table>"
            f"<p style='margin-left:60%'><b>HIỆU TRƯỞNG</b><br><br><br>Nguyễn Văn Hiệu</p>"
            f"</body></html>")


def plan_html(text: str) -> str:
    """A plan's text as a Word export would lay it out: the two header columns (a tab in the
    test documents, or a run of spaces) side by side in a borderless table."""
    parts = []
    for line in text.splitlines():
        columns = two_columns(line)
        if len(columns) == 2:
            parts.append("<table style='width:100%'><tr>" + "".join(
                f"<td style='width:50%;text-align:center'>{html_escape(c)}</td>"
                for c in columns) + "</tr></table>")
        elif line.strip():
            parts.append(f"<p>{html_escape(line.strip())}</p>")
        else:
            parts.append("<p>&nbsp;</p>")
    return ("<html><head><meta charset='utf-8'><style>body{font-family:'Liberation Serif',"
            "serif;font-size:13pt} p{margin:0 0 4pt 0}</style></head><body>"
            + "".join(parts) + "</body></html>")
