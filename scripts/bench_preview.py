"""The preview's part of the build benchmark (scripts/bench_build.py): `bangvang serve` on a
generated school, edits made as a school makes them, timed from the file write.

For each edit (a story's text, its summary, an award line of its honour roll) two figures:
"visible", until the exemplar's page (fetched every 0.1 s) shows a new word, and
"consistent", until the preview's whole pass after that edit has finished (MkDocs' own
"Documentation built" line in the server's log; the search index follows in the background
and is not waited for). Also the first answer after starting, and the server's CPU while
idle (nothing edited, no page fetched): user + system ticks of its whole process tree from
/proc over IDLE seconds, as a share of one core.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from bench_process import session_processes

EXEMPLAR = "nguoi-00000"                     # the exemplar edited during serve
EXEMPLAR_URL = "/guong-dien-hinh/{id}/"
PREVIEW_TIMEOUT = 180.0                      # seconds from the edit to the page showing it
POLL = 0.1
IDLE = 30.0                                  # seconds of idle CPU measured
BUILT = "Documentation built in"             # MkDocs' line at the end of each whole pass
EDITS = ("story", "summary", "award")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


# ----------------------------------------------------------------------------- edits

def edit_story(project: Path, exemplar: str, word: str) -> None:
    """A new last paragraph in the exemplar's story (front matter untouched)."""
    story = project / "exemplars" / f"{exemplar}.md"
    story.write_text(story.read_text("utf-8").rstrip("\n") + f"\n\nTừ mới {word}.\n", "utf-8")


def edit_summary(project: Path, exemplar: str, word: str) -> None:
    """The exemplar's summary gets a word (a front-matter edit)."""
    story = project / "exemplars" / f"{exemplar}.md"
    text = story.read_text("utf-8")
    edited = re.sub(r'^summary: "(.*)"$', lambda m: f'summary: "{m.group(1)} Từ mới {word}."',
                    text, count=1, flags=re.M)
    if edited == text:
        raise RuntimeError(f"{story} has no summary line")
    story.write_text(edited, "utf-8")


def edit_award(project: Path, exemplar: str, word: str) -> None:
    """The decision number of the exemplar's first award line (an honour roll's line)."""
    for roll in sorted((project / "exemplars" / "honours").glob("*.yml")):
        text = roll.read_text("utf-8")
        pattern = re.compile(rf"(  - recipient: {re.escape(exemplar)}\n(?:    .*\n)*?"
                             r"    decision: \{number: )([^,]+)")
        edited, count = pattern.subn(lambda m: f"{m.group(1)}{word}-{m.group(2)}", text, count=1)
        if count:
            roll.write_text(edited, "utf-8")
            return
    raise RuntimeError(f"no award line cites {exemplar}")


def add_student(project: Path, name: str = "Trần Thị Minh Thư") -> None:
    """One more student on the newest honour roll, at her role's default consent (initials):
    a new hidden name, the commonest edit of a roll. Her decision is the roll's last one."""
    roll = sorted((project / "exemplars" / "honours").glob("*.yml"))[-1]
    text = roll.read_text("utf-8")
    decision = re.findall(r"^    decision: (.*)$", text, flags=re.M)[-1]
    roll.write_text(text.rstrip("\n") + f"\n  - recipient: {name}\n    role: student\n"
                    f'    unit: "7A3"\n    title: hoc-sinh-xuat-sac\n    level: truong\n'
                    f"    decision: {decision}\n", "utf-8")


EDIT = {"story": edit_story, "summary": edit_summary, "award": edit_award}


# ----------------------------------------------------------------------------- the server

def _tree_ticks(session: int) -> int:
    """utime + stime (clock ticks) of every live process of a session."""
    return sum(int(rest[11]) + int(rest[12]) for _pid, rest in session_processes(session))


def _log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def _wait_pass(log, passes: int, deadline: float) -> bool:
    """Until the log shows more than `passes` whole passes."""
    while time.perf_counter() < deadline:
        if _log_text(log).count(BUILT) > passes:
            return True
        time.sleep(POLL)
    return False


def measure(project: Path, python: str, env: dict, startup_timeout: float, live: set[int],
            stop, idle: float = IDLE) -> dict:
    """Start `bangvang serve` on the project; first answer, idle CPU and the three edits."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([python, "-m", "bangvang", "--root", str(project), "serve", "--addr",
                             f"127.0.0.1:{port}"], cwd=project, stdout=log,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    live.add(proc.pid)
    result: dict = {"startup": None, "why": ""}
    page = base + EXEMPLAR_URL.format(id=EXEMPLAR)
    try:
        while time.perf_counter() < start + startup_timeout and proc.poll() is None:
            if get(page, timeout=5) is not None:
                result["startup"] = time.perf_counter() - start
                break
            time.sleep(POLL)
        if result["startup"] is None:
            result["why"] = ("server exited" if proc.poll() is not None else
                             f"no answer within {startup_timeout:.0f} s")
            return result
        # Settled: the first pass's search index (a background Pagefind run) is done.
        settle = time.perf_counter() + startup_timeout
        while "Chỉ mục tìm kiếm" not in _log_text(log) and time.perf_counter() < settle:
            time.sleep(0.5)
        time.sleep(2)
        before, t0 = _tree_ticks(proc.pid), time.perf_counter()
        time.sleep(idle)
        ticks = _tree_ticks(proc.pid) - before
        result["idle"] = ticks / os.sysconf("SC_CLK_TCK") / (time.perf_counter() - t0)
        for what in EDITS:
            _one_edit(project, what, page, log, proc, result)
            if result["why"]:
                break
        return result
    finally:
        stop(proc.pid)
        proc.wait()
        live.discard(proc.pid)
        if result["why"]:
            lines = _log_text(log).strip().splitlines()
            result["log"] = "\n".join("      | " + line for line in lines[-15:])
        log.close()


def _one_edit(project: Path, what: str, page: str, log, proc, result: dict) -> None:
    passes = _log_text(log).count(BUILT)
    word = "bvthu" + uuid.uuid4().hex[:10]
    EDIT[what](project, EXEMPLAR, word)
    written = time.perf_counter()
    deadline = written + PREVIEW_TIMEOUT
    while time.perf_counter() < deadline:
        body = get(page, timeout=max(1.0, deadline - time.perf_counter()))
        if body is not None and word in body:
            result[f"{what}_visible"] = time.perf_counter() - written
            break
        if proc.poll() is not None:
            result["why"] = f"server exited after the {what} edit"
            return
        time.sleep(POLL)
    else:
        result[f"{what}_visible"] = float("inf")
    if _wait_pass(log, passes, deadline):
        result[f"{what}_consistent"] = time.perf_counter() - written
    else:
        result[f"{what}_consistent"] = float("inf")
    time.sleep(1)   # let the pass's own tail (exports, the search index started) begin
