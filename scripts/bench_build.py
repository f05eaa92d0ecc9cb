"""Build benchmark: `bangvang build` against Material for MkDocs alone (docs/benchmark.md).

    .venv/bin/python scripts/bench_build.py                      # 500, 2,000, 6,000 records, 3 runs
    .venv/bin/python scripts/bench_build.py --sizes 500,2000 --runs 2
    .venv/bin/python scripts/bench_build.py --sizes 500,2000,6000 --runs 3,3,2
    .venv/bin/python scripts/bench_build.py --quick              # 100 records, 1 run, writes nothing

For each size N, a synthetic school (scripts/bench_search.py's generator: N exemplars with
300-400-word Vietnamese stories, about 3 awards each, 5 school years) is generated once into
a temporary folder. Then, for each run index, every measured command runs once in turn
(interleaved, so that a noisy neighbour spreads over all of them):

- cold `bangvang build` on a fresh copy of the school (no .build/, no site/): wall time,
  CPU time and peak memory of the process tree;
- warm `bangvang build` again on the same copy, nothing changed;
- `bangvang check` alone;
- Material on the same pages: the generated Markdown (.build/pages) plus content/ in a plain
  docs folder, mkdocs.yml without `hooks:`, record pages kept out of the nav by `not_in_nav`
  patterns: `mkdocs build` only;
- Pagefind alone on that site, with the arguments bangvang uses;
- Material on N plain 400-word Markdown pages, out of the nav (a school without this project);
- edit-to-preview: `bangvang serve` on the copy, one exemplar's story edited, the exemplar's
  page polled every 0.1 s until the new word shows (timeout 180 s).
The first cold build's site also gives the largest HTML page and the largest record page.

The project measured is the checkout this script lives in (its bangvang package, hooks,
templates, mkdocs.yml): child processes get it first on PYTHONPATH. Medians (min-max) and
ratios are printed as a Markdown table and written into docs/benchmark.md between
<!-- bench:start --> and <!-- bench:end --> (not with --quick or --no-write).
Only public tools: time.perf_counter, os.wait4 (the kernel's peak RSS, like /usr/bin/time -v),
/proc for the summed RSS of the process tree, urllib for the preview.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import bench_search  # noqa: E402  (the synthetic school generator; puts REPO on sys.path)

DOCS = REPO / "docs" / "benchmark.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
STORY_WORDS = (300, 400)
AWARDS_EACH = 3
PLAIN_WORDS = 400
EXEMPLAR = "nguoi-00000"                     # the exemplar edited during serve
EXEMPLAR_URL = "/guong-dien-hinh/{id}/"
PREVIEW_TIMEOUT = 180.0                      # seconds from the edit to the page showing it
POLL = 0.1
SAMPLE = 0.25                                # seconds between two RSS samples of the process tree
ENV = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1",
       "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
PY = sys.executable
_live: set[int] = set()                      # process groups to stop if we are interrupted


def timeout_for(n: int) -> float:
    """Seconds allowed to one command on a school of n records (generous: ~4x today)."""
    return 300 + 0.25 * n


# ----------------------------------------------------------------------------- processes

@dataclass
class Outcome:
    ok: bool
    seconds: float
    cpu: float = 0.0          # user + system seconds of the whole process tree
    peak_mb: float = 0.0      # largest single process (kernel's ru_maxrss, as /usr/bin/time -v)
    tree_mb: float = 0.0      # largest sampled sum of RSS over the process tree
    largest: str = ""         # the process seen largest in the samples, e.g. "pagefind 380 MB"
    out: str = ""
    err: str = ""
    why: str = ""


def _name(pid: str) -> str:
    """A short name for a process: the module of `python -m X`, else the program's name."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    argv = [a.decode("utf-8", "replace") for a in argv if a]
    if not argv:
        return "?"
    if "-m" in argv[:-1] and Path(argv[0]).name.startswith("python"):
        return argv[argv.index("-m") + 1]
    return Path(argv[0]).name


