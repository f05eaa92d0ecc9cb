"""schema.org JSON-LD for search engines, for every kind that declares a schema.org type
(Kind.schema_type): a Person (or Organization) with its awards on an exemplar's page, an
Article for contest entries (and news posts), a CreativeWork for an initiative or a plan,
a Dataset for /du-lieu/. Kinds that name people have a builder of their own here.

Made from the Catalog, so it says no more than the page: people not listed have no page and
no JSON-LD; a student published by initials gets no Person either (search engines would
index a child's initials for nothing). The script element is built here, not in a template,
and reaches the page through the glue (hooks/: `bv_jsonld`, printed by
overrides/partials/content.html), outside the nh3 sanitiser, which would rightly drop a
script: `script` escapes `<`, `>` and `&` inside the JSON, so no record text can close the
element or open another. Addresses are absolute with the school's `site_url` (share.py),
root-relative while it is not written yet.
"""
from __future__ import annotations

import json
from collections import defaultdict

from bangvang.exports.share import record_summary
from bangvang.pages import urls
from bangvang.records import kinds
from bangvang.records.model import Award, Catalog, ContestEntry, Exemplar, Initiative
from bangvang.exports.opendata import DataSet
from bangvang.exports.opendata_published import ZIP_FILE

CONTEXT = "https://schema.org"
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script(data: dict) -> str:
    """A JSON-LD script element whose text cannot end the element (`</script>`) or start
    markup: the JSON stays valid, the characters are written as \\u escapes."""
    text = json.dumps({"@context": CONTEXT, **data}, ensure_ascii=False, sort_keys=True)
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'


def for_pages(catalog: Catalog, site_url: str, data: DataSet | None) -> dict[str, str]:
    """{page URL "/a/b/": script element} for every page that has structured data."""
    school = _school(catalog, site_url)
    awards_of = defaultdict(list)
    for award in catalog.awards():
        if award.exemplar_id:
            awards_of[award.exemplar_id].append(award)
    own = {"exemplar": lambda e, url: _person(catalog, e, awards_of[e.id], site_url, school),
           "contest_entry": lambda e, url: _entry(e, url, school),
           "initiative": lambda i, url: _initiative(i, url, school)}
    scripts = {}
    for kind in kinds.KINDS.values():   # every kind that declares a schema.org type
        if not kind.schema_type or not kind.url:
            continue
        make = own.get(kind.name) or (lambda r, url, kind=kind: _record(catalog, kind, r, url,
                                                                          school))
        for record in catalog.records(kind.name):
            url = urls.record_url(record, kind)
            found = make(record, urls.absolute(site_url, url))
            if found:
                scripts[urls.clean(url)] = script(found)
    for post in catalog.news:
        scripts[urls.clean(post.url)] = script({
            "@type": "Article", "headline": post.title, "datePublished": post.date.isoformat(),
            "url": urls.absolute(site_url, post.url), "inLanguage": "vi",
            "publisher": school})
    if data is not None:
        scripts[urls.clean(urls.url_for("open_data"))] = script(dataset(catalog, site_url, data))
    return scripts


def _school(catalog: Catalog, site_url: str) -> dict:
    school = {"@type": "EducationalOrganization", "name": catalog.school["name"]}
    return {**school, "url": site_url} if site_url else school


def _person(catalog: Catalog, exemplar: Exemplar, awards: list[Award], site_url: str,
            school: dict) -> dict | None:
    person = exemplar.person
    if not person.listed or not person.name or person.consent not in ("full", "name"):
        return None
    vocabulary = catalog.vocabulary
    awards = sorted(awards, key=lambda a: (a.decision_date, a.decision_number))
    data = {
        "@type": "Organization" if person.kind == "collective" else "Person",
        "name": person.name,
        "url": urls.absolute(site_url, urls.record_url(exemplar)),
        "description": exemplar.summary,
        ("parentOrganization" if person.kind == "collective" else "affiliation"): school,
        "award": [f"{vocabulary.label(*a.honour)}, cấp {vocabulary.label('levels', a.level)} "
                  f"(năm học {a.school_year}, quyết định {a.decision_number})" for a in awards],
    }
    if person.role and person.kind != "collective":
        data["jobTitle"] = vocabulary.label("roles", person.role)
    return {k: v for k, v in data.items() if v}


def _record(catalog: Catalog, kind: kinds.Kind, record, url: str, school: dict) -> dict:
    """What the kind declares of a record: its title, summary (or declared sentence) and date;
    no people (a kind naming people has a builder of its own that knows their consent)."""
    day = kind.value(record, kind.dated)
    data = {"@type": kind.schema_type, "name": kind.value(record, kind.title), "url": url,
            "inLanguage": "vi", "publisher": school,
            "description": record_summary(kind, record, catalog.school["name"]),
            "dateCreated": day.isoformat() if day else None}
    return {k: v for k, v in data.items() if v}


def _entry(entry: ContestEntry, url: str, school: dict) -> dict:
    data = {"@type": "Article", "headline": entry.title, "url": url, "inLanguage": "vi",
            "publisher": school, "description": entry.summary,
            "dateCreated": str(entry.contest_year)}
    if entry.author.listed and entry.author.name and entry.author.consent in ("full", "name"):
        data["author"] = {"@type": "Person", "name": entry.author.name}
    return {k: v for k, v in data.items() if v}


def _initiative(initiative: Initiative, url: str, school: dict) -> dict:
    """A CreativeWork: only authors whose full name the page shows are named."""
    authors = [{"@type": "Person", "name": a.person.name} for a in initiative.shown_authors
               if a.person.consent in ("full", "name")]
    data = {"@type": "CreativeWork", "name": initiative.title, "url": url, "inLanguage": "vi",
            "description": initiative.summary, "publisher": school, "author": authors,
            "dateCreated": initiative.decision_date.isoformat() if initiative.decision_date
            else None}
    return {k: v for k, v in data.items() if v}


def dataset(catalog: Catalog, site_url: str, data: DataSet) -> dict:
    """The Data Package as a schema.org Dataset: every whole-set file is a download."""
    school = _school(catalog, site_url)
    return {
        "@type": "Dataset",
        "name": f"Dữ liệu mở Bảng vàng — {catalog.school['name']}",
        "description": "Thi đua, khen thưởng, gương người tốt việc tốt, kế hoạch và chỉ tiêu, "
                       "bài dự thi, sáng kiến: đúng những gì trang web công bố, dạng CSV và JSON.",
        "url": urls.absolute(site_url, urls.url_for("open_data")),
        "license": data.licence_url,
        "inLanguage": "vi",
        "creator": school,
        "isAccessibleForFree": True,
        "distribution": [{"@type": "DataDownload", "name": f.resource.title,
                          "encodingFormat": "text/csv" if fmt == "csv" else "application/json",
                          "contentUrl": urls.absolute(site_url, path)}
                         for f in data.figures for fmt, path, _ in f.whole.files]
        + [{"@type": "DataDownload", "name": "Toàn bộ dữ liệu (Data Package, tệp nén)",
            "encodingFormat": "application/zip",
            "contentUrl": urls.absolute(site_url, urls.data_file(ZIP_FILE))}],
    }
