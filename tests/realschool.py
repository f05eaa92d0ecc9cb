"""A real school's people, generated: Vietnamese names as frequent as they are in Vietnam.

Family names follow their published shares (Nguyễn about 38 %, Trần 11 %, Lê 9.5 % …);
middle and given names are drawn by gender from the common ones, weighted so that the most
common recur (a school of 1,000 has several Nguyễn Thị Hương and Nguyễn Minh Anh in different
classes). Names that differ only by a tone or đ/d (Hương/Hường, Dũng/Đũng, Hải/Hai) are all
there. Used by the privacy tests and the build benchmark; deterministic for a seed.
"""
from __future__ import annotations

import random
from pathlib import Path

FAMILY = [("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 51), ("Huỳnh", 30),
          ("Phan", 45), ("Vũ", 39), ("Võ", 30), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
          ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đào", 6), ("Đinh", 6), ("Đoàn", 5),
          ("Trịnh", 4), ("Mai", 3), ("Lương", 3), ("Tạ", 2), ("Cao", 3), ("Hà", 3), ("Lâm", 2),
          ("Chu", 1), ("Quách", 1), ("Tô", 1), ("Kiều", 1)]
MIDDLE_MALE = [("Văn", 250), ("Minh", 120), ("Đức", 80), ("Quốc", 60), ("Hữu", 50), ("Gia", 60),
               ("Thanh", 40), ("Hoàng", 40), ("Anh", 30), ("Tuấn", 25), ("Đình", 40),
               ("Xuân", 30), ("Công", 30), ("Bảo", 50), ("Nhật", 30), ("Trung", 20),
               ("Thành", 20), ("Hải", 15), ("Tiến", 10), ("Duy", 30), ("Đăng", 20)]
MIDDLE_FEMALE = [("Thị", 220), ("Ngọc", 120), ("Thu", 50), ("Thanh", 50), ("Minh", 60),
                 ("Khánh", 50), ("Bảo", 60), ("Phương", 40), ("Hoài", 20), ("Mai", 30),
                 ("Thùy", 40), ("Kim", 30), ("Quỳnh", 20), ("Hồng", 30), ("Diệu", 15),
                 ("Hà", 20), ("Tú", 10), ("Huyền", 10), ("Gia", 20), ("Tường", 10)]
GIVEN_MALE = [("An", 40), ("Anh", 50), ("Bảo", 30), ("Bình", 25), ("Cường", 20), ("Dũng", 30),
              ("Đũng", 2), ("Đức", 30), ("Đạt", 30), ("Dương", 15), ("Hải", 25), ("Hai", 3),
              ("Hiếu", 25), ("Hoàng", 25), ("Hùng", 25), ("Huy", 40), ("Khang", 30),
              ("Khánh", 25), ("Khoa", 30), ("Kiên", 15), ("Lâm", 15), ("Long", 30),
              ("Minh", 50), ("Nam", 40), ("Nghĩa", 15), ("Phong", 25), ("Phúc", 30),
              ("Quân", 35), ("Quang", 25), ("Sơn", 25), ("Tâm", 15), ("Thắng", 15),
              ("Thành", 25), ("Tiến", 15), ("Trung", 25), ("Tuấn", 35), ("Việt", 20),
              ("Vinh", 15), ("Đông", 15), ("Hưng", 20), ("Lộc", 15), ("Toàn", 10), ("Tú", 10),
              ("Hòa", 10), ("Đăng", 10), ("Thịnh", 10), ("Trí", 15), ("Kiệt", 15), ("Phát", 15)]
GIVEN_FEMALE = [("An", 40), ("Anh", 60), ("Ánh", 20), ("Chi", 30), ("Dung", 15), ("Giang", 25),
                ("Hà", 30), ("Hạnh", 20), ("Hằng", 20), ("Hiền", 20), ("Hoa", 20), ("Hồng", 15),
                ("Hương", 30), ("Hường", 8), ("Huyền", 20), ("Lan", 20), ("Linh", 50),
                ("Loan", 10), ("Ly", 20), ("Mai", 25), ("My", 30), ("Nga", 15), ("Ngân", 25),
                ("Ngọc", 30), ("Nhung", 10), ("Oanh", 10), ("Phương", 25), ("Quyên", 10),
                ("Quỳnh", 20), ("Tâm", 15), ("Thảo", 35), ("Thu", 15), ("Thủy", 15),
                ("Trang", 40), ("Trâm", 15), ("Uyên", 20), ("Vân", 20), ("Yến", 20),
                ("Châu", 15), ("Diệp", 10), ("Hòa", 5), ("Nhi", 30), ("Như", 20), ("Hân", 30),
                ("Vy", 30), ("Thư", 30), ("Hậu", 5), ("Hai", 2)]
CLASSES = [f"{grade}A{n}" for grade in (6, 7, 8, 9) for n in range(1, 9)]


def _pick(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([w for w, _ in table], weights=[n for _, n in table])[0]


def name(rng: random.Random) -> str:
    """One full name: family, middle (sometimes two) and given name."""
    male = rng.random() < 0.5
    middle = _pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    if rng.random() < 0.15:   # four-word names: Nguyễn Thị Bảo Ngọc, Trần Gia Bảo An
        middle += " " + _pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = _pick(rng, GIVEN_MALE if male else GIVEN_FEMALE)
    return f"{_pick(rng, FAMILY)} {middle} {given}"


def students(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(name, class) of `count` students; same names recur, each time in another class."""
    rng = random.Random(seed)
    found: list[tuple[str, str]] = []
    taken = set()
    while len(found) < count:
        who = (name(rng), rng.choice(CLASSES))
        if who not in taken:   # two children of one name in one class need a `person:` pin
            taken.add(who)
            found.append(who)
    return found


def roll_lines(people: list[tuple[str, str]], school_year: str, number: str, date: str) -> str:
    """Honour-roll award lines (YAML) for `people`, students at their default consent."""
    out = []
    for who, unit in people:
        out.append(f"  - recipient: {who}\n    role: student\n    unit: \"{unit}\"\n"
                   f"    title: hoc-sinh-xuat-sac\n    level: truong\n"
                   f"    decision: {{number: \"{number}\", date: {date}}}\n")
    return "".join(out)


def add_student_body(root: Path, count: int = 1200, seed: int = 7) -> list[str]:
    """Add `count` students (default consent: initials) to the honour rolls of the project at
    `root`, spread over its school years; returns their names."""
    rolls = sorted((root / "exemplars/honours").glob("*.yml"))
    people = students(count, seed)
    for index, roll in enumerate(rolls):
        year = roll.stem
        share = people[index::len(rolls)]
        end = int(year[-4:])
        text = roll.read_text("utf-8").rstrip("\n") + "\n"
        roll.write_text(text + roll_lines(share, year, f"{90 + index}/QĐ-THCS", f"25/05/{end}"),
                        "utf-8")
    return [n for n, _ in people]


SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "plan-samples"


def add_plan_samples(root: Path) -> int:
    """The real plans beside the project (../shared/plan-samples/, reference material that is
    never copied into the repository), as published plan records of the project at `root`
    (a temporary copy). Returns how many; 0 where they are not beside the project."""
    if not SAMPLES.is_dir():
        return 0
    samples = sorted(SAMPLES.glob("*.txt"))
    for index, sample in enumerate(samples):
        body = sample.read_text("utf-8")
        (root / "plans" / f"mau-{index + 1}.md").write_text(
            f"---\nissued: 01/09/2024\nissuer: Trường\ntitle: Kế hoạch mẫu {index + 1}\n"
            f"year: 2024\n---\n{body}", "utf-8")
    return len(samples)
