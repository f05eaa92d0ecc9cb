"""The Catalog: typed, cross-linked, publishable records.

Only what may be published reaches these objects: consent is applied and `private:` fields
are dropped when a record is built (validate.py), so nothing downstream — pages, search,
exports — can leak what it never receives. Drafts never reach the Catalog of a build (the
preview shows complete drafts, marked: `previewed_drafts`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bangvang.records.text import school_year_of
from bangvang.records.vocabulary import Vocabulary


@dataclass
class PublicPerson:
    """A person or collective as far as consent allows them to be shown."""
    name: str | None        # full name, initials, or None when not listed
    role: str | None        # vocabulary key
    unit: str | None
    photo: str | None       # photo file name, only with full consent
    kind: str = "person"    # person / collective
    listed: bool = True
    consent: str = "full"   # the level decided for this person (validate.public_person)


@dataclass
class Campaign:
    id: str
    name: str
    level: str
    kind: str
    launched_by: str | None
    period_from: dt.date | None
    period_to: dt.date | None
    status: str
    summary: str | None
    body: str
    body_line: int = 1
    file: str = ""


@dataclass
class Document:
    number: str | None
    date: dt.date | None
    issuer: str | None
    title: str | None
    plan_id: str | None = None  # set when the cited plan is on the site


@dataclass
class TargetResult:
    """What the school recorded as achieved against a target (plan front matter)."""
    value: float | None = None
    unit: str | None = None
    date: dt.date | None = None
    evidence: str | None = None     # an http(s) address of the proof (report, decision)
    note: str | None = None
    achieved: bool | None = None    # for a target without a number: met or not, as recorded


@dataclass
class Target:
    text: str
    value: float | None = None
    unit: str | None = None
    result: TargetResult | None = None
    # "toi-thieu": the result must be ≥ value (tối thiểu, ít nhất); "toi-da": ≤ (tối đa, không quá)
    comparison: str = "toi-thieu"
    computed: str | None = None     # metric key (statistics.METRICS): result computed from records


@dataclass
class Plan:
    id: str
    number: str | None
    issued: dt.date
    place: str | None
    issuer: str
    issuer_parent: str | None
    title: str
    school_year: str | None
    year: int | None
    basis: list[Document]
    references: list[Document]
    campaign_ids: list[str]
    themes: list[str]
    programmes: list[str]
    contests: list[str]
    targets: list[Target]
    signer_name: str | None
    signer_title: str | None
    recipients: list[str]
    body: str
    body_line: int = 1
    file: str = ""
    cited_by: list[str] = field(default_factory=list)  # ids of plans whose basis cites this

    @property
    def period(self) -> str:
        return self.school_year or (str(self.year) if self.year else "")

    @property
    def number_phrase(self) -> str:
        """"số 23/KH-THCD, " before its date in a sentence; "" when it has no number."""
        return f"số {self.number}, " if self.number else ""

    @property
    def period_year(self) -> str:
        """The school year the plan belongs to (a calendar-year plan: that of its date)."""
        return self.school_year or school_year_of(self.issued)


@dataclass
class Exemplar:
    id: str
    person: PublicPerson
    school_year: str
    date: dt.date | None
    campaign_ids: list[str]
    summary: str
    body: str
    body_line: int = 1
    file: str = ""


@dataclass
class Award:
    school_year: str
    person: PublicPerson
    exemplar_id: str | None   # set when the recipient is a published exemplar
    title: str | None         # vocabulary key (danh hiệu) …
    form: str | None          # … or form (hình thức)
    level: str
    decision_number: str
    decision_date: dt.date
    campaign_id: str | None
    reason: str | None
    person_id: str | None = None   # the recipient's own page (people.py), when they have one

    @property
    def honour(self) -> tuple[str, str]:
        return ("titles", self.title) if self.title else ("forms", self.form)


@dataclass
class HonourRoll:
    school_year: str
    awards: list[Award]  # includes unlisted people (person.listed False) so counts stay true

    @property
    def id(self) -> str:
        """An honour roll's file, and its page, are named by its school year."""
        return self.school_year

    @property
    def title(self) -> str:
        return f"Bảng vàng năm học {self.school_year}"

    @property
    def latest_decision(self) -> dt.date | None:
        """The newest decision date among its awards: when the roll last grew."""
        return max((a.decision_date for a in self.awards if a.decision_date), default=None)


@dataclass
class ContestEntry:
    id: str
    contest_year: int
    title: str
    author: PublicPerson
    subject_exemplar_id: str | None
    subject_name: str | None
    prize: str | None
    summary: str | None
    body: str
    body_line: int = 1
    file: str = ""
    author_id: str | None = None   # the author's own page (people.py), when they have one
    author_exemplar_id: str | None = None   # … or the author's exemplar page

    @property
    def school_year(self) -> str:
        """A contest of year N runs in the school year N-1 – N."""
        return f"{self.contest_year - 1}-{self.contest_year}"


@dataclass
class Author:
    """An author of an initiative, as far as their consent allows (validate.py decides it
    once per person, people.py says who is who)."""
    person: PublicPerson
    exemplar_id: str | None = None   # their exemplar page, when they have one …
    person_id: str | None = None     # … or their own page (/nguoi/<id>/)


