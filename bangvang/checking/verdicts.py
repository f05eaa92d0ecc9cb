"""Verdicts of the hidden-name rule kept between passes (`check`'s texts; the last gate keeps
its own per file, leakgate.Verdicts): a clean verdict holds only under the same rule code
(`rule_digest`) and the same hidden and published names (HiddenNames.fingerprint)."""
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
    the same file and the same words, judged under the same rule and the same hidden and
    published names (HiddenNames.fingerprint), is clean again without reading it. Only clean
    verdicts are kept: a hidden name is always found by reading."""

    def __init__(self, path: Path, hidden: HiddenNames):
        self.path = path
        self.context = hashlib.sha256((rule_digest() + hidden.fingerprint()).encode()).hexdigest()
        self.earlier: set[str] = set()
        self.now: set[str] = set()
        self._ids: tuple | None = None   # (the ids, their digest) of this pass
        try:
            saved = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):   # none yet, or torn: every text is read
            saved = None
        if isinstance(saved, dict) and saved.get("context") == self.context and \
                isinstance(saved.get("clean"), list):
            self.earlier = {k for k in saved["clean"] if isinstance(k, str)}

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

    def known(self, key: str) -> bool:
        if key in self.earlier:
            self.now.add(key)
            return True
        return False

    def judged(self, key: str) -> None:
        self.now.add(key)

    def save(self) -> None:
        """Written whole, and only when the verdicts changed."""
        if self.now == self.earlier and self.path.is_file():
            return
        caches.write(self.path, json.dumps({"context": self.context,
                                            "clean": sorted(self.now)}).encode("utf-8"))
