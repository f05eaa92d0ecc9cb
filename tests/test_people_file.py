"""data/people.yml written wrong: a Vietnamese problem with file and line, never a traceback
(check, build and serve share the core pass, `pipeline.check` is its entry)."""
from __future__ import annotations

import pytest

from bangvang import pipeline
from conftest import run_bangvang, write

ROLL_LINE = """  - recipient: Phạm Thị Hoa
    role: teacher
    title: chien-si-thi-dua-co-so
    level: truong
    decision: {number: 47/QĐ-THCS, date: 25/05/2024}
"""


@pytest.mark.parametrize("people, line, field", [
    ('people:\n  - id: pham-thi-hoa\n    name: ""\n    role: teacher\n', 3, "people[1].name"),
    ("people:\n  - id: pham-thi-hoa\n    name:\n    role: teacher\n", 3, "people[1].name"),
    ("people:\n  - id: pham-thi-hoa\n    role: teacher\n", 2, "people[1].name"),
    ("people:\n  - name: Phạm Thị Hoa\n    role: teacher\n", 2, "people[1].id"),
    ("people:\n  - id: pham-thi-hoa\n    name: Phạm Thị Hoa\n", 2, "people[1].role"),
    ("people:\n  - id: pham-thi-hoa\n    name: Phạm Thị Hoa\n    role: thay\n", 4,
     "people[1].role"),
])
def test_a_listed_person_with_a_missing_value(project, people, line, field):
    write(project, "data/people.yml", people)
    roll = project / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + ROLL_LINE.replace(
        "    role: teacher\n", "    role: teacher\n    person: pham-thi-hoa\n"), "utf-8")
    found = [str(p) for p in pipeline.check(project).problems]
    assert found and found[0].startswith(f"data/people.yml:{line}: {field}:"), found
    assert all(p.startswith("data/people.yml") for p in found), found   # nothing cascades
    result = run_bangvang(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"data/people.yml:{line}: {field}:" in result.stdout + result.stderr


@pytest.mark.parametrize("people", ["people: Phạm Thị Hoa\n", "people:\n  - Phạm Thị Hoa\n",
                                    "people: {id: a}\n", "- a\n", "people:\n"])
def test_a_people_file_of_the_wrong_shape(project, people):
    write(project, "data/people.yml", people)
    found = [str(p) for p in pipeline.check(project).problems]
    assert found and all(p.startswith("data/people.yml") for p in found), found


def test_build_reports_it_too(project):
    write(project, "data/people.yml", 'people:\n  - id: a\n    name: ""\n    role: teacher\n')
    result = run_bangvang(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/people.yml:3: people[1].name:" in result.stdout + result.stderr
