"""A record kind declared once (kinds.Kind) is found, checked and built into the Catalog with
no code of its own in the loader or the checker: here a "sáng kiến" (initiative) kind added
for the test only."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from bangvang.records import kinds, loader
from bangvang.records.fields import SchoolYear, Text
from bangvang.checking.validate import build_catalog
from conftest import write


@dataclass
class Initiative:
    id: str
    title: str
    author: str
    school_year: str
    body: str
    file: str
    body_line: int = 1


INITIATIVE = kinds.Kind("initiative", "sáng kiến", "initiatives", (".md",), {
    "title": Text("Tên sáng kiến", required=True),
    "author": Text("Tác giả", required=True),
    "school_year": SchoolYear("Năm học", required=True),
    "status": kinds.STATUS,
}, "sang-kien", "initiative.md", None, model=Initiative)


@pytest.fixture
def with_initiatives(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, INITIATIVE.name, INITIATIVE)
    monkeypatch.setitem(loader.LOCATIONS, INITIATIVE.name, (INITIATIVE.folder, INITIATIVE.endings))


def test_a_declared_kind_is_loaded_checked_and_built_by_keyword(project, with_initiatives):
    write(project, "initiatives/so-tay-toan.md", "---\ntitle: Sổ tay Toán 7\nauthor: Cô Lan\n"
          "school_year: \"2024-2025\"\n---\nCách làm sổ tay.\n")
    write(project, "initiatives/nhap.md", "---\ntitle: Chưa xong\nstatus: draft\n---\n")
    catalog, problems = build_catalog(project)
    assert not problems, problems.report()
    built = catalog.of_kind("initiative")
    assert set(built) == {"so-tay-toan"}   # the draft is checked, never published
    assert built["so-tay-toan"] == Initiative("so-tay-toan", "Sổ tay Toán 7", "Cô Lan",
                                              "2024-2025", "Cách làm sổ tay.\n",
                                              "initiatives/so-tay-toan.md", 6)


def test_a_declared_kind_gets_the_same_vietnamese_messages(project, with_initiatives):
    write(project, "initiatives/loi.md", "---\ntitle: Sổ tay\nschool_year: \"2024\"\n---\nx\n")
    catalog, problems = build_catalog(project)
    assert catalog is None
    messages = [str(p) for p in problems.items]
    assert any(m.startswith("initiatives/loi.md:") and "author" in m for m in messages), messages
    assert any(m.startswith("initiatives/loi.md:3: school_year:") for m in messages), messages
