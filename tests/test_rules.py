"""Eligibility rules (data/rules.yml, rules.py): warnings for missing prerequisites, and who
may be proposed for a title."""
from __future__ import annotations

from bangvang import pipeline
from conftest import REPO, write


def award(who, title, year, number="45/QĐ-THCS"):
    return (f"  - recipient: {who}\n    role: teacher\n    unit: Tổ Toán\n    title: {title}\n"
            f"    level: truong\n    decision: {{number: {number}, date: 25/05/{year[5:]}}}\n")


def school(project, lines_by_year):
    write(project, "data/rules.yml", (REPO / "data/rules.yml").read_text("utf-8"))
    for year, lines in lines_by_year.items():
        path = project / f"exemplars/honours/{year}.yml"
        head = path.read_text("utf-8") if path.exists() else f'school_year: "{year}"\nawards:\n'
        write(project, f"exemplars/honours/{year}.yml", head + "".join(lines))
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    return result


def test_a_provincial_title_without_three_years_of_base_titles_is_a_warning_naming_the_years(
        project):
    result = school(project, {
        "2024-2025": [award("Hồ Văn Nam", "chien-si-thi-dua-co-so", "2024-2025"),
                      award("Hồ Văn Nam", "lao-dong-tien-tien", "2024-2025", "46/QĐ-THCS")],
        "2025-2026": [award("Hồ Văn Nam", "chien-si-thi-dua-cap-tinh", "2025-2026")]})
    warnings = [str(w) for w in result.problems.warnings if "Chiến sĩ thi đua cấp tỉnh" in str(w)]
    assert len(warnings) == 1
    assert warnings[0].startswith("exemplars/honours/2025-2026.yml:3: title:")
    assert "thiếu năm 2023-2024, 2025-2026" in warnings[0]


def test_a_base_title_without_the_same_year_s_labour_title_is_a_warning(project):
    result = school(project, {"2024-2025": [award("Hồ Văn Nam", "chien-si-thi-dua-co-so",
                                                  "2024-2025")]})
    assert any("cần “Lao động tiên tiến” trong cùng năm học 2024-2025" in str(w)
               for w in result.problems.warnings)


def test_three_years_in_a_row_put_the_person_on_the_proposal_page(project):
    years = ["2023-2024", "2024-2025", "2025-2026"]
    result = school(project, {y: [award("Hồ Văn Nam", "chien-si-thi-dua-co-so", y),
                                  award("Hồ Văn Nam", "lao-dong-tien-tien", y, "46/QĐ-THCS"),
                                  award("Lê Thu", "chien-si-thi-dua-co-so", y)
                                  if y != "2024-2025" else ""]
                              for y in years})
    page = result.output.pages["du-dieu-kien/index.md"].html
    section = page.split('id="chien-si-thi-dua-cap-tinh"')[1].split("<h2")[0]
    assert 'href="../nguoi/ho-van-nam/">Hồ Văn Nam</a>' in section
    assert "Lê Thu" not in section   # a year missing in between
    assert not any("Hồ Văn Nam" in str(w) for w in result.problems.warnings)


def test_a_rule_with_an_unknown_title_is_refused_with_its_line(project):
    write(project, "data/rules.yml", "rules:\n  - title: chien-si-thi-dua-co-so\n"
          "    requires: lao-dong-gioi\n    times: 1\n    consecutive: true\n")
    problems = [str(p) for p in pipeline.run(project).problems]
    assert any(p.startswith("data/rules.yml:3: rules[1].requires") for p in problems), problems


def test_a_many_times_rule_must_say_over_which_years(project):
    write(project, "data/rules.yml", "rules:\n  - title: chien-si-thi-dua-cap-tinh\n"
          "    requires: chien-si-thi-dua-co-so\n    times: 3\n")
    problems = [str(p) for p in pipeline.run(project).problems]
    assert any("data/rules.yml:2" in p and "consecutive: true" in p for p in problems), problems
