"""`bangvang build` skips only when nothing it reads changed; what it reads follows from the
declarations (every kind's folder, the data files, content/, overrides/, hooks/, mkdocs.yml,
the templates and the code), so an edit in the folder of a newly declared kind rebuilds."""
from __future__ import annotations

import pytest

from bangvang.records import kinds
from bangvang.commands import stamp
from conftest import make_project, write
from test_declared_kind import INITIATIVE


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def test_an_edit_in_the_folder_of_a_newly_declared_kind_is_seen(root, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, INITIATIVE.name, INITIATIVE)
    monkeypatch.setitem(kinds.ALL_KINDS, INITIATIVE.name, INITIATIVE)
    write(root, "initiatives/so-tay.md", "---\ntitle: Sổ tay\n---\nCũ.\n")
    before = stamp.inputs(root)
    write(root, "initiatives/so-tay.md", "---\ntitle: Sổ tay\n---\nMới.\n")
    assert stamp.inputs(root) != before


@pytest.mark.parametrize("relative", ["mkdocs.yml", "content/gioi-thieu.md",
                                      "content/tin-tuc/.authors.yml", "overrides/main.html",
                                      "hooks/bangvang_hooks.py", "data/school.yml",
                                      "data/published-urls.txt", "exemplars/dang-van-do.md",
                                      "plans/campaigns/day-tot-hoc-tot.md",
                                      "exemplars/contest/bai-1.md"])
def test_an_edit_of_any_input_is_seen(root, relative):
    before = stamp.inputs(root)
    path = root / relative
    path.write_bytes((path.read_bytes() if path.exists() else b"") + b"\n# x\n")
    assert stamp.inputs(root) != before


def test_files_the_build_does_not_read_do_not_rebuild(root):
    before = stamp.inputs(root)
    write(root, "ghi-chu/viec-can-lam.txt", "x")   # a folder no declaration names
    write(root, ".build/cache/x.json", "{}")
    assert stamp.inputs(root) == before


def test_the_code_version_is_part_of_the_stamp(root, monkeypatch):
    before = stamp.inputs(root)
    monkeypatch.setattr(stamp, "code_version", lambda: "another")
    assert stamp.inputs(root) != before
