"""The children of a school year's honour roll and their families' answers to the consent slip
(data/consent-answers.yml, declared as kinds.CONSENT_ANSWERS).

What an answer does (docs/paper.md, "Consent slips"): consent stays decided once per person,
by the records, and a line can only lower it (consent.py, linking.py). An answer is the
family's decision, recorded with the day the slip came back; the records must agree with it:

- an answer LOWER than what the records let the site show (the family chose initials or none,
  the line still says `consent: full`) is a problem: `check` and `build` refuse until the
  child's lines (or own exemplar record) say so, so a "no" on paper can never be published;
- an answer HIGHER than what the records show (the family allows the full name, the child is
  still at the default, initials) is a warning: the site shows less than allowed until someone
  writes the answer on the child's lines; nothing is published on the strength of a paper
  alone, so a typo in the answers file cannot publish a child's name.

A child with no answer stays at the default (students: initials); `check` counts them per class
for the newest honour roll.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.checking.consent import CONSENT_ORDER, lower_consent
from bangvang.checking.people import same_name
from bangvang.commands.certificates import _exemplar, honour_label
from bangvang.problems import Problems
from bangvang.records import kinds
from bangvang.records.data import load_data_file
from bangvang.records.fields import Context, check_mapping
from bangvang.records.loader import read_record
from bangvang.records.text import name_sort_key

ANSWERS_FILE = "data/consent-answers.yml"
DEFAULT = "initials"     # a student's consent when nothing is written (consent.public_person)


@dataclass
class Child:
    """A student named in a school year's honour roll, with their full name (internal)."""
    name: str
    unit: str
    exemplar: str | None = None          # their own exemplar record, when the roll cites it
    own_consent: str | None = None       # … and the consent written there
    photo: str | None = None             # … and its photo
    lines: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    honours: list[str] = field(default_factory=list)
    answer: dict | None = None           # the family's answer, when one came back

    @property
    def key(self) -> tuple[str, str]:
        return same_name(self.name), same_name(self.unit)

    @property
    def shown(self) -> str:
        """The consent this year's records give: the child's own record (or the default),
        lowered by any of their lines."""
        line_levels = [c for _, _, c in self.lines]
        if self.exemplar:
            return lower_consent(self.own_consent or DEFAULT, *line_levels)
        return lower_consent(*line_levels) or DEFAULT


def roll_path(root: Path, year: str) -> Path | None:
    folder = Path(root) / kinds.HONOUR_ROLL.folder
    return next((folder / f"{year}{e}" for e in kinds.HONOUR_ROLL.endings
                 if (folder / f"{year}{e}").is_file()), None)


def roll_years(root: Path) -> list[str]:
    folder = Path(root) / kinds.HONOUR_ROLL.folder
    return sorted({p.stem for e in kinds.HONOUR_ROLL.endings for p in folder.glob(f"*{e}")}) \
        if folder.is_dir() else []


def roll_children(root: Path, year: str, vocabulary, read=None) -> list[Child]:
    """Every student of the year's roll once (same name and class: one child), drafts left
    out, sorted by class then name. Read after `check` passed: problems are not repeated.
    `read`: the records the checking pass read (Catalog.read), used instead of the files."""
    if read is not None:
        raw, values = read.rolls.get(year, (None, None))
    else:
        path = roll_path(root, year)
        problems = Problems()
        raw = read_record(root, "honour_roll", path, problems) if path else None
        values = None if raw is None else check_mapping(
            kinds.HONOUR_ROLL.fields, raw.data, Context(raw.path, vocabulary, problems))
    if raw is None:
        return []
    children: dict[tuple[str, str], Child] = {}
    exemplars: dict[str, dict | None] = {}   # a child with several lines: one read
    for award, item in zip(values.get("awards") or [], raw.data.get("awards") or []):
        if not award or award["status"] == "draft":
            continue
        if award["recipient"] not in exemplars:
            exemplars[award["recipient"]] = read.exemplars.get(award["recipient"]) if read \
                else _exemplar(root, award["recipient"], vocabulary)
        own = exemplars[award["recipient"]]
        name, role = (own["name"], own["role"]) if own else (award["recipient"], award["role"])
        unit = (award["unit"] or (own or {}).get("unit") or "").strip()
        if role != "student" or (own or award)["kind"] == "collective":
            continue
        child = Child(name, unit)
        child = children.setdefault(child.key, child)
        if own:
            child.exemplar, child.own_consent = award["recipient"], own["consent"]
            child.photo = own["photo"]
        child.lines.append((raw.path, getattr(item, "line", None), award["consent"]))
        child.honours.append(honour_label(award, vocabulary))
    return sorted(children.values(), key=lambda c: (name_sort_key(c.unit),
                                                    name_sort_key(c.name)))


