"""A failed, interrupted or killed build never takes the public site down (bangvang/commands/publish.py).

Unit tests drive publish() with fake build functions; the end-to-end tests build the
mini-school project with `bangvang build`, make Pagefind fail, and interrupt real builds with
SIGINT and SIGKILL at moments spread over a normal build.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bangvang.commands import publish
from bangvang.commands.publish import PublishError
from conftest import REPO, make_project, run_bangvang, run_bangvang_process

POSIX = os.name == "posix"


def digest(folder: Path) -> str:
    """Hash of every file's path and bytes (and of empty folders) under `folder`."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file():
            total.update(b"F" + relative.encode() + b"\0" + path.read_bytes() + b"\0")
        elif path.is_dir() and not any(path.iterdir()):
            total.update(b"D" + relative.encode() + b"\0")
    return total.hexdigest()


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()
                  if p.name.startswith((".site-new-", ".site-old-", ".site-build.lock")))


def old_site(root: Path) -> Path:
    site = root / "site"
    (site / "tin-tuc").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Trang cũ</h1>", encoding="utf-8")
    (site / "tin-tuc/index.html").write_text("tin cũ", encoding="utf-8")
    (site / "rong").mkdir()
    return site


def new_site(staging: Path) -> None:
    (staging / "pagefind").mkdir()
    (staging / "index.html").write_text("<h1>Trang mới</h1>", encoding="utf-8")
    (staging / "pagefind/pagefind.js").write_text("// chỉ mục", encoding="utf-8")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def child_env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO),
                                                         os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(params=["exchange", "two-renames"])
def swap_kind(request, monkeypatch):
    """Both ways of putting the new site in place: Linux's atomic exchange and two renames."""
    if request.param == "two-renames":
        monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    elif not sys.platform.startswith("linux"):
        pytest.skip("renameat2(RENAME_EXCHANGE) exists only on Linux")
    return request.param


# --- publish() with fake builds ---------------------------------------------------------

def test_success_replaces_the_site_and_leaves_nothing_behind(tmp_path, swap_kind):
    site = old_site(tmp_path)
    before = digest(site)
    seen = {}

    def build(staging: Path) -> None:
        seen["staging"] = staging
        assert staging.parent == tmp_path and staging.name.startswith(f".site-new-{os.getpid()}-")
        assert digest(site) == before                  # the public site untouched meanwhile
        new_site(staging)

    publish.publish(tmp_path, build)
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>Trang mới</h1>"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == \
        ["index.html", "pagefind", "pagefind/pagefind.js"]
    assert not seen["staging"].exists()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="atomic exchange: Linux only")
def test_the_site_never_goes_missing_while_it_is_replaced(tmp_path):
    site = old_site(tmp_path)
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not (site / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(10):
            publish.publish(tmp_path, new_site)
    finally:
        stop.set()
        watcher.join()
    assert missing == []


@pytest.mark.parametrize("stop", [RuntimeError("hỏng"), KeyboardInterrupt(), SystemExit(2)],
                         ids=["exception", "ctrl-c", "exit"])
def test_a_failed_build_leaves_the_site_byte_identical(tmp_path, stop):
    site = old_site(tmp_path)
    before = digest(site)

    def build(staging: Path) -> None:
        new_site(staging)                              # half-written, then it stops
        raise stop

    with pytest.raises(type(stop)):
        publish.publish(tmp_path, build)
    assert digest(site) == before
    assert leftovers(tmp_path) == []


def test_an_empty_build_is_not_published(tmp_path):
    site = old_site(tmp_path)
    before = digest(site)
    with pytest.raises(PublishError, match="không có tệp nào"):
        publish.publish(tmp_path, lambda staging: None)
    assert digest(site) == before and leftovers(tmp_path) == []


def test_the_very_first_build_creates_the_site(tmp_path, swap_kind):
    publish.publish(tmp_path, new_site)
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not POSIX, reason="SIGTERM to oneself: POSIX")
def test_sigterm_during_a_build_stops_it_like_ctrl_c_and_handlers_are_restored(tmp_path):
    site = old_site(tmp_path)
    before = digest(site)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}

    def build(staging: Path) -> None:
        new_site(staging)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)                                 # interrupted long before

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        publish.publish(tmp_path, build)
    assert time.monotonic() - start < 5
    assert digest(site) == before and leftovers(tmp_path) == []
    assert {s: signal.getsignal(s) for s in handlers} == handlers
    publish.publish(tmp_path, new_site)                # and after a success too
    assert {s: signal.getsignal(s) for s in handlers} == handlers


