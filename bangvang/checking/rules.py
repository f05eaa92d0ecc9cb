"""Eligibility rules as data (data/rules.yml): which titles a title builds on.

The Law on Emulation and Commendation (06/2022/QH15) and Decree 98/2023/NĐ-CP set them, and a
school may add its own. A rule says: title T is given to someone who had one of the titles
`requires`, `times` times — in consecutive school years ending with the year of T
(`consecutive`), or within the last `within` school years counting that year, and, with
`initiative: true`, an initiative recognised in the award's own school year. `check` warns
(never refuses: earlier years may predate the site) when an award lacks its prerequisites in
the records, with the file, line and missing years; the /du-dieu-kien/ page lists who, on the
records, meets a rule's prerequisites in the latest school year and has not had the title yet.

Engine-free; people are the identities of people.py, so a rule follows a person across years.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bangvang.records.data import load_data_file
from bangvang.records.fields import (
    Context, Flag, Integer, List, Mapping, Text, Vocab, check_mapping)
from bangvang.problems import Problems

RULES_FILE = "data/rules.yml"
RULE = {
    "title": Vocab("titles", "Danh hiệu có điều kiện", required=True),
    "requires": List(Vocab("titles"), "Danh hiệu phải có trước (một trong các danh hiệu này)",
                     required=True),
    "times": Integer("Số lần phải có", required=True, minimum=1, maximum=10),
    "consecutive": Flag("true: các năm học liền nhau, năm cuối là năm được khen"),
    "within": Integer("Trong bao nhiêu năm học gần nhất, tính cả năm được khen", minimum=1,
                      maximum=30),
    "initiative": Flag("true: người được khen cần có sáng kiến được công nhận trong năm học "
                       "được khen (hồ sơ trong initiatives/)"),
    "basis": Text("Căn cứ: điều, luật, nghị định"),
}
FILE = {"rules": List(Mapping(RULE), "Các điều kiện", required=True)}


@dataclass
class Rule:
    title: str
    requires: tuple[str, ...]
    times: int
    consecutive: bool
    within: int | None
    basis: str | None
    line: int | None
    initiative: bool = False      # an initiative recognised in the award's school year too

    def years(self, award_year: str) -> list[str]:
        """The school years the prerequisites must fall in, for an award in `award_year`."""
        start = int(award_year[:4])
        span = self.times if self.consecutive else (self.within or 1)
        return [f"{y}-{y + 1}" for y in range(start - span + 1, start + 1)]

    def missing(self, award_year: str, held: set[str]) -> list[str] | None:
        """Years lacking the prerequisite (consecutive rules), or [] when met; None when a
        non-consecutive rule is not met (no year in particular is missing)."""
        years = self.years(award_year)
        if self.consecutive:
            return [y for y in years if y not in held]
        return [] if len(held & set(years)) >= self.times else None


def load_rules(root: Path, vocabulary, problems: Problems) -> list[Rule]:
    """The school's rules; [] when there is no rules file."""
    data = load_data_file(root, RULES_FILE, problems, required=False)
    if data is None:
        return []
    ctx = Context(RULES_FILE, vocabulary, problems)
    values = check_mapping(FILE, data, ctx)
    rows = data.get("rules") or []
    rules = []
    for index, rule in enumerate(values.get("rules") or []):
        line = getattr(rows[index], "line", None) if index < len(rows) else None
        if rule is None or not ctx.ok:
            continue
        if not rule["consecutive"] and not rule["within"] and rule["times"] > 1:
            problems.add(RULES_FILE, line, f"rules[{index + 1}]", "điều kiện nhiều lần cần "
                         "`consecutive: true` (các năm liền nhau) hoặc `within: <số năm>`")
            continue
        rules.append(Rule(rule["title"], tuple(rule["requires"]), rule["times"],
                          bool(rule["consecutive"]), rule["within"], rule["basis"], line,
                          bool(rule["initiative"])))
    return rules


@dataclass
class Held:
    """What the records say one person holds: (title, school year) → where it is written."""
    name: str | None                  # as it may be shown (None: not published)
    page: tuple[str, str] | None      # (URL name, id) of their page, when they have one
    titles: dict[tuple[str, str], tuple[str, int | None]]
    initiatives: frozenset[str] = frozenset()   # school years with a recognised initiative


