"""Award lists whose name is split in two columns, "Họ và tên đệm" │ "Tên", for the drawn test
set (session 27's held-out layout): Vietnamese school lists are often printed so, to be
sorted by the given name; a pupils' list adds a "Ngày sinh" column (dd/mm/yyyy), which is
private and must never be read as a unit, a class or a title. The importer must join the
two cells into the full name; a half-name is a wrong name (scanscore.py scores the full
name)."""
from __future__ import annotations

import random
from dataclasses import replace

import scanpages


def _birth_date(rng: random.Random, unit: str) -> str:
    """A pupil's birth date that fits the class's grade in 2024-2025 (grade 6: born 2013)."""
    grade = int(unit[0]) if unit[:1].isdigit() else 6
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{2019 - grade}"


def split(lst: scanpages.AwardList, seed: int = 27) -> scanpages.AwardList:
    """The same list and people, the name in two columns (family and middle names │ given
    name); the pupils with their birth dates. Scored like the list it comes from."""
    rng = random.Random(seed)
    header, body = lst.rows[0], lst.rows[1:]
    rows = []
    for row in body:
        family_middle, given = row[1].rsplit(" ", 1)
        rows.append([row[0], family_middle, given] + row[2:])
    if lst.key == "students":
        rows = [row[:3] + [_birth_date(rng, row[3])] + row[3:] for row in rows]
        return replace(lst, key=f"{lst.key}-split",
                       rows=[["STT", "Họ và tên đệm", "Tên", "Ngày sinh", "Lớp"]] + rows,
                       widths=[150, 640, 260, 420, 400])
    return replace(lst, key=f"{lst.key}-split",
                   rows=[["STT", "Họ và tên đệm", "Tên"] + header[2:]] + rows,
                   widths=[150, 560, 240, 400, 790])
