"""Eligibility complete (Chiến sĩ thi đua cơ sở beside the multi-year titles on /du-dieu-kien/,
rules.eligible) and the proposal files written for the team (`bangvang ho-so-de-nghi`,
commands/proposals.py), opened with python-docx and openpyxl."""
from __future__ import annotations

import datetime as dt

from docx import Document
from openpyxl import load_workbook

from conftest import REPO, run_bangvang, write
from test_rules import award, school

YEAR = "2025-2026"
INITIATIVE = """---
title: "Sổ tay số {key}"
authors:
  - name: {who}
    unit: Tổ Toán
school_year: "{year}"
level: truong
decision: {{number: "30/QĐ-THCS", date: 18/05/{end}}}
summary: "Một sáng kiến."
---
Nội dung.
"""


def initiative(project, who: str, key: int, year: str = YEAR) -> None:
    write(project, f"initiatives/{year}-so-tay-{key}.md",
          INITIATIVE.format(who=who, key=key, year=year, end=year[5:]))


def base_title_school(project):
    """Hồ Văn Nam: Lao động tiên tiến and an initiative in the year (proposed); Lê Thu: the
    title without an initiative (not); Trịnh Xuân: already Chiến sĩ thi đua cơ sở that year
    (not); Vũ Kín: proposed, but withholds their name (counted, never named online)."""
    initiative(project, "Hồ Văn Nam", 1)
    initiative(project, "Trịnh Xuân", 2)
    initiative(project, "Vũ Kín", 3)
    kin = award("Vũ Kín", "lao-dong-tien-tien", YEAR, "47/QĐ-THCS") + "    consent: none\n"
    return school(project, {YEAR: [
        award("Hồ Văn Nam", "lao-dong-tien-tien", YEAR, "46/QĐ-THCS")
        + "    reason: Hoàn thành xuất sắc nhiệm vụ\n",
        award("Lê Thu", "lao-dong-tien-tien", YEAR, "46/QĐ-THCS"),
        award("Trịnh Xuân", "lao-dong-tien-tien", YEAR, "46/QĐ-THCS"),
        award("Trịnh Xuân", "chien-si-thi-dua-co-so", YEAR, "50/QĐ-THCS"), kin]})


def test_the_base_title_list_is_beside_the_multi_year_ones(project):
    result = base_title_school(project)
    page = result.output.pages["du-dieu-kien/index.md"].html
    section = page.split('id="chien-si-thi-dua-co-so"')[1].split("<h2")[0]
    assert "Chiến sĩ thi đua cơ sở (2)" in page
    assert "Hồ Văn Nam</a> — Lao động tiên tiến, sáng kiến năm học 2025-2026" in section
    assert "Lê Thu" not in section and "Trịnh Xuân" not in section
    assert "Vũ Kín" not in page and "Và 1 người không đồng ý công bố họ tên." in section
    assert page.index('id="chien-si-thi-dua-co-so"') < page.index('id="chien-si-thi-dua-cap-tinh"')


def test_proposal_files_name_everyone_with_decisions_and_reasons(project):
    base_title_school(project)
    result = run_bangvang(project, "ho-so-de-nghi", "--danh-hieu", "chien-si-thi-dua-co-so")
    assert result.returncode == 0, result.stderr
    folder = project / "ho-so-de-nghi" / YEAR
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "chien-si-thi-dua-co-so-ho-van-nam.docx", "chien-si-thi-dua-co-so-vu-kin.docx"]
    document = Document(folder / "chien-si-thi-dua-co-so-ho-van-nam.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Thông tin đề nghị danh hiệu Chiến sĩ thi đua cơ sở" in text
    assert "Họ và tên: Hồ Văn Nam" in text and "Giáo viên Tổ Toán" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[1] == ["2025-2026", "Lao động tiên tiến", "46/QĐ-THCS", "25/05/2026", "Trường",
                       "Hoàn thành xuất sắc nhiệm vụ"]
    initiatives = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert initiatives[1][:2] == ["2025-2026", "Sổ tay số 1"]
    book = load_workbook(folder / f"danh-sach-de-nghi-{YEAR}.xlsx")
    summary = list(book["Đề nghị"].values)
    # Internal: full names, sorted the Vietnamese way (by given name).
    assert [r[1] for r in summary[1:]] == ["Vũ Kín", "Hồ Văn Nam"]
    assert summary[1][6] == "không" and summary[2][6] == "có"
    details = list(book["Chi tiết"].values)
    assert details[2][5] == dt.datetime(2026, 5, 25)                 # a date the council sorts
    assert book["Chi tiết"].auto_filter.ref


def test_the_demo_writes_both_lists_and_never_into_site(tmp_path):
    from test_consent_slips import demo_copy
    root = demo_copy(tmp_path)
    result = run_bangvang(root, "ho-so-de-nghi")
    assert result.returncode == 0, result.stderr
    assert "Chiến sĩ thi đua cơ sở: 1 người" in result.stdout
    names = sorted(p.name for p in (root / "ho-so-de-nghi" / YEAR).iterdir())
    assert names == ["chien-si-thi-dua-cap-tinh-pham-quoc-bao.docx",
                     "chien-si-thi-dua-co-so-dinh-quang-thang.docx",
                     f"danh-sach-de-nghi-{YEAR}.xlsx"]
    refused = run_bangvang(root, "ho-so-de-nghi", "--out", "site/de-nghi")
    assert refused.returncode == 1 and "trang web được công bố" in refused.stderr
    wrong = run_bangvang(root, "ho-so-de-nghi", "--danh-hieu", "anh-hung")
    assert wrong.returncode == 1 and "chien-si-thi-dua-co-so" in wrong.stderr
    assert "/ho-so-de-nghi/" in (REPO / ".gitignore").read_text(encoding="utf-8")
