"""Build the demo school into a temporary folder and check the site a visitor gets."""
from __future__ import annotations

import re

import pytest

from bangvang.records.text import name_sort_key
from bangvang.checking.validate import build_catalog

from sitecheck import broken_links, main_content, page


@pytest.fixture(scope="module")
def demo(demo_root):
    """The repository's demo school, built with `bangvang build` (mkdocs --strict), once."""
    root = demo_root
    catalog, problems = build_catalog(root)
    assert not problems
    return root / "site", catalog


def test_demo_school_is_big_enough_to_exercise_every_page(demo):
    _, catalog = demo
    assert len(catalog.school_years()) >= 3
    assert len(catalog.campaigns) >= 6
    assert len(catalog.plans) >= 4
    assert any(plan.cited_by for plan in catalog.plans.values())
    assert len(catalog.exemplars) >= 20
    roles = {e.person.role for e in catalog.exemplars.values()}
    assert {"teacher", "staff", "student", "parent", "collective"} <= roles
    assert len(catalog.awards()) >= 60
    assert len({e.contest_year for e in catalog.contest_entries.values()}) >= 2
    assert len(catalog.contest_entries) >= 10
    assert len(catalog.news) >= 6


def test_every_record_has_its_page_at_its_permanent_url(demo):
    site, catalog = demo
    expected = ["", "tin-tuc/", "bang-vang/", "guong-dien-hinh/", "phong-trao/", "ke-hoach/",
                "cuoc-thi-viet/", "nam-hoc/", "danh-hieu/"]
    expected += [f"guong-dien-hinh/{id}/" for id in catalog.exemplars]
    expected += [f"phong-trao/{id}/" for id in catalog.campaigns]
    expected += [f"ke-hoach/{id}/" for id in catalog.plans]
    expected += [f"bang-vang/{year}/" for year in catalog.honour_rolls]
    expected += [f"cuoc-thi-viet/{e.contest_year}/{e.id}/" for e in catalog.contest_entries.values()]
    expected += [f"nam-hoc/{year}/" for year in catalog.school_years()]
    missing = [url for url in expected if not (site / url / "index.html").is_file()]
    assert missing == []


def test_no_link_in_the_site_is_broken(demo):
    site, _ = demo
    assert broken_links(site) == []


def test_honour_roll_groups_count_and_sort_names_the_vietnamese_way(demo):
    site, catalog = demo
    for year, roll in catalog.honour_rolls.items():
        content = main_content(page(site, f"bang-vang/{year}/"))
        total = 0
        for heading in content.cssselect(".bv-roll h2"):
            count = int(re.search(r"\((\d+)\)$", heading.text_content().strip()).group(1))
            table = heading.getnext()
            names = [row.cssselect("td")[1].text_content().strip()
                     for row in table.cssselect("tbody tr")]
            note = table.getnext()
            unlisted = 0
            if note is not None and note.tag == "p" and "không công bố" in note.text_content():
                unlisted = int(re.search(r"Và (\d+)", note.text_content()).group(1))
            assert len(names) + unlisted == count
            assert names == sorted(names, key=name_sort_key), heading.text_content()
            total += count
        assert total == len(roll.awards)


def test_dates_are_shown_day_month_year(demo):
    site, catalog = demo
    year = max(catalog.honour_rolls)
    text = main_content(page(site, f"bang-vang/{year}/")).text_content()
    award = catalog.honour_rolls[year].awards[0]
    assert award.decision_date.strftime("%d/%m/%Y") in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_plan_basis_links_to_the_cited_plan_which_lists_it_as_cited_by(demo):
    site, catalog = demo
    cited = next(p for p in catalog.plans.values() if p.cited_by)
    citing = catalog.plans[cited.cited_by[0]]
    citing_page = main_content(page(site, f"ke-hoach/{citing.id}/"))
    assert any(a.get("href").rstrip("/").endswith(f"/{cited.id}")
               for a in citing_page.cssselect("a[href]"))
    cited_page = main_content(page(site, f"ke-hoach/{cited.id}/"))
    heading = [h for h in cited_page.cssselect("h2") if h.text_content() == "Được căn cứ bởi"]
    assert heading, "the cited plan has no “cited by” section"
    assert citing.title in heading[0].getnext().text_content()


def test_record_pages_stay_out_of_the_navigation(demo):
    site, catalog = demo
    nav = page(site, "").cssselect("nav.md-nav--primary")[0]
    hrefs = [a.get("href") for a in nav.cssselect("a[href]")]
    assert any("bang-vang" in h for h in hrefs)
    assert not any(f"guong-dien-hinh/{id}" in h for h in hrefs for id in catalog.exemplars)


def test_exemplar_page_shows_story_facts_campaigns_and_awards(demo):
    site, catalog = demo
    awarded = {a.exemplar_id for a in catalog.awards() if a.exemplar_id}
    exemplar = next(e for e in catalog.exemplars.values() if e.id in awarded and e.campaign_ids)
    content = main_content(page(site, f"guong-dien-hinh/{exemplar.id}/"))
    text = content.text_content()
    assert exemplar.person.name in content.cssselect("h1")[0].text_content()
    assert "Khen thưởng" in text
    assert catalog.campaigns[exemplar.campaign_ids[0]].name in text


def test_home_page_shows_news_exemplars_campaigns_honours_and_contest(demo):
    site, catalog = demo
    text = main_content(page(site, "")).text_content()
    for heading in ("Tin mới", "Gương điển hình mới", "Phong trào đang triển khai",
                    "Bảng vàng năm học", "Cuộc thi viết năm"):
        assert heading in text
    assert catalog.news[0].title in text


def test_ui_is_vietnamese(demo):
    site, _ = demo
    document = page(site, "")
    assert document.get("lang") == "vi"
