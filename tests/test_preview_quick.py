"""The preview's quick path (bangvang/commands/preview.py: quick_update): after an edit of a record's
text or summary alone, its own page is rendered again at once; anything else, or any problem
in what changed, leaves it to the whole pass."""
from __future__ import annotations

from pathlib import Path

import pytest

from bangvang import pipeline
from bangvang.commands import preview

EXEMPLAR = "exemplars/dang-van-do.md"
PAGE = "guong-dien-hinh/dang-van-do.md"


@pytest.fixture
def passed(project):
    result = pipeline.generate(project, preview=True)
    assert not result.problems, result.problems.report()
    return project, result


def _edit_body(root: Path, relative: str, added: str) -> Path:
    path = root / relative
    path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{added}\n", encoding="utf-8")
    return path


def test_text_edit_renders_only_that_page_with_the_new_text(passed):
    root, result = passed
    before = {s: p.html for s, p in result.output.pages.items()}
    path = _edit_body(root, EXEMPLAR, "Thầy còn mở lớp học thêm miễn phí vào tối thứ Bảy.")
    assert preview.quick_update(result, root, [path]) == [PAGE]
    assert "tối thứ Bảy" in result.output.pages[PAGE].html
    after = {s: p.html for s, p in result.output.pages.items()}
    assert {s for s in after if after[s] != before[s]} == {PAGE}
    # … and the whole pass that follows makes the same page.
    assert pipeline.generate(root, preview=True).output.pages[PAGE].html == after[PAGE]


def test_record_text_is_still_sanitised(passed):
    root, result = passed
    path = _edit_body(root, EXEMPLAR, '<script>alert(1)</script><a href="javascript:x()">x</a>')
    assert preview.quick_update(result, root, [path]) == [PAGE]
    html = result.output.pages[PAGE].html
    assert "<script" not in html and "javascript:" not in html


def _edit_front(root: Path, old: str, new: str) -> Path:
    path = root / EXEMPLAR
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_a_summary_edit_shows_at_once_and_the_whole_pass_agrees(passed):
    root, result = passed
    path = _edit_front(root, "summary: Thầy giúp học sinh nghèo.",
                       "summary: Thầy giúp học sinh khó khăn <b>vượt khó</b>.")
    assert preview.quick_update(result, root, [path]) == [PAGE]
    html = result.output.pages[PAGE].html
    assert "khó khăn &lt;b&gt;vượt khó&lt;/b&gt;" in html and "<b>" not in html
    assert pipeline.generate(root, preview=True).output.pages[PAGE].html == html


@pytest.mark.parametrize("old, new", [
    ("unit: Tổ Toán", "unit: Tổ Văn"),                    # groups the exemplar: not prose
    ("school_year: \"2023-2024\"", "school_year: \"2022-2023\""),
    ("name: Đặng Văn Đỗ", "name: Đặng Văn Độ"),
    ("summary: Thầy giúp học sinh nghèo.", "summary: Thầy giúp em Lê Văn Ân."),   # hidden
    ("summary: Thầy giúp học sinh nghèo.", "summary: " + "dài " * 2000),         # too long
    ("summary: Thầy giúp học sinh nghèo.", "summary: [a, b]"),                   # not text
])
def test_other_front_matter_edits_wait_for_the_whole_pass(passed, old, new):
    root, result = passed
    before = result.output.pages[PAGE].html
    assert preview.quick_update(result, root, [_edit_front(root, old, new)]) is None
    assert result.output.pages[PAGE].html == before


@pytest.mark.parametrize("added", [
    "Em Lê Văn Ân cũng được khen.",           # a name withheld by consent: none
    "Điền «câu chuyện» vào đây.",              # the scaffold's sample text
    "Xem [trang này](../khong-co-trang-nay.md).",   # a link to no page
])
def test_text_with_a_problem_waits_for_the_whole_pass_which_reports_it(passed, added):
    root, result = passed
    before = result.output.pages[PAGE].html
    path = _edit_body(root, EXEMPLAR, added)
    assert preview.quick_update(result, root, [path]) is None
    assert result.output.pages[PAGE].html == before
    again = pipeline.generate(root, preview=True)
    assert any(p.file == EXEMPLAR for p in again.problems.items), again.problems.report()


def test_files_that_are_not_record_text_wait_for_the_whole_pass(passed):
    root, result = passed
    school = root / "data" / "school.yml"
    school.write_text(school.read_text("utf-8") + "\n", "utf-8")
    assert preview.quick_update(result, root, [school]) is None
    honours = root / "exemplars" / "honours" / "2023-2024.yml"
    assert preview.quick_update(result, root, [honours]) is None


