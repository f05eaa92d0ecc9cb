"""schema.org JSON-LD for search engines: a Person (or Organization) with its awards on an
exemplar's page, an Article for contest entries and news posts, a CreativeWork for an
initiative, a Dataset for /du-lieu/.

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

from bangvang.pages import urls
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
    scripts = {}
    for exemplar in catalog.exemplars.values():
        person = _person(catalog, exemplar, awards_of[exemplar.id], site_url, school)
        if person:
            scripts[urls.clean(urls.record_url(exemplar))] = script(person)
    for entry in catalog.contest_entries.values():
        url = urls.record_url(entry)
        scripts[urls.clean(url)] = script(_entry(entry, urls.absolute(site_url, url), school))
    for initiative in catalog.initiatives():
        url = urls.record_url(initiative)
        scripts[urls.clean(url)] = script(_initiative(initiative, urls.absolute(site_url, url),
                                                      school))
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
