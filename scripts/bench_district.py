"""Benchmark: a district's portal (`bangvang district build`) over generated schools.

    .venv/bin/python scripts/bench_district.py                      # 40 schools × 300 exemplars
    .venv/bin/python scripts/bench_district.py --schools 10 --exemplars 100 --keep /tmp/bd

Each school is scripts/bench_search.generate(real_school=True): names as frequent as in
Vietnam, default consent (students by initials), a staff list, honour rolls over five school
years. Its open data (/du-lieu/) is made by the core pass (pipeline.run, the same function
`bangvang build` calls) and served with the other schools by `python -m http.server` on
127.0.0.1 in its own process; the school's MkDocs pages are not built, since the district
reads only the published data (its links point at the schools' addresses).

Measured, each `district build` in a new interpreter (wall and CPU seconds, the CPU of
Pagefind included and also shown alone; files linked from the previous site; peak memory = the largest resident size of the build's process or of
Pagefind's):
- cold: no cache, no site;
- warm, 3 schools changed (one exemplar's summary edited and their data re-exported);
- warm, nothing changed;
- the first search: bytes the district's search box downloads in Chromium for a teacher's
  full name typed without accents (Playwright's network events).
Medians of --repeat runs (cold: --repeat + 1). With --before DIR, another version of the
package (a `git archive` of an earlier commit) builds its own district project in the same
rounds: a before/after table on the same machine load. Needs Debian's Chromium for the last
figure.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import bench_search  # noqa: E402  (the school generator; puts REPO and tests/ on sys.path)
from bangvang import pipeline  # noqa: E402
from bangvang.records.text import fold  # noqa: E402

CLUSTERS = ("Cụm 1", "Cụm 2", "Cụm 3", "Cụm 4")
LEVELS = ("THCS", "TH", "MN")
RUNNER = """
import json, resource, sys, time
from pathlib import Path
from bangvang.district import build
start = time.perf_counter()
report = build.build(Path(sys.argv[1]))
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": 1 if report.problems else 0, "wall": time.perf_counter() - start,
                  "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
                  "pagefind_cpu": kids.ru_utime + kids.ru_stime,
                  "kept": report.kept,
                  "index": getattr(report, "index_mode", getattr(report, "index_kept", None)),
                  "index_new": getattr(report, "index_new", 0),
                  "peak_mb": max(own.ru_maxrss, kids.ru_maxrss) / 1024,
                  "requests": report.requests, "stages": report.seconds,
                  "states": [f.state for f in report.fetched]}))
"""


def make_school(base: Path, web: Path, index: int, exemplars: int) -> tuple[str, str]:
    """One generated school, its open data written under web/<code>/du-lieu/."""
    code = f"79{index:06d}"
    root = base / code
    for attempt in range(5):
        if not root.exists():
            bench_search.generate(root, exemplars, seed=index + 1 + 1000 * attempt,
                                  real_school=True)
            name = f"Trường THCS Số {index + 1}"
            text = (root / "data/school.yml").read_text("utf-8").replace(
                "name: Trường THCS Thử Tải", f"name: {name}").replace(
                "short_name: THCS Thử Tải", f"short_name: THCS Số {index + 1}\ncode: \"{code}\"")
            (root / "data/school.yml").write_text(text, "utf-8")
        if (web / code / "du-lieu/datapackage.json").is_file() or export(root, web / code):
            return code, f"Trường THCS Số {index + 1}"     # (--keep: published already)
        # A generated story happened to spell a hidden student's name: another seed.
        shutil.rmtree(root)
    sys.exit(f"no clean school generated for {code}")


def export(root: Path, target: Path) -> bool:
    result = pipeline.run(root)
    if result.problems:
        return False
    shutil.rmtree(target / "du-lieu", ignore_errors=True)
    for path, data in result.output.files.items():
        if path.startswith("du-lieu/"):
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(data)
    return True


def change(base: Path, web: Path, code: str, run: int) -> None:
    """Edit one teacher's exemplar summary of a school and publish its data again (a
    teacher: named in full, so the change reaches a page of the district's search)."""
    stories = sorted((base / code / "exemplars").glob("nguoi-*.md"))
    story = next(s for s in stories if "\nrole: teacher\n" in s.read_text("utf-8"))
    text = story.read_text("utf-8")
    head, _, rest = text.partition("summary: ")
    line, _, tail = rest.partition("\n")
    # A text never published before (time-stamped), so the school's data really changes.
    story.write_text(f"{head}summary: \"Đã sửa lần {run} lúc {time.time_ns()}.\"\n{tail}",
                     "utf-8")
    if not export(base / code, web / code):
        sys.exit(f"{code}: the edited school does not pass its check")


