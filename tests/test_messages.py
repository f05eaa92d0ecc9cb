"""Messages that point the right way: a rename is suggested only when the records show one
(never into another person's record), otherwise the missing record is named with a spelling
suggestion; and every problem of a file is listed at once."""
from __future__ import annotations

from bangvang.records import kinds
from bangvang import pipeline
from bangvang.checking import rename
from conftest import write

STUDENT = """---
name: {name}
role: student
unit: 7A
school_year: "2023-2024"
summary: Trả lại ví.
---
Câu chuyện.
"""
ROLL = "exemplars/honours/2023-2024.yml"


def problems(root) -> list[str]:
    return [str(p) for p in pipeline.check(root).problems]


def edit(root, relative, old, new):
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_a_typo_in_a_reference_gets_a_spelling_suggestion_not_a_rename(project):
    edit(project, ROLL, "recipient: dang-van-do", "recipient: dang-van-doo")
    edit(project, "exemplars/dang-van-do.md", "[day-tot-hoc-tot]", "[day-tot-hoc-tott]")
    found = problems(project)
    assert len(found) == 2, found
    assert any(p.startswith(f"{ROLL}:3: awards.recipient:") or p.startswith(f"{ROLL}:3: recipient:")
               for p in found), found
    assert all("bangvang rename" not in p for p in found), found
    assert any("“dang-van-doo”" in p and "có phải ý bạn là “dang-van-do”" in p for p in found)
    assert any("“day-tot-hoc-tott”" in p and "có phải ý bạn là “day-tot-hoc-tot”" in p
               for p in found)


def test_a_deleted_story_is_never_renamed_into_another_childs(project):
    write(project, "exemplars/hs-2024-nhat-vi-2.md", STUDENT.format(name="Lê Thị Bình"))
    write(project, "data/published-urls.txt", "/guong-dien-hinh/hs-2024-nhat-vi/\n"
          "/guong-dien-hinh/hs-2024-nhat-vi-2/\n")
    (project / "exemplars/hs-2024-nhat-vi.md").unlink()
    found = [p for p in problems(project) if not p.startswith("data/published-urls.txt")]
    assert len(found) == 1 and found[0].startswith(f"{ROLL}:15: recipient:"), found
    assert "hs-2024-nhat-vi" in found[0] and "bangvang rename" not in found[0]


def test_a_new_record_of_another_kind_of_person_is_no_rename(project):
    """The line citing the vanished story says a student; the new file is a teacher's."""
    write(project, "data/published-urls.txt", "/guong-dien-hinh/hs-2024-nhat-vi/\n")
    (project / "exemplars/hs-2024-nhat-vi.md").unlink()
    write(project, "exemplars/hs-2024-nhat-vy.md", (project / "exemplars/dang-van-do.md")
          .read_text("utf-8").replace("Đặng Văn Đỗ", "Đặng Văn Vy"))
    edit(project, ROLL, "  - recipient: hs-2024-nhat-vi\n",
         "  - recipient: hs-2024-nhat-vi\n    role: student\n")
    found = [p for p in problems(project) if p.startswith(ROLL)]
    assert len(found) == 1 and "bangvang rename" not in found[0], found


def test_a_rename_by_hand_is_still_suggested(project):
    write(project, "data/published-urls.txt", "/guong-dien-hinh/hs-2024-nhat-vi/\n")
    (project / "exemplars/hs-2024-nhat-vi.md").rename(project / "exemplars/hs-2024-nhat-vi-7a.md")
    found = problems(project)
    assert found and all("`bangvang rename hs-2024-nhat-vi hs-2024-nhat-vi-7a`" in p
                         for p in found), found


def test_vanished_url_hint_never_names_a_page_published_before():
    current = {"/guong-dien-hinh/hs-2024-nhat-vi-2/", "/guong-dien-hinh/hs-2024-nhat-vi-7a/"}
    published = {"/guong-dien-hinh/hs-2024-nhat-vi/", "/guong-dien-hinh/hs-2024-nhat-vi-2/"}
    hint = rename.vanished_url_hint("/guong-dien-hinh/hs-2024-nhat-vi/", current, published)
    assert "bangvang rename hs-2024-nhat-vi hs-2024-nhat-vi-7a" in hint
    assert rename.vanished_url_hint("/guong-dien-hinh/hs-2024-nhat-vi/",
                                    current - {"/guong-dien-hinh/hs-2024-nhat-vi-7a/"},
                                    published) == ""


def test_renamed_to_needs_the_old_page_published():
    exemplar = kinds.KINDS["exemplar"]
    assert rename.renamed_to(exemplar, "dang-van-doo", {"dang-van-do"}, set()) is None
    assert rename.renamed_to(exemplar, "dang-van-do", {"dang-van-do-toan"},
                             {"/guong-dien-hinh/dang-van-do/"}) == "dang-van-do-toan"


def test_a_vocabulary_error_does_not_hide_the_files_reference_errors(project):
    edit(project, ROLL, "title: chien-si-thi-dua-co-so", "title: chien-si-thi-dua-co-soo")
    edit(project, ROLL, "recipient: hs-2024-nhat-vi", "recipient: hs-2024-nhat-vii")
    edit(project, ROLL, "campaign: day-tot-hoc-tot", "campaign: day-tot-hoc-tott")
    found = problems(project)
    assert [p.split(" ")[0] for p in found] == [f"{ROLL}:4:", f"{ROLL}:7:", f"{ROLL}:15:"], found
    assert "hs-2024-nhat-vii" in found[-1] and "có phải ý bạn là “hs-2024-nhat-vi”" in found[-1]


def test_a_contest_entry_about_a_missing_exemplar_is_reported(project):
    edit(project, "exemplars/contest/bai-1.md", "subject: dang-van-do", "subject: dang-van-doo")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("exemplars/contest/bai-1.md:5: subject:"), found
    assert "có phải ý bạn là “dang-van-do”" in found[0]