def _session_rss(session: int, largest: dict[str, int]) -> int:
    """Summed resident memory (bytes) of every process of a session, from /proc; `largest`
    keeps the biggest size seen for each process name."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        rest = data[data.rindex(b")") + 2:].split()
        if int(rest[3]) == session:
            rss = int(rest[21]) * page
            total += rss
            name = _name(entry.name)
            largest[name] = max(largest.get(name, 0), rss)
    return total


def _stop(pid: int, grace: float = 10.0) -> None:
    """Stop a process group started with start_new_session: TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def run(args: list[str], cwd: Path, timeout: float) -> Outcome:
    """Run a command in its own session; wall time, CPU and peak memory of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, env=ENV,
                                start_new_session=True)
        _live.add(proc.pid)
        done = threading.Event()
        timed_out = threading.Event()
        tree = [0]
        largest: dict[str, int] = {}

        def watch():
            while not done.wait(SAMPLE):
                tree[0] = max(tree[0], _session_rss(proc.pid, largest))
                if time.perf_counter() - start > timeout:
                    timed_out.set()
                    _stop(proc.pid, grace=2)
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _stop(proc.pid, grace=2)  # leftovers of the tree, if any
        _live.discard(proc.pid)
        out.seek(0)
        err.seek(0)
        text_out = out.read().decode("utf-8", "replace")
        text_err = err.read().decode("utf-8", "replace")
    ok = proc.returncode == 0 and not timed_out.is_set()
    why = (f"timeout after {timeout:.0f} s" if timed_out.is_set() else
           "" if ok else f"exit code {proc.returncode}")
    top = max(largest, key=largest.get, default=None)
    return Outcome(ok, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   tree[0] / 2**20, f"{top} {largest[top] / 2**20:.0f} MB" if top else "",
                   text_out, text_err, why)


def tail(outcome: Outcome, lines: int = 15) -> str:
    text = (outcome.err.strip() or outcome.out.strip()).splitlines()
    return "\n".join("      | " + line for line in text[-lines:])


# ----------------------------------------------------------------------------- projects

class _TolerantLoader:
    """yaml.SafeLoader that reads mkdocs.yml's !!python/name tags as plain None."""

    @staticmethod
    def load(text: str):
        import yaml

        class Loader(yaml.SafeLoader):
            pass
        Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
        Loader.add_multi_constructor("!", lambda *_: None)
        return yaml.load(text, Loader=Loader)


def nav_pages(config: str) -> set[str]:
    """Every .md file named in mkdocs.yml's nav."""
    found: set[str] = set()

    def walk(item):
        if isinstance(item, str):
            if item.endswith(".md"):
                found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk((_TolerantLoader.load(config) or {}).get("nav") or [])
    return found


def plain_config(config: str, patterns: list[str]) -> str:
    """mkdocs.yml without `hooks:`, docs_dir docs/, and the given not_in_nav patterns."""
    lines, skipping = [], False
    for line in config.splitlines():
        if re.match(r"hooks\s*:", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line[0] in " \t-#"):
            continue
        skipping = False
        lines.append(line)
    text = "\n".join(lines) + "\n"
    if re.search(r"^docs_dir\s*:", text, re.M):
        text = re.sub(r"^docs_dir\s*:.*$", "docs_dir: docs", text, count=1, flags=re.M)
    else:
        text = "docs_dir: docs\n" + text
    # The project's own not_in_nav block (a literal block: `not_in_nav: |` and indented
    # lines), kept first, then the patterns for the generated pages.
    own = re.search(r"^not_in_nav\s*:\s*\|\s*\n((?:[ \t]+\S.*\n)*)", text, re.M)
    kept = ""
    if own:
        kept = "".join(f"  {line.strip()}\n" for line in own.group(1).splitlines())
        text = text[:own.start()] + text[own.end():]
    elif re.search(r"^not_in_nav\s*:", text, re.M):
        raise RuntimeError("mkdocs.yml's not_in_nav is not a `|` block; bench_build.py must merge it")
    return text + "\nnot_in_nav: |\n" + kept + "".join(f"  {p}\n" for p in patterns)


def not_in_nav_patterns(docs: Path, off_nav: set[str]) -> list[str]:
    """Few gitignore-style patterns (one per folder) matching exactly the off_nav pages:
    `/folder/*.md`, then `!/folder/page.md` for the other pages of that folder."""
    patterns = []
    folders = sorted({"" if str(Path(p).parent) == "." else Path(p).parent.as_posix()
                      for p in off_nav})
    for folder in folders:
        prefix = f"/{folder}/" if folder else "/"
        patterns.append(f"{prefix}*.md")
        for page in sorted((docs / folder).glob("*.md")):
            relative = page.relative_to(docs).as_posix()
            if relative not in off_nav:
                patterns.append(f"!/{relative}")
    return patterns


