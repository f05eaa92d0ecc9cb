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


def test_a_pages_key_follows_every_award_line_of_the_records_it_holds():
    """A roll's pages hold the whole roll: its key changes with any line of it, and stays the
    same for the same lines read again in the next pass (new objects, same values)."""
    import copy
    import datetime as dt
    from bangvang.pages.pagekey import Keys
    from bangvang.records.model import Award, HonourRoll, PublicPerson

    def roll(reason: str) -> HonourRoll:
        awards = [Award("2024-2025", PublicPerson(f"N.V.{i}", "student", "6A1", None), None,
                        "hoc-sinh-gioi", None, "school", "12/QĐ", dt.date(2025, 5, 1), None,
                        reason if i == 2 else None) for i in range(4)]
        return HonourRoll("2024-2025", awards)

    first = roll("Đạt giải")
    key = Keys().digest(("honour_roll", "/bang-vang/2024-2025/", {"roll": first, "page": 1}))
    again = Keys().digest(("honour_roll", "/bang-vang/2024-2025/",
                           {"roll": copy.deepcopy(first), "page": 1}))
    edited = Keys().digest(("honour_roll", "/bang-vang/2024-2025/",
                            {"roll": roll("Đạt giải nhất"), "page": 1}))
    assert key == again and key != edited
    keys = Keys()   # within one pass, the roll shared by its pages is digested once
    assert keys.digest({"roll": first, "page": 1}) != keys.digest({"roll": first, "page": 2})


def test_a_pass_that_renders_nothing_anew_leaves_the_kept_pages_file_alone(project, monkeypatch):
    monkeypatch.setattr(memo, "RENDERED", {})
    monkeypatch.setattr(memo, "_loaded", {})
    monkeypatch.setattr(memo, "_on_disk", {})
    assert not pipeline.check(project).problems
    saved = project / memo.CACHE
    os.utime(saved, ns=(0, 0))
    memo.RENDERED.clear()
    memo._loaded.clear()
    memo._on_disk.clear()   # a new process: reads the file back
    assert not pipeline.check(project).problems
    assert saved.stat().st_mtime_ns == 0
    text = project / "exemplars/dang-van-do.md"
    text.write_text(text.read_text("utf-8") + "\nMột đoạn mới.\n", "utf-8")
    assert not pipeline.check(project).problems
    assert saved.stat().st_mtime_ns != 0


def test_a_pass_after_a_build_released_its_caches_gives_the_same_pages(project, monkeypatch):
    """`bangvang build` drops the in-process memo and parsed YAML after its core pass
    (pipeline.release): a later pass in the same process reads them back from .build/cache/
    and makes the same site."""
    monkeypatch.setattr(memo, "RENDERED", {})
    monkeypatch.setattr(memo, "_loaded", {})
    first = pipeline.generate(project)
    before = {source: page.html for source, page in first.output.pages.items()}
    pipeline.release(first)
    assert memo.RENDERED == {} and first.renderer is None and first.catalog.read is None
    again = pipeline.generate(project)
    assert {source: page.html for source, page in again.output.pages.items()} == before
    assert len(memo.RENDERED) == len(before)   # kept again for the next pass