def test_no_quick_path_while_records_have_problems(project):
    (project / "exemplars" / "hs-2024-nhat-vi.md").write_text("---\nname: x\n---\n", "utf-8")
    result = pipeline.generate(project, preview=True)
    assert result.problems
    path = _edit_body(project, EXEMPLAR, "Thêm một câu.")
    assert preview.quick_update(result, project, [path]) is None


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_background_jobs_run_one_at_a_time_newest_first_and_survive_a_failure():
    import threading
    import time
    later, ran, gate = preview.Later(), [], threading.Event()

    def first():
        gate.wait(5)
        raise RuntimeError("Pagefind failed")   # printed by the thread, not fatal

    later.submit(first)
    later.submit(lambda: ran.append("skipped"))   # replaced by the next one while waiting
    later.submit(lambda: ran.append("newest"))
    gate.set()
    deadline = time.monotonic() + 5
    while not ran and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert ran == ["newest"]
    later.submit(lambda: ran.append("after"))
    deadline = time.monotonic() + 5
    while len(ran) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ran == ["newest", "after"]


ROLL = "exemplars/honours/2023-2024.yml"
LINE = ("  - recipient: dang-van-do\n    title: chien-si-thi-dua-co-so\n    level: truong\n"
        "    decision: {number: 45/QĐ-THCS, date: 25/05/2024}\n    campaign: day-tot-hoc-tot\n"
        "    reason: Xuất sắc\n")


def _edit_line(root: Path, old: str, new: str) -> Path:
    path = root / ROLL
    text = path.read_text("utf-8")
    assert text.count(LINE) == 1 and old in LINE
    path.write_text(text.replace(LINE, LINE.replace(old, new)), "utf-8")
    return path


@pytest.mark.parametrize("old, new, shown", [
    ("number: 45/QĐ-THCS", "number: 47/QĐ-THCS", "47/QĐ-THCS"),   # a typo in a number
    ("date: 25/05/2024", "date: 27/05/2024", "27/05/2024"),
    ("reason: Xuất sắc", "reason: Xuất sắc <i>Robot</i>", "&lt;i&gt;Robot"),
])
def test_an_award_line_correction_shows_on_every_page_at_once_as_the_whole_pass_makes_it(
        passed, old, new, shown):
    root, result = passed
    before = {s: p.html for s, p in result.output.pages.items()}
    sources = preview.quick_update(result, root, [_edit_line(root, old, new)])
    assert sources and PAGE in sources
    assert shown in result.output.pages[PAGE].html and shown not in before[PAGE]
    again = pipeline.generate(root, preview=True)
    assert not again.problems, again.problems.report()
    changed = {s for s, p in again.output.pages.items() if p.html != before[s]}
    # Every page the whole pass changes is shown at once, as the whole pass makes it, but
    # the open data's page: the sizes of its files come with the whole pass.
    assert set(sources) <= changed and changed - set(sources) <= {"du-lieu/index.md"}
    assert all(result.output.pages[s].html == again.output.pages[s].html for s in sources)


@pytest.mark.parametrize("old, new", [
    ("title: chien-si-thi-dua-co-so", "title: lao-dong-tien-tien"),   # counted and grouped
    ("recipient: dang-van-do", "recipient: hs-2024-nhat-vi"),          # another person
    ("campaign: day-tot-hoc-tot\n", ""),                                # a campaign's award
    ("date: 25/05/2024", "date: 25/05/2021"),                         # outside the school year
    ("number: 45/QĐ-THCS", "number: [45]"),                            # not a number
    ("reason: Xuất sắc", "reason: Em Lê Văn Ân cũng vậy"),             # a name withheld
])
def test_other_award_line_edits_wait_for_the_whole_pass(passed, old, new):
    root, result = passed
    before = {s: p.html for s, p in result.output.pages.items()}
    assert preview.quick_update(result, root, [_edit_line(root, old, new)]) is None
    assert {s: p.html for s, p in result.output.pages.items()} == before


def test_a_second_correction_before_the_whole_pass_shows_too(passed):
    root, result = passed
    assert preview.quick_update(result, root, [_edit_line(root, "45/QĐ", "47/QĐ")])
    path = root / ROLL
    path.write_text(path.read_text("utf-8").replace("47/QĐ-THCS", "48/QĐ-THCS"), "utf-8")
    assert PAGE in preview.quick_update(result, root, [path])
    assert "48/QĐ-THCS" in result.output.pages[PAGE].html
    assert "47/QĐ-THCS" not in result.output.pages[PAGE].html
