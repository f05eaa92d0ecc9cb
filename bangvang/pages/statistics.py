"""Every number of the statistics page (/thong-ke/), the year and campaign pages' charts and the
plans' targets against results, computed once per build from the Catalog and its `Index`.

A chart and the table beside it are drawn from the same `Chart` (charts.html.j2), so they
cannot disagree. Numbers are counts of published award lines (an honour roll keeps the lines
of people who are not named, so counts stay true), contest entries and exemplars.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bangvang.records.model import Award, Catalog, Plan, Target
from bangvang.records.text import sort_key

if TYPE_CHECKING:
    from bangvang.pages.sections import Index

# Award recipients in groups: the school's staff, students, collectives, and the rest (parents:
# a role the school may give, not part of its staff, so not counted in the staff share).
ROLE_GROUPS = {"staff": "Cán bộ, giáo viên, nhân viên", "student": "Học sinh",
               "collective": "Tập thể", "other": "Phụ huynh, người ngoài trường"}
NOT_STAFF_ROLES = ("student", "parent", "collective")
STATES = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}
COMPARISONS = {"toi-thieu": "≥", "toi-da": "≤"}
OPEN_DATA = "open_data"   # URL name of the open data page (/du-lieu/), linked when declared


@dataclass
class Bar:
    label: str
    value: float
    key: str = ""
    detail: tuple = ()          # more cells of its table row (Chart.detail_labels)
    tone: str = ""              # a colour other than the default: met / not_met / no_data


@dataclass
class Chart:
    """One horizontal bar chart and its table: the same numbers, drawn and written."""
    id: str                     # anchor, unique on its page
    title: str
    bars: list[Bar]
    unit: str                   # what a value counts: "lượt khen thưởng", "bài", "%"
    sources: list[tuple] = field(default_factory=list)   # (label, URL name, params) of the data
    percent: bool = False
    key_label: str = ""         # heading of the table's first column: "Năm học", "Giải" …
    detail_labels: tuple = ()   # headings of the bars' `detail` cells

    @property
    def top(self) -> float:
        """The value of a full bar: 100 for percentages, else the largest value."""
        return 100 if self.percent else max((bar.value for bar in self.bars), default=0)

    @property
    def total(self) -> float:
        return sum(bar.value for bar in self.bars)

    @property
    def detail_totals(self) -> list[float]:
        """The sum of each `detail` column, for the table's total row."""
        return [sum(bar.detail[i] for bar in self.bars) for i in range(len(self.detail_labels))]


# Results a plan target can take from the site's records: `computed: <metric>[:<key>]`, the
# key being a title or form of data/vocabulary.yml where the metric takes one.
METRICS = {
    "so-khen-thuong": ("Số lượt khen thưởng trong năm học", "titles/forms", ""),
    "ty-le-danh-hieu": ("Tỷ lệ cán bộ, giáo viên, nhân viên có danh hiệu thi đua", "titles", "%"),
    "so-guong": ("Số gương điển hình được đăng trong năm học", None, ""),
    "so-bai-du-thi": ("Số bài dự thi của cuộc thi viết trong năm", None, ""),
    "so-sang-kien": ("Số sáng kiến được công nhận trong năm học (kèm mã: ở cấp đó)",
                     "initiative_levels", ""),
    "ty-le-co-sang-kien": ("Tỷ lệ cán bộ, giáo viên, nhân viên có sáng kiến được công nhận",
                           None, "%"),
    "ty-le-sang-kien-ap-dung": ("Tỷ lệ sáng kiến được công nhận trong năm học đã được áp dụng",
                                None, "%"),
}


