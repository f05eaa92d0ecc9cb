"""The open data's building blocks (opendata_tables.py declares the tables with them): a
column, a table ("resource"), a row's source and the Catalog seen by the tables."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from bangvang.records.model import Catalog, PublicPerson
from bangvang.records.text import slugify


@dataclass(frozen=True)
class Column:
    name: str                      # published: never renamed or removed (check_published)
    type: str                      # Table Schema type
    description: str               # Vietnamese, shown in the schema and on /du-lieu/
    get: Callable[[Any], Any]      # Catalog item → value (None: empty)
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str                      # file name without ending; published, like a column
    title: str
    description: str
    items: Callable[["Context"], list]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()   # (column, resource, its column)
    year: Callable[[Any], str | None] | None = None       # school year of an item: year files


@dataclass
class Item:
    """One row's source: a Catalog object and what the row adds to it."""
    obj: Any
    ctx: "Context"
    number: int | None = None       # position within its parent (an award in its roll …)
    person: str | None = None       # id of the person in the "nguoi" resource
    parent: Any = None


class Context:
    """The Catalog with each listed person under one id (people appear in several records)."""

    def __init__(self, catalog: Catalog, checks: dict | None = None,
                 aliases: dict[str, list[str]] | None = None):
        self.catalog = catalog
        self.checks = checks or {}   # plan id → [statistics.TargetCheck], one per target
        # A record's or person page's current id → the ids it had before `bangvang rename`
        # (read from data/redirects.yml: opendata.aliases), so a reader's copy still joins.
        self.aliases = aliases or {}
        self.people: dict[str, tuple[PublicPerson, str | None]] = {}
        self._ids: dict[tuple, str] = {}
        for exemplar in sorted(catalog.exemplars.values(), key=lambda e: e.id):
            self.person_id(exemplar.person, exemplar.id)
        for year in sorted(catalog.honour_rolls):
            for award in catalog.honour_rolls[year].awards:
                self.person_id(award.person, award.exemplar_id, award.person_id)
        for entry in sorted(catalog.contest_entries.values(), key=lambda e: e.id):
            self.person_id(entry.author, entry.author_exemplar_id, entry.author_id)
        for initiative in sorted(catalog.initiatives(), key=lambda i: i.id):
            for author in initiative.authors:
                self.person_id(author.person, author.exemplar_id, author.person_id)

    def person_id(self, person: PublicPerson, exemplar_id: str | None = None,
                  page_id: str | None = None) -> str | None:
        """An exemplar's person is known by the exemplar's id; a person with a page of their
        own by its id (people.py decided who they are across the years, e.g. a student in a
        new class each year); anyone else by what the site shows (name, role, unit)."""
        if not person.listed or not person.name:
            return None
        if page_id and not exemplar_id and page_id in self.catalog.people:
            person = self.catalog.people[page_id].person   # as of their latest year
        key = (exemplar_id,) if exemplar_id else ("page", page_id) if page_id else \
            (person.name, person.role, person.unit)
        if key not in self._ids:
            base = exemplar_id or page_id or slugify(" ".join(filter(
                None, (person.name, person.role, person.unit)))) or "nguoi"
            wanted, n = base, 1
            while wanted in self.people:
                n += 1
                wanted = f"{base}-{n}"
            self._ids[key] = wanted
            self.people[wanted] = (person, exemplar_id)
        return self._ids[key]

    def label(self, vocabulary: str, key: str | None) -> str | None:
        return self.catalog.vocabulary.label(vocabulary, key) if key else None
