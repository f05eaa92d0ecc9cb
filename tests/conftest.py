"""Shared fixtures: small projects in temporary folders, and running the real commands."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini-school"
# What a project needs besides its records: the vocabulary, the site config and the glue.
PROJECT_FILES = ("mkdocs.yml", "hooks", "overrides", "content", "data/vocabulary.yml")


def make_project(target: Path, records: Path | None = MINI) -> Path:
    """A project folder: the repository's config and hand-written pages + given records."""
    target.mkdir(parents=True, exist_ok=True)
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
    return built_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "school")


def run_bangvang(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "bangvang", "--root", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=root)


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
