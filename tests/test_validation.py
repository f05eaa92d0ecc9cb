"""One test per class of bad input: each gets a Vietnamese message naming file, line, field."""
from __future__ import annotations

import codecs
import unicodedata

import pytest

from bangvang import pipeline
from bangvang.checking.validate import build_catalog
from conftest import run_bangvang, write

EXEMPLAR = """---
name: Phạm Thị Hoa
role: teacher
unit: Tổ Ngữ văn
school_year: "2023-2024"
summary: Cô giúp học sinh đọc sách.
{extra}---
Câu chuyện.
"""


def problems_of(root) -> list[str]:
    catalog, problems = build_catalog(root)
    assert (catalog is None) == bool(problems)
    return [str(p) for p in problems]


def only_problem(root) -> str:
    found = problems_of(root)
    assert len(found) == 1, found
    return found[0]


def test_the_mini_school_is_valid(project):
    assert problems_of(project) == []


def test_yaml_syntax_error_names_file_and_line(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="campaigns: [day-tot-hoc-tot\n"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:")
    assert "lỗi cú pháp YAML" in message


def test_tab_indentation_is_explained(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="private:\n\tphone: 1\n"))
    assert "Tab" in only_problem(project)


def test_duplicate_key_is_refused_not_silently_overwritten(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="name: Phạm Thị Hồng\n"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:7:")
    assert "“name” được viết hai lần (lần đầu ở dòng 2)" in message


def test_unknown_field_suggests_the_closest_name(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="sumary: thừa\n"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:7: sumary:")
    assert "có phải ý bạn là “summary”" in message


def test_missing_required_field(project):
    text = EXEMPLAR.format(extra="").replace("role: teacher\n", "")
    write(project, "exemplars/hoa.md", text)
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:2: role:")
    assert "thiếu trường bắt buộc “role”" in message


def test_wrong_type(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="campaigns: {a: 1}\nunit2: x\n")
          .replace("unit: Tổ Ngữ văn", "unit: [Tổ Ngữ văn, Tổ Toán]"))
    found = problems_of(project)
    assert any(p.startswith("exemplars/hoa.md:4: unit:") and "một danh sách" in p for p in found)


@pytest.mark.parametrize("value, expected", [
    ("30/02/2024", "không có thật trên lịch"),
    ("2024-13-01", "không có thật trên lịch"),
    ("ngày 5 tháng 3", "không phải là ngày"),
])
def test_impossible_or_badly_written_dates(project, value, expected):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra=f"date: {value}\n"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:7: date:")
    assert expected in message


def test_both_date_styles_are_accepted(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="date: 05/03/2024\n"))
    write(project, "exemplars/hong.md", EXEMPLAR.format(extra="date: 2024-03-05\n"))
    catalog, problems = build_catalog(project)
    assert not problems
    assert catalog.exemplars["hoa"].date == catalog.exemplars["hong"].date


@pytest.mark.parametrize("value", ["2023-2025", "2023", "2023/2024", "năm nay"])
def test_school_year_must_be_consecutive_years(project, value):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="").replace('"2023-2024"', f'"{value}"'))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:5: school_year:")
    assert "năm học" in message


def test_unknown_vocabulary_value_lists_the_choices(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="").replace("role: teacher", "role: teachr"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:3: role:")
    assert "có phải ý bạn là “teacher”" in message and "data/vocabulary.yml" in message


def test_vocabulary_labels_are_accepted_without_accents(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="").replace("role: teacher", "role: giao vien"))
    catalog, problems = build_catalog(project)
    assert not problems and catalog.exemplars["hoa"].person.role == "teacher"


