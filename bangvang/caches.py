"""Files under .build/cache/: what one pass keeps for the next (rendered pages, verdicts,
Markdown, QR codes). Each is written whole under a name of this process and renamed into
place, so a reader (another build, the preview) sees the old file or the new one, never a
part; a cache that cannot be read is simply not used."""
from __future__ import annotations

import contextlib
import io
import os
import pickle
import tempfile
from pathlib import Path

SCRATCH = Path(".build") / "tam"   # the project's own temporary folders (scratch())


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class PlainUnpickler(pickle.Unpickler):
    """Builds plain values only (lists, dicts, tuples, strings, bytes, numbers) and the
    classes `allowed` ((module, name) pairs): a cache file put there by somebody else cannot
    run code, at worst it misses."""

    def __init__(self, file, allowed: frozenset[tuple[str, str]] = frozenset()):
        super().__init__(file)
        self.allowed = allowed

    def find_class(self, module: str, name: str):
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a plain value")


# What reading a cache file may raise when it is missing, torn or not ours.
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
              IndexError, KeyError, MemoryError)


def read_plain(path: Path, allowed: frozenset[tuple[str, str]] = frozenset()):
    """The values pickled in `path` (PlainUnpickler), or None when it is missing, torn or
    holds anything else."""
    try:
        with open(path, "rb") as file:
            return PlainUnpickler(io.BytesIO(file.read()), allowed).load()
    except UNREADABLE:
        return None


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
