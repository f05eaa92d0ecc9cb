"""QR codes of the printed honour roll (pages/qrcodes.py): one per class with a named student,
holding the roll's address filtered to that class; inline SVG of one strict shape."""
from __future__ import annotations

import json
import re

import pytest

from bangvang import pipeline
from bangvang.pages import qrcodes
from conftest import write

ROLL = "bang-vang/2023-2024.md"


def test_one_code_per_class_with_the_filter_address(project):
    roll = (project / "exemplars/honours/2023-2024.yml")
    roll.write_text(roll.read_text("utf-8") + """  - recipient: Trần Thị Ánh
    role: student
    unit: "7A2 <b>"
    title: hoc-sinh-xuat-sac
    level: truong
    decision: {number: 46/QĐ-THCS, date: 25/05/2024}
""", "utf-8")
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    page = result.output.pages[ROLL].html
    block = page.split('class="bv-print bv-qr"')[1].split("</div>")[0]
    labels = re.findall(r'class="bv-qr__label"[^>]*>([^<]*)<', block)
    assert "Lớp 7A2 &lt;b&gt;" in labels           # record text escaped, never markup
    assert block.count("<svg") == len(labels)
    assert all(re.fullmatch(r'<svg [^<>]*><path [^<>]*/></svg>', svg)
               for svg in re.findall(r"<svg.*?</svg>", block))
    codes = qrcodes.class_codes(result.catalog.honour_rolls["2023-2024"],
                                "https://thcs-thu-nghiem.example.edu.vn/")
    assert codes[-1]["address"] == ("https://thcs-thu-nghiem.example.edu.vn/bang-vang/2023-2024/"
                                    "?lop=7A2%20%3Cb%3E")


def modules(svg: str, border: int = 2) -> list[list[int]]:
    """The dark modules an SVG drawn by segno paints (its path: moves and horizontal runs)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 2 - 2 * border
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmhv])([-0-9. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            for column in range(int(x), int(x + values[0])):
                grid[int(y) - border][column - border] = 1
            x += values[0]
    return grid


def test_the_printed_code_holds_the_class_address(demo_root):
    page = (demo_root / "site" / "bang-vang" / "2025-2026" / "index.html").read_text("utf-8")
    svgs = re.findall(r'<svg width="\d+" height="\d+" class="bv-qr__code".*?</svg>', page)
    labels = re.findall(r'class="bv-qr__label"[^>]*>Lớp ([^<]*)<', page)
    assert len(svgs) == len(labels) == 7 and labels[0] == "6A1"
    import segno
    for svg, unit in zip(svgs, labels):
        address = f"https://bangvang.example.edu.vn/bang-vang/2025-2026/?lop={unit}"
        expected = [[int(bool(v)) for v in row] for row in segno.make(address, error="m").matrix]
        assert modules(svg) == expected, unit


def test_no_site_url_no_code(project):
    school = project / "data/school.yml"
    school.write_text("\n".join(line for line in school.read_text("utf-8").splitlines()
                                if not line.startswith("site_url:")) + "\n", "utf-8")
    result = pipeline.run(project)
    assert 'class="bv-print bv-qr"' not in result.output.pages[ROLL].html


def test_codes_kept_between_builds_are_checked_again(project):
    """The second pass reads the codes from .build/cache/qr.json; an entry that is not
    segno's one shape (a cache file edited by hand) is drawn again, never put on the page."""
    pipeline.run(project)
    cache = project / pipeline.QR_CACHE
    saved = json.loads(cache.read_text("utf-8"))
    assert saved["svg"]
    address = next(iter(saved["svg"]))
    saved["svg"][address] = '<svg><script>alert(1)</script></svg>'
    cache.write_text(json.dumps(saved), "utf-8")
    qrcodes._drawn.clear()
    result = pipeline.run(project)
    assert "alert(1)" not in result.output.pages[ROLL].html
    assert json.loads(cache.read_text("utf-8"))["svg"][address].startswith('<svg width=')