@pytest.mark.skipif(not POSIX, reason="SIGKILL: POSIX")
def test_a_build_killed_between_the_two_renames_is_recovered(tmp_path):
    site = old_site(tmp_path)
    before = digest(site)
    # A real process, killed right after site/ was renamed away and before the new one came.
    script = textwrap.dedent("""
        import os, signal, sys
        from pathlib import Path
        from bangvang.commands import publish
        publish._exchange = lambda first, second: False
        real = os.replace
        def replace(source, target):
            real(source, target)
            if Path(source).name == "site":
                os.kill(os.getpid(), signal.SIGKILL)
        publish.os.replace = replace
        def build(staging):
            (staging / "index.html").write_text("mới", encoding="utf-8")
        publish.publish(Path(sys.argv[1]), build)
    """)
    child = subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=child_env(),
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert not site.exists()
    assert [name[:10] for name in leftovers(tmp_path)] == [".site-buil", ".site-new-",
                                                           ".site-old-"]
    seen = {}

    def build(staging: Path) -> None:
        seen["restored"] = digest(site)                # put back before the build started
        raise RuntimeError("hỏng")

    with pytest.raises(RuntimeError):
        publish.publish(tmp_path, build)
    assert seen["restored"] == before and digest(site) == before
    assert leftovers(tmp_path) == []


def test_recover_alone_puts_the_old_site_back(tmp_path):
    site = old_site(tmp_path)
    before = digest(site)
    site.rename(tmp_path / f".site-old-{dead_pid()}-0a1b2c3d")
    publish.recover(tmp_path)
    assert digest(site) == before and leftovers(tmp_path) == []
    publish.recover(tmp_path)                          # nothing to do: nothing happens
    assert digest(site) == before and leftovers(tmp_path) == []


