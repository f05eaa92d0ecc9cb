"""MkDocs' own warnings about hand-written pages reach the user in Vietnamese, as
`file:line: message` with what to do, like the core's problems (bangvang/commands/engine_messages.py)."""
from __future__ import annotations

import logging

from conftest import run_bangvang, write

from bangvang.commands import engine_messages

PAGE = """# Trang thử

Dòng hai.

Xem [trang mất](khong-co.md) và ảnh ![ảnh](anh/khong-co.png).

Lại [trang mất](khong-co.md), rồi [mục không có](gioi-thieu.md#khong-co-muc-nay).
"""


def test_a_broken_link_in_a_hand_written_page_is_reported_in_vietnamese_with_its_line(project):
    write(project, "content/thu.md", PAGE)
    result = run_bangvang(project, "build")
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "content/thu.md:5: liên kết “khong-co.md” trỏ tới một trang hoặc tệp không có" in out
    assert "content/thu.md:5: liên kết “anh/khong-co.png”" in out
    assert "content/thu.md:7: liên kết “khong-co.md”" in out   # the second one, on its own line
    assert ("content/thu.md:7: liên kết “gioi-thieu.md#khong-co-muc-nay”: trang content/gioi-thieu.md "
            "không có mục “#khong-co-muc-nay”") in out
    assert "content/thu.md: trang viết tay này chưa có trong mục `nav:` (mkdocs.yml:" in out
    assert "Dừng lại vì 5 cảnh báo ở trên" in out
    assert "Doc file" not in out and "Aborted" not in out and "Traceback" not in out


def test_the_filter_rewrites_records_of_mkdocs_loggers_and_leaves_others(tmp_path):
    write(tmp_path, "mkdocs.yml", "site_name: x\nnav:\n  - Trang chủ: index.md\n  - Cũ: cu.md\n")
    engine_messages.install(tmp_path)
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger("mkdocs.structure.nav")
    handler = Keep()
    logger.addHandler(handler)
    try:
        logger.warning("A reference to 'cu.md' is included in the 'nav' configuration, which is "
                       "not found in the documentation files.")
        logger.warning("Something MkDocs says that is not known here.")
    finally:
        logger.removeHandler(handler)
    assert records[0].startswith("mkdocs.yml:4: mục `nav:` trỏ tới “cu.md” nhưng không có tệp content/cu.md")
    assert records[1] == "Something MkDocs says that is not known here."


def test_other_known_messages():
    t = engine_messages.Translator(__import__("pathlib").Path("/nonexistent"))
    assert t.translate("Doc file 'a.md' contains an unrecognized relative link 'trang-khac', it was "
                       "left as is. Did you mean 'trang-khac.md'?") == (
        "content/a.md: liên kết “trang-khac” không trỏ tới tệp nào; liên kết tới một trang viết "
        "tay phải ghi tên tệp .md (ví dụ “gioi-thieu.md”), liên kết ra ngoài phải bắt đầu bằng "
        "https://. Có phải ý bạn là “trang-khac.md”?")
    assert t.translate("Excluding 'x/README.md' from the site because it conflicts with "
                       "'x/index.md'.").startswith("content/x/README.md: bị bỏ qua vì trùng địa chỉ")
    assert engine_messages.abort_message("Aborted with 1 warning in strict mode!").startswith("Dừng lại vì 1 cảnh báo")
    assert engine_messages.abort_message("Config value 'x': bad") == "Config value 'x': bad"