def district_file(root: Path, url: str, schools: list[tuple[str, str]]) -> None:
    rows = "".join(f"  - {{code: \"{code}\", name: \"{name}\", level: {LEVELS[i % 3]}, "
                   f"cluster: \"{CLUSTERS[i % 4]}\", site: \"{url}{code}/\", staff: 45}}\n"
                   for i, (code, name) in enumerate(schools))
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data/district.yml").write_text(
        "name: Phòng Giáo dục và Đào tạo huyện Thử Tải\nschool_year: \"2024-2025\"\n"
        f"timeout: 60\nschools:\n{rows}", "utf-8")


def build(root: Path, code: Path = REPO) -> dict:
    """One `district build` of `root` in a new interpreter, the package taken from `code`."""
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(root)], capture_output=True,
                          text=True, cwd=root, env=env)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["code"] != 0:
        sys.exit(done.stdout + done.stderr)
    return figures


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}/"


def first_search(site: Path, query: str) -> tuple[int, int, str]:
    """Bytes and requests of the first search, from typing to the results shown; the first
    result's title and school."""
    from playwright.sync_api import sync_playwright
    server, url = serve(site)
    seen: list[int] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=bench_search.CHROMIUM,
                                        args=bench_search.CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.goto(url, wait_until="networkidle")
            page.on("requestfinished", lambda r: seen.append(bench_search._body_size(r)))
            page.fill("#pg-q", query)
            page.wait_for_selector("#pg-results li", timeout=60000)
            page.wait_for_load_state("networkidle")
            first = page.locator("#pg-results li").first.inner_text().replace("\n", " / ")
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return sum(seen), len(seen), first


