"""The writing contest over the years (/cuoc-thi-viet/tong-ket/, pages/contest_review.py): on
the built demo, and on the mini school with an author who may not be named."""
from __future__ import annotations

import html
import re

from bangvang import pipeline
from conftest import write

REVIEW = "cuoc-thi-viet/tong-ket/index.md"


def test_demo_review_has_every_year_every_entry_and_the_groups(demo_root):
    page = (demo_root / "site" / "cuoc-thi-viet" / "tong-ket" / "index.html").read_text(
        encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    assert "từ năm 2020 đến năm 2026 (7 năm có bài dự thi): 25 bài dự thi được công bố, 22 " \
           "bài đạt giải" in text
    for year in range(2020, 2027):
        assert f'id="nam-{year}"' in page
    entries = sorted(p.stem for p in (demo_root / "exemplars" / "contest").glob("*.md"))
    for entry in entries:      # every published entry is linked (the demo has no draft entry)
        assert f'href="../{entry[:4]}/{entry}/"' in page, entry
    # Kinds of author and grades: 20 students, 2 staff, 3 parents; grade 9 has 6 entries.
    assert re.search(r"Phụ huynh\s*</th>\s*<td[^>]*>3</td>\s*<td[^>]*>3</td>", page)
    assert re.search(r"Khối 9\s*</th>\s*<td[^>]*>5</td>\s*<td[^>]*>6</td>", page)
    # A student author at the default consent is shown by initials only, here as everywhere.
    assert "K.M.C., 9A3" in text and "Khúc Minh Châu" not in page
    assert page.count("bv-chart__svg") == 3 + 7     # the three charts and one per year
    index = (demo_root / "site" / "cuoc-thi-viet" / "index.html").read_text(encoding="utf-8")
    assert 'href="tong-ket/"' in index


def test_a_hidden_author_is_counted_never_named(project):
    write(project, "exemplars/contest/bai-2.md", """---
contest_year: 2023
title: Cô lao công
author: {name: Lưu Thị Kín, role: student, unit: 7B, consent: none}
subject: dang-van-do
prize: ba
---
Bài viết về cô.
""")
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    page = result.output.pages[REVIEW].html
    assert "Lưu Thị Kín" not in page and "L.T.K." not in page
    assert "không công bố tên" in page
    assert "Không công bố lớp" in page      # counted among students, class unknown
    assert "2 bài dự thi được công bố, 2 bài đạt giải" in " ".join(
        re.sub(r"<[^>]+>", " ", page).split())
