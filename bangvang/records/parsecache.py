"""The records' parsed YAML kept between passes (.build/cache/yaml-da-doc.pickle), so that a
pass parses again only the files whose text changed.

Parsing is a third of the core's reading at 6,000 records (LibYAML gives events; the values
and their line numbers are built in Python, yamlload.py). The parsed value of a front matter
depends on its text, the line it starts at, and the code that parses it (yamlload.py,
encoding.py, PyYAML): that is the key. Kept only for texts that parsed without a problem, and
only those of the last pass (a removed record's entry goes with the next save).

Pickle, because the values are LineDict and LineList (mappings and lists that carry line
numbers); read with an unpickler that can make only those and plain values, as the render
memo is (pages/memo.py): a file put there by somebody else cannot run code.
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import yaml

from bangvang import caches
from bangvang.records import encoding, yamlload

CACHE = ".build/cache/yaml-da-doc.pickle"
_ALLOWED = frozenset({("bangvang.records.yamlload", "LineDict"),
                      ("bangvang.records.yamlload", "LineList")})
_loaded: dict[str, tuple[str, dict]] = {}   # cache file → (version, {key: value})


def _version() -> str:
    digest = hashlib.sha256(f"{yaml.__version__} {yamlload._PARSER.__name__}".encode())
    for module in (yamlload, encoding):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def key(front: str, first_line: int) -> bytes:
    return hashlib.blake2b(f"{first_line}\n{front}".encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


def earlier(root: Path) -> dict[bytes, object]:
    """The values kept by the last pass (read once per process and file)."""
    path = str(Path(root) / CACHE)
    version = _version()
    if path in _loaded and _loaded[path][0] == version:
        return _loaded[path][1]
    values: dict = {}
    saved = caches.read_plain(path, _ALLOWED)   # None: everything is parsed
    if isinstance(saved, dict) and saved.get("version") == version and \
            isinstance(saved.get("values"), dict):
        values = saved["values"]
    _loaded[path] = (version, values)
    return values


def forget() -> None:
    """Nothing kept in this process (a build's later stages; the file stays)."""
    _loaded.clear()


def save(root: Path, used: dict[bytes, object]) -> None:
    """Keep this pass's values, when they are not those already kept."""
    path = str(Path(root) / CACHE)
    version = _version()
    if path in _loaded and _loaded[path][0] == version and _loaded[path][1].keys() == used.keys():
        return
    caches.write(Path(path), pickle.dumps({"version": version, "values": used},
                                          protocol=pickle.HIGHEST_PROTOCOL))
    _loaded[path] = (version, dict(used))