def metric_problem(text: str, vocabulary, target_unit: str | None) -> str | None:
    """Why `computed: text` cannot be used, in Vietnamese; None when it can."""
    name, _, key = text.partition(":")
    if name not in METRICS:
        return (f"“{text[:60]}” không phải chỉ số tính được; dùng một trong: "
                + ", ".join(METRICS) + " (ví dụ `computed: ty-le-danh-hieu:lao-dong-tien-tien`)")
    takes = METRICS[name][1]
    if key and not takes:
        return f"chỉ số “{name}” không kèm mã; hãy ghi `computed: {name}`"
    if key and not any(key in vocabulary.lists[n] for n in takes.split("/")):
        example = next(iter(vocabulary.lists[takes.split("/")[0]]), "lao-dong-tien-tien")
        return (f"“{key[:60]}” không có trong danh mục {takes.replace('/', ' hoặc ')} của "
                f"data/vocabulary.yml; hãy ghi mã đúng, ví dụ {example}")
    if METRICS[name][2] == "%" and target_unit not in (None, "%"):
        return f"chỉ số “{name}” là tỷ lệ phần trăm; đơn vị của chỉ tiêu cần là \"%\""
    return None


@dataclass
class TargetCheck:
    """A target with its result, recorded or computed, and whether it is met."""
    target: Target
    value: float | None
    unit: str | None
    state: str                  # met / not_met / no_data (STATES)
    how: str | None = None      # computed results: what was counted

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    @property
    def comparison(self) -> str:
        return COMPARISONS[self.target.comparison]


@dataclass
class YearStats:
    year: str
    total: int
    charts: dict[str, Chart]            # by_honour, by_level, by_role, by_campaign
    staff_count: int | None
    staff_titled: int                   # staff people with at least one title
    share: float | None                 # percent, one decimal
    plan_states: list[tuple[Plan, Counter]] = field(default_factory=list)
    target_totals: Counter = field(default_factory=Counter)   # the year's plans together


@dataclass
class Statistics:
    years: list[YearStats]              # school years with an honour roll or a plan, newest first
    trend: Chart                        # awards per school year
    role_trend: list[tuple[str, dict]]  # (year, {group: count})
    share: Chart | None                 # staff share with a title, per year with a staff count
    contest_trend: Chart
    contest_years: list[Chart]          # entries per prize, one chart per contest year
    targets: Chart | None               # targets met / not met / without data, all plans
    initiatives: Chart | None           # initiatives recognised (and applied) per year
    plan_targets: dict[str, list[TargetCheck]]
    campaigns: dict[str, list[Chart]]

    def year(self, year: str) -> YearStats | None:
        return next((y for y in self.years if y.year == year), None)

    def year_charts(self, year: str) -> list[Chart]:
        """The small charts of a school-year page: its awards by title or form and by role."""
        stats = self.year(year)
        return [stats.charts["by_honour"], stats.charts["by_role"]] if stats and stats.total \
            else []


def role_group(award: Award) -> str:
    person = award.person
    if person.kind == "collective" or person.role == "collective":
        return "collective"
    if person.role == "student":
        return "student"
    return "other" if person.role in NOT_STAFF_ROLES else "staff"


def _person_key(award: Award) -> tuple:
    """Who an award went to, as far as the Catalog shows: people whose names are not
    published count once per award line."""
    if award.exemplar_id:
        return ("exemplar", award.exemplar_id)
    if award.person.listed and award.person.name:
        return ("name", award.person.name, award.person.unit, award.person.role)
    return ("line", id(award))


def staff_with_title(awards: list[Award], title: str | None = None) -> int:
    """Staff people with at least one title (danh hiệu) — `title`, or any."""
    return len({_person_key(a) for a in awards if a.title and role_group(a) == "staff"
                and (title is None or a.title == title)})


def staff_counts(catalog: Catalog) -> dict[str, int]:
    return {row["school_year"]: row["count"] for row in catalog.school.get("staff_counts") or []
            if row and row.get("school_year") and row.get("count")}


