"""Where each drawn award list comes from, layout by layout, for scanscore.py: one page, over
two pages (the header row repeated or not), divided by group rows (scangroups.py), the name in
two columns (scansplit.py), the unit merged down each class or team (scanmerged.py), a long
list printed two-up (scantwoup.py). Each
function gives the list as scored and its sources: (label, path) of a Word-like text PDF and
of the list drawn in every font and damage. Split from scanscore.py (session 28)."""
from __future__ import annotations

from pathlib import Path

import scanpages

NUMBER, DATE, SCHOOL = "52/QĐ-THCSHA", "25/5/2025", "THCS Hòa An"

# How a list is laid out on paper: one page, or over two pages (the first FIRST_PAGE rows on
# page 1, the others, the signature and the seal on page 2), the header row repeated at the
# top of page 2 or not (both occur: Word repeats it only when asked).
FIRST_PAGE = 8
# "groups": one page whose table is divided by group rows spanning it (scangroups.py);
# "split": one page, the name in two columns "Họ và tên đệm" │ "Tên", the pupils with their
# birth dates (scansplit.py).
# "merged": one page, the unit cell merged down over each class's or team's rows (and the
# pupils' title, a team's role when alike: scanmerged.py).
# "twoup": a long list of pupils printed two-up on a landscape page, two tables side by side,
# numbers running on from the left half into the right (scantwoup.py).
LAYOUTS = {"one": None, "two-repeat": True, "two-bare": False, "groups": None, "split": None,
           "merged": None, "twoup": None}


class _Scored:
    """An AwardList with where its people stand in the table (a list with group rows)."""

    def __init__(self, grouped):
        self.__dict__.update(vars(grouped.lst))
        self.row_numbers, self.group_rows = grouped.row_numbers, grouped.group_rows


def grouped_sources(lst, fonts: dict, damages: dict, work: Path):
    """The list divided by group rows: (the list as scored, its sources)."""
    import scangroups
    number, date, school = NUMBER, DATE, SCHOOL
    grouped = scangroups.grouped(lst)
    sources = [("text PDF (Word-like) [groups]", scanpages.html_pdf(
        work / f"{lst.key}-groups.pdf",
        scangroups.award_html(school, number, date, lst.title, grouped)))]
    for font_key, font in fonts.items():
        page = scangroups.award_page(font, school, number, date, lst.title, grouped)
        for damage_key, damage in damages.items():
            suffix = ".jpg" if damage.photo else ".pdf"
            path = scanpages.save(scanpages.damaged(page, damage, seed=1),
                                  work / f"{lst.key}-groups-{font_key}-{damage_key}{suffix}",
                                  damage)
            sources.append((f"{damage_key}, {font_key} [groups]", path))
    return _Scored(grouped), sources


def split_sources(lst, fonts: dict, damages: dict, work: Path):
    """The list with its name in two columns: (the list as scored, its sources, labelled
    "[split]")."""
    import scansplit
    split = scansplit.split(lst)
    return split, [(f"{label} [split]", path)
                   for label, path in award_sources(split, fonts, damages, work, "one")]


def award_sources(lst, fonts: dict, damages: dict, work: Path,
                  layout: str) -> list[tuple[str, Path]]:
    """The list as a Word-like text PDF and drawn in every font and damage, in `layout`. A
    list over two pages is always one PDF (a photo of two pages too: a phone's scanning app
    gives one), labelled with its layout."""
    number, date, school = NUMBER, DATE, SCHOOL
    repeat = LAYOUTS[layout]
    two = repeat is not None
    tag = "" if not two else f" [{layout}]"
    stem = f"{lst.key}" + (f"-{layout}" if two else "")
    sources = [("text PDF (Word-like)" + tag, scanpages.html_pdf(
        work / f"{stem}.pdf", scanpages.award_html(
            school, number, date, lst.title, lst.rows, FIRST_PAGE if two else None,
            bool(repeat))))]
    for font_key, font in fonts.items():
        if two:
            pages = scanpages.award_pages(font, school, number, date, lst.title, lst.rows,
                                          FIRST_PAGE, lst.widths, repeat_header=repeat)
        else:
            pages = [scanpages.award_page(font, school, number, date, lst.title, lst.rows,
                                          lst.widths)]
        for damage_key, damage in damages.items():
            suffix = ".jpg" if damage.photo and not two else ".pdf"
            drawn = [scanpages.damaged(page, damage, seed=1 + n) for n, page in enumerate(pages)]
            path = scanpages.save_pages(drawn, work / f"{stem}-{font_key}-{damage_key}{suffix}",
                                        damage)
            sources.append((f"{damage_key}, {font_key}{tag}", path))
    return sources


def merged_sources(lst, fonts: dict, damages: dict, work: Path):
    """The list sorted by unit, its unit cell merged down each block: (the list as scored,
    its sources, labelled "[merged]")."""
    import scanmerged
    merged = scanmerged.merged(lst)
    sources = [("text PDF (Word-like) [merged]", scanpages.html_pdf(
        work / f"{merged.lst.key}.pdf",
        scanmerged.award_html(SCHOOL, NUMBER, DATE, lst.title, merged)))]
    for font_key, font in fonts.items():
        page = scanmerged.award_page(font, SCHOOL, NUMBER, DATE, lst.title, merged)
        for damage_key, damage in damages.items():
            suffix = ".jpg" if damage.photo else ".pdf"
            path = scanpages.save(scanpages.damaged(page, damage, seed=1),
                                  work / f"{merged.lst.key}-{font_key}-{damage_key}{suffix}",
                                  damage)
            sources.append((f"{damage_key}, {font_key} [merged]", path))
    return merged.lst, sources


def twoup_sources(fonts: dict, damages: dict, work: Path):
    """Forty pupils printed two-up on a landscape page: (the list as scored, its sources,
    labelled "[twoup]"). One list, not one per plain list: only a long list is printed so."""
    import scantwoup
    lst = scantwoup.pupils()
    sources = [("text PDF (Word-like) [twoup]", scanpages.html_pdf(
        work / f"{lst.key}.pdf", scantwoup.award_html(SCHOOL, NUMBER, DATE, lst)))]
    for font_key, font in fonts.items():
        page = scantwoup.award_page(font, SCHOOL, NUMBER, DATE, lst)
        for damage_key, damage in damages.items():
            suffix = ".jpg" if damage.photo else ".pdf"
            path = scanpages.save(scanpages.damaged(page, damage, seed=1),
                                  work / f"{lst.key}-{font_key}-{damage_key}{suffix}", damage)
            sources.append((f"{damage_key}, {font_key} [twoup]", path))
    return lst, sources
