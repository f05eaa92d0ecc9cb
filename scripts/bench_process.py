"""Processes of the build benchmark (scripts/bench_build.py): a command run in its own
session, with its wall time, the CPU time of its whole process tree (os.wait4) and its peak
memory (the kernel's ru_maxrss, and the sum over the tree sampled from /proc).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = 0.25                                # seconds between two RSS samples of the process tree
ENV = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1",
       "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
PY = sys.executable
_live: set[int] = set()                      # process groups to stop if we are interrupted


@dataclass
class Outcome:
    ok: bool
    seconds: float
    cpu: float = 0.0          # user + system seconds of the whole process tree
    peak_mb: float = 0.0      # largest single process (kernel's ru_maxrss, as /usr/bin/time -v)
    tree_mb: float = 0.0      # largest sampled sum of RSS over the process tree
    largest: str = ""         # the process seen largest in the samples, e.g. "pagefind 380 MB"
    own_mb: float = 0.0       # the largest `bangvang` process seen (the project's own)
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


def session_processes(session: int):
    """(pid, the fields of /proc/<pid>/stat after the command's name) of every live process
    of a session."""
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
            yield entry.name, rest


def _session_rss(session: int, largest: dict[str, int]) -> int:
    """Summed resident memory (bytes) of every process of a session, from /proc; `largest`
    keeps the biggest size seen for each process name."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid, rest in session_processes(session):
        rss = int(rest[21]) * page
        total += rss
        name = _name(pid)
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
                   own_mb=largest.get("bangvang", 0) / 2**20, out=text_out, err=text_err,
                   why=why)


def tail(outcome: Outcome, lines: int = 15) -> str:
    text = (outcome.err.strip() or outcome.out.strip()).splitlines()
    return "\n".join("      | " + line for line in text[-lines:])
