"""The site's page sections: one small generator per section over a precomputed `Index`
(who has which awards, which entries are about whom …), so templates get what they show and
do no joins. `generate_pages` is the whole list.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from bangvang.district.address import district_plan_link
from bangvang.records import kinds
from bangvang.exports import opendata
from bangvang.pages import contest_review, qrcodes, statistics, urls
from bangvang.records.model import Award, Catalog, ContestEntry, Exemplar, Plan
from bangvang.pages.pages import Renderer, honour_groups
from bangvang.records.text import name_sort_key, school_year_of, sort_key


# The awards grouped for the pages of the last Catalog: a key is the ids of the Award
# objects in order, each entry holds them (so no id is another object's while it is kept).
_GROUPED: dict = {}


def forget() -> None:
    """Nothing grouped kept (a build's later stages)."""
    _GROUPED.clear()


@dataclass
class Index:
    """Every relation the pages need, computed once per build."""
    catalog: Catalog
    awards: list[Award] = field(default_factory=list)
    awards_of: dict = field(default_factory=lambda: defaultdict(list))       # exemplar id
    entries_about: dict = field(default_factory=lambda: defaultdict(list))   # exemplar id
    by_honour: dict = field(default_factory=lambda: defaultdict(list))       # (kind, key)
    by_campaign: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    exemplars_newest: list[Exemplar] = field(default_factory=list)
    contest_years: list[int] = field(default_factory=list)
    entries_of_year: dict = field(default_factory=lambda: defaultdict(list))  # contest year
    plans_newest: list[Plan] = field(default_factory=list)
    photos: dict[str, str] = field(default_factory=dict)   # exemplar id → published photo path
    awards_of_person: dict = field(default_factory=lambda: defaultdict(list))  # person page id
    written_by: dict = field(default_factory=lambda: defaultdict(list))  # person or exemplar id
    authored: dict = field(default_factory=lambda: defaultdict(list))  # … their initiatives
    # Records of the kinds with the generic section (GENERIC), newest first, and by year.
    newest: dict[str, list] = field(default_factory=dict)
    of_year: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    open_data: object = None   # opendata.DataSet: the files of /du-lieu/ and their figures

    @classmethod
    def of(cls, catalog: Catalog, photos: dict[str, str]) -> "Index":
        index = cls(catalog, catalog.awards(), photos=photos)
        for award in index.awards:
            if award.exemplar_id:
                index.awards_of[award.exemplar_id].append(award)
            if award.person_id:
                index.awards_of_person[award.person_id].append(award)
            index.by_honour[award.honour].append(award)
            if award.campaign_id:
                index.by_campaign[award.campaign_id]["awards"].append(award)
        for entry in catalog.contest_entries.values():
            index.entries_of_year[entry.contest_year].append(entry)
            for author in (entry.author_id, entry.author_exemplar_id):
                if author:
                    index.written_by[author].append(entry)
            if entry.subject_exemplar_id:
                index.entries_about[entry.subject_exemplar_id].append(entry)
                for campaign in catalog.exemplars[entry.subject_exemplar_id].campaign_ids:
                    index.by_campaign[campaign]["entries"].append(entry)
        index.exemplars_newest = sorted(catalog.exemplars.values(), reverse=True,
                                        key=lambda e: (e.school_year, e.date or dt.date.min))
        for exemplar in index.exemplars_newest:
            for campaign in exemplar.campaign_ids:
                index.by_campaign[campaign]["exemplars"].append(exemplar)
        index.plans_newest = sorted(catalog.plans.values(), key=lambda p: p.issued, reverse=True)
        for plan in index.plans_newest:
            for campaign in plan.campaign_ids:
                index.by_campaign[campaign]["plans"].append(plan)
        index.contest_years = sorted(index.entries_of_year, reverse=True)
        index._declared(catalog)
        return index

    def _declared(self, catalog: Catalog) -> None:
        """The relations of the kinds the generic section shows, and initiatives' authors."""
        for kind in generic_kinds():
            records = catalog.records(kind.name)
            self.newest[kind.name] = sorted(records, key=lambda r: sort_key(
                str(kind.value(r, kind.title) or "")))
            if kind.year:
                self.newest[kind.name].sort(key=lambda r: kind.value(r, kind.year) or "",
                                            reverse=True)
                for record in self.newest[kind.name]:
                    self.of_year[kind.name][kind.value(record, kind.year)].append(record)
        newest = sorted(catalog.initiatives(), key=lambda i: sort_key(i.title))
        for initiative in sorted(newest, key=lambda i: i.school_year, reverse=True):
            if initiative.campaign_id:
                self.by_campaign[initiative.campaign_id]["initiatives"].append(initiative)
            for author in initiative.authors:
                for page in (author.exemplar_id, author.person_id):
                    if page:
                        self.authored[page].append(initiative)

    @staticmethod
    def timeline(awards: list[Award]) -> list[tuple[str, list[Award]]]:
        """[(school year, awards by decision date)], newest year first."""
        by_year = defaultdict(list)
        for award in sorted(awards, key=lambda a: a.decision_date):
            by_year[award.school_year].append(award)
        return sorted(by_year.items(), reverse=True)

    def groups(self, awards: list[Award]) -> list[dict]:
        """honour_groups of these awards, once per Catalog: a roll is grouped for its own
        page, the home page and its year's page, and the preview's quick path for an award
        line (preview_awards.py) makes every page again over the same Award objects but the
        corrected ones (0.35 of its 1.6 s at 6,000 records went to grouping again)."""
        if _GROUPED.get("catalog") is not self.catalog:
            _GROUPED.clear()
            _GROUPED["catalog"] = self.catalog   # held: the ids below stay theirs
        key = tuple(map(id, awards))
        found = _GROUPED.get(key)
        if found is None:
            found = _GROUPED[key] = (list(awards), honour_groups(awards, self.catalog,
                                                                 name_sort_key))
        return found[1]

    @cached_property
    def stats(self) -> statistics.Statistics:
        """Every number of the statistics page and of the charts on year and campaign pages."""
        return statistics.compute(self.catalog, self)

    def by_role(self, exemplars: list[Exemplar]) -> list[tuple[str, str, list[Exemplar]]]:
        """[(role key, label, exemplars sorted by name)] in vocabulary order."""
        vocabulary = self.catalog.vocabulary
        groups = defaultdict(list)
        for exemplar in exemplars:
            groups[exemplar.person.role].append(exemplar)
        return [(key, vocabulary.label("roles", key),
                 sorted(groups[key], key=lambda e: name_sort_key(e.person.name)))
                for key in sorted(groups, key=lambda k: vocabulary.order("roles", k))]

    def prize_order(self, entries: list[ContestEntry]) -> list[ContestEntry]:
        return sorted(entries, key=lambda e: self.catalog.vocabulary.order("prizes", e.prize))


# Kinds whose pages a section of their own makes (below); every other kind with pages gets the
# generic section (`generate_kind`) from its declaration.
OWN_SECTIONS = ("exemplar", "honour_roll", "campaign", "plan", "contest_entry")


def generic_kinds() -> list[kinds.Kind]:
    return [k for k in kinds.KINDS.values() if k.url and k.index[0] and
            k.name not in OWN_SECTIONS]


def generate_pages(catalog: Catalog, index: Index, r: Renderer, today: dt.date) -> None:
    generate_home(catalog, index, r, today)
    generate_exemplars(catalog, index, r)
    generate_honour_rolls(catalog, index, r)
    generate_people(catalog, index, r)
    generate_eligible(catalog, index, r)
    generate_honours(catalog, index, r)
    generate_campaigns(catalog, index, r)
    generate_plans(catalog, index, r)
    generate_contest(catalog, index, r)
    generate_contest_review(catalog, index, r)
    for kind in generic_kinds():
        generate_kind(catalog, index, r, kind)
    generate_years(catalog, index, r)
    generate_data(catalog, index, r)
    generate_statistics(catalog, index, r)


def counts(catalog: Catalog) -> list[tuple[kinds.Kind, int]]:
    """(kind, number) of every kind the home page counts, in the registry's order: its records,
    or the items of its records (an honour roll's awards)."""
    found = []
    for kind in kinds.KINDS.values():
        if kind.home_count and kind.index[0]:
            records = catalog.records(kind.name)
            found.append((kind, sum(len(getattr(r, kind.items)) for r in records)
                          if kind.items else len(records)))
    return found


def generate_home(catalog: Catalog, index: Index, r: Renderer, today: dt.date) -> None:
    latest = max(catalog.honour_rolls, default=None)
    year = index.contest_years[0] if index.contest_years else None
    r.page("home", "home", {}, "Trang chủ", in_nav=True, hide=("navigation", "toc"),
           news=catalog.news[:5], exemplars=index.exemplars_newest[:6],
           campaigns=sorted((c for c in catalog.campaigns.values() if c.status == "active"),
                            key=lambda c: sort_key(c.name)),
           current_year=school_year_of(today), latest_roll=latest,
           counts=[(k.index[0], n, k.home_count) for k, n in counts(catalog)],
           roll_groups=index.groups(catalog.honour_rolls[latest].awards) if latest else [],
           contest_year=year,
           contest_best=index.prize_order([e for e in index.entries_of_year.get(year, [])
                                           if e.prize])[:4])


# Exemplars per role listed on the index page; a bigger school's index shows the newest and
# sends readers to the school-year pages (a 6,000-record index was 1.2 MB on a phone).
INDEX_LIMIT = 100


def generate_exemplars(catalog: Catalog, index: Index, r: Renderer) -> None:
    newest_first = {e.id: n for n, e in enumerate(index.exemplars_newest)}
    by_role = [(key, label, sorted(items, key=lambda e: newest_first[e.id])
                if len(items) > INDEX_LIMIT else items)
               for key, label, items in index.by_role(list(catalog.exemplars.values()))]
    r.page("exemplars_index", "exemplars", {}, "Gương điển hình, người tốt việc tốt",
           in_nav=True, by_role=by_role, limit=INDEX_LIMIT,
           years=sorted({e.school_year for e in catalog.exemplars.values()}, reverse=True))
    for exemplar in catalog.exemplars.values():
        exemplar_page(catalog, index, r, exemplar)


def exemplar_page(catalog: Catalog, index: Index, r: Renderer, exemplar: Exemplar) -> None:
    r.record_page("exemplar", exemplar, exemplar.person.name,
                  search_kind="Gương điển hình", search_year=exemplar.school_year,
                  exemplar=exemplar, origin=exemplar.file,
                  photo=index.photos.get(exemplar.id),
                  timeline=index.timeline(index.awards_of[exemplar.id]),
                  entries=index.entries_about[exemplar.id], written=index.written_by[exemplar.id],
                  initiatives=index.authored[exemplar.id])


def generate_honour_rolls(catalog: Catalog, index: Index, r: Renderer) -> None:
    r.page("honours_index", "honour_rolls", {}, "Bảng vàng", in_nav=True,
           rolls=[(year, catalog.honour_rolls[year]) for year in
                  sorted(catalog.honour_rolls, reverse=True)])
    for year, roll in catalog.honour_rolls.items():
        groups = index.groups(roll.awards)
        r.paged("honour_roll", "honour_roll", {"id": year}, f"Bảng vàng năm học {year}", groups,
                search_kind="Bảng vàng", search_year=year, roll=roll, all_groups=groups,
                class_codes=qrcodes.class_codes(roll, r.site_url))


def generate_people(catalog: Catalog, index: Index, r: Renderer) -> None:
    """A page per person without an exemplar page whose name may be published (people.py),
    and their index, by role, names sorted the Vietnamese way."""
    by_role = defaultdict(list)
    for person in catalog.people.values():
        by_role[person.person.role].append(person)
    vocabulary = catalog.vocabulary
    groups = [{"anchor": role, "label": vocabulary.label("roles", role), "count": len(people),
               "people": sorted(people, key=lambda p: name_sort_key(p.person.name))}
              for role, people in sorted(by_role.items(),
                                         key=lambda kv: vocabulary.order("roles", kv[0]))]
    r.paged("people_index", "people", {}, "Người và tập thể được khen thưởng", groups,
            items="people", in_nav=True)
    for person in catalog.people.values():
        r.page("person", "person", {"id": person.id}, person.person.name,
               search_kind="Người được khen thưởng", search_year=person.school_years[-1],
               origin=person.file, p=person, timeline=index.timeline(index.awards_of_person[person.id]),
               written=index.written_by[person.id], initiatives=index.authored[person.id])


def generate_eligible(catalog: Catalog, index: Index, r: Renderer) -> None:
    """/du-dieu-kien/: who, on the records, may be proposed for a title (rules.py)."""
    r.page("eligible", "eligible", {}, "Đủ điều kiện đề nghị", in_nav=True,
           eligibility=catalog.eligibility, latest=max(catalog.honour_rolls, default=None))


def generate_honours(catalog: Catalog, index: Index, r: Renderer) -> None:
    vocabulary = catalog.vocabulary
    keys = sorted(index.by_honour, key=lambda k: (0 if k[0] == "titles" else 1,
                                                 vocabulary.order(*k)))
    r.page("honours_by_title_index", "honours", {}, "Danh hiệu và hình thức khen thưởng",
           in_nav=True, honours=[(k, len(index.by_honour[k])) for k in keys])
    for kind, key in keys:
        by_year = defaultdict(list)
        for award in index.by_honour[(kind, key)]:
            by_year[award.school_year].append(award)
        # One list of groups, newest year first; anchors carry the year to stay unique.
        groups = [{**g, "year": y, "anchor": f"{y}-{g['anchor']}"}
                  for y in sorted(by_year, reverse=True) for g in index.groups(by_year[y])]
        r.paged("honour_by_title", "honour", {"key": key}, vocabulary.label(kind, key), groups,
                kind=kind, key=key)


def generate_campaigns(catalog: Catalog, index: Index, r: Renderer) -> None:
    r.page("campaigns_index", "campaigns", {}, "Phong trào thi đua", in_nav=True,
           campaigns=sorted(catalog.campaigns.values(),
                            key=lambda c: (c.status != "active", sort_key(c.name))))
    for campaign in catalog.campaigns.values():
        campaign_page(catalog, index, r, campaign)


def campaign_page(catalog: Catalog, index: Index, r: Renderer, campaign) -> None:
    related = index.by_campaign[campaign.id]
    exemplars = related["exemplars"]   # newest first
    shown = exemplars if len(exemplars) > INDEX_LIMIT else \
        sorted(exemplars, key=lambda e: name_sort_key(e.person.name))
    r.paged("campaign", "campaign", {"id": campaign.id}, campaign.name,
            index.groups(related["awards"]), search_kind="Phong trào", campaign=campaign,
            origin=campaign.file,
            plans=related["plans"], exemplars=shown[:INDEX_LIMIT],
            exemplar_count=len(exemplars), limit=INDEX_LIMIT,
            exemplar_years=sorted({e.school_year for e in exemplars}, reverse=True),
            entries=related["entries"], initiatives=related["initiatives"],
            charts=index.stats.campaigns.get(campaign.id, []))


def generate_plans(catalog: Catalog, index: Index, r: Renderer) -> None:
    r.page("plans_index", "plans", {}, "Kế hoạch", in_nav=True, plans=index.plans_newest)
    for plan in catalog.plans.values():
        plan_page(catalog, index, r, plan)


def plan_page(catalog: Catalog, index: Index, r: Renderer, plan: Plan) -> None:
    # A cited plan of the district: its page on the district's portal (district/address.py).
    district = [district_plan_link(catalog.school.get("district_site"),
                                   catalog.school.get("parent_body"), d.number, d.date, d.issuer)
                for d in plan.basis]
    r.page("plan", "plan", {"id": plan.id}, plan.title, search_kind="Kế hoạch",
           search_year=plan.period_year, plan=plan, origin=plan.file, checks=index.stats.plan_targets[plan.id],
           district_links=district)


def generate_contest(catalog: Catalog, index: Index, r: Renderer) -> None:
    r.page("contest_index", "contest", {}, "Cuộc thi viết", in_nav=True,
           years=[(y, index.entries_of_year[y]) for y in index.contest_years])
    vocabulary = catalog.vocabulary
    for year in index.contest_years:
        entries = index.entries_of_year[year]
        prizes = sorted({e.prize for e in entries},
                        key=lambda p: vocabulary.order("prizes", p) if p else 999)
        r.page("contest_year", "contest_year", {"year": year}, f"Cuộc thi viết năm {year}",
               year=year, by_prize=[(p, sorted([e for e in entries if e.prize == p],
                                               key=lambda e: sort_key(e.title))) for p in prizes])
        for entry in entries:
            contest_entry_page(catalog, index, r, entry)


def generate_contest_review(catalog: Catalog, index: Index, r: Renderer) -> None:
    """/cuoc-thi-viet/tong-ket/: the contest over the years (contest_review.py)."""
    if index.contest_years:
        r.page("contest_review", "contest_review", {}, "Tổng kết Cuộc thi viết qua các năm",
               review=contest_review.review(catalog, index))


def contest_entry_page(catalog: Catalog, index: Index, r: Renderer, entry: ContestEntry) -> None:
    r.record_page("contest_entry", entry, entry.title, search_kind="Bài dự thi",
                  search_year=entry.school_year, entry=entry, origin=entry.file,
                  subject_exemplar=catalog.exemplars.get(entry.subject_exemplar_id or ""))


def generate_kind(catalog: Catalog, index: Index, r: Renderer, kind: kinds.Kind) -> None:
    """The index and record pages of a kind without a section of its own, from its
    declaration: records by school year, newest first (by title for a kind without a year);
    templates by convention (`<kind name>.html.j2`, `<index name>_index.html.j2`), else the
    generic `record` and `records_index`."""
    records = index.newest[kind.name]
    if kind.year:
        years = index.of_year[kind.name]
        groups = [{"anchor": f"nam-hoc-{y}", "label": f"Năm học {y}", "year": y,
                   "records": years[y], "count": len(years[y])} for y in years]
    else:
        groups = [{"anchor": kind.index[0], "label": kind.section, "year": None,
                   "records": records, "count": len(records)}] if records else []
    template = f"{kind.index[0]}_index"
    r.paged(template if r.has_template(template) else "records_index", kind.index[0], {},
            kind.section, groups, items="records", in_nav=True,
            name=lambda record: kind.value(record, kind.title), kind=kind, total=len(records))
    for record in records:
        record_page(catalog, index, r, record)


def record_page(catalog: Catalog, index: Index, r: Renderer, record) -> None:
    """A record's page in the generic section: `<kind name>.html.j2` gets it as `record` and
    under the kind's name, with the kind's declaration as `kind`."""
    kind = kinds.of_record(record)
    template = kind.name if r.has_template(kind.name) else "record"
    r.record_page(template, record, kind.value(record, kind.title), search_kind=kind.section,
                  search_year=kind.value(record, kind.year), origin=record.file,
                  record=record, kind=kind, **{kind.name: record})


# The page of one record, by kind: what the preview renders again, first and alone, after an
# edit of that record's text (preview.quick_update); the whole build follows. Kinds of the
# generic section use its `record_page`.
RECORD_PAGES = {"exemplar": exemplar_page, "campaign": campaign_page, "plan": plan_page,
                "contest_entry": contest_entry_page}


def record_pages(kind: str):
    """The function that renders one record's page of `kind`, or None (honour rolls)."""
    if kind in RECORD_PAGES:
        return RECORD_PAGES[kind]
    return record_page if any(k.name == kind for k in generic_kinds()) else None


def generate_years(catalog: Catalog, index: Index, r: Renderer) -> None:
    years = catalog.school_years()
    r.page("years_index", "years", {}, "Theo năm học", in_nav=True, years=years)
    for year in years:
        by_role = [{"anchor": key, "label": label, "exemplars": items, "count": len(items)}
                   for key, label, items in index.by_role(
                       [e for e in catalog.exemplars.values() if e.school_year == year])]
        r.paged("year", "year", {"id": year}, f"Năm học {year}", by_role, items="exemplars",
                year=year, roll=catalog.honour_rolls.get(year),
                plans=[p for p in index.plans_newest if p.period_year == year],
                entries=[e for e in catalog.contest_entries.values() if e.school_year == year],
                others=[(kind, index.of_year[kind.name][year]) for kind in generic_kinds()
                        if index.of_year[kind.name].get(year)],
                charts=index.stats.year_charts(year))


def generate_statistics(catalog: Catalog, index: Index, r: Renderer) -> None:
    """/thong-ke/: charts and their tables (statistics.py computes, _charts.html.j2 draws)."""
    r.page("statistics", "statistics", {}, "Thống kê", in_nav=True, stats=index.stats,
           groups=[(k, v) for k, v in statistics.ROLE_GROUPS.items()
                   if k != "other" or any(c[k] for _, c in index.stats.role_trend)],
           states=list(statistics.STATES.items()),
           data_link=statistics.OPEN_DATA if statistics.OPEN_DATA in urls.URLS else None)


def generate_data(catalog: Catalog, index: Index, r: Renderer) -> None:
    """/du-lieu/: the open data, resource by resource (opendata.py makes the files)."""
    if index.open_data is not None:
        r.page("open_data", "open_data", {}, "Dữ liệu mở", in_nav=True,
               **opendata.page_view(index.open_data))