def material_same_pages(project: Path, target: Path) -> str:
    """The built project's generated pages plus content/ as a Material-only project."""
    target.mkdir(parents=True)
    docs = target / "docs"
    shutil.copytree(project / "content", docs)
    generated = project / ".build" / "pages"
    shutil.copytree(generated, docs, dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text("utf-8")
    nav = nav_pages(config)
    off_nav = {p.relative_to(generated).as_posix() for p in generated.rglob("*.md")} - nav
    (target / "mkdocs.yml").write_text(plain_config(config, not_in_nav_patterns(docs, off_nav)),
                                       "utf-8")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")
    return f"{len(off_nav)} generated pages out of the nav"


def material_plain_pages(project: Path, target: Path, n: int, seed: int = 2) -> None:
    """content/ plus n plain 400-word pages (guong-dien-hinh/p-XXXXX.md) out of the nav; the
    other nav entries get a short page so that the same nav builds."""
    rng = random.Random(seed)
    words, weights = bench_search.vocabulary()
    target.mkdir(parents=True)
    docs = target / "docs"
    shutil.copytree(project / "content", docs)
    config = (project / "mkdocs.yml").read_text("utf-8")
    for page in sorted(nav_pages(config)):
        if not (docs / page).exists():
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).write_text(f"# {Path(page).parent.name or 'Trang chủ'}\n\n"
                                     "Trang mục lục.\n", "utf-8")
    folder = docs / "guong-dien-hinh"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        name = (f"{rng.choice(bench_search.FAMILY)} {rng.choice(bench_search.MIDDLE)} "
                f"{rng.choice(bench_search.GIVEN)}")
        paragraphs, left = [], PLAIN_WORDS
        while left > 0:
            k = min(left, rng.randint(60, 110))
            paragraphs.append(" ".join(rng.choices(words, weights, k=k)).capitalize() + ".")
            left -= k
        (folder / f"p-{i:05d}.md").write_text(f"# {name}\n\n" + "\n\n".join(paragraphs) + "\n",
                                              "utf-8")
    off_nav = {f"guong-dien-hinh/p-{i:05d}.md" for i in range(n)}
    (target / "mkdocs.yml").write_text(plain_config(config, not_in_nav_patterns(docs, off_nav)),
                                       "utf-8")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")


def pagefind_args(site: Path) -> list[str]:
    """Pagefind as bangvang runs it on an already built site: `search.build_index`, both
    bundles (the light one and the full text under pagefind/noi-dung/) and the filter file."""
    return [PY, "-c", "import sys; from pathlib import Path; from bangvang.exports import search; "
            "print(search.summary(search.build_index(Path(sys.argv[1]))))", str(site)]


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