def test_leftovers_of_dead_builds_are_removed_those_of_running_ones_kept(tmp_path):
    old_site(tmp_path)
    gone = dead_pid()
    for name in (f".site-new-{gone}-0a1b2c3d", f".site-old-{gone}-00ff00ff",
                 f".site-new-{os.getppid()}-12345678"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub/page.html").write_text("x", encoding="utf-8")
    (tmp_path / ".site-new-notes").mkdir()             # not ours: other names stay
    publish.publish(tmp_path, new_site)
    assert leftovers(tmp_path) == [f".site-new-{os.getppid()}-12345678", ".site-new-notes"]


def test_a_second_build_at_the_same_time_stops_with_a_message(tmp_path):
    site = old_site(tmp_path)
    ready, go = tmp_path / "ready", tmp_path / "go"
    script = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from bangvang.commands import publish
        root = Path(sys.argv[1])
        def build(staging):
            (staging / "index.html").write_text("của tiến trình kia", encoding="utf-8")
            (root / "ready").touch()
            deadline = time.monotonic() + 30
            while not (root / "go").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        publish.publish(root, build)
    """)
    other = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], env=child_env())
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and other.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists()
        with pytest.raises(PublishError) as raised:
            publish.publish(tmp_path, new_site)
        assert "đang chạy" in str(raised.value) and str(other.pid) in str(raised.value)
        with pytest.raises(PublishError, match="đang chạy"):
            publish.recover(tmp_path)
    finally:
        go.touch()
        assert other.wait(timeout=30) == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "của tiến trình kia"
    publish.publish(tmp_path, new_site)                # free again
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>Trang mới</h1>"


def test_a_build_inside_a_build_is_refused(tmp_path):
    site = old_site(tmp_path)
    before = digest(site)

    def build(staging: Path) -> None:
        publish.publish(tmp_path, new_site)

    with pytest.raises(PublishError, match=f"tiến trình số {os.getpid()}"):
        publish.publish(tmp_path, build)
    assert digest(site) == before and leftovers(tmp_path) == []


def test_the_lock_of_a_dead_build_is_taken_over(tmp_path):
    old_site(tmp_path)
    (tmp_path / ".site-build.lock").write_text(f"{dead_pid()}\n", encoding="utf-8")
    publish.publish(tmp_path, new_site)
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()
    assert leftovers(tmp_path) == []


def test_a_briefly_locked_folder_is_retried(tmp_path, monkeypatch, swap_kind):
    site = old_site(tmp_path)
    monkeypatch.setattr(publish, "RETRY_PAUSE", 0.001)
    real, refusals = os.replace, []

    def replace(source, target):
        if len(refusals) < 2:                          # as Windows does while a scan runs
            refusals.append(source)
            raise PermissionError(13, "Access is denied", str(source))
        real(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    publish.publish(tmp_path, new_site)
    assert len(refusals) == 2
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>Trang mới</h1>"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("refused", ["site", "staging"])
def test_a_folder_kept_open_gives_a_message_and_the_old_site(tmp_path, monkeypatch, refused):
    site = old_site(tmp_path)
    before = digest(site)
    monkeypatch.setattr(publish, "RETRY_PAUSE", 0.001)
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    real = os.replace

    def replace(source, target):
        name = Path(source).name
        if (name == "site") if refused == "site" else name.startswith(".site-new-"):
            raise PermissionError(13, "Access is denied", str(source))
        real(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(PublishError) as raised:
        publish.publish(tmp_path, new_site)
    assert "đóng các cửa sổ thư mục" in str(raised.value) and raised.value.site_kept
    assert digest(site) == before and leftovers(tmp_path) == []


def test_the_project_folder_itself_is_never_swapped(tmp_path):
    for folder in (".", "", ".."):
        with pytest.raises(PublishError, match="không được là thư mục dự án"):
            publish.publish(tmp_path / "school", new_site, folder)


# --- `bangvang build` of the mini-school, end to end ------------------------------------

def shape(site: Path) -> tuple:
    """What a complete build has: its files (the search index's hashed names aside) and a
    search index whose entry points at files that exist."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = frozenset(f for f in files if not f.startswith("pagefind/"))
    index = sorted(f.split("/")[1] if f.count("/") > 1 else "" for f in files - pages)
    entry = site / "pagefind/pagefind-entry.json"
    whole = entry.is_file() and all(
        (site / f"pagefind/pagefind.{language['hash']}.pf_meta").is_file()
        for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
    return pages, tuple(index), whole


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("publish") / "school")
    first = run_bangvang(root, "build")                 # the first build of a fresh project
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Đã đưa trang web mới vào thư mục site/." in first.stdout
    start = time.monotonic()
    # An ordinary one, in a new interpreter like the interrupted ones, to time the moments.
    result = run_bangvang_process(root, "build", "--force")
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stdout + result.stderr
    normal = shape(root / "site")
    assert normal[2] and "index.html" in normal[0]
    assert leftovers(root) == []
    return root, seconds, normal


def test_a_late_failure_pagefind_keeps_the_published_site(built):
    root, _seconds, _normal = built
    before = digest(root / "site")
    env = {**os.environ, "BANGVANG_PAGEFIND": "/bin/false", "PYTHONUTF8": "1"}
    result = subprocess.run([sys.executable, "-m", "bangvang", "--root", str(root), "build", "--force"],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=root,
                            timeout=120)
    assert result.returncode != 0
    assert "không tạo được chỉ mục tìm kiếm" in result.stdout + result.stderr
    assert "Trang web cũ vẫn giữ nguyên." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(root / "site") == before
    assert leftovers(root) == []


@pytest.mark.skipif(not POSIX, reason="process groups and SIGKILL: POSIX")
def test_interrupted_and_killed_builds_never_take_the_site_down(built):
    root, seconds, normal = built
    env = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"}
    tried, held, outcomes, at_startup = 0, 0, [], 0
    # Ctrl-C and kill -9 reach the whole process group (bangvang, MkDocs, Pagefind);
    # SIGTERM the bangvang process only, which then has to stop MkDocs itself.
    moments = [(fraction, sig) for fraction in (0.15, 0.4, 0.65, 0.85, 0.97)
               for sig in (signal.SIGINT, signal.SIGKILL)] + [(0.6, signal.SIGTERM)]
    for fraction, sig in moments:
        before = digest(root / "site")
        process = subprocess.Popen(
            [sys.executable, "-m", "bangvang", "--root", str(root), "build", "--force"], cwd=root,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        time.sleep(seconds * fraction)
        try:
            if sig == signal.SIGTERM:
                process.terminate()
            else:
                os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass                                       # already finished
        output = process.communicate(timeout=60)[0].decode("utf-8", "replace")
        if sig == signal.SIGTERM:                      # MkDocs and Pagefind were stopped too
            with pytest.raises(ProcessLookupError):
                os.killpg(process.pid, 0)
        try:
            os.killpg(process.pid, signal.SIGKILL)     # nothing of the group lives on
        except (ProcessLookupError, PermissionError):
            pass
        tried += 1
        site = root / "site"
        after = "missing" if not site.is_dir() else \
            "unchanged" if digest(site) == before else \
            "new" if shape(site) == normal else "BROKEN"
        held += after in ("unchanged", "new")
        if "Traceback" in output and "Hồ sơ hợp lệ" not in output and \
                "KeyboardInterrupt" in output:
            at_startup += 1    # Ctrl-C while Python still imports, before main() runs
        else:
            assert "Traceback" not in output, output
        outcomes.append(f"{sig.name}@{fraction:.0%}: exit {process.returncode}, {after}")
    print(f"\n{tried} interrupts tried, {held} held ({at_startup} came while Python was "
          "still importing and printed its KeyboardInterrupt traceback): " + "; ".join(outcomes))
    assert held == tried, outcomes
    result = run_bangvang(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert shape(root / "site") == normal
    assert leftovers(root) == []