def load_answers(root: Path, vocabulary, problems: Problems) -> list[dict]:
    """The checked answers, each with its `line`; [] when the school keeps no such file."""
    data = load_data_file(root, ANSWERS_FILE, problems, required=False)
    if data is None:
        return []
    ctx = Context(ANSWERS_FILE, vocabulary, problems)
    values = check_mapping(kinds.CONSENT_ANSWERS, data, ctx)
    rows = data.get("answers") or []
    answers = []
    for index, answer in enumerate(values.get("answers") or []):
        if answer and all(answer[k] for k in ("school_year", "name", "unit", "consent",
                                              "received")):
            line = getattr(rows[index], "line", None) if index < len(rows) else None
            answers.append({**answer, "line": line, "index": index + 1})
    return answers


def with_answers(children: list[Child], answers: list[dict], year: str,
                 problems: Problems) -> None:
    """Give each child the newest answer of the year for them; an answer naming nobody on
    the roll is a problem (a misspelt name would otherwise wait forever, unseen)."""
    by_key = {c.key: c for c in children}
    for answer in sorted((a for a in answers if a["school_year"] == year),
                         key=lambda a: a["received"]):
        child = by_key.get((same_name(answer["name"]), same_name(answer["unit"])))
        if child is None:
            problems.add(ANSWERS_FILE, answer["line"], f"answers[{answer['index']}].name",
                         f"không có học sinh “{answer['name'][:60]}” lớp “{answer['unit'][:20]}” "
                         f"trong bảng vàng năm học {year}; hãy viết họ tên và lớp đúng như "
                         "trong bảng vàng (phiếu in sẵn cả hai)")
            continue
        child.answer = answer   # a later slip replaces an earlier one: the family's newest word


def check_agreement(children: list[Child], vocabulary, problems: Problems) -> None:
    """The records against each answer (module docstring): lower is a problem, higher a
    warning."""
    for child in children:
        answer = child.answer
        if answer is None:
            continue
        wanted, shown = answer["consent"], child.shown
        if wanted == shown:
            continue
        label = vocabulary.label("consent", wanted)
        said = (f"phiếu đồng ý của {child.name} ({child.unit}) nhận ngày "
                f"{answer['received']:%d/%m/%Y} chọn “{label}” (`consent: {wanted}`)")
        where = _where_to_write(child)
        if CONSENT_ORDER.index(wanted) < CONSENT_ORDER.index(shown):
            problems.add(ANSWERS_FILE, answer["line"], f"answers[{answer['index']}].consent",
                         f"{said}, nhưng hồ sơ vẫn cho công bố “"
                         f"{vocabulary.label('consent', shown)}”; hãy ghi `consent: {wanted}` "
                         f"vào {where}")
        else:
            problems.warn(ANSWERS_FILE, answer["line"], f"answers[{answer['index']}].consent",
                          f"{said}; trang web vẫn chỉ công bố “"
                          f"{vocabulary.label('consent', shown)}” cho đến khi ghi "
                          f"`consent: {wanted}` vào {where}")


def _where_to_write(child: Child) -> str:
    if child.exemplar:
        return f"hồ sơ {kinds.EXEMPLAR.folder}/{child.exemplar}.md"
    places = ", ".join(f"{file} dòng {line}" for file, line, _ in child.lines[:4])
    return f"các khen thưởng của em ({places})"


def unanswered_by_class(children: list[Child]) -> dict[str, tuple[int, int]]:
    """class → (children without an answer, children), in class order."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for child in children:
        counts[child.unit or "?"][1] += 1
        if child.answer is None:
            counts[child.unit or "?"][0] += 1
    return {unit: tuple(v) for unit, v in counts.items()}


def check(root: Path, vocabulary, problems: Problems, read=None) -> str | None:
    """Check the answers file against the rolls (problems and warnings into `problems`); the
    line `check` prints for the newest roll: per class, who has no answer yet. `read`: the
    records the checking pass read (Catalog.read)."""
    answers = load_answers(root, vocabulary, problems)
    years = roll_years(root)
    for year in sorted({a["school_year"] for a in answers} - set(years)):
        first = next(a for a in answers if a["school_year"] == year)
        problems.add(ANSWERS_FILE, first["line"], f"answers[{first['index']}].school_year",
                     f"chưa có bảng vàng năm học {year}; hãy sửa năm học của phiếu")
    line = None
    for year in sorted({a["school_year"] for a in answers} & set(years) | set(years[-1:])):
        children = roll_children(root, year, vocabulary, read)
        with_answers(children, answers, year, problems)
        check_agreement(children, vocabulary, problems)
        if year == years[-1]:
            line = summary_line(year, children)
    return line


def summary_line(year: str, children: list[Child]) -> str | None:
    if not children:
        return None
    counts = unanswered_by_class(children)
    missing = sum(m for m, _ in counts.values())
    if not missing:
        return (f"Phiếu đồng ý năm học {year}: đã nhận đủ câu trả lời của {len(children)} học "
                "sinh trong bảng vàng.")
    per_class = ", ".join(f"{unit}: {m}/{n}" for unit, (m, n) in counts.items() if m)
    return (f"Phiếu đồng ý năm học {year}: {missing}/{len(children)} học sinh trong bảng vàng "
            f"chưa có câu trả lời (giữ mức hồ sơ đang ghi; không ghi thì chỉ chữ cái đầu) — "
            f"{per_class}. In "
            f"phiếu: bangvang phieu-dong-y {year}")
