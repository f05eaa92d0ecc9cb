"""bangvang/exports/compact.py: built pages lose the theme's indentation, and nothing a reader sees."""
from __future__ import annotations

import re

import pytest

from bangvang.exports import compact


@pytest.mark.parametrize("page, expected", [
    ("<ul>\n    <li>a</li>\n\n\n    <li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("<p>Đặng\n      Văn Đỗ</p>", "<p>Đặng\nVăn Đỗ</p>"),          # words stay apart
    ("<b>x</b> <i>y</i>", "<b>x</b> <i>y</i>"),                  # spaces within a line stay
    ("a\n<pre>  x\n\n    y</pre>\n  b", "a\n<pre>  x\n\n    y</pre>\nb"),
    ("<script>\n  if (a)\n    b();\n</script>", "<script>\n  if (a)\n    b();\n</script>"),
    ("Nhận xét\n   <textarea>\n  dòng 1\n</textarea> sau", "Nhận xét\n<textarea>\n  dòng 1\n</textarea> sau"),
    ("word\n<PRE>\n x</PRE>", "word\n<PRE>\n x</PRE>"),
])
def test_whitespace_across_line_breaks_only(page, expected):
    assert compact.html(page) == expected


def test_text_is_the_same_once_whitespace_is_collapsed():
    page = "<div>\n  <p>Học sinh\n   giỏi</p>\n\t<p> xuất   sắc </p>\n</div>\n"
    def shown(html: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert shown(compact.html(page)) == shown(page)
    assert len(compact.html(page)) < len(page)
