"""The district's pages, rendered from the schools' published data with the HTML templates
`templates/html/district_*.html.j2` (autoescaped: every cell the schools publish is text, and
reaches a page only escaped; links into a school's site are built from its address and a
plain published path, data.SchoolData.link).

Addresses are relative to the page (`root`), so the site works from any folder of a web
server, like a school's. Pages meant to be found by the district's search carry
`data-pagefind-body` and the filters `truong` (school) and `cum` (cluster): a person's page
per school, a school's page, a district plan's page (search.py indexes them); `render`
adds the page's group (`nhom`, subindex.mark).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections import defaultdict
from pathlib import Path

import jinja2

from bangvang import caches
from bangvang.district import plans as plan_cascade
from bangvang.district import search, stats
from bangvang.exports import subindex
from bangvang.district.config import District
from bangvang.district.data import SchoolData
from bangvang.district.fetch import Fetched
from bangvang.district.own import Own
from bangvang.records.text import fold, slugify, sort_key

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "html"
ASSETS = Path(__file__).resolve().parent / "assets"
_HIDDEN_VALUE = "<span hidden data-pagefind-"
_HIDDEN_VALUE_IGNORED = "<span hidden data-pagefind-ignore data-pagefind-"
STATES = {"fresh": "Đã cập nhật", "unchanged": "Không thay đổi từ lần trước",
          "stale": "Không lấy được bản mới: đang hiện bản lấy ngày {date}",
          "left-out": "Chưa hiện: dữ liệu có lỗi hoặc không lấy được"}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["vn_date"] = vn_date
    env.filters["number"] = lambda v: "" if v is None else f"{v:,}".replace(",", ".") \
        if isinstance(v, int) else str(v).replace(".", ",")
    env.globals["bar"] = stats.bar_width
    env.globals["goals"] = (stats.GOAL_STAFF_SHARE, stats.GOAL_APPLIED_SHARE)
    return env


def vn_date(iso: str | None) -> str:
    """"2025-05-24" → "24/05/2025"."""
    try:
        return dt.date.fromisoformat(iso or "").strftime("%d/%m/%Y")
    except ValueError:
        return iso or ""


def pages(district: District, fetched: list[Fetched], schools: list[SchoolData],
          figures: stats.Figures, data_files: dict[str, bytes],
          cache: Path | None = None, own: Own | None = None) -> dict[str, bytes]:
    """Site path → bytes of every page of the district's site (and its assets). `cache`: a
    folder where each school's person pages are kept with the key of what made them."""
    env = environment()
    out: dict[str, bytes] = {}
    base = {"district": district, "states": STATES}

    def render(path: str, template: str, **values) -> None:
        depth = path.count("/")
        html = env.get_template(f"district_{template}.html.j2").render(
            **base, root="../" * depth, path=path, **values)
        # The hidden elements carrying a filter's or the result's values (school, cluster,
        # kind) are not the page's words: without data-pagefind-ignore Pagefind read them as
        # text ("Trường THCS Số 3Cụm 3Người" in every excerpt, "3cụm" in the index).
        html = html.replace(_HIDDEN_VALUE, _HIDDEN_VALUE_IGNORED)
        # The page's group (its school, or the district) as a search filter: a warm build
        # replaces a changed group's pages in the kept index by a small one (search.py).
        out[path] = subindex.mark(html.encode("utf-8"), search.group_of(path))

    shown = {d.school.code: d for d in schools}
    clusters = defaultdict(list)
    for f in fetched:
        clusters[f.school.cluster].append((f, shown.get(f.school.code)))
    render("index.html", "home", clusters=sorted(clusters.items(), key=lambda c: sort_key(c[0])),
           figures=figures, shown=len(schools))
    for data in schools:
        _school_page(render, district, data, figures)
        out.update(_people_cached(cache, district, data, render, out))
    render("thong-ke/index.html", "stats", figures=figures,
           top=max([r["so_luot_khen_thuong"] for r in figures.by_school] or [0]))
    _exemplar_pages(render, schools, out, cache, district)
    followed = plan_cascade.follow(district, schools)
    render("ke-hoach/index.html", "plans", followed=followed)
    for item in followed:
        render(f"ke-hoach/{item.plan.id}/index.html", "plan", item=item)
    for item in followed:
        # The address schools compute (address.py) when the plan's id is another: a page
        # that sends the reader on, never one that takes an existing plan's place.
        moved = f"ke-hoach/{item.plan.key}/index.html"
        if moved not in out:
            render(moved, "moved", target=f"../{item.plan.id}/index.html", item=item)
    _own_pages(render, own or Own(), set(shown))
    _campaign_pages(render, (own or Own()).campaigns, schools)
    render("du-lieu/index.html", "data", files=sorted(
        (p[len("du-lieu/"):], len(b)) for p, b in data_files.items() if p.endswith(".csv")))
    for asset in sorted(ASSETS.iterdir()):
        out[f"assets/{asset.name}"] = asset.read_bytes()
    return out


