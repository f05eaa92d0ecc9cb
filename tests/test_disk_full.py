"""`bangvang build` on a full disk (or a used-up quota): a Vietnamese message, exit code 1,
the previous site/ as it was, no staging folder left behind."""
from __future__ import annotations

import errno
import hashlib

import pytest

from bangvang.commands import cli
from bangvang.exports import exports
from bangvang import pipeline

from conftest import make_project, run_bangvang_in_process   # faults are injected in process


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("disk-full") / "school")
    first = run_bangvang_in_process(root, "build")
    assert first.returncode == 0, first.stderr
    return root


def _fingerprint(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _full(number: int, where: str = "x.html"):
    def fail(*_args, **_kwargs):
        raise OSError(number, "No space left on device", where)
    return fail


def _glue_failing(monkeypatch, failure) -> None:
    """The build glue, loaded as the command loads it, with build_site failing."""
    load = cli._glue

    def failing(root, name="bangvang_build"):
        module = load(root, name)
        if name == "bangvang_build":
            module.build_site = failure
        return module
    monkeypatch.setattr(cli, "_glue", failing)


def _assert_refused(root, before, result) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert any(ord(c) > 127 for c in result.stderr)     # a Vietnamese message
    assert any(c.isdigit() for c in result.stderr)      # with the size of the previous site
    assert _fingerprint(root / "site") == before        # site/ untouched
    assert not list(root.glob(".site-new-*")) and not list(root.glob(".site-old-*"))


@pytest.mark.parametrize("number", [errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)],
                         ids=["ENOSPC", "EDQUOT"])
def test_disk_full_while_mkdocs_writes(built, monkeypatch, number):
    before = _fingerprint(built / "site")
    _glue_failing(monkeypatch, lambda root, staging, result: _full(
        number, str(staging / "index.html"))())
    _assert_refused(built, before, run_bangvang_in_process(built, "build", "--force"))


def test_disk_full_while_writing_exports(built, monkeypatch):
    """Inside MkDocs (the glue's on_post_build writes the data files and feeds)."""
    before = _fingerprint(built / "site")
    monkeypatch.setattr(exports, "write_site_files", _full(errno.ENOSPC))
    _assert_refused(built, before, run_bangvang_in_process(built, "build", "--force"))


def test_disk_full_while_writing_generated_pages(built, monkeypatch):
    """Before MkDocs: the generated pages are written into .build/."""
    before = _fingerprint(built / "site")
    monkeypatch.setattr(pipeline, "write_output", _full(errno.ENOSPC))
    _assert_refused(built, before, run_bangvang_in_process(built, "build", "--force"))


def test_other_build_errors_still_surface(built, monkeypatch):
    """Only a full disk is turned into the message: another OSError is not hidden as one."""
    before = _fingerprint(built / "site")
    _glue_failing(monkeypatch, _full(errno.EIO))
    result = run_bangvang_in_process(built, "build", "--force")
    assert result.returncode == 1
    assert "đầy" not in result.stderr
    assert _fingerprint(built / "site") == before
