"""Verdicts of the hidden-name rule kept between passes (`check`'s texts; the last gate keeps
its own per file, leakgate.Verdicts): a clean verdict holds only under the same rule code
(`rule_digest`), the same hidden and published names (HiddenNames.fingerprint) and the same
owners of the file it was read in (HiddenNames.owners)."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

from bangvang import caches
from bangvang.checking.privacy import HiddenNames
from bangvang.records.loader import RawRecord


def rule_digest() -> str:
    """The rule's code and the Unicode tables its reader's text is made with: a verdict of
    an earlier pass holds only under the same."""
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    package = Path(__file__).parent.parent
    for module in ("checking/privacy.py", "checking/readable.py", "checking/leakgate.py",
                   "checking/verdicts.py",
                   "records/text.py"):   # the rule and the folding it reads with
        digest.update((package / module).read_bytes())
    return digest.hexdigest()


class CleanTexts:
    """The texts `scan_text` judged clean, kept between passes (.build/cache/): a text with
    the same file and the same words, judged under the same rule, the same hidden and
    published names (HiddenNames.fingerprint) and the same owners of its file
    (HiddenNames.owners: a rename changes those of two files, not the others'), is clean
    again without reading it. Only clean verdicts are kept: a hidden name is always found by
    reading."""

    def __init__(self, path: Path, hidden: HiddenNames):
        self.path = path
        self.hidden = hidden
        self.context = hashlib.sha256((rule_digest() + hidden.fingerprint()).encode()).hexdigest()
        self.earlier: dict[str, str] = {}   # key → the owners of its file then
        self.now: dict[str, str] = {}
        self._ids: tuple | None = None   # (the ids, their digest) of this pass
        try:
            saved = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):   # none yet, or torn: every text is read
            saved = None
        if isinstance(saved, dict) and saved.get("context") == self.context and \
                isinstance(saved.get("clean"), dict):
            self.earlier = {k: v for k, v in saved["clean"].items()
                            if isinstance(k, str) and isinstance(v, str)}

    @staticmethod
    def key(file: str | None, text: str) -> str:
        digest = hashlib.blake2b(str(file).encode(), digest_size=16)
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def record_key(self, raw: RawRecord, ids: frozenset[str]) -> str:
        """A whole record: its kind, front matter (or YAML data) and body, and the ids."""
        if self._ids is None or self._ids[0] is not ids:
            self._ids = (ids, hashlib.blake2b("\n".join(sorted(ids)).encode(),
                                              digest_size=16).hexdigest())
        content = raw.front if raw.front else repr(raw.data)
        return self.key(raw.path, f"{raw.kind}\0{self._ids[1]}\0{content}\0{raw.body}")

    def known(self, key: str, file: str | None) -> bool:
        owners = self.earlier.get(key)
        if owners is not None and owners == self.hidden.owners(file):
            self.now[key] = owners
            return True
        return False

    def judged(self, key: str, file: str | None) -> None:
        self.now[key] = self.hidden.owners(file)

    def save(self) -> None:
        """Written whole, and only when the verdicts changed."""
        if self.now == self.earlier and self.path.is_file():
            return
        caches.write(self.path, json.dumps({"context": self.context, "clean": self.now},
                                           sort_keys=True).encode("utf-8"))
