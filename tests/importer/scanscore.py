"""Scores of the importer on PDFs, scans and photos (`scripts/score_importer.py --scans`) and
on plans that lost their diacritics (`--stripped`).

Everything scored is drawn here from the project's own material (scanpages.py): the sample
plans of tests/importer/ (documents/ and the held-out sets) and award lists made of the
demo's staff and of a generated school (tests/realschool.py). Each document is read the way
a user would read it: `python -m bangvang import … --json` in a child process.

Plans: field by field (number, issued, issuer, title; basis documents with number and date;
campaigns recall; targets by value and unit) for the text as written (what a Word file
gives), a PDF laid out like a Word export, and page images in each font and damage.
Award lists: row by row, a row is right when its name, unit and title are all exactly
right; "unflagged wrong" counts rows whose name is wrong and that carry no doubt.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import scanpages
from scanlayouts import (DATE, NUMBER, award_sources, grouped_sources, merged_sources,
                         split_sources, twoup_sources)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PLAN_SETS = ("documents", "holdout", "holdout2", "holdout3")
PLAN_FIELDS = ("number", "issued", "issuer", "title", "basis", "campaigns", "targets")
# Plans drawn as page images: the ones whose text is clean (the OCR-damaged samples test the
# text path; drawing them again would score their damage, not the scan's).
SKIP_DRAWN = ("ocr",)


def _run(*args: str, root: Path | None = None) -> dict | None:
    command = [sys.executable, "-m", "bangvang"] + list(args) + \
        (["--root", str(root)] if root else []) + ["--json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    try:
        return json.loads(done.stdout.strip().splitlines()[-1] if args[1] == "plan"
                          else done.stdout)
    except (json.JSONDecodeError, IndexError):
        # Said, so that a run the machine failed (out of memory, no process left) is not
        # read as the importer's miss.
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  ! {' '.join(args[:3])}: exit {done.returncode}: {last}", file=sys.stderr)
        return None


def plan_documents() -> list[tuple[Path, dict]]:
    out = []
    for folder in PLAN_SETS:
        base = HERE / folder
        for doc in sorted(base.glob("*")):
            if doc.suffix not in (".txt", ".md"):
                continue
            expected = (HERE / "expected" / f"{doc.stem}.json") if folder == "documents" \
                else doc.with_suffix(".json")
            if expected.exists():
                out.append((doc, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def plan_fields(score, expected: dict, got: dict | None) -> dict[str, list[int]]:
    """[right, total] per field of PLAN_FIELDS (only what the expected file states)."""
    got = got or {}
    out = {name: [0, 0] for name in PLAN_FIELDS}
    for name in ("number", "issued", "issuer", "title"):
        if name in expected:
            out[name] = [int(score.norm(expected[name]) == score.norm(got.get(name))), 1]
    have = {score.number_key(b.get("number")): b for b in got.get("basis") or []}
    for basis in expected.get("basis", []):
        found = have.get(score.number_key(basis["number"]))
        out["basis"][0] += int(found is not None and found.get("date") == basis.get("date"))
        out["basis"][1] += 1
    names = {score.fold(n) for n in got.get("campaigns") or []}
    for name in expected.get("campaigns", []):
        out["campaigns"][0] += int(score.fold(name) in names)
        out["campaigns"][1] += 1
    pool = list(got.get("targets") or [])
    for target in expected.get("targets", []):
        index = next((i for i, g in enumerate(pool) if g.get("value") is not None and
                      float(g["value"]) == float(target["value"]) and
                      score.unit_match(target["unit"], g.get("unit"))), None)
        out["targets"][1] += 1
        if index is not None:
            out["targets"][0] += 1
            pool.pop(index)
    return out


def _plan_misses(score, expected: dict, got: dict, wrong: list[str]) -> list[str]:
    """The wrong values of one plan, for --verbose: scalars, basis documents, campaigns."""
    out = [f"    {name}: expected {expected.get(name)!r} got {got.get(name)!r}"
           for name in ("number", "issued", "issuer", "title") if name in wrong]
    if "basis" in wrong:
        have = {score.number_key(b.get("number")): b for b in got.get("basis") or []}
        for basis in expected.get("basis", []):
            found = have.get(score.number_key(basis["number"]))
            if found is None or found.get("date") != basis.get("date"):
                out.append(f"    basis: expected {basis['number']} {basis.get('date')} got "
                           + (f"{found.get('number')} {found.get('date')}" if found else
                              f"none of {sorted(have)}"))
    if "campaigns" in wrong:
        names = {score.fold(n) for n in got.get("campaigns") or []}
        out += [f"    campaign missing: {name!r}" for name in expected.get("campaigns", [])
                if score.fold(name) not in names]
    if "targets" in wrong:
        pool = list(got.get("targets") or [])
        for target in expected.get("targets", []):
            index = next((i for i, g in enumerate(pool) if g.get("value") is not None and
                          float(g["value"]) == float(target["value"]) and
                          score.unit_match(target["unit"], g.get("unit"))), None)
            if index is None:
                out.append(f"    target missing: {target['value']} {target['unit']!r}")
            else:
                pool.pop(index)
        out += [f"    target not expected: {g.get('value')} {g.get('unit')!r}" for g in pool]
    return out


class Table:
    """Rows of [right, total] counts per column, printed with totals and percentages."""

    def __init__(self, columns: tuple[str, ...]):
        self.columns = columns
        self.rows: dict[str, dict[str, list[int]]] = {}

    def add(self, row: str, counts: dict[str, list[int]]) -> None:
        mine = self.rows.setdefault(row, {c: [0, 0] for c in self.columns})
        for column, (right, total) in counts.items():
            mine.setdefault(column, [0, 0])
            mine[column][0] += right
            mine[column][1] += total

    def print(self, first: str) -> None:
        header = [first] + list(self.columns)
        lines = [header]
        for name, counts in self.rows.items():
            lines.append([name] + [_pct(*counts[c]) for c in self.columns])
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip())
        print()


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "-"


def score_plans(args, score, fonts: dict, damages: dict, work: Path) -> None:
    table = Table(PLAN_FIELDS)
    details = []
    for doc, expected in plan_documents():
        text = doc.read_text(encoding="utf-8")
        sources = [("text (as from Word)", doc)]
        pdf = scanpages.html_pdf(work / f"{doc.stem}.pdf", scanpages.plan_html(text))
        sources.append(("text PDF (Word-like)", pdf))
        if not any(mark in doc.stem for mark in SKIP_DRAWN):
            for font_key, font in fonts.items():
                pages = scanpages.text_page(font, text.splitlines())
                for damage_key, damage in damages.items():
                    drawn = [scanpages.damaged(page, damage, seed=n) for n, page in
                             enumerate(pages)]
                    path = scanpages.save_pages(drawn, work / f"{doc.stem}-{font_key}-"
                                                f"{damage_key}.pdf", damage)
                    sources.append((f"scan {damage_key}, {font_key}", path))
        for label, path in sources:
            started = time.time()
            got = _run("import", "plan", str(path))
            counts = plan_fields(score, expected, got)
            table.add(label, counts)
            wrong = [f for f, (r, t) in counts.items() if r < t]
            details.append(f"{doc.name} / {label}: {time.time() - started:.0f} s"
                           + (f", wrong: {', '.join(wrong)}" if wrong else ""))
            if args.verbose and got and wrong:
                details += _plan_misses(score, expected, got, wrong)
    print("PLANS: fields exactly right (basis: number and date; campaigns: recall; targets: "
          "value and unit)")
    table.print("source")
    if args.verbose:
        print("\n".join(details) + "\n")


def _award_rows(lst, got: dict | None) -> dict[str, list[int]]:
    """name / unit / title / row right, wrong names without a doubt, rows not read."""
    counts = {"names": [0, 0], "units": [0, 0], "titles": [0, 0], "rows": [0, 0],
              "unflagged wrong": [0, 0], "units unflagged": [0, 0],
              "empty units unflagged": [0, 0], "group rows as names": [0, 0],
              "out of order": [0, 0]}
    items = [item for table in (got or {}).get("tables", [])
             for item in table["added"] + table["already_present"]]
    # A row may hold two people (a list printed two-up): the first item read from a row is
    # its left person, the second its right one.
    by_row: dict[int, list[dict]] = {}
    for item in items:
        by_row.setdefault(item["row"], []).append(item)
    # Row 1 is the list's header row; a list with group rows says where each person is.
    numbers = getattr(lst, "row_numbers", None) or range(2, 2 + len(lst.expected))
    labels = getattr(lst, "labels", None) or [lst.label] * len(lst.expected)
    groups = getattr(lst, "group_rows", None) or []
    counts["group rows as names"] = [sum(1 for row in groups if row in by_row), len(groups)]
    last = -1
    for number, (name, unit), label in zip(numbers, lst.expected, labels):
        item = by_row[number].pop(0) if by_row.get(number) else None
        _person(counts, item, name, unit, label)
        # Out of order: a person found before the one numbered just above them.
        counts["out of order"][1] += 1
        if item is not None:
            position = next(i for i, x in enumerate(items) if x is item)
            counts["out of order"][0] += int(position < last)
            last = position
    for item in (x for rest in by_row.values() for x in rest):
        if not item.get("award", {}).get("_name_doubt"):   # not on the paper, no doubt
            counts["unflagged wrong"][0] += 1
    return counts


def _person(counts: dict, item: dict | None, name: str, unit: str, label: str) -> None:
    """Count one person of the list against the item read for them (None: not read)."""
    award = (item or {}).get("award", {})
    name_ok = item is not None and item["name"] == name
    unit_ok = item is not None and (award.get("unit") or "") == unit
    title_ok = item is not None and item["label"] == label
    for column, ok in (("names", name_ok), ("units", unit_ok), ("titles", title_ok),
                       ("rows", name_ok and unit_ok and title_ok)):
        counts[column][0] += int(ok)
        counts[column][1] += 1
    counts["unflagged wrong"][1] += 1
    if item is not None and not name_ok and not award.get("_name_doubt"):
        counts["unflagged wrong"][0] += 1
    counts["units unflagged"][1] += 1
    if item is not None and not unit_ok and award.get("unit") and not unit_doubt(award):
        counts["units unflagged"][0] += 1
    # A row written with no unit where the paper has one (a merged cell not seen as one),
    # and no doubt saying its cell was read empty (session 28).
    counts["empty units unflagged"][1] += 1
    if item is not None and unit and not award.get("unit") and \
            not any("(ô trống)" in doubt for doubt in award.get("_doubts") or []):
        counts["empty units unflagged"][0] += 1


def _expected_at(lst, row: int) -> list[tuple[str, str]]:
    """The (name, unit) expected at table row `row`: none for a row that holds nobody, two in
    a list printed two-up."""
    numbers = list(getattr(lst, "row_numbers", None) or range(2, 2 + len(lst.expected)))
    return [who for number, who in zip(numbers, lst.expected) if number == row]


def unit_doubt(award: dict) -> bool:
    """Whether the unit the row was given is among its doubts: a doubtful cell's text is the
    unit, or ends it (a "Tổ" column's cell "Ngữ văn" gives the unit "Tổ Ngữ văn")."""
    import re
    unit = award.get("unit")
    cells = [found.group(1) for doubt in award.get("_doubts") or []
             if (found := re.search(r"cột “[^”]*”: “(.*?)” \(độ tin cậy", doubt))]
    return bool(unit) and any(unit == text or unit.endswith(" " + text) for text in cells)


def score_awards(args, fonts: dict, damages: dict, work: Path) -> None:
    sys.path.insert(0, str(HERE.parent))
    from conftest import make_project
    project = make_project(work / "school")
    columns = ("names", "units", "titles", "rows", "unflagged wrong", "units unflagged",
               "empty units unflagged", "group rows as names", "out of order")
    table = Table(columns)
    details = []
    layouts = (getattr(args, "layouts", "") or "one").split(",")
    for plain in scanpages.award_lists(ROOT):
        scored = [(plain, source) for layout in layouts
                  if layout not in ("groups", "split", "merged", "twoup")
                  for source in award_sources(plain, fonts, damages, work, layout)]
        if "split" in layouts:
            lst, sources = split_sources(plain, fonts, damages, work)
            scored += [(lst, source) for source in sources]
        if "groups" in layouts:
            lst, sources = grouped_sources(plain, fonts, damages, work)
            scored += [(lst, source) for source in sources]
        if "merged" in layouts:
            lst, sources = merged_sources(plain, fonts, damages, work)
            scored += [(lst, source) for source in sources]
        if "twoup" in layouts and plain.key == "students":   # one long list of pupils
            lst, sources = twoup_sources(fonts, damages, work)
            scored += [(lst, source) for source in sources]
        for lst, (label, path) in scored:
            started = time.time()
            # --decision-given: the decision's number and date given, as the message of a
            # list whose decision line was not read asks (a fax's text, session 29).
            given = ["--decision", NUMBER, "--date", DATE] if \
                getattr(args, "decision_given", False) else []
            got = _run("import", "awards", str(path), "--dry-run", *given, root=project)
            counts = _award_rows(lst, got)
            table.add(label, counts)
            tag = label[label.find(" ["):] if " [" in label else ""
            table.add("ALL " + label.split(",")[0].replace(tag, "") + tag, counts)
            details.append(f"{lst.key} / {label}: {time.time() - started:.0f} s, names "
                           f"{counts['names'][0]}/{counts['names'][1]}")
            if args.verbose and got:
                for t in got["tables"]:
                    for item in t["added"]:
                        want = _expected_at(lst, item["row"])
                        if (item["name"], item["award"].get("unit")) not in want:
                            # Name doubt: the name cell is a doubt (never merged with a
                            # person); unit doubt: the unit's cell is among the row's doubts.
                            details.append(f"    row {item['row']}: {item['name']!r} "
                                           f"{item['award'].get('unit')!r} (expected {want}) "
                                           f"name doubt={bool(item['award'].get('_name_doubt'))}"
                                           f", unit doubt={unit_doubt(item['award'])}")
                    details += [f"    row {row['row']} not read: {row['reason']}"
                                for row in t["unread"]]
    print("AWARD LISTS: rows exactly right (name, unit, title); unflagged wrong = a wrong name "
          "accepted without a doubt; units unflagged = a wrong unit whose cell is no doubt; "
          "empty units unflagged = a row written with no unit where the paper has one, its cell "
          "no doubt; group rows as names = a group row (I. …, Khối 6) written as a person; out "
          "of order = a person read before the one numbered above them")
    table.print("source")
    if args.verbose:
        print("\n".join(details) + "\n")


def stripped(text: str) -> str:
    """The text as an old OCR gives it: every tone and letter mark gone, đ → d."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append({"đ": "d", "Đ": "D"}.get(ch, base))
    return "".join(out)


def _own_school(folder: Path, expected: dict) -> Path:
    """A project of the school that wrote the plan: its name and its parent body in
    data/school.yml (what every school's project holds), the demo's vocabularies."""
    import shutil
    import yaml
    (folder / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "data" / "vocabulary.yml", folder / "data" / "vocabulary.yml")
    school = {"name": expected.get("issuer") or "", "parent_body": expected.get("issuer_parent")
              or ""}
    (folder / "data" / "school.yml").write_text(yaml.safe_dump(school, allow_unicode=True),
                                                encoding="utf-8")
    return folder


def score_stripped(args, score, work: Path) -> None:
    table = Table(PLAN_FIELDS)
    for doc, expected in plan_documents():
        if any(mark in doc.stem for mark in SKIP_DRAWN):
            continue
        copy = work / f"{doc.stem}-stripped.txt"
        copy.write_text(stripped(doc.read_text(encoding="utf-8")), encoding="utf-8")
        own = _own_school(work / doc.stem, expected)
        for label, path, root in (("as written", doc, None),
                                  ("stripped, the demo school's records", copy, None),
                                  ("stripped, its own school's records", copy, own)):
            got = _run("import", "plan", str(path), root=root)
            counts = plan_fields(score, expected, got)
            group = "documents" if doc.parent.name == "documents" else "held-out"
            table.add(f"{label} ({group})", counts)
            if args.verbose and root is not None:
                for field in ("issuer", "title"):
                    if counts[field][0] < counts[field][1]:
                        print(f"  {doc.name} {field}: expected {expected.get(field)!r} got "
                              f"{(got or {}).get(field)!r}")
    print("PLANS WITHOUT DIACRITICS: fields exactly right")
    table.print("text")


def score_legacy(args, score, work: Path) -> None:
    """Plans and award lists typed in TCVN3 and VNI (legacydocs.py): a Word file whose
    default style is the legacy font (TCVN3's capitals in ".VnTimeH") and a PDF with that
    text layer, scored like the Unicode text and Word-like PDF."""
    import legacydocs
    sys.path.insert(0, str(HERE.parent))
    from conftest import make_project
    plans = Table(PLAN_FIELDS)
    for doc, expected in plan_documents():
        if any(mark in doc.stem for mark in SKIP_DRAWN):
            continue    # an old OCR's letters (ä, ü, ¦) that no legacy keyboard can type
        text = doc.read_text(encoding="utf-8")
        sources = [("text (Unicode)", doc)]
        for encoding in ("tcvn3", "vni"):
            base = work / f"{doc.stem}-{encoding}"
            sources += [(f"{encoding} Word", legacydocs.plan_docx(base.with_suffix(".docx"), text,
                                                                  encoding)),
                        (f"{encoding} PDF", legacydocs.legacy_pdf(
                            base.with_suffix(".pdf"), scanpages.plan_html(text), encoding))]
        for label, path in sources:
            got = _run("import", "plan", str(path))
            counts = plan_fields(score, expected, got)
            plans.add(label, counts)
            wrong = [f for f, (r, t) in counts.items() if r < t]
            if args.verbose and wrong:
                print(f"  {doc.name} / {label}: wrong {', '.join(wrong)}")
                if got:
                    print("\n".join(_plan_misses(score, expected, got, wrong)))
    print("PLANS IN LEGACY ENCODINGS: fields exactly right")
    plans.print("source")
    project = make_project(work / "school")
    awards = Table(("names", "units", "titles", "rows", "unflagged wrong", "units unflagged"))
    number, date = "52/QĐ-THCSHA", "25/5/2025"
    for lst in scanpages.award_lists(ROOT):
        html = scanpages.award_html("THCS Hòa An", number, date, lst.title, lst.rows)
        for encoding in ("tcvn3", "vni"):
            base = work / f"{lst.key}-{encoding}"
            for label, path in (
                    (f"{encoding} Word", legacydocs.award_docx(
                        base.with_suffix(".docx"), "THCS Hòa An", number, date, lst.title,
                        lst.rows, encoding)),
                    (f"{encoding} PDF", legacydocs.legacy_pdf(base.with_suffix(".pdf"), html,
                                                              encoding))):
                got = _run("import", "awards", str(path), "--dry-run", root=project)
                counts = _award_rows(lst, got)
                awards.add(label, counts)
                if args.verbose and counts["rows"][0] < counts["rows"][1]:
                    print(f"  {lst.key} / {label}: rows {counts['rows'][0]}/{counts['rows'][1]}")
    print("AWARD LISTS IN LEGACY ENCODINGS: rows exactly right (name, unit, title)")
    awards.print("source")


def main(args, score) -> int:
    fonts = scanpages.held_out_fonts() if getattr(args, "held_out", False) else \
        scanpages.all_fonts()
    if args.fonts:
        fonts = {k: v for k, v in fonts.items() if k in args.fonts.split(",")}
    damages = dict(scanpages.DAMAGES)
    if args.damages:
        damages = {k: v for k, v in damages.items() if k in args.damages.split(",")}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(getattr(args, "keep", "") or folder)
        work.mkdir(parents=True, exist_ok=True)
        if args.stripped:
            score_stripped(args, score, work)
        if getattr(args, "legacy", False):
            score_legacy(args, score, work)
        if args.scans and args.only in ("", "plans"):
            # Plans: clean scans unless damages are chosen (the goal is "as good as Word").
            plan_damages = damages if args.damages else {"clean": scanpages.CLEAN}
            score_plans(args, score, fonts, plan_damages, work)
        if args.scans and args.only in ("", "awards"):
            score_awards(args, fonts, damages, work)
    return 0