def test_reference_to_a_missing_campaign(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="campaigns: [day-tot-hoc-tott]\n"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md:7: campaigns[1]:")
    assert "không có phong trào mã “day-tot-hoc-tott”" in message
    assert "“day-tot-hoc-tot”" in message


def test_reference_to_a_missing_exemplar_in_the_honour_roll(project):
    roll = project / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8").replace("recipient: hs-2024-nhat-vi", "recipient: hs-ann"), "utf-8")
    message = only_problem(project)
    assert message.startswith("exemplars/honours/2023-2024.yml:")
    assert "recipient" in message and "hs-ann" in message


def test_duplicate_ids(project):
    write(project, "exemplars/honours/2023-2024.yaml",
          (project / "exemplars/honours/2023-2024.yml").read_text("utf-8"))
    message = only_problem(project)
    assert "trùng mã “2023-2024”" in message


def test_duplicate_award_is_not_silently_dropped(project):
    roll = project / "exemplars/honours/2023-2024.yml"
    text = roll.read_text("utf-8")
    first_award = text[text.index("  - recipient: dang-van-do"):text.index("  - recipient: Lê")]
    roll.write_text(text + first_award, "utf-8")
    message = only_problem(project)
    assert "trùng với mục ở dòng 3" in message


def test_title_must_fit_the_role(project):
    roll = project / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8").replace("title: chien-si-thi-dua-co-so",
                                                    "title: hoc-sinh-xuat-sac"), "utf-8")
    assert "chỉ dành cho học sinh" in only_problem(project)


def test_empty_file(project):
    write(project, "exemplars/hoa.md", "\n")
    assert only_problem(project) == "exemplars/hoa.md:1: tệp rỗng; hãy điền nội dung " \
        "(chạy `bangvang new` để có tệp mẫu) hoặc xoá tệp"


def test_file_without_front_matter(project):
    write(project, "exemplars/hoa.md", "name: Hoa\n")
    assert "dòng đầu tiên phải là `---`" in only_problem(project)


def test_file_in_a_legacy_encoding_is_named(project):
    (project / "exemplars/hoa.md").write_bytes(EXEMPLAR.format(extra="").encode("cp1258", "replace"))
    message = only_problem(project)
    assert message.startswith("exemplars/hoa.md: tệp không ở bảng mã UTF-8")


def test_tcvn3_text_saved_as_utf8_is_refused(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="").replace(
        "Câu chuyện.", "C« gi¸o tËn t×nh gióp ®ì häc sinh nghÌo v\xad¬n lªn trong häc tËp."))
    assert "TCVN3" in only_problem(project)


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    lambda text: text.encode("utf-16"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8-bom", "utf16-bom", "windows-line-endings"])
def test_windows_encodings_are_accepted(project, encode):
    (project / "exemplars/hoa.md").write_bytes(encode(EXEMPLAR.format(extra="")))
    catalog, problems = build_catalog(project)
    assert not problems
    assert catalog.exemplars["hoa"].person.name == "Phạm Thị Hoa"


def test_text_is_normalised_to_nfc(project):
    decomposed = unicodedata.normalize("NFD", EXEMPLAR.format(extra=""))
    write(project, "exemplars/hoa.md", decomposed)
    catalog, _ = build_catalog(project)
    assert catalog.exemplars["hoa"].person.name == unicodedata.normalize("NFC", "Phạm Thị Hoa")
    assert unicodedata.is_normalized("NFC", catalog.exemplars["hoa"].body)


def test_file_name_must_be_a_kebab_case_id(project):
    write(project, "exemplars/Phạm Hoa.md", EXEMPLAR.format(extra=""))
    assert "“pham-hoa.md”" in only_problem(project)


def test_stray_file_in_a_record_folder_is_not_silently_skipped(project):
    write(project, "exemplars/hoa.markdown", EXEMPLAR.format(extra=""))
    assert "không phải hồ sơ nên sẽ không được đăng" in only_problem(project)


def test_student_file_name_must_not_reveal_a_hidden_name(project):
    write(project, "exemplars/le-thi-mai.md", EXEMPLAR.format(extra="").replace(
        "Phạm Thị Hoa", "Lê Thị Mai").replace("role: teacher", "role: student"))
    assert "tên tệp chứa" in only_problem(project)


def test_drafts_are_validated_but_not_published(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="status: draft\n"))
    write(project, "exemplars/hong.md", EXEMPLAR.format(extra="status: draft\ndate: 31/04/2024\n"))
    found = problems_of(project)
    assert len(found) == 1 and found[0].startswith("exemplars/hong.md:8: date:")
    (project / "exemplars/hong.md").unlink()
    catalog, _ = build_catalog(project)
    assert "hoa" not in catalog.exemplars


