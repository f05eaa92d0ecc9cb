"""Catalog → generated Markdown pages (Jinja2 templates), written only when they change.

Links between pages are docs-relative absolute links ("/guong-dien-hinh/x.md"), which MkDocs
checks and rewrites, so a broken link fails `mkdocs build --strict`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .model import Award, Catalog
from .text import format_date, name_sort_key, school_year_of, sort_key

PHOTO_FOLDER = "anh"  # photos allowed by consent are copied to /anh/


@dataclass
class Output:
    pages: dict[str, str] = field(default_factory=dict)    # docs-relative path → Markdown
    files: dict[str, Path] = field(default_factory=dict)   # docs-relative path → source file
    # pages listed in the navigation; every other generated page stays out of it
    index_pages: set[str] = field(default_factory=set)


def md_escape(value) -> str:
    """Plain text → safe inline Markdown (names with * or | must not break tables)."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([*_\[\]|`])", r"\\\1", text)
    return text.replace("\n", " ")


def demote_headings(markdown: str) -> str:
    """Move a record body's headings one level down, under the page's own sections."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def _environment(catalog: Catalog) -> Environment:
    env = Environment(loader=PackageLoader("bangvang", "templates"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=False)
    vocabulary = catalog.vocabulary
    env.filters.update(
        e=md_escape,
        date=format_date,
        label=lambda key, name: vocabulary.label(name, key),
        by_name=lambda items, attr="person": sorted(
            items, key=lambda x: name_sort_key(getattr(x, attr).name or "")),
        by_text=lambda items, attr: sorted(items, key=lambda x: sort_key(getattr(x, attr) or "")),
        honour_label=lambda award: vocabulary.label(*award.honour),
        oneline=lambda text: " ".join(str(text or "").split()),
        q=lambda text: json.dumps(str(text), ensure_ascii=False),  # a YAML-safe quoted string
        demote_headings=demote_headings,
        school_year=school_year_of,
    )
    env.globals.update(catalog=catalog, vocabulary=vocabulary, school=catalog.school,
                       photo_url=lambda name: f"/{PHOTO_FOLDER}/{name}")
    return env


def honour_groups(awards: list[Award], catalog: Catalog) -> list[dict]:
    """Awards grouped by (title or form, level) in vocabulary order, names sorted."""
    vocabulary = catalog.vocabulary
    groups: dict[tuple, list[Award]] = defaultdict(list)
    for award in awards:
        groups[(*award.honour, award.level)].append(award)

    def order(key):
        kind, honour, level = key
        return (0 if kind == "titles" else 1, vocabulary.order(kind, honour),
                vocabulary.order("levels", level))

    result = []
    for key in sorted(groups, key=order):
        kind, honour, level = key
        members = groups[key]
        listed = sorted((a for a in members if a.person.listed),
                        key=lambda a: name_sort_key(a.person.name))
        result.append({
            "anchor": f"{honour}-{level}",
            "label": vocabulary.label(kind, honour),
            "level": vocabulary.label("levels", level),
            "awards": listed,
            "count": len(members),
            "unlisted": len(members) - len(listed),
        })
    return result


def render_pages(catalog: Catalog, root: Path, today: dt.date | None = None) -> Output:
    env = _environment(catalog)
    out = Output()
    today = today or dt.date.today()

    def page(path: str, template: str, index: bool = False, **context) -> None:
        out.pages[path] = _without_left_sidebar(env.get_template(template).render(**context))
        if index:
            out.index_pages.add(path)

    exemplars = list(catalog.exemplars.values())
    awards = catalog.awards()
    entries = list(catalog.contest_entries.values())
    plans = list(catalog.plans.values())
    years = catalog.school_years()
    contest_years = sorted({e.contest_year for e in entries}, reverse=True)
    awards_of = defaultdict(list)
    for award in awards:
        if award.exemplar_id:
            awards_of[award.exemplar_id].append(award)
    entries_about = defaultdict(list)
    for entry in entries:
        if entry.subject_exemplar_id:
            entries_about[entry.subject_exemplar_id].append(entry)

    newest = sorted(exemplars, key=lambda e: (e.school_year, e.date or dt.date.min), reverse=True)
    latest_roll = max(catalog.honour_rolls, default=None)
    page("index.md", "home.md.j2", index=True,
         news=catalog.news[:5], exemplars=newest[:6],
         campaigns=[c for c in catalog.campaigns.values() if c.status == "active"],
         current_year=school_year_of(today), latest_roll=latest_roll,
         roll_groups=honour_groups(catalog.honour_rolls[latest_roll].awards, catalog)
         if latest_roll else [],
         contest_year=contest_years[0] if contest_years else None,
         contest_best=sorted([e for e in entries if contest_years and
                              e.contest_year == contest_years[0] and e.prize],
                             key=lambda e: catalog.vocabulary.order("prizes", e.prize))[:4])

    # Exemplars
    page("guong-dien-hinh/index.md", "exemplars_index.md.j2", index=True,
         by_role=_grouped(exemplars, lambda e: e.person.role, "roles", catalog))
    for exemplar in exemplars:
        if exemplar.person.photo:
            out.files[f"{PHOTO_FOLDER}/{exemplar.person.photo}"] = \
                root / "exemplars/photos" / exemplar.person.photo
        page(f"guong-dien-hinh/{exemplar.id}.md", "exemplar.md.j2", exemplar=exemplar,
             awards=sorted(awards_of[exemplar.id], key=lambda a: a.decision_date),
             entries=entries_about[exemplar.id])

    # Honour rolls
    page("bang-vang/index.md", "honours_index.md.j2", index=True,
         rolls=[(year, catalog.honour_rolls[year]) for year in sorted(catalog.honour_rolls,
                                                                       reverse=True)])
    for year, roll in catalog.honour_rolls.items():
        page(f"bang-vang/{year}.md", "honour_roll.md.j2", roll=roll,
             groups=honour_groups(roll.awards, catalog))

    # Titles and forms across years
    honours = defaultdict(list)
    for award in awards:
        honours[award.honour].append(award)
    honour_keys = sorted(honours, key=lambda k: (0 if k[0] == "titles" else 1,
                                                 catalog.vocabulary.order(*k)))
    page("danh-hieu/index.md", "honours_by_title_index.md.j2", index=True,
         honours=[(k, honours[k]) for k in honour_keys])
    for key in honour_keys:
        by_year = defaultdict(list)
        for award in honours[key]:
            by_year[award.school_year].append(award)
        page(f"danh-hieu/{key[1]}.md", "honour_by_title.md.j2", kind=key[0], key=key[1],
             years=[(y, honour_groups(by_year[y], catalog)) for y in sorted(by_year, reverse=True)])

    # Campaigns
    page("phong-trao/index.md", "campaigns_index.md.j2", index=True,
         campaigns=sorted(catalog.campaigns.values(),
                          key=lambda c: (c.status != "active", sort_key(c.name))))
    for campaign in catalog.campaigns.values():
        page(f"phong-trao/{campaign.id}.md", "campaign.md.j2", campaign=campaign,
             plans=sorted([p for p in plans if campaign.id in p.campaign_ids],
                          key=lambda p: p.issued, reverse=True),
             exemplars=[e for e in newest if campaign.id in e.campaign_ids],
             groups=honour_groups([a for a in awards if a.campaign_id == campaign.id], catalog),
             entries=[e for e in entries if e.subject_exemplar_id and campaign.id in
                      catalog.exemplars[e.subject_exemplar_id].campaign_ids])

    # Plans
    page("ke-hoach/index.md", "plans_index.md.j2", index=True,
         plans=sorted(plans, key=lambda p: p.issued, reverse=True))
    for plan in plans:
        page(f"ke-hoach/{plan.id}.md", "plan.md.j2", plan=plan)

    # Writing contest
    page("cuoc-thi-viet/index.md", "contest_index.md.j2", index=True,
         years=[(y, [e for e in entries if e.contest_year == y]) for y in contest_years])
    for year in contest_years:
        year_entries = [e for e in entries if e.contest_year == year]
        prizes = sorted({e.prize for e in year_entries},
                        key=lambda p: catalog.vocabulary.order("prizes", p) if p else 999)
        page(f"cuoc-thi-viet/{year}/index.md", "contest_year.md.j2", year=year,
             by_prize=[(p, sorted([e for e in year_entries if e.prize == p],
                                  key=lambda e: sort_key(e.title))) for p in prizes])
        for entry in year_entries:
            page(f"cuoc-thi-viet/{year}/{entry.id}.md", "contest_entry.md.j2", entry=entry)

    # School years
    page("nam-hoc/index.md", "years_index.md.j2", index=True, years=years)
    for year in years:
        year_exemplars = [e for e in exemplars if e.school_year == year]
        page(f"nam-hoc/{year}.md", "year.md.j2", year=year,
             by_role=_grouped(year_exemplars, lambda e: e.person.role, "roles", catalog),
             roll=catalog.honour_rolls.get(year),
             plans=[p for p in plans if p.school_year == year or
                    (not p.school_year and school_year_of(p.issued) == year)],
             entries=[e for e in entries if f"{e.contest_year - 1}-{e.contest_year}" == year])
    return out


def _without_left_sidebar(markdown: str) -> str:
    """Navigation lives in the top tabs; the empty left column would only narrow the tables."""
    if markdown.startswith("---\n"):
        return markdown if "\nhide:" in markdown else "---\nhide: [navigation]\n" + markdown[4:]
    return "---\nhide: [navigation]\n---\n\n" + markdown


def _grouped(items, key, vocabulary_name, catalog):
    """[(label, sorted items)] in vocabulary order."""
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return [(catalog.vocabulary.label(vocabulary_name, k),
             sorted(groups[k], key=lambda e: name_sort_key(e.person.name)))
            for k in sorted(groups, key=lambda k: catalog.vocabulary.order(vocabulary_name, k))]


def write_output(output: Output, folder: Path) -> list[str]:
    """Write pages and files under `folder`, touching only what changed; remove stale ones.

    Returns the docs-relative paths of everything generated.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(output.pages) | set(output.files)
    for path, content in output.pages.items():
        target = folder / path
        data = content.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for path, source in output.files.items():
        target = folder / path
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for existing in sorted(folder.rglob("*"), reverse=True):
        relative = existing.relative_to(folder).as_posix()
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return sorted(wanted)