# ----------------------------------------------------------------------------- preview

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def edit_to_preview(project: Path, n: int) -> dict:
    """Seconds from editing one exemplar's story to its page showing the edit under serve."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "bangvang", "--root", str(project), "serve", "--addr",
                             f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT,
                            env=ENV, start_new_session=True)
    _live.add(proc.pid)
    result: dict = {"startup": None, "preview": None, "why": ""}
    try:
        page = base + EXEMPLAR_URL.format(id=EXEMPLAR)
        deadline = start + timeout_for(n)
        while time.perf_counter() < deadline and proc.poll() is None:
            if _get(page, timeout=5) is not None:
                result["startup"] = time.perf_counter() - start
                break
            time.sleep(POLL)
        if result["startup"] is None:
            result["why"] = ("server exited" if proc.poll() is not None else
                             f"no answer within {timeout_for(n):.0f} s")
            return result
        word = "bvthu" + uuid.uuid4().hex[:10]
        story = project / "exemplars" / f"{EXEMPLAR}.md"
        text = story.read_text("utf-8").rstrip("\n") + f"\n\nTừ mới {word}.\n"
        story.write_text(text, "utf-8")
        written = time.perf_counter()
        while (elapsed := time.perf_counter() - written) < PREVIEW_TIMEOUT:
            body = _get(page, timeout=max(1.0, PREVIEW_TIMEOUT - elapsed))
            if body is not None and word in body:
                result["preview"] = time.perf_counter() - written
                break
            if proc.poll() is not None:
                result["why"] = "server exited after the edit"
                break
            time.sleep(POLL)
        else:
            result["preview"] = float("inf")
        return result
    finally:
        _stop(proc.pid)
        proc.wait()
        _live.discard(proc.pid)
        if result["why"]:
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            result["log"] = "\n".join("      | " + line for line in lines[-15:])
        log.close()


# ----------------------------------------------------------------------------- the runs

ROWS = [  # key, label, unit, goal
    ("cold", "`bangvang build`, cold", "s", ""),
    ("cold_peak", "  peak memory: largest process", "MB", "≤ 300 MB at 6,000"),
    ("cold_tree", "  peak memory: whole process tree (sampled)", "MB", ""),
    ("same", "Material, same pages, no hooks (`mkdocs build`)", "s", ""),
    ("pagefind", "Pagefind alone on that site", "s", ""),
    ("plain", "Material, N plain 400-word pages", "s", ""),
    ("warm", "`bangvang build`, warm (no change)", "s", ""),
    ("check", "`bangvang check` alone", "s", ""),
    ("startup", "`bangvang serve`: first answer", "s", ""),
    ("preview", "edit-to-preview during `serve`", "s", "≤ 2 s at 6,000"),
]


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
        print(f"    {label}: {outcome.seconds:.1f} s, CPU {outcome.cpu:.1f} s, peak "
              f"{outcome.peak_mb:.0f} MB, tree {outcome.tree_mb:.0f} MB (largest: "
              f"{outcome.largest or '?'})", flush=True)
        return True
    size.fail(key)
    size.fail(key + "_cpu")
    print(f"    {label}: FAILED ({outcome.why})\n{tail(outcome)}", flush=True)
    return False


def one_run(size: Size, base: Path, index: int) -> None:
    n, limit = size.n, timeout_for(size.n)
    print(f"  N = {n:,}, run {index + 1}/{size.runs}", flush=True)
    project = base / f"run-{n}-{index}"
    shutil.copytree(size.template, project)
    bangvang = [PY, "-m", "bangvang", "--root", str(project)]
    try:
        cold = run([*bangvang, "build"], project, limit)
        built = _record(size, "cold", cold, "bangvang build, cold")
        if built:
            size.add("cold_peak", cold.peak_mb)
            size.add("cold_tree", cold.tree_mb)
            size.add("cold_largest", cold.largest)
            if size.sizes is None:
                size.sizes = page_sizes(project / "site")
            if size.same_dir is None:
                size.same_dir = base / f"material-same-{n}"
                size.notes.append(material_same_pages(project, size.same_dir))
            warm = run([*bangvang, "build"], project, limit)
            _record(size, "warm", warm, "bangvang build, warm")
        else:
            for key in ("cold_peak", "cold_tree", "warm", "warm_cpu"):
                size.fail(key)
        _record(size, "check", run([*bangvang, "check"], project, limit), "bangvang check")
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
                size.fail("pagefind_cpu")
        else:
            for key in ("same", "same_cpu", "pagefind", "pagefind_cpu"):
                size.fail(key)
        if size.plain_dir is None:
            size.plain_dir = base / f"material-plain-{n}"
            material_plain_pages(size.template, size.plain_dir, n)
        shutil.rmtree(size.plain_dir / "site", ignore_errors=True)
        _record(size, "plain", run([PY, "-m", "mkdocs", "build", "-f",
                                    str(size.plain_dir / "mkdocs.yml")], size.plain_dir, limit),
                "Material, plain pages")
        if built:
            preview = edit_to_preview(project, n)
            if preview["startup"] is not None:
                size.add("startup", preview["startup"])
            else:
                size.fail("startup")
            if preview["preview"] is not None:
                size.add("preview", preview["preview"])
            else:
                size.fail("preview")
            shown = ("> 180 s" if preview["preview"] == float("inf") else
                     f"{preview['preview']:.2f} s" if preview["preview"] is not None else "FAILED")
            startup = f"{preview['startup']:.1f} s" if preview["startup"] is not None else "—"
            print(f"    serve: first answer {startup}, edit-to-preview {shown}"
                  f"{' (' + preview['why'] + ')' if preview['why'] else ''}", flush=True)
            if preview.get("log"):
                print(preview["log"], flush=True)
        else:
            size.fail("startup")
            size.fail("preview")
    finally:
        shutil.rmtree(project, ignore_errors=True)


# ----------------------------------------------------------------------------- the table

def _fmt(value: float, unit: str) -> str:
    if value == float("inf"):
        return f"> {PREVIEW_TIMEOUT:.0f}"
    if unit == "MB":
        return f"{value:.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def cell(size: Size, key: str, unit: str) -> str:
    values = size.values.get(key, [])
    failed = size.failed.get(key, 0)
    if not values:
        return "failed" if failed else "—"
    median = statistics.median(values)
    text = f"{_fmt(median, unit)} {unit}"
    if median == float("inf"):
        text = f"> {PREVIEW_TIMEOUT:.0f} s"
    if len(values) > 1:
        text += f" ({_fmt(min(values), unit)}–{_fmt(max(values), unit)})"
    if failed:
        text += f", {failed} failed"
    return text


def _done(size: Size) -> int:
    """Runs that got at least as far as the cold build (fewer than asked if interrupted)."""
    return len(size.values.get("cold", [])) + size.failed.get("cold", 0)


def _median(size: Size, key: str) -> float | None:
    values = size.values.get(key)
    return statistics.median(values) if values else None


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "—"


TIMED = [  # commands whose CPU time is shown in the second table
    ("cold", "`bangvang build`, cold"),
    ("same", "Material, same pages, no hooks"),
    ("pagefind", "Pagefind alone on that site"),
    ("plain", "Material, N plain 400-word pages"),
    ("warm", "`bangvang build`, warm (no change)"),
    ("check", "`bangvang check` alone"),
]


def _ratios(sizes: list[Size], line, suffix: str = "") -> None:
    """The goal ratios, from the medians of the keys with that suffix ("" or "_cpu")."""
    def m(size, key):
        return _median(size, key + suffix)

    line("cold / (Material same pages + Pagefind alone)", "≤ 1.1 at 6,000", [
        _ratio(m(s, "cold"), m(s, "same") + m(s, "pagefind")
               if m(s, "same") and m(s, "pagefind") else None) for s in sizes])
    line("cold / Material plain pages", "≤ 2 at 6,000",
         [_ratio(m(s, "cold"), m(s, "plain")) for s in sizes])
    growth = ["—"]
    for previous, current in zip(sizes, sizes[1:]):
        r = _ratio(m(current, "cold"), m(previous, "cold"))
        growth.append(f"{r} (records ×{current.n / previous.n:.1f})" if r != "—" else r)
    line("cold / cold of the previous size", "≤ 3.3 for 6,000 / 2,000", growth)
    line("warm / cold", "≤ 0.20", [_ratio(m(s, "warm"), m(s, "cold")) for s in sizes])


def table(sizes: list[Size]) -> str:
    """Wall times (what the school waits) then CPU times (less sensitive to the load)."""
    head = "| " + " | ".join(["", "goal", *[f"{s.n:,} records" for s in sizes]]) + " |"
    rule = "|---|---" + "|---:" * len(sizes) + "|"
    out = [head, rule]

    def line(label: str, goal: str, values: list[str]) -> None:
        out.append(f"| {label} | {goal} | " + " | ".join(values) + " |")

    line("runs (HTML pages of the site)", "", [
        f"{_done(s)} ({s.sizes['html_pages']:,})" if s.sizes else str(_done(s)) for s in sizes])
    for key, label, unit, goal in ROWS:
        line(label.replace("  ", "&nbsp;&nbsp;"), goal, [cell(s, key, unit) for s in sizes])
    line("largest HTML page", "≤ 300 KB", [
        f"{s.sizes['largest_kb']:.0f} KB ({s.sizes['largest_page']})" if s.sizes else "—"
        for s in sizes])
    line("largest record page (exemplar)", "≤ 20 KB", [
        f"{s.sizes['record_kb']:.1f} KB" if s.sizes and s.sizes["record_kb"] else "—"
        for s in sizes])
    _ratios(sizes, line)
    out += ["", "CPU time (user + system seconds of the whole process tree):", "", head, rule]
    for key, label in TIMED:
        line(label, "", [cell(s, key + "_cpu", "s") for s in sizes])
    _ratios(sizes, line, "_cpu")
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
                        help="a fast sanity run: 100 records, 1 run, docs not written")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmark.md")
    parser.add_argument("--json", type=Path, help="also save the raw figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.no_write = "100", "1", True
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
            bench_search.generate(template, n, story_words=STORY_WORDS, awards_each=AWARDS_EACH)
            print(f"generated a school of {n:,} records in {time.perf_counter() - started:.1f} s",
                  flush=True)
            sizes.append(Size(n, count, template))
        for index in range(max(runs)):
            print(f"run {index + 1} (load average {_load()})", flush=True)
            for size in sizes:
                if index < size.runs:
                    one_run(size, base, index)
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
    if not args.no_write:
        write_docs(text)


if __name__ == "__main__":
    main()