def test_check_lists_every_problem_at_once_and_exits_non_zero(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="sumary: x\n"))
    write(project, "exemplars/hong.md", EXEMPLAR.format(extra="date: 30/02/2024\n"))
    write(project, "exemplars/honours/2024-2025.yml", "school_year: 2024-2025\nawards:\n  - recipient: [\n")
    result = run_bangvang(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Có 3 lỗi trong hồ sơ")
    assert lines[0].startswith("exemplars/hoa.md:7: sumary:")
    assert lines[1].startswith("exemplars/hong.md:7: date:")
    assert lines[2].startswith("exemplars/honours/2024-2025.yml:")


def test_build_never_starts_on_invalid_data(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(extra="date: 30/02/2024\n"))
    result = run_bangvang(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "site").exists()


def test_vocabulary_label_with_an_unquoted_comma_is_explained(project):
    vocabulary = project / "data/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text("utf-8").replace('"Bộ, ngành"', "Bộ, ngành"), "utf-8")
    message = only_problem(project)
    assert message.startswith("data/vocabulary.yml:16: levels.bo-nganh.ngành:")
    assert "ngoặc kép" in message


def test_hand_written_page_clashing_with_a_generated_page(project):
    write(project, "content/bang-vang/index.md", "# Bảng vàng\n")
    found = [str(p) for p in pipeline.check(project).problems]
    assert found == ["content/bang-vang/index.md: trang viết tay này trùng địa chỉ với một "
                     "trang Bảng vàng tự tạo; hãy đổi tên hoặc xoá tệp này"]


def test_a_broken_campaign_file_is_reported_once_not_at_every_reference(project):
    campaign = project / "plans/campaigns/day-tot-hoc-tot.md"
    campaign.write_text(campaign.read_text("utf-8").replace(
        "summary: Thi đua dạy tốt, học tốt.", "summary: Thi đua: dạy tốt, học tốt."), "utf-8")
    message = only_problem(project)
    assert message.startswith("plans/campaigns/day-tot-hoc-tot.md:")
    assert "ngoặc kép" in message


def test_basis_may_name_a_plan_by_id_which_must_exist(project):
    plan = project / "plans/2024-2025-ke-hoach.md"
    plan.write_text(plan.read_text("utf-8").replace(
        'number: "12 /KH-THCS"', 'plan: 2023-2024-ke-hoach-cu'), "utf-8")
    message = only_problem(project)
    assert message.startswith("plans/2024-2025-ke-hoach.md:8: basis[1].plan:")
    assert "không có kế hoạch mã “2023-2024-ke-hoach-cu”" in message
    plan.write_text(plan.read_text("utf-8").replace("2023-2024-ke-hoach-cu", "2023-2024-ke-hoach"),
                    "utf-8")
    catalog, _ = build_catalog(project)
    assert catalog.plans["2023-2024-ke-hoach"].cited_by == ["2024-2025-ke-hoach"]


def test_a_broken_exemplar_is_reported_once_not_at_every_award_and_entry_citing_it(project):
    """One error per cause: the awards and the entry that cite it say nothing more."""
    path = project / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace('school_year: "2023-2024"',
                                                    'school_year: "2023/2024"'), "utf-8")
    found = [str(p) for p in pipeline.check(project).problems]
    assert len(found) == 1 and found[0].startswith("exemplars/dang-van-do.md:"), found


def test_an_unreadable_exemplar_is_reported_once(project):
    path = project / "exemplars/dang-van-do.md"
    path.write_bytes(path.read_bytes().replace(b"---\n", b"", 1))   # no front matter any more
    found = [str(p) for p in pipeline.check(project).problems]
    assert len(found) == 1 and found[0].startswith("exemplars/dang-van-do.md:"), found
