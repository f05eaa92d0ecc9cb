"""`check` finds everything `bangvang build` would stop on, naming the file (and the line where
there is one), in Vietnamese, never a traceback: links of news posts as MkDocs resolves them,
the news authors' file, hand-written pages MkDocs cannot read."""
from __future__ import annotations

import pytest

from conftest import make_project, run_bangvang, write
from test_trust import POST, bangvang, build, line_of, news_post, refused_at

AUTHORS = "content/tin-tuc/.authors.yml"
PAGE = "content/gioi-thieu.md"


def _case(root, case: str) -> tuple[str, int | None]:
    """Write the input of `case`; return the file and line `check` must name."""
    if case == "news-link-without-md":
        write(root, POST, news_post("tin-a", body="Xem [bảng vàng](bang-vang).\n"))
        return POST, line_of(root, POST, "(bang-vang)")
    if case == "news-link-to-a-folder":
        write(root, POST, news_post("tin-a", body="Xem [năm](../../bang-vang/2023-2024).\n"))
        return POST, line_of(root, POST, "2023-2024)")
    if case == "news-link-in-a-footnote":
        write(root, POST, news_post("tin-a", body="Có chú thích.[^1]\n\n"
                                    "[^1]: Xem [trang](../../khong-co-trang.md).\n"))
        return POST, line_of(root, POST, "khong-co-trang")
    if case == "news-link-as-reference":
        write(root, POST, news_post("tin-a", body="Xem [trang][1].\n\n[1]: ../../khong-co.md\n"))
        return POST, line_of(root, POST, "khong-co.md")
    if case == "record-link-in-a-footnote":
        story = root / "exemplars/dang-van-do.md"
        story.write_text(story.read_text("utf-8").replace(
            "Câu chuyện.", "Câu chuyện.[^1]\n\n[^1]: Xem [trang](/khong-co-trang/)."), "utf-8")
        return "exemplars/dang-van-do.md", line_of(root, "exemplars/dang-van-do.md",
                                                   "khong-co-trang")
    if case == "author-without-name":
        write(root, AUTHORS, "authors:\n  ban-truyen-thong:\n    description: Trường THCS\n"
              "    avatar: assets/ban-truyen-thong.svg\n")
        write(root, POST, news_post("tin-a"))
        return AUTHORS, None
    if case == "author-with-unsafe-avatar":
        write(root, AUTHORS, "authors:\n  ban-truyen-thong:\n    name: Ban Truyền thông\n"
              "    description: Trường THCS\n    avatar: http://theo-doi.example/a.gif\n")
        write(root, POST, news_post("tin-a"))
        return AUTHORS, 5
    if case == "author-with-script-url":
        write(root, AUTHORS, "authors:\n  ban-truyen-thong:\n    name: Ban Truyền thông\n"
              "    description: Trường THCS\n    avatar: assets/ban-truyen-thong.svg\n"
              "    url: javascript:alert(1)\n")
        write(root, POST, news_post("tin-a"))
        return AUTHORS, 6
    if case == "page-in-windows-1258":
        # Windows-1258 writes tones as combining marks after the letter
        (root / PAGE).write_bytes("---\ntitle: Gioi thieu\n---\n\nTr\u01b0\u01a1\u0300ng "
                                  "THCS Ho\u0300a An da\u0323y t\u00f4\u0301t.\n"
                                  .encode("cp1258"))
        return PAGE, None
    if case == "page-template-mapping":
        write(root, PAGE, "---\ntitle: Giới thiệu\ntemplate:\n  ten: main.html\n---\n\nXin "
              "chào.\n")
        return PAGE, 3
    raise AssertionError(case)


CASES = ["news-link-without-md", "news-link-to-a-folder", "news-link-in-a-footnote",
         "news-link-as-reference",
         "record-link-in-a-footnote", "author-without-name", "author-with-unsafe-avatar",
         "author-with-script-url", "page-in-windows-1258", "page-template-mapping"]


@pytest.mark.parametrize("case", CASES)
def test_check_refuses_what_the_build_would_stop_on(tmp_path, case):
    root = make_project(tmp_path / "school")
    file, line = _case(root, case)
    refused_at(bangvang(root, "check"), file, line)


@pytest.mark.parametrize("case", ["news-link-without-md", "author-without-name",
                                  "page-in-windows-1258", "page-template-mapping"])
def test_the_build_names_the_same_file_and_keeps_no_traceback(tmp_path, case):
    root = make_project(tmp_path / "school")
    file, line = _case(root, case)
    built = bangvang(root, "build")
    refused_at(built, file, line)
    assert not (root / "site").exists()


def test_the_right_spellings_check_and_build(tmp_path):
    """The same inputs written as the guide says pass both."""
    root = make_project(tmp_path / "school")
    write(root, POST, news_post("tin-a", body="Xem [bảng vàng](../../bang-vang/index.md), "
                                "[năm](../../bang-vang/2023-2024.md) và [ảnh]"
                                "(../../assets/ban-truyen-thong.svg).\n"))
    write(root, PAGE, "---\ntitle: Giới thiệu\ntemplate: main.html\n---\n\nXin chào.\n")
    assert bangvang(root, "check").returncode == 0
    assert (build(root) / "tin-tuc/tin-a/index.html").is_file()


def test_a_news_post_with_a_reserved_name_or_markdown_that_renders_for_minutes_is_refused(
        tmp_path):
    from bangvang import pipeline
    root = make_project(tmp_path / "school")
    write(root, "content/tin-tuc/posts/con.md", "---\ndate: 2024-05-20\ntitle: Tin\n---\nTin.\n")
    write(root, "content/tin-tuc/posts/ngoac.md", "---\ndate: 2024-05-20\ntitle: Ngoặc\n---\n"
          + "[" * 20000 + "\n")
    problems = {(p.file, p.line) for p in pipeline.check(root).problems}
    assert ("content/tin-tuc/posts/con.md", None) in problems
    assert ("content/tin-tuc/posts/ngoac.md", 5) in problems
