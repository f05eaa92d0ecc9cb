"""A warm district build keeps what did not change from the site it replaces: a file whose
bytes are the ones the previous build wrote is hard-linked from the previous site into the
staging folder instead of written again, and when no page of the search changed, the
previous Pagefind index is linked whole instead of rebuilt (Pagefind has no incremental
mode: any change re-indexes every page).

The previous build's files are known by `.build/cache/site-phong.json`: site path → [sha256,
size, mtime]; a file of site/ whose size or time differ (edited by hand) is written again.
The record is saved only after the new site is in place (build.py), so it always describes
the published site. Nothing ever writes into a linked file: every build writes new files
into a new staging folder (commands/publish.py), so the two names cannot diverge.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

STATE_FILE = ".build/cache/site-phong.json"
INDEX_KEY = "#pagefind"        # the state's entry for the search index: [digest, pages]


class Reuse:
    def __init__(self, root: Path, previous: Path | None):
        self.root, self.previous = Path(root), previous
        self.before = self._read() if previous is not None else {}
        self.after: dict[str, list] = {}
        self.kept = self.written = 0
        self._folders: set[Path] = set()

    def _read(self) -> dict:
        try:
            state = json.loads((self.root / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def write(self, staging: Path, files: dict[str, bytes]) -> None:
        """Every file into `staging`: linked when the previous site holds the same bytes."""
        for path, data in files.items():
            digest = hashlib.sha256(data).hexdigest()
            target = staging / path
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            if self._link(path, target, digest):
                self.kept += 1
            else:
                target.write_bytes(data)
                self.written += 1
            found = os.stat(target)
            self.after[path] = [digest, found.st_size, found.st_mtime_ns]

    def _link(self, path: str, target: Path, digest: str) -> bool:
        recorded = self.before.get(path)
        if self.previous is None or not isinstance(recorded, list) or len(recorded) != 3 \
                or recorded[0] != digest:
            return False
        source = self.previous / path
        try:
            found = os.stat(source, follow_symlinks=False)
        except OSError:
            return False
        if [found.st_size, found.st_mtime_ns] != recorded[1:]:
            return False      # not the file the last build wrote (site/ changed by hand)
        try:
            os.link(source, target)
        except OSError:
            return False      # a file system without hard links: written instead
        return True

    def index_key(self, files: dict[str, bytes], filters: dict, engine: str) -> str:
        """What the search index is made of: the indexed pages, the filters, Pagefind."""
        digest = hashlib.sha256(engine.encode("utf-8"))
        digest.update(json.dumps(filters, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        for path in sorted(files):
            if path.endswith(".html") and b"data-pagefind-body" in files[path]:
                digest.update(path.encode("utf-8") + self.after[path][0].encode("ascii"))
        return digest.hexdigest()

    def keep_index(self, staging: Path, folder: str, key: str) -> int | None:
        """Link the previous index into `staging` when it was made of the same; the number
        of pages it holds, or None (then Pagefind builds it)."""
        recorded = self.before.get(INDEX_KEY)
        source = self.previous / folder if self.previous is not None else None
        if not isinstance(recorded, list) or recorded[0] != key or source is None \
                or not source.is_dir():
            return None
        try:
            shutil.copytree(source, staging / folder, copy_function=os.link)
        except (OSError, shutil.Error):
            shutil.rmtree(staging / folder, ignore_errors=True)
            return None
        return int(recorded[1])

    def record_index(self, key: str, pages: int) -> None:
        self.after[INDEX_KEY] = [key, pages]

    def save(self) -> None:
        """After the new site is in place: what it holds, for the next build."""
        path = self.root / STATE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.after), "utf-8")
        temporary.replace(path)
