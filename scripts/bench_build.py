"""Build benchmark: `bangvang build`, its rebuilds and its preview on a school that looks like a
real one, against Material for MkDocs and Pagefind alone (docs/benchmark.md).

    .venv/bin/python scripts/bench_build.py --quick              # 150 records, 1 run (make bench)
    .venv/bin/python scripts/bench_build.py --sizes 500,2000 --runs 2
    .venv/bin/python scripts/bench_build.py --sizes 500,2000,6000 --runs 3,3,2 --write

For each size N, a school (scripts/bench_search.py's generator with real_school=True: N
exemplars with Vietnamese names as frequent as in Vietnam, 300-400-word stories, about 3
awards each over 5 school years, N/2 students named on the honour rolls, everyone at their
default consent so students are shown by initials, `site_url` set so share cards are drawn,
a people file) is generated once into a temporary folder. Then, for each run index, every
size in turn (a round: the figures compared with each other are measured minutes apart):

- cold `bangvang build` on a fresh copy (no .build/, no site/): wall time, CPU time (user +
  system of the whole process tree) and peak memory;
- Material on the same pages (the generated Markdown plus content/, mkdocs.yml without
  `hooks:`), Pagefind alone on that site, Material on N plain 400-word pages;
- `bangvang check`;
- `bangvang build` again with nothing changed, after one story edited, after one award line
  edited, after one exemplar renamed with `bangvang rename`;
- the preview (scripts/bench_preview.py): first answer, idle CPU, and for a story's text,
  its summary and an award line: edit-to-page and until the whole preview is consistent.

Cells are medians (min-max over the runs); ratios are medians of each round's own pair.
The load average is printed beside every command and in the header. The project measured
is the checkout this script lives in: child processes get it first on PYTHONPATH.
`--write` puts the table into docs/benchmark.md between <!-- bench:start --> and
<!-- bench:end -->. Only public tools: time.perf_counter, os.wait4 (the kernel's peak RSS,
like /usr/bin/time -v), /proc for the process tree, urllib for the preview.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import bench_search  # noqa: E402  (the synthetic school generator; puts REPO on sys.path)
import bench_preview  # noqa: E402  (the preview's figures)
from bench_process import ENV, PY, Outcome, _live, _stop, run, tail  # noqa: E402
from bench_material import (material_plain_pages, material_same_pages,  # noqa: E402
                            pagefind_args)

DOCS = REPO / "docs" / "benchmark.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
STORY_WORDS = (300, 400)
AWARDS_EACH = 3


def timeout_for(n: int) -> float:
    """Seconds allowed to one command on a school of n records (generous: ~4x today)."""
    return 300 + 0.25 * n


def page_sizes(site: Path) -> dict:
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts]
    records = [p for p in (site / "guong-dien-hinh").glob("*/index.html")]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    record = max(records, key=lambda p: p.stat().st_size) if records else None
    return {"html_pages": len(pages),
            "largest_kb": biggest.stat().st_size / 1024,
            "largest_page": "/" + biggest.parent.relative_to(site).as_posix().strip(".") + "/",
            "record_kb": record.stat().st_size / 1024 if record else None,
            "record_page": ("/" + record.parent.relative_to(site).as_posix() + "/") if record else None}


# ----------------------------------------------------------------------------- the runs

# key, label, unit, goal; a "_cpu" twin of every timed key holds its CPU seconds.
ROWS = [
    ("cold", "`bangvang build`, cold", "s", ""),
    ("cold_peak", "  peak memory: largest process", "MB", ""),
    ("cold_own", "  peak memory: the project's own process (sampled)", "MB", "≤ 300 MB"),
    ("cold_tree", "  peak memory: whole process tree (sampled)", "MB", ""),
    ("cached", "`bangvang build`, cold but share cards already drawn (CI with its cache)", "s",
     ""),
    ("same", "Material, same pages, no hooks (`mkdocs build`)", "s", ""),
    ("pagefind", "Pagefind alone on that site", "s", ""),
    ("plain", "Material, N plain 400-word pages", "s", ""),
    ("warm", "build, nothing changed", "s", "≤ 2 % of cold"),
    ("story", "build after one story edited", "s", "≤ 15 % of cold"),
    ("award", "build after one award line edited", "s", "≤ 15 % of cold"),
    ("student", "build after one student added to a roll (a new hidden name)", "s",
     "≤ 15 % of cold"),
    ("rename", "build after one exemplar renamed (`bangvang rename`)", "s", ""),
    ("check", "`bangvang check` alone", "s", "≤ 10 s"),
    ("startup", "`bangvang serve`: first answer", "s", ""),
    ("idle", "preview idle: CPU share of one core (`--idle` seconds)", "core", "~0"),
    ("story_visible", "preview: story text edited → page shows it", "s", "≤ 2 s"),
    ("story_consistent", "  … whole preview consistent", "s", "≤ 10 s"),
    ("summary_visible", "preview: summary edited → page shows it", "s", "≤ 2 s"),
    ("summary_consistent", "  … whole preview consistent", "s", "≤ 10 s"),
    ("award_visible", "preview: award line edited → page shows it", "s", "≤ 2 s"),
    ("award_consistent", "  … whole preview consistent", "s", "≤ 10 s"),
]
TIMED = {"cold", "cached", "same", "pagefind", "plain", "warm", "story", "award", "student",
         "rename", "check"}
EDITED = "nguoi-00001"                        # the exemplar whose story and award line change
RENAMED = ("nguoi-00002", "nguoi-00002-moi")  # the exemplar renamed


@dataclass
class Size:
    n: int
    runs: int
    template: Path
    values: dict[str, list] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    sizes: dict | None = None
    same_dir: Path | None = None
    plain_dir: Path | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, value) -> None:
        self.values.setdefault(key, []).append(value)

    def fail(self, key: str) -> None:
        self.failed[key] = self.failed.get(key, 0) + 1


def _record(size: Size, key: str, outcome: Outcome, label: str) -> bool:
    if outcome.ok:
        size.add(key, outcome.seconds)
        size.add(key + "_cpu", outcome.cpu)
        print(f"    {label}: {outcome.seconds:.2f} s, CPU {outcome.cpu:.2f} s, peak "
              f"{outcome.peak_mb:.0f} MB, tree {outcome.tree_mb:.0f} MB (largest: "
              f"{outcome.largest or '?'}; load {_load()})", flush=True)
        return True
    size.fail(key)
    size.fail(key + "_cpu")
    print(f"    {label}: FAILED ({outcome.why})\n{tail(outcome)}", flush=True)
    return False


def _rebuilds(size: Size, project: Path, bangvang: list[str], limit: float) -> None:
    """Nothing changed, then one story, one award line, one student added to a roll, one
    exemplar renamed: a build each."""
    _record(size, "warm", run([*bangvang, "build"], project, limit), "build, nothing changed")
    word = "bvsua" + uuid.uuid4().hex[:8]
    bench_preview.edit_story(project, EDITED, word)
    _record(size, "story", run([*bangvang, "build"], project, limit), "build, one story edited")
    bench_preview.edit_award(project, EDITED, word)
    _record(size, "award", run([*bangvang, "build"], project, limit), "build, one award line")
    bench_preview.add_student(project)
    _record(size, "student", run([*bangvang, "build"], project, limit),
            "build, one student added")
    renamed = run([*bangvang, "rename", *RENAMED], project, limit)
    if renamed.ok:
        print(f"    (bangvang rename: {renamed.seconds:.2f} s, CPU {renamed.cpu:.2f} s)")
        _record(size, "rename", run([*bangvang, "build"], project, limit),
                "build, one exemplar renamed")
    else:
        _record(size, "rename", renamed, "bangvang rename")


def _cards_cached(size: Size, built: Path, target: Path, limit: float) -> None:
    """A cold build of a fresh copy that has only the share cards of `built` in its cache,
    as the publishing workflow restores them (actions/cache)."""
    shutil.copytree(size.template, target)
    cards = built / ".build" / "cache" / "chia-se"
    if cards.is_dir():
        shutil.copytree(cards, target / ".build" / "cache" / "chia-se")
    try:
        _record(size, "cached", run([PY, "-m", "bangvang", "--root", str(target), "build"],
                                    target, limit), "bangvang build, cards cached")
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _material(size: Size, base: Path, limit: float) -> None:
    """Material alone on the same pages, Pagefind alone on its site, Material on plain pages:
    in the same round as the builds they are compared with."""
    n = size.n
    if size.same_dir is not None:
        site = size.same_dir / "site"
        shutil.rmtree(site, ignore_errors=True)
        same = run([PY, "-m", "mkdocs", "build", "-f", str(size.same_dir / "mkdocs.yml")],
                   size.same_dir, limit)
        if _record(size, "same", same, "Material, same pages"):
            with tempfile.TemporaryDirectory(prefix="bangvang-pagefind-") as empty:
                _record(size, "pagefind", run(pagefind_args(site), Path(empty), limit),
                        "Pagefind alone")
            shutil.rmtree(site / "pagefind", ignore_errors=True)
        else:
            size.fail("pagefind")
    else:
        size.fail("same")
        size.fail("pagefind")
    if size.plain_dir is None:
        size.plain_dir = base / f"material-plain-{n}"
        material_plain_pages(size.template, size.plain_dir, n)
    shutil.rmtree(size.plain_dir / "site", ignore_errors=True)
    _record(size, "plain", run([PY, "-m", "mkdocs", "build", "-f",
                                str(size.plain_dir / "mkdocs.yml")], size.plain_dir, limit),
            "Material, plain pages")


def _preview(size: Size, project: Path, idle: float) -> None:
    found = bench_preview.measure(project, PY, ENV, timeout_for(size.n), _live, _stop, idle)
    keys = ["startup", "idle"] + [f"{e}_{w}" for e in bench_preview.EDITS
                                  for w in ("visible", "consistent")]
    for key in keys:
        if found.get(key) is not None:
            size.add(key, found[key])
        else:
            size.fail(key)
    shown = ", ".join(f"{k} {found[k]:.2f}" for k in keys if found.get(k) is not None)
    print(f"    serve: {shown}{' (' + found['why'] + ')' if found['why'] else ''}", flush=True)
    if found.get("log"):
        print(found["log"], flush=True)


def one_run(size: Size, base: Path, index: int, idle: float) -> None:
    n, limit = size.n, timeout_for(size.n)
    print(f"  N = {n:,}, run {index + 1}/{size.runs} (load {_load()})", flush=True)
    project = base / f"run-{n}-{index}"
    shutil.copytree(size.template, project)
    bangvang = [PY, "-m", "bangvang", "--root", str(project)]
    try:
        cold = run([*bangvang, "build"], project, limit)
        built = _record(size, "cold", cold, "bangvang build, cold")
        if built:
            size.add("cold_peak", cold.peak_mb)
            size.add("cold_own", cold.own_mb)
            size.add("cold_tree", cold.tree_mb)
            size.add("cold_largest", cold.largest)
            if size.sizes is None:
                size.sizes = page_sizes(project / "site")
            if size.same_dir is None:
                size.same_dir = base / f"material-same-{n}"
                size.notes.append(material_same_pages(project, size.same_dir))
        if built:
            _cards_cached(size, project, base / f"cached-{n}-{index}", limit)
        else:
            size.fail("cached")
        _material(size, base, limit)
        _record(size, "check", run([*bangvang, "check"], project, limit), "bangvang check")
        if built:
            _rebuilds(size, project, bangvang, limit)
            _preview(size, project, idle)
        else:
            keys = [key for key, *_ in ROWS]
            for key in keys[keys.index("warm"):]:
                if key != "check":
                    size.fail(key)
    finally:
        shutil.rmtree(project, ignore_errors=True)


# ----------------------------------------------------------------------------- the table

def _fmt(value: float, unit: str) -> str:
    if value == float("inf"):
        return f"> {bench_preview.PREVIEW_TIMEOUT:.0f}"
    if unit == "MB":
        return f"{value:.0f}"
    if unit == "core":
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def cell(size: Size, key: str, unit: str) -> str:
    values = size.values.get(key, [])
    failed = size.failed.get(key, 0)
    if not values:
        return "failed" if failed else "—"
    median = statistics.median(values)
    text = f"{_fmt(median, unit)} {unit}"
    if len(values) > 1:
        text += f" ({_fmt(min(values), unit)}–{_fmt(max(values), unit)})"
    if failed:
        text += f", {failed} failed"
    return text


def _done(size: Size) -> int:
    """Runs that got at least as far as the cold build (fewer than asked if interrupted)."""
    return len(size.values.get("cold", [])) + size.failed.get("cold", 0)


def _pairs(size: Size, top: str, bottom: list[str], suffix: str) -> str:
    """Median over the runs of top / sum(bottom), each ratio from one round's own figures
    (pairs measured minutes apart under the same load)."""
    tops = size.values.get(top + suffix, [])
    bottoms = [size.values.get(key + suffix, []) for key in bottom]
    if size.failed.get(top + suffix) or any(size.failed.get(k + suffix) for k in bottom):
        return "—"   # a failed command leaves its round without a pair
    ratios = [t / sum(b) for t, *b in zip(tops, *bottoms) if sum(b)]
    return f"{statistics.median(ratios):.2f}" if ratios else "—"


RATIOS = [  # label, goal, numerator, denominators
    ("cold / (Material same pages + Pagefind alone)", "≤ 1.1", "cold", ["same", "pagefind"]),
    ("cold, cards cached / (Material same pages + Pagefind alone)", "≤ 1.1", "cached",
     ["same", "pagefind"]),
    ("cold / Material plain pages", "", "cold", ["plain"]),
    ("nothing changed / cold", "≤ 0.02", "warm", ["cold"]),
    ("one story edited / cold", "≤ 0.15", "story", ["cold"]),
    ("one award line edited / cold", "≤ 0.15", "award", ["cold"]),
    ("one student added / cold", "≤ 0.15", "student", ["cold"]),
    ("one exemplar renamed / cold", "", "rename", ["cold"]),
]


def table(sizes: list[Size]) -> str:
    """One row per figure; for each size, wall seconds and CPU seconds side by side."""
    head = "| " + " | ".join(["", "goal", *[f"{s.n:,}: {what}" for s in sizes
                                             for what in ("wall", "CPU")]]) + " |"
    out = [head, "|---|---" + "|---:" * 2 * len(sizes) + "|"]

    def line(label: str, goal: str, values: list[str]) -> None:
        out.append(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {goal} | "
                   + " | ".join(values) + " |")

    line("runs (HTML pages of the site)", "", [
        v for s in sizes for v in (f"{_done(s)} ({s.sizes['html_pages']:,})" if s.sizes
                                   else str(_done(s)), "")])
    for key, label, unit, goal in ROWS:
        line(label, goal, [v for s in sizes for v in (
            cell(s, key, unit), cell(s, key + "_cpu", unit) if key in TIMED else "")])
    line("largest HTML page", "≤ 300 KB", [v for s in sizes for v in (
        f"{s.sizes['largest_kb']:.0f} KB ({s.sizes['largest_page']})" if s.sizes else "—", "")])
    line("largest record page (exemplar)", "≤ 20 KB", [v for s in sizes for v in (
        f"{s.sizes['record_kb']:.1f} KB" if s.sizes and s.sizes["record_kb"] else "—", "")])
    for label, goal, top, bottom in RATIOS:
        line(label, goal, [v for s in sizes for v in (_pairs(s, top, bottom, ""),
                                                       _pairs(s, top, bottom, "_cpu"))])
    growth = ["—", "—"]
    for previous, current in zip(sizes, sizes[1:]):
        for suffix in ("", "_cpu"):
            a, b = (statistics.median(x.values[f"cold{suffix}"]) if x.values.get(f"cold{suffix}")
                    else None for x in (current, previous))
            growth.append(f"{a / b:.2f} (×{current.n / previous.n:.1f} records)" if a and b
                          else "—")
    line("cold / cold of the previous size", "linear", growth)
    return "\n".join(out) + "\n"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores{' (' + model + ')' if model else ''}, {memory:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"MkDocs {_version('mkdocs')}, Material {_version('mkdocs-material')}, "
            f"Pagefind {_version('pagefind')}")


def header(command: str, loads: tuple[str, str]) -> str:
    commit = _git("rev-parse", "--short", "HEAD") or "?"
    dirty = _git("status", "--porcelain", "--", "bangvang", "hooks", "overrides", "mkdocs.yml")
    return (f"Measured on {time.strftime('%Y-%m-%d %H:%M')} at commit {commit}"
            f"{' with uncommitted changes' if dirty else ''}; {machine()}; load average "
            f"{loads[0]} before, {loads[1]} after.\n\nCommand: `{command}`\n")


def write_docs(text: str) -> None:
    start, end = MARKERS
    doc = DOCS.read_text("utf-8") if DOCS.exists() else ""
    if start not in doc or end not in doc:
        sys.exit(f"{DOCS} has no {start} … {end} markers; the table was printed above")
    before, rest = doc.split(start, 1)
    after = rest.split(end, 1)[1]
    DOCS.write_text(f"{before}{start}\n\n{text}\n{end}{after}", "utf-8")
    print(f"table written into {DOCS.relative_to(REPO)}")


CARD_COST = """
import sys, time
from bangvang.exports import sharecards
cards = [sharecards.Card(f"Nguyễn Thị Hương Giang {i}: gương người tốt việc tốt của năm học",
                         "Gương điển hình", "Trường THCS Thử Tải") for i in range(41)]