def check_awards(rules: list[Rule], people: list[Held], vocabulary, problems: Problems) -> None:
    """A warning for every award whose prerequisites the records do not show."""
    for rule in rules:
        for person in people:
            for (title, year), (file, line) in sorted(person.titles.items()):
                if title != rule.title:
                    continue
                if rule.initiative and year not in person.initiatives:
                    _no_initiative(rule, year, file, line, vocabulary, problems)
                held = {y for (t, y) in person.titles if t in rule.requires}
                missing = rule.missing(year, held)
                if missing == []:
                    continue
                wanted = " hoặc ".join(f"“{vocabulary.label('titles', t)}”" for t in rule.requires)
                how = (f"trong cùng năm học {year}, nhưng hồ sơ không có" if rule.times == 1
                       and rule.consecutive else
                       f"{rule.times} năm học liền đến năm {year}; hồ sơ thiếu năm "
                       f"{', '.join(missing)}" if rule.consecutive else
                       f"{rule.times} lần trong {rule.within} năm học đến năm {year}; hồ sơ "
                       f"có {len(held & set(rule.years(year)))} lần")
                problems.warn(file, line, "title", f"danh hiệu “{vocabulary.label('titles', title)}"
                              f"” cần {wanted} {how}. Nếu đúng là có, hãy nhập bảng vàng của những "
                              "năm đó (có thể những năm này chưa được đưa lên trang web)")


def _no_initiative(rule: Rule, year: str, file: str, line: int | None, vocabulary,
                   problems: Problems) -> None:
    problems.warn(file, line, "title", f"danh hiệu “{vocabulary.label('titles', rule.title)}” cần "
                  f"có sáng kiến được công nhận trong năm học {year}, nhưng hồ sơ không có sáng "
                  "kiến nào của người này năm đó (initiatives/). Nếu đúng là có (hoặc có đề tài, "
                  "giải pháp công tác được công nhận), hãy nhập sáng kiến của năm đó")


def eligible(rules: list[Rule], people: list[Held], latest: str) -> list[tuple[Rule, list[Held]]]:
    """Per rule, who on the records may be proposed in `latest`, the newest school year on
    the site: for a same-year rule (Chiến sĩ thi đua cơ sở: Lao động tiên tiến in the year,
    and a recognised initiative that year when the rule says `initiative: true`), who meets
    it in `latest` without the title that year; for a multi-year rule, who meets it and has
    never had the title. People whose name may not be published stay in the lists with
    `name` None: the page counts them without naming them, the proposal files
    (commands/proposals.py) are internal and name them."""
    result = []
    for rule in rules:
        same_year = rule.times == 1 and not rule.within
        found = []
        for person in people:
            held = {y for (t, y) in person.titles if t in rule.requires}
            if same_year:
                if (rule.title, latest) in person.titles or latest not in held or \
                        (rule.initiative and latest not in person.initiatives):
                    continue
            elif any(t == rule.title for t, _ in person.titles) or \
                    rule.missing(latest, held) != []:
                continue
            found.append(person)
        result.append((rule, found))
    return result


def held_by_person(catalog, identities, award_lines,
                   initiative_years: dict | None = None) -> list[Held]:
    """Held titles per identity: `award_lines` is [(identity key, title, year, file, line)];
    `initiative_years`: identity key → school years with a recognised initiative."""
    lines = defaultdict(dict)
    for key, title, year, file, line in award_lines:
        if title:
            lines[key].setdefault((title, year), (file, line))
    result = []
    for identity in identities:
        if identity.key not in lines:
            continue
        exemplar = catalog.exemplars.get(identity.exemplar or "")
        person = catalog.people.get(identity.page_id or "")
        name = exemplar.person.name if exemplar else person.person.name if person else None
        page = ("exemplar", exemplar.id) if exemplar else ("person", person.id) if person else None
        result.append(Held(name, page, lines[identity.key],
                           frozenset((initiative_years or {}).get(identity.key, ()))))
    return result
