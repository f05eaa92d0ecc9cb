"""The preview's quick path for an award line (preview.quick_update): a decision's number or
date, or the reason, corrected on lines of an honour roll — the commonest fix after an award
list is typed or read from a scan — is shown at once, before the core's whole pass.

Those three are shown on pages but neither link, group nor count anybody: the person each
line names, their consent, title, level and campaign stay as the last pass linked them, so
the roll's awards are those of the last pass with the new values, and every page is made
again from them (the pages rendered before and unchanged come from the memo). Anything else
(a line added, removed or moved, a name, a title, a draft line) waits for the whole pass,
which follows anyway and makes everything again: lists, open data, search and share cards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bangvang.checking.validate import award_key
from bangvang.problems import Problems
from bangvang.records import kinds
from bangvang.records.fields import Context
from bangvang.records.model import HonourRoll
from bangvang.records.plausible import decision_date_problem
from bangvang.records.text import normalise_number
from bangvang.records.yamlload import LineDict, LineList
from bangvang.pages.pages import Renderer
from bangvang.pages.sections import Index, generate_pages

QUICK = {"reason"}                    # fields of an award line shown, never linked …
QUICK_DECISION = {"number", "date"}   # … and of its decision


def update(result, raw, front: str, checked) -> list[str] | None:
    """Render again the pages an award-line edit of the roll `raw` changes, into `result`;
    their sources, or None when the edit is not one this path takes (see the module).
    `checked`: the last pass's record_text.Checked (its withheld names; its front matters,
    brought up to this edit when it is shown)."""
    catalog = result.catalog
    roll, last = catalog.honour_rolls.get(raw.id), catalog.read.rolls.get(raw.id)
    if roll is None or last is None or result.index is None or last[0].front != front:
        return None
    lines = _changed_lines(last[0].data, raw)
    if lines is None:
        return None
    new, changed = lines
    before, after = last[1].get("awards"), _checked(raw.path, new, changed, catalog)
    if after is None or not isinstance(before, list) or len(before) != len(new) or \
            _withheld_names(raw, new, changed, checked):
        return None
    after = [after.get(i, line) for i, line in enumerate(before)]
    # The roll's awards are its lines that are not drafts, in order, when none was dropped.
    live = [i for i, line in enumerate(new) if line.get("status") != "draft"]
    if len(live) != len(roll.awards) or not _still_valid(raw.id, after, live, changed):
        return None
    awards, position = list(roll.awards), {i: n for n, i in enumerate(live)}
    for i in changed:
        if i not in position:
            return None   # a draft line: not shown
        award, was, now = awards[position[i]], before[i], after[i]
        if (award.decision_number, award.decision_date, award.reason) != (
                normalise_number(was["decision"]["number"]), was["decision"]["date"],
                was["reason"]):
            return None   # not that line's award after all
        awards[position[i]] = replace(award, decision_number=normalise_number(
            now["decision"]["number"]), decision_date=now["decision"]["date"],
            reason=now["reason"])
    catalog.honour_rolls[raw.id] = HonourRoll(roll.school_year, awards)
    sources = _render_all(result)
    if sources is None:
        catalog.honour_rolls[raw.id] = roll
        return None
    # The next correction, before the whole pass, starts from this one.
    catalog.read.rolls[raw.id] = (raw, {**last[1], "awards": after})
    checked.fronts[raw.path] = (raw.kind, raw.id, raw.front)
    return sources


def _changed_lines(earlier, raw):
    """(lines now, indexes of the lines changed) when the roll's front matter
    differs only in the quick fields of some award lines; else None."""
    now = raw.data
    if not isinstance(earlier, dict) or not isinstance(now, dict) or set(earlier) != set(now) \
            or any(earlier[key] != now[key] for key in earlier if key != "awards"):
        return None
    old, new = earlier.get("awards"), now.get("awards")
    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new) or \
            not all(isinstance(line, dict) for line in old + new):
        return None
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if not changed or not all(_quick_only(old[i], new[i]) for i in changed):
        return None
    return new, changed


def _quick_only(old: dict, new: dict) -> bool:
    keys = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
    if not keys <= QUICK | {"decision"}:
        return False
    if "decision" not in keys:
        return True
    was, now = old.get("decision"), new.get("decision")
    return isinstance(was, dict) and isinstance(now, dict) and set(was) == set(now) and \
        {key for key in was if was[key] != now[key]} <= QUICK_DECISION


def _checked(path: str, lines: list, changed: list[int], catalog) -> dict | None:
    """{index: the changed line as the roll's declaration checks it}, or None on a problem."""
    problems = Problems()
    context = Context(path, catalog.vocabulary, problems)
    item = kinds.KINDS["honour_roll"].fields["awards"].item
    values = {i: item.check(lines[i], context, f"awards[{i + 1}]", lines[i].line)
              for i in changed}
    if problems or not context.ok or None in values.values():
        return None
    return values


def _withheld_names(raw, lines: list, changed: list[int], checked) -> bool:
    """Whether a changed line spells a name that may not be published (the lines not
    changed were read by the last pass), read as the whole pass reads the roll."""
    part = LineDict(awards=LineList(lines[i] for i in changed))
    part.line = raw.data.line
    return bool(checked.hidden.scan_fields(raw.path, raw.kind, part, Problems(), checked.ids))


def _still_valid(year: str, lines: list, live: list[int], changed: list[int]) -> bool:
    """The roll's own checks of a line (validate._add_honour_roll) still hold: no two lines
    for one person, honour and decision; each decision date within its school year."""
    keys = [award_key(lines[i]) for i in live]
    return len(set(keys)) == len(keys) and not any(decision_date_problem(year, lines[i]["decision"]["date"]) for i in changed)


def _render_all(result) -> list[str] | None:
    """Every page made again from the Catalog as it is now (unchanged ones from the memo);
    the ones whose HTML changed copied into `result`, when no page comes or goes and every
    link still leads somewhere."""
    catalog, old = result.catalog, result.index
    index = Index.of(catalog, old.photos)
    index.open_data = old.open_data
    renderer = Renderer(catalog, Problems(), result.renderer.site_url)
    # The last pass's digests of the records (pagekey.Keys, by object): the roll and its
    # corrected awards are new objects, every other record is the one the last pass digested.
    renderer.keys = result.renderer.keys
    generate_pages(catalog, index, renderer, dt.date.today())
    renderer.check_links(result.targets)
    pages, made = result.output.pages, renderer.output.pages
    if renderer.problems or set(made) != set(pages):
        return None
    changed = [source for source, page in made.items() if page.html != pages[source].html]
    for source in changed:
        pages[source] = made[source]
    result.index = index
    return changed