sharecards._draw(cards.pop())   # fonts loaded
start = time.process_time()
sizes = [len(sharecards._draw(card)) for card in cards]
print((time.process_time() - start) / len(cards) * 1000, sum(sizes) / len(sizes) / 1024)
"""


def card_cost() -> str:
    """CPU milliseconds and kilobytes of one share card, drawn 40 times in a child process."""
    done = subprocess.run([PY, "-c", CARD_COST], env=ENV, capture_output=True, text=True,
                          cwd=tempfile.gettempdir())
    if done.returncode != 0:
        return f"share card: failed ({done.stderr.strip().splitlines()[-1:]})"
    ms, kb = (float(x) for x in done.stdout.split())
    return f"Share card (40 drawn, one process): {ms:.0f} ms of CPU and {kb:.0f} KB each."


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _check_import() -> None:
    """The children must import this checkout's bangvang, not another one."""
    done = subprocess.run([PY, "-c", "import bangvang, sys; print(bangvang.__file__)"],
                          cwd=tempfile.gettempdir(), env=ENV, capture_output=True, text=True)
    found = Path(done.stdout.strip()).resolve().parent.parent if done.returncode == 0 else None
    if found != REPO:
        sys.exit(f"child processes import bangvang from {done.stdout.strip() or done.stderr}, "
                 f"not from {REPO}")
    print(f"bangvang imported from {REPO / 'bangvang'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,6000",
                        help="records per school, comma-separated (default 500,2000,6000)")
    parser.add_argument("--runs", default="3", help="runs per size: one number, or one per size "
                        "comma-separated, e.g. 3,3,2 (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="a small run that fits in a few minutes: 150 records, 1 run")
    parser.add_argument("--write", action="store_true", help="write the table into "
                        "docs/benchmark.md")
    parser.add_argument("--idle", type=float, default=bench_preview.IDLE,
                        help="seconds of the preview's idle CPU measurement (default 30)")
    parser.add_argument("--json", type=Path, help="also save the raw figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs = "150", "1"
    try:
        numbers = [int(x) for x in args.sizes.replace(" ", "").split(",") if x]
        runs = [int(x) for x in args.runs.replace(" ", "").split(",") if x]
    except ValueError:
        parser.error("--sizes and --runs take whole numbers separated by commas")
    if len(runs) == 1:
        runs *= len(numbers)
    if len(runs) != len(numbers) or min(numbers + runs) < 1:
        parser.error("--runs takes one number, or one per size")
    command = shlex.join(["python", "scripts/bench_build.py", *sys.argv[1:]])
    _check_import()
    loads = [_load()]
    base = Path(tempfile.mkdtemp(prefix="bangvang-bench-build-", dir="/tmp"))
    sizes: list[Size] = []
    try:
        for n, count in zip(numbers, runs):
            started = time.perf_counter()
            template = base / f"school-{n}"
            bench_search.generate(template, n, story_words=STORY_WORDS, awards_each=AWARDS_EACH,
                                  real_school=True)
            print(f"generated a school of {n:,} records in {time.perf_counter() - started:.1f} s",
                  flush=True)
            sizes.append(Size(n, count, template))
        for index in range(max(runs)):
            print(f"run {index + 1} (load average {_load()})", flush=True)
            for size in sizes:
                if index < size.runs:
                    one_run(size, base, index, args.idle)
    except KeyboardInterrupt:
        print("interrupted; the table shows the runs done so far", file=sys.stderr)
    finally:
        for pid in list(_live):
            _stop(pid, grace=2)
        if args.keep:
            print(f"temporary folder kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    loads.append(_load())
    text = header(command, (loads[0], loads[1])) + "\n" + table(sizes)
    notes = [f"{s.n:,}: {'; '.join(s.notes)}" for s in sizes if s.notes]
    if notes:
        text += "\nMaterial same pages: " + ", ".join(notes) + ".\n"
    text += "\n" + card_cost() + "\n"
    largest = [f"{s.n:,}: {s.values['cold_largest'][0]}" for s in sizes
               if s.values.get("cold_largest") and s.values["cold_largest"][0]]
    if largest:
        text += ("\nLargest single process of the first cold build (sampled): "
                 + ", ".join(largest) + ".\n")
    print()
    print(text)
    if args.json:
        args.json.write_text(json.dumps([{"n": s.n, "runs": s.runs, "values": s.values,
                                          "failed": s.failed, "pages": s.sizes} for s in sizes],
                                        indent=1, default=str), "utf-8")
    if args.write:
        write_docs(text)


if __name__ == "__main__":
    main()