@dataclass
class Initiative:
    """A recognised initiative (sáng kiến): what it is, who wrote it, which council
    recognised it, and whether it is applied."""
    id: str
    title: str
    authors: list[Author]      # every author, listed or not (counts stay true)
    school_year: str           # the school year it was recognised in
    field: str | None          # vocabulary key (initiative_fields)
    level: str                 # vocabulary key (initiative_levels): who recognised it
    decision_number: str | None
    decision_date: dt.date | None
    applied: str | None        # kinds.APPLIED: "yes", "partly", "no"; None: not recorded
    applied_scope: str | None
    campaign_id: str | None
    summary: str
    body: str
    body_line: int = 1
    file: str = ""

    @property
    def shown_authors(self) -> list[Author]:
        return [a for a in self.authors if a.person.listed]

    @property
    def author_names(self) -> str | None:
        """The authors' names as published, "; " between them (open data)."""
        return "; ".join(a.person.name for a in self.shown_authors) or None

    @property
    def applied_any(self) -> bool | None:
        """In use at all (fully or partly): what plan targets count as applied."""
        return None if self.applied is None else self.applied in ("yes", "partly")

    @property
    def applied_label(self) -> str | None:
        from bangvang.records.kinds import APPLIED   # the labels live with the choice
        return APPLIED.labels.get(self.applied) if self.applied else None


@dataclass
class Person:
    """Someone with a page of their own (/nguoi/<id>/): an award recipient, a contest author or
    an initiative's author without an exemplar page, whose consent lets their full name be
    published."""
    id: str
    person: PublicPerson          # as of their latest school year
    school_years: list[str]       # every year they appear in, oldest first
    file: str = ""                # where they first appear


@dataclass
class NewsPost:
    title: str
    date: dt.date
    slug: str
    url: str       # site-relative URL, as the blog plugin writes it
    src_uri: str   # path inside content/, for links
    excerpt: str   # Markdown before <!-- more -->
    file: str = ""
    source: str = ""
    body_line: int = 1
    draft: bool = False
    slug_line: int = 1
    links: list = field(default_factory=list)   # (line, target) of every link in the body
    front: object = None   # the front matter as read (yamlload.LineDict): privacy_scan.py


@dataclass
class Catalog:
    vocabulary: Vocabulary
    school: dict
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    exemplars: dict[str, Exemplar] = field(default_factory=dict)
    honour_rolls: dict[str, HonourRoll] = field(default_factory=dict)
    contest_entries: dict[str, ContestEntry] = field(default_factory=dict)
    news: list[NewsPost] = field(default_factory=list)
    news_authors: dict = field(default_factory=dict)   # content/tin-tuc/.authors.yml, as read
    news_withheld: set = field(default_factory=set)    # files of posts taken down (privacy_scan)
    # Only in the preview (`bangvang serve`): drafts shown, marked (kind, id). A build's Catalog
    # never holds a draft, so this stays empty there.
    previewed_drafts: set[tuple[str, str]] = field(default_factory=set)
    drafts: list[str] = field(default_factory=list)   # files of draft records (check lists them)
    people: dict[str, Person] = field(default_factory=dict)   # page id → person (people.py)
    # Addresses of records that exist but may not be shown (consent, draft): "/a/b/"
    withheld_urls: set[str] = field(default_factory=set)
    # [(rule, [Held])]: who meets a title's prerequisites in the newest year (rules.py)
    eligibility: list = field(default_factory=list)
    # What the preview needs to check one edited record again without reading the others
    # (preview.quick_update); set by validate.build_catalog.
    checked: object = None
    # What the checking pass read, for the checks of the same pass that need records as
    # written (consent_answers: drafts included), so that no file is read twice: set by
    # validate.build_catalog (validate.Read).
    read: object = None
    # Kinds built from their declaration alone (kinds.Kind.model): kind → id → record.
    declared: dict[str, dict] = field(default_factory=dict)

    def school_years(self) -> list[str]:
        """Every school year with something published, newest first: each has its page
        (/nam-hoc/<year>/), which every record of the year links to, contest entries
        included (a contest of year N runs in N-1 – N) and plans of a calendar year (the
        school year of their date, as the year page lists them)."""
        years = {e.school_year for e in self.exemplars.values()}
        years |= set(self.honour_rolls)
        years |= {p.period_year for p in self.plans.values()}
        years |= {e.school_year for e in self.contest_entries.values()}
        years |= {getattr(r, "school_year", None) for kind in self.declared.values()
                  for r in kind.values()} - {None}
        return sorted(years, reverse=True)

    def awards(self) -> list[Award]:
        return [a for roll in self.honour_rolls.values() for a in roll.awards]

    def initiatives(self) -> list[Initiative]:
        """The published initiatives (kinds.INITIATIVE)."""
        return [r for r in self.of_kind("initiative").values() if isinstance(r, Initiative)]

    def records(self, kind: str) -> list:
        """The published records of one kind (kinds.ALL_KINDS name), news posts included."""
        return list(self.news) if kind == "news" else list(self.of_kind(kind).values())

    def of_kind(self, kind: str) -> dict:
        """The published records of one kind (kinds.KINDS name), by id."""
        own = {"exemplar": self.exemplars, "campaign": self.campaigns, "plan": self.plans,
               "contest_entry": self.contest_entries, "honour_roll": self.honour_rolls}
        return own[kind] if kind in own else self.declared.setdefault(kind, {})
