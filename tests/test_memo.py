"""Rendered pages kept between builds (pages/memo.py): used only under the same code, and a
cache file that is not plain values is refused without running anything."""
from __future__ import annotations

import os
import pickle

from bangvang import pipeline
from bangvang.pages import memo

PAGE = "guong-dien-hinh/dang-van-do.md"


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_pages_are_read_back_only_under_the_same_code(project, monkeypatch):
    monkeypatch.setattr(memo, "RENDERED", {})
    monkeypatch.setattr(memo, "_loaded", {})
    pipeline.generate(project)
    saved = project / memo.CACHE
    assert saved.is_file()
    memo.RENDERED.clear()
    memo._loaded.clear()
    memo.load(project, "another version")
    assert memo.RENDERED == {}
    memo._loaded.clear()
    from bangvang.commands import stamp
    memo.load(project, stamp.code_version())
    assert PAGE in memo.RENDERED


def test_a_cache_file_that_is_not_plain_values_runs_nothing(project, monkeypatch, tmp_path):
    monkeypatch.setattr(memo, "RENDERED", {})
    monkeypatch.setattr(memo, "_loaded", {})
    monkeypatch.chdir(tmp_path)
    path = project / memo.CACHE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"version": memo.VERSION, "code": "x",
                                   "pages": {PAGE: (b"k", {}, _Payload(), [], [])}}))
    memo.load(project, "x")
    assert memo.RENDERED == {}
    assert not (tmp_path / "pwned").exists()
    result = pipeline.run(project)   # and the pass renders the pages itself
    assert "Đặng Văn Đỗ" in result.output.pages[PAGE].html