def row(label: str, runs: list[dict]) -> str:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    pagefind = statistics.median(r["pagefind_cpu"] for r in runs)
    kept = statistics.median(r["kept"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    requests = runs[0].get("requests")
    index = "/".join(sorted({str(r["index"]) for r in runs}))
    new = statistics.median(r["index_new"] for r in runs)
    stages = ", ".join(f"{name} {statistics.median(r['stages'][name] for r in runs):.1f}"
                       for name in runs[0]["stages"])
    return (f"| {label} | {wall:.1f} | {cpu:.1f} | {pagefind:.1f} | {peak:.0f} | {requests} | "
            f"{kept:.0f} | {index} ({new:.0f}) | {stages} | {len(runs)} |")


def rounds(base: Path, url: str, schools: list, variants: dict[str, Path],
           repeat: int) -> dict[str, dict[str, list]]:
    """Each variant (a copy of the package) builds its own district project from the same
    schools: cold, then per round 3 schools changed and every variant builds warm, then
    again with nothing changed, then cold once more in a project of its own (no cache, no
    site) — pairs in one round, so the machine's load weighs on each variant alike."""
    runs = {label: {"cold": [], "changed": [], "unchanged": []} for label in variants}
    for label in variants:
        shutil.rmtree(base / f"district-{label}", ignore_errors=True)
        district_file(base / f"district-{label}", url, schools)
    for label, code in variants.items():
        runs[label]["cold"].append(build(base / f"district-{label}", code))
    for run in range(repeat):
        for code_, _ in random.Random(run).sample(schools, 3):
            change(base / "projects", base / "web", code_, run)
        for kind in ("changed", "unchanged", "cold"):
            for label, code in variants.items():
                root = base / f"district-{label}"
                if kind == "cold":
                    root = base / f"cold-{label}"
                    shutil.rmtree(root, ignore_errors=True)
                    district_file(root, url, schools)
                runs[label][kind].append(build(root, code))
    return runs


def report(runs: dict, label: str) -> None:
    cold = {key: statistics.median(r[key] for r in runs["cold"]) for key in ("wall", "cpu")}
    print(f"\n{label}:\n")
    print("| build | wall s (median) | CPU s (median) | of which Pagefind | peak MB | requests "
          "| files kept | index (pages indexed anew) | stages, wall s | runs |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(row("cold (no cache)", runs["cold"]))
    print(row("warm, 3 schools changed", runs["changed"]))
    print(row("warm, nothing changed", runs["unchanged"]))
    for kind, name in (("changed", "3 changed"), ("unchanged", "nothing changed")):
        wall = statistics.median(r["wall"] for r in runs[kind]) / cold["wall"]
        cpu = statistics.median(r["cpu"] for r in runs[kind]) / cold["cpu"]
        print(f"warm ({name}) / cold: {cpu:.0%} of the CPU, {wall:.0%} of the wall time")
    # Round by round: each warm build indexes anew the groups changed since the previous one
    # and folds them into its index, until those pages pass a quarter (then whole).
    for number, r in enumerate(runs["changed"], 1):
        print(f"  round {number}, 3 more schools changed: CPU {r['cpu']:.1f} s "
              f"({r['cpu'] / cold['cpu']:.0%} of cold), Pagefind {r['pagefind_cpu']:.1f} s, "
              f"index {r['index']}, {r['index_new']} pages indexed anew")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=40)
    parser.add_argument("--exemplars", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each warm build")
    parser.add_argument("--keep", type=Path, help="folder kept between runs (schools reused)")
    parser.add_argument("--before", type=Path, help="a folder holding another version of the "
                        "package (`git archive REV bangvang | tar -x -C DIR`), built in the "
                        "same rounds for a before/after table")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-district-"))
    schools_dir, web = base / "projects", base / "web"
    clock = time.perf_counter()
    schools = [make_school(schools_dir, web, i, args.exemplars) for i in range(args.schools)]
    print(f"{args.schools} schools × {args.exemplars} exemplars generated and exported in "
          f"{time.perf_counter() - clock:.0f} s")
    variants = {"after": REPO}
    if args.before:
        variants["before"] = args.before
    server, url = serve(web)
    try:
        runs = rounds(base, url, schools, variants, args.repeat)
    finally:
        server.terminate()
        server.wait()
    root = base / "district-after"
    pages = sum(1 for _ in (root / "site").rglob("*.html"))
    index = sum(f.stat().st_size for f in (root / "site/pagefind").rglob("*") if f.is_file())
    print(f"\nDistrict of {args.schools} schools × {args.exemplars} exemplars: {pages} pages, "
          f"search index {index / 1024 / 1024:.1f} MB on disk")
    for label in variants:
        report(runs[label], f"{label} ({variants[label]})")
    search_figures(root / "site")


def search_figures(site: Path) -> None:
    """The first search for a teacher's full name (one index: after a warm build the changed
    pages are folded into the kept one)."""
    people = csv.DictReader(io.StringIO((site / "du-lieu/nguoi.csv").read_text("utf-8-sig")))
    teacher = next(p["ho_ten"] for p in people if p["ma_vai_tro"] == "teacher")
    size, requests, first = first_search(site, fold(teacher))
    print(f"first search, a teacher (“{fold(teacher)}”, 390 px): {size / 1024:.0f} KB in "
          f"{requests} requests; first result: {first}")


if __name__ == "__main__":
    main()
