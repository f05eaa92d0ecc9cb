"""Shared fixtures: small projects in temporary folders, and running the real commands."""
from __future__ import annotations

import atexit
import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest

from bangvang.exports.share import CARD_CACHE

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini-school"
# What a project needs besides its records: the vocabulary, the site config and the glue.
PROJECT_FILES = ("mkdocs.yml", "hooks", "overrides", "content", "data/vocabulary.yml")


# Share cards (sharecards.py) are cached in a project's .build/cache/chia-se/ by a key of their
# text, font, Pillow and drawing version: drawing the cards of the mini school's pages takes
# about a second of each build. The cards any build of this session drew are kept here and
# put into each new project's cache, as a warm build of the school has them; a card of new
# text is still drawn. The demo build and tests/test_reproducible.py start cold.
_CARDS = Path(tempfile.mkdtemp(prefix="bangvang-test-cards-"))
atexit.register(shutil.rmtree, _CARDS, True)


def _keep_cards(root: Path) -> None:
    """Keep the cards a command drew in `root` for the next projects (see _CARDS)."""
    folder = root / CARD_CACHE
    if folder.is_dir():
        for card in folder.glob("*.png"):
            if not (_CARDS / card.name).exists():
                shutil.copyfile(card, _CARDS / f"{card.name}.tmp")
                os.replace(_CARDS / f"{card.name}.tmp", _CARDS / card.name)


def make_project(target: Path, records: Path | None = MINI, cards: bool = True) -> Path:
    """A project folder: the repository's config and hand-written pages + given records;
    `cards`: with the share cards drawn earlier in the session in its cache (see _CARDS)."""
    target.mkdir(parents=True, exist_ok=True)
    if cards and any(_CARDS.iterdir()):
        shutil.copytree(_CARDS, target / CARD_CACHE, dirs_exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("posts") if name == "content" else None)
        elif source.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if records is not None:
        shutil.copytree(records, target, dirs_exist_ok=True)
    return target


_DEMO: dict[str, Path] = {}


def built_demo(base: Path) -> Path:
    """The repository's demo school copied under `base` and built with `bangvang build`, once
    per test session: every test that reads the demo site shares this build."""
    if "root" not in _DEMO:
        root = base / "demo-school"
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
            ".venv", ".git", "site", ".build", "__pycache__", ".pytest_cache", "tests",
            ".site-*", "giay-khen", "backups"))
        result = run_bangvang(root, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        _DEMO["root"] = root
    return _DEMO["root"]


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory) -> Path:
    if os.environ.get("PYTEST_XDIST_WORKER") and os.name == "posix":
        # pytest-xdist: the workers share one build, in the folder above their own temporary
        # folders; the first to come builds it while the others wait on the lock.
        import fcntl
        shared = tmp_path_factory.getbasetemp().parent / "demo-shared"
        shared.mkdir(exist_ok=True)
        with open(shared / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = shared / ".built"
            if done.exists():
                return shared / "demo-school"
            root = built_demo(shared)
            done.touch()
            return root
    return built_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "school")


# Commands run in this process by default, through the CLI's own entry point (`bangvang
# build` runs MkDocs in its process anyway): a new interpreter costs seconds of imports per
# command. BANGVANG_TEST_SUBPROCESS=1 runs every command in a new interpreter, as a user does;
# tests about processes themselves (signals, kills, two builds at once) use
# run_bangvang_process.
IN_PROCESS = os.environ.get("BANGVANG_TEST_SUBPROCESS") != "1"


def run_bangvang_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m bangvang --root ROOT ARGS…` in a new interpreter, output captured."""
    env = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "bangvang", "--root", str(root), *args],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=root)
    _keep_cards(root)
    return result


def _fresh_mkdocs() -> None:
    """What a new interpreter starts without: the console handler the build glue puts on
    MkDocs' logger (it holds the stderr of the command that created it, and each command here
    has its own), and the plugins MkDocs keeps for the next build of a `serve` (the blog
    plugin's temporary folder is gone after its first build's shutdown)."""
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if getattr(h, "bangvang", False)]:
        logger.removeHandler(handler)
    try:
        from mkdocs.config.defaults import MkDocsConfig
    except ImportError:
        return
    for _name, option in MkDocsConfig._schema:
        if hasattr(option, "plugin_cache"):
            option.plugin_cache.clear()


def run_bangvang_in_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`bangvang --root ROOT ARGS…` through bangvang.commands.cli.main in this process, from the
    project's folder, stdout and stderr captured; an exception is printed as the traceback
    a user would see, with exit code 1."""
    from bangvang.commands import cli
    out, err = io.StringIO(), io.StringIO()
    saved_env = os.environ.copy()
    os.environ.update({"PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"})
    _fresh_mkdocs()
    try:
        with contextlib.chdir(root), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                code = cli.main(["--root", str(root), *args])
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            except Exception:
                err.write(traceback.format_exc())
                code = 1
    finally:
        _fresh_mkdocs()
        _keep_cards(root)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["bangvang", "--root", str(root), *args], code,
                                       out.getvalue(), err.getvalue())


def run_bangvang(root: Path, *args: str) -> subprocess.CompletedProcess:
    if IN_PROCESS:
        return run_bangvang_in_process(root, *args)
    return run_bangvang_process(root, *args)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="tests/test_snapshot.py: write the generated pages as the new snapshot")
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="tests/test_fuzz.py: 3,000 random projects instead of about 150")
