"""Files under .build/cache/: what one pass keeps for the next (rendered pages, verdicts,
Markdown, QR codes). Each is written whole under a name of this process and renamed into
place, so a reader (another build, the preview) sees the old file or the new one, never a
part; a cache that cannot be read is simply not used."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

SCRATCH = Path(".build") / "tam"   # the project's own temporary folders (scratch())


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def scratch(root: Path, prefix: str) -> Path:
    """A new empty folder for one run's temporary files, inside the project (nothing is read
    or written outside it, not even in the system's temporary folder); the caller removes it.
    A run that was killed leaves it under .build/tam/, which `bangvang build` never reads."""
    folder = Path(root) / SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder))


@contextlib.contextmanager
def temporary_files_inside(root: Path):
    """Every temporary file of one command inside the project's .build/tam/: Python's
    `tempfile` (MkDocs and Material's blog plugin use it) and the programs the command runs
    (Pagefind, Tesseract, Chromium read TMPDIR). A project holds names of children; its
    drafts and previews must not end up in the machine's shared temporary folder. Only for a
    folder that is a project (it has mkdocs.yml or data/): `bangvang new` run elsewhere
    writes nothing beside it."""
    root = Path(root)
    if not ((root / "mkdocs.yml").is_file() or (root / "data").is_dir()):
        yield
        return
    folder = (root / SCRATCH).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    saved_dir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir, os.environ["TMPDIR"] = str(folder), str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