def percent(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _counted(counter: Counter, labels: dict[str, str], order) -> list[Bar]:
    return [Bar(labels[key], counter[key], key) for key in sorted(counter, key=order)]


def honour_chart(catalog: Catalog, awards: list[Award], chart_id: str, title: str) -> Chart:
    vocabulary = catalog.vocabulary
    counter = Counter(a.honour for a in awards)
    order = sorted(counter, key=lambda k: (0 if k[0] == "titles" else 1, vocabulary.order(*k)))
    return Chart(chart_id, title, [Bar(vocabulary.label(*k), counter[k], k[1]) for k in order],
                 "lượt khen thưởng", key_label="Danh hiệu, hình thức")


def role_chart(awards: list[Award], chart_id: str, title: str) -> Chart:
    counter = Counter(role_group(a) for a in awards)
    return Chart(chart_id, title, [Bar(label, counter[key], key) for key, label in
                                   ROLE_GROUPS.items() if counter[key] or key != "other"],
                 "lượt khen thưởng", key_label="Đối tượng")


def year_stats(catalog: Catalog, year: str, awards: list[Award], staff: int | None) -> YearStats:
    vocabulary = catalog.vocabulary
    roll = [("Bảng vàng năm học " + year, "honour_roll", {"id": year})] \
        if year in catalog.honour_rolls else []
    levels = Counter(a.level for a in awards)
    campaigns = Counter(a.campaign_id or "" for a in awards)
    names = {key: c.name for key, c in catalog.campaigns.items()} | {"": "Không gắn phong trào"}
    charts = {
        "by_honour": honour_chart(catalog, awards, f"danh-hieu-{year}",
                                  f"Khen thưởng năm học {year} theo danh hiệu, hình thức"),
        "by_level": Chart(f"cap-{year}", f"Khen thưởng năm học {year} theo cấp khen",
                          _counted(levels, vocabulary.labels("levels"),
                                   lambda k: vocabulary.order("levels", k)), "lượt khen thưởng",
                          key_label="Cấp khen"),
        "by_role": role_chart(awards, f"doi-tuong-{year}",
                              f"Khen thưởng năm học {year} theo đối tượng"),
        "by_campaign": Chart(f"phong-trao-{year}", f"Khen thưởng năm học {year} theo phong trào",
                             _counted(campaigns, names, lambda k: (k == "", sort_key(names[k]))),
                             "lượt khen thưởng", key_label="Phong trào"),
    }
    for chart in charts.values():
        chart.sources = roll
    titled = staff_with_title(awards)
    return YearStats(year, len(awards), charts, staff, titled, percent(titled, staff))


def contest_charts(catalog: Catalog, index: "Index") -> tuple[Chart, list[Chart]]:
    vocabulary = catalog.vocabulary
    prizes = vocabulary.labels("prizes") | {"": "Không đạt giải"}
    trend = Chart("bai-du-thi-theo-nam", "Bài dự thi cuộc thi viết theo năm",
                  [Bar(f"Năm {y}", len(index.entries_of_year[y]), str(y))
                   for y in sorted(index.contest_years)], "bài",
                  [("Cuộc thi viết", "contest", {})], key_label="Cuộc thi")
    per_year = []
    for year in index.contest_years:
        counter = Counter(e.prize or "" for e in index.entries_of_year[year])
        per_year.append(Chart(f"giai-{year}", f"Cuộc thi viết năm {year} theo giải",
                              _counted(counter, prizes, lambda k: vocabulary.order("prizes", k)
                                       if k else 999), "bài",
                              [(f"Cuộc thi viết năm {year}", "contest_year", {"year": year})],
                              key_label="Giải"))
    return trend, per_year


def campaign_charts(catalog: Catalog, index: "Index") -> dict[str, list[Chart]]:
    result = {}
    for campaign_id in catalog.campaigns:
        awards = index.by_campaign[campaign_id]["awards"] if campaign_id in index.by_campaign \
            else []
        if not awards:
            continue
        years = Counter(a.school_year for a in awards)
        result[campaign_id] = [
            Chart("khen-thuong-theo-nam-hoc", "Khen thưởng trong phong trào theo năm học",
                  [Bar(y, years[y], y) for y in sorted(years)], "lượt khen thưởng",
                  key_label="Năm học"),
            honour_chart(catalog, awards, "khen-thuong-theo-danh-hieu",
                         "Khen thưởng trong phong trào theo danh hiệu, hình thức")]
    return result


def metric_value(catalog: Catalog, index: "Index", plan: Plan, metric: str, staff: dict[str, int],
                 by_year: dict) -> tuple[float | None, str | None, str]:
    """(value, unit, what was counted) of a `computed:` metric for the plan's year."""
    name, _, key = metric.partition(":")
    year = plan.period_year
    awards = by_year.get(year, [])
    vocabulary = catalog.vocabulary
    if name == "so-khen-thuong":
        counted = [a for a in awards if not key or key in (a.title, a.form)]
        what = vocabulary.label(*(("titles", key) if key in vocabulary.lists["titles"] else
                                  ("forms", key))) if key else "khen thưởng"
        return len(counted), None, f"số lượt {what} trong bảng vàng năm học {year}"
    if name == "ty-le-danh-hieu":
        what = vocabulary.label("titles", key) if key else "một danh hiệu thi đua"
        how = (f"số cán bộ, giáo viên, nhân viên có {what} trong bảng vàng năm học {year} "
               f"chia cho số cán bộ, giáo viên, nhân viên của trường")
        if not staff.get(year):
            return None, "%", how + " (chưa có: data/school.yml chưa ghi staff_counts năm này)"
        titled = staff_with_title(awards, key or None)
        return percent(titled, staff[year]), "%", how + f" ({titled}/{staff[year]})"
    if name == "so-guong":
        return (sum(1 for e in catalog.exemplars.values() if e.school_year == year), None,
                f"số gương điển hình năm học {year} trên trang")
    if name in INITIATIVE_METRICS:
        return initiative_metric(catalog, name, key, year, staff.get(year))
    contest_year = plan.year or int(year[-4:])
    return (len(index.entries_of_year.get(contest_year, [])), None,
            f"số bài dự thi cuộc thi viết năm {contest_year} trên trang")


INITIATIVE_METRICS = ("so-sang-kien", "ty-le-co-sang-kien", "ty-le-sang-kien-ap-dung")


def initiative_metric(catalog: Catalog, name: str, key: str, year: str,
                      staff: int | None) -> tuple[float | None, str | None, str]:
    """(value, unit, what was counted) of a metric of the initiatives recognised in `year`."""
    found = [i for i in catalog.initiatives() if i.school_year == year]
    if name == "so-sang-kien":
        counted = [i for i in found if not key or i.level == key]
        level = f" {catalog.vocabulary.label('initiative_levels', key).lower()}" if key else ""
        return len(counted), None, f"số sáng kiến{level} được công nhận năm học {year} trên trang"
    if name == "ty-le-sang-kien-ap-dung":
        applied = sum(1 for i in found if i.applied_any)
        partly = sum(1 for i in found if i.applied == "partly")
        how = (f"số sáng kiến năm học {year} đã được áp dụng (toàn bộ hay một phần) chia cho số "
               "sáng kiến được công nhận")
        part = f", trong đó {partly} áp dụng một phần" if partly else ""
        return percent(applied, len(found)), "%", how + f" ({applied}/{len(found)}{part})"
    how = (f"số cán bộ, giáo viên, nhân viên có sáng kiến được công nhận năm học {year} chia "
           "cho số cán bộ, giáo viên, nhân viên của trường")
    if not staff:
        return None, "%", how + " (chưa có: data/school.yml chưa ghi staff_counts năm này)"
    authors = staff_authors(found)
    return percent(authors, staff), "%", how + f" ({authors}/{staff})"


def staff_authors(initiatives: list) -> int:
    """Staff people among the initiatives' authors, each once: by their page when they have
    one, by the name shown, else each unnamed author line once."""
    people = set()
    for initiative in initiatives:
        for author in initiative.authors:
            person = author.person
            if person.role in NOT_STAFF_ROLES or person.kind == "collective":
                continue
            people.add(("exemplar", author.exemplar_id) if author.exemplar_id else
                       ("page", author.person_id) if author.person_id else
                       ("name", person.name, person.role) if person.listed and person.name else
                       ("line", id(author)))
    return len(people)


def initiative_chart(catalog: Catalog) -> Chart | None:
    """Initiatives recognised per school year, and how many of them are applied."""
    by_year: dict[str, list] = defaultdict(list)
    for initiative in catalog.initiatives():
        by_year[initiative.school_year].append(initiative)
    if not by_year:
        return None
    return Chart("sang-kien-theo-nam-hoc", "Sáng kiến được công nhận theo năm học",
                 [Bar(y, len(by_year[y]), y, (sum(1 for i in by_year[y] if i.applied_any),))
                  for y in sorted(by_year)], "sáng kiến", [("Sáng kiến", "initiatives", {})],
                 key_label="Năm học", detail_labels=("Đã áp dụng",))


def check_target(target: Target, value: float | None, unit: str | None,
                 how: str | None = None) -> TargetCheck:
    if target.value is None:   # no number: the school says met or not
        achieved = target.result.achieved if target.result else None
        state = "no_data" if achieved is None else "met" if achieved else "not_met"
        return TargetCheck(target, None, None, state, how)
    if value is None:
        return TargetCheck(target, None, unit, "no_data", how)
    met = value >= target.value if target.comparison == "toi-thieu" else value <= target.value
    return TargetCheck(target, value, unit or target.unit, "met" if met else "not_met", how)


def plan_targets(catalog: Catalog, index: "Index", staff: dict[str, int], by_year: dict) -> dict:
    result = {}
    for plan in catalog.plans.values():
        checks = []
        for target in plan.targets:
            if target.computed:
                checks.append(check_target(target, *metric_value(
                    catalog, index, plan, target.computed, staff, by_year)))
            else:
                recorded = target.result
                checks.append(check_target(target, recorded.value if recorded else None,
                                           recorded.unit if recorded else None))
        result[plan.id] = checks
    return result


def targets_chart(checks: list[TargetCheck], chart_id: str, title: str) -> Chart:
    counter = Counter(c.state for c in checks)
    return Chart(chart_id, title, [Bar(label, counter[key], key, tone=key)
                                   for key, label in STATES.items()],
                 "chỉ tiêu", [("Kế hoạch", "plans", {})], key_label="Đánh giá")


def compute(catalog: Catalog, index: "Index") -> Statistics:
    """Every number the statistics, year, campaign and plan pages show."""
    by_year = defaultdict(list)
    for award in index.awards:
        by_year[award.school_year].append(award)
    staff = staff_counts(catalog)
    years = sorted(set(catalog.honour_rolls) | {p.period_year for p in catalog.plans.values()},
                   reverse=True)
    stats_years = [year_stats(catalog, y, by_year.get(y, []), staff.get(y)) for y in years]
    checks = plan_targets(catalog, index, staff, by_year)
    for stats in stats_years:
        stats.plan_states = [(p, Counter(c.state for c in checks[p.id]))
                             for p in index.plans_newest
                             if p.period_year == stats.year and p.targets]
        stats.target_totals = sum((counts for _, counts in stats.plan_states), Counter())
    shares = [y for y in reversed(stats_years) if y.share is not None]
    trend, per_contest = contest_charts(catalog, index)
    all_checks = [c for plan_checks in checks.values() for c in plan_checks]
    return Statistics(
        years=stats_years,
        trend=Chart("khen-thuong-theo-nam-hoc", "Khen thưởng theo năm học",
                    [Bar(y, len(by_year[y]), y) for y in sorted(catalog.honour_rolls)],
                    "lượt khen thưởng", [("Bảng vàng", "honour_rolls", {})], key_label="Năm học"),
        role_trend=[(y, Counter(role_group(a) for a in by_year[y]))
                    for y in sorted(catalog.honour_rolls)],
        share=Chart("ty-le-co-danh-hieu", "Tỷ lệ cán bộ, giáo viên, nhân viên có danh hiệu "
                    "thi đua", [Bar(y.year, y.share, y.year, (y.staff_titled, y.staff_count))
                                for y in shares], "%",
                    [("Bảng vàng", "honour_rolls", {})], percent=True, key_label="Năm học",
                    detail_labels=("Người có danh hiệu", "Cán bộ, giáo viên, nhân viên"))
        if shares else None,
        contest_trend=trend, contest_years=per_contest,
        targets=targets_chart(all_checks, "chi-tieu", "Chỉ tiêu đạt, chưa đạt và chưa có số liệu")
        if all_checks else None,
        initiatives=initiative_chart(catalog),
        plan_targets=checks, campaigns=campaign_charts(catalog, index))
