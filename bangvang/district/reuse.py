"""A warm district build keeps what did not change from the site it replaces: a file whose
bytes are the ones the previous build wrote is hard-linked from the previous site into the
staging folder instead of written again; the record also holds what search.py needs to
keep the previous Pagefind index (the groups of pages it was made of).

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
from pathlib import Path

STATE_FILE = ".build/cache/site-phong.json"
INDEX_KEY = "#pagefind"        # the state's entry for the search index (search.index)


class Reuse:
    def __init__(self, root: Path, previous: Path | None):
        self.root, self.previous = Path(root), previous
        self.before = self._read() if previous is not None else {}
        self.after: dict[str, list] = {}
        self.kept = self.written = 0
        self._folders: set[str] = set()

    def _read(self) -> dict:
        try:
            state = json.loads((self.root / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def write(self, staging: Path, files: dict[str, bytes]) -> None:
        """Every file into `staging`: linked when the previous site holds the same bytes.
        (Paths as strings: pathlib's objects cost more than the links for 7,000 files.)"""
        base = os.fspath(staging)
        for path, data in files.items():
            digest = hashlib.sha256(data).hexdigest()
            target = os.path.join(base, path)
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            found = self._link(path, target, digest)
            if found is not None:
                self.kept += 1
            else:
                with open(target, "wb") as out:
                    out.write(data)
                self.written += 1
                found = os.stat(target)
            self.after[path] = [digest, found.st_size, found.st_mtime_ns]

    def _link(self, path: str, target: str, digest: str) -> os.stat_result | None:
        """The previous site's file linked as `target`, its stat (the same inode's); None
        when it must be written."""
        recorded = self.before.get(path)
        if self.previous is None or not isinstance(recorded, list) or len(recorded) != 3 \
                or recorded[0] != digest:
            return None
        source = os.path.join(os.fspath(self.previous), path)
        try:
            found = os.stat(source, follow_symlinks=False)
        except OSError:
            return None
        if [found.st_size, found.st_mtime_ns] != recorded[1:]:
            return None      # not the file the last build wrote (site/ changed by hand)
        try:
            os.link(source, target)
        except OSError:
            return None      # a file system without hard links: written instead
        return found

    def digests(self) -> dict[str, str]:
        """Site path → sha256 of every file written or linked this build."""
        return {path: entry[0] for path, entry in self.after.items() if path != INDEX_KEY}

    def recorded_index(self):
        """What the previous build recorded of its search index (search.index reads it)."""
        return self.before.get(INDEX_KEY)

    def record_index(self, record: dict) -> None:
        self.after[INDEX_KEY] = record

    def save(self) -> None:
        """After the new site is in place: what it holds, for the next build."""
        path = self.root / STATE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.after), "utf-8")
        temporary.replace(path)