def _own_pages(render, own: Own, shown: set[str]) -> None:
    """The district's own news and award decisions (own.py checked and filtered them)."""
    render("tin-tuc/index.html", "news_index", posts=own.news)
    for post in own.news:
        render(f"tin-tuc/{post.slug}/index.html", "news", post=post)
    render("khen-thuong/index.html", "awards", decisions=own.decisions)
    for decision in own.decisions:
        schools = {a.school.code: a.school for a in decision.awards}
        render(f"khen-thuong/{decision.id}/index.html", "award", decision=decision, shown=shown,
               schools=sorted(schools.values(), key=lambda s: sort_key(s.name)))


def _campaign_pages(render, campaigns: list, schools: list[SchoolData]) -> None:
    """The district's campaigns, each with the schools' exemplars under a campaign of the
    same name (campaign ids are each school's own; the name is what they share)."""
    by_name = defaultdict(list)
    for data in schools:
        names = {r["ma"]: fold(r["ten"] or "").lower() for r in data.rows("phong-trao")}
        exemplars = {r["ma"]: r for r in data.rows("guong")}
        for row in data.rows("guong-phong-trao"):
            if row["ma_guong"] in exemplars and row["ma_phong_trao"] in names:
                by_name[names[row["ma_phong_trao"]]].append((data, exemplars[row["ma_guong"]]))
    render("phong-trao/index.html", "campaigns", campaigns=campaigns)
    for campaign in campaigns:
        rows = sorted(by_name.get(fold(campaign.name).lower(), []), key=lambda r: (
            r[1]["nam_hoc"], sort_key(r[0].school.name), sort_key(r[1]["ho_ten"] or "")))
        render(f"phong-trao/{campaign.id}/index.html", "campaign", campaign=campaign,
               rows=rows)


def _school_page(render, district: District, data: SchoolData, figures: stats.Figures) -> None:
    render(f"truong/{data.school.code}/index.html", "school", data=data,
           latest=stats.latest(data, figures),
           missing=stats.not_published(data, district.school_year),
           rolls=sorted(data.rows("bang-vang"), key=lambda r: r["nam_hoc"], reverse=True),
           plans=sorted(data.rows("ke-hoach"), key=lambda r: r["ngay_ban_hanh"], reverse=True),
           people=len(data.rows("nguoi")))


# What a person page depends on besides the school's data: these templates and modules.
# (data.py: SchoolData.link makes the links into a school's site.)
_VERSION = hashlib.sha256(b"".join(
    p.read_bytes() for p in [Path(__file__), Path(__file__).with_name("data.py"),
                             *sorted(TEMPLATES.glob("district_*.j2"))])).hexdigest()


def _people_cached(cache: Path | None, district: District, data: SchoolData, render,
                   out: dict[str, bytes]) -> dict[str, bytes]:
    """The school's person pages: kept from the last build while the school's published data
    (its package's hash, which covers every table), its entry in district.yml, the district's
    name and the templates are the same — a warm build renders only changed schools."""
    key = hashlib.sha256(repr((_VERSION, district.name, district.short_name, data.school,
                               data.site_url, data.digest)).encode("utf-8")).hexdigest()
    kept = cache / f"{data.school.code}.pickle" if cache else None
    if kept and kept.is_file():
        with open(kept, "rb") as stored:
            found = pickle.load(stored)
        if found.get("key") == key:
            return found["pages"]
    before = set(out)
    _people_pages(render, data)
    made = {path: out[path] for path in set(out) - before}
    if kept:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with open(kept.with_suffix(".tmp"), "wb") as stored:
            pickle.dump({"key": key, "pages": made}, stored, pickle.HIGHEST_PROTOCOL)
        kept.with_suffix(".tmp").replace(kept)
    return made


def _people_pages(render, data: SchoolData) -> None:
    code = data.school.code
    people = data.rows("nguoi")
    awards, exemplars, entries = defaultdict(list), {}, defaultdict(list)
    for row in data.rows("khen-thuong"):
        awards[row.get("ma_nguoi") or ""].append(row)
    for row in data.rows("guong"):
        exemplars[row["ma"]] = row
    for row in data.rows("bai-du-thi"):
        entries[row.get("ma_tac_gia") or ""].append(row)
    rolls = {r["nam_hoc"]: r.get("dia_chi") for r in data.rows("bang-vang")}
    for person in people:
        if not slugify(person["ma"]) == person["ma"]:
            continue          # not an id this site can put in an address (check.py allows text)
        if person.get("muc_cong_bo") == "initials":
            # Shown by initials only (a student's default): nobody finds "N.V.A." by name, and a
            # district page of every such child would gather children across schools for no
            # reader; their awards stay counted and on the school's own honour roll.
            continue
        render(f"truong/{code}/nguoi/{person['ma']}.html", "person", data=data,
               person=person, exemplar=exemplars.get(person.get("ma_guong") or ""),
               awards=awards.get(person["ma"], []), entries=entries.get(person["ma"], []),
               rolls=rolls)


def _exemplar_pages(render, schools: list[SchoolData], out: dict[str, bytes],
                    cache: Path | None, district: District) -> None:
    """Exemplars across the district, one page per school year, grouped by campaign name
    (campaign ids are each school's own; their names are what a reader compares). A year's
    page is kept (`cache`/guong.pickle) with what it shows — each row's school, name, unit
    and address, the campaign names, the district's names, the templates — and not
    rendered again when that is the same (a school's edited summary does not change it)."""
    by_year: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for data in schools:
        names = {r["ma"]: r["ten"] for r in data.rows("phong-trao")}
        campaigns = defaultdict(list)
        for row in data.rows("guong-phong-trao"):
            campaigns[row["ma_guong"]].append(names.get(row["ma_phong_trao"],
                                                        row["ma_phong_trao"]))
        for row in data.rows("guong"):
            for name in campaigns.get(row["ma"]) or ["Chưa gắn phong trào"]:
                by_year[row["nam_hoc"]][name].append((data, row))
    years = sorted(by_year, reverse=True)
    render("guong/index.html", "exemplars_index", years=[
        (y, sum(len(v) for v in by_year[y].values())) for y in years])
    kept_file = cache / "guong.pickle" if cache else None
    kept = _load(kept_file)
    made = {}
    for year in years:
        groups = [(name, sorted(rows, key=lambda r: (sort_key(r[0].school.name),
                                                     sort_key(r[1]["ho_ten"] or ""))))
                  for name, rows in sorted(by_year[year].items(), key=lambda g: sort_key(g[0]))]
        key = hashlib.sha256(repr((_VERSION, district.name, district.short_name, year, [
            (name, [(d.school.code, d.school.name, d.site_url, r.get("ho_ten"), r.get("don_vi"),
                     r.get("dia_chi")) for d, r in rows]) for name, rows in groups])
        ).encode("utf-8")).hexdigest()
        path = f"guong/{year}/index.html"
        if kept.get(year, (None,))[0] == key:
            out[path] = kept[year][1]
        else:
            render(path, "exemplars", year=year, groups=groups)
        made[year] = (key, out[path])
    if kept_file and made != kept:
        caches.write(kept_file, pickle.dumps(made, pickle.HIGHEST_PROTOCOL))


def _load(path: Path | None) -> dict:
    """A kept pickle of this module's, or {} (none, or unreadable by this version)."""
    try:
        with open(path, "rb") as stored:
            found = pickle.load(stored)
    except (TypeError, OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
