"""What a page read from the Catalog-wide values its templates can reach (`catalog`, `school`,
`vocabulary`): recorded while the page renders, checked again before the preview reuses it.

The preview (`bangvang serve`) keeps rendered pages between passes (pages._RENDERED). A page
may be reused only if nothing it shows changed: what its section gave it (hashed with the
template and address) and what its templates looked up themselves — a campaign's name in a
link, a plan's number in a citation, a label of the vocabulary. Those look-ups are not listed
by hand: the templates see the values through `Watched` views that note every path read and
the value found there (`catalog.campaigns["x"].name` → "Dạy tốt - Học tốt", `"x" in
catalog.campaigns` → True, `vocabulary.label("roles", "teacher")` → "Giáo viên"). Before a
page is reused, `unchanged` follows each path in the new Catalog and compares. A template
edited to read something new is covered the same day, without a list to update.

Only the preview pays for this: a build's Renderer gives the templates the values themselves.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

_LEAVES = (str, int, float, bool, type(None), dt.date, Markup)
_MISSING = object()


class Reads:
    """The paths one page read, from `start` to `stop`, over the values of `roots`."""

    def __init__(self, roots: dict):
        self.roots = roots
        self.watched = {name: Watched(value, (name,), self) for name, value in roots.items()}
        self.found: dict | None = None      # path → value, while a page renders
        self._now: dict = {}                # path → value in these roots (memo of `unchanged`)

    def start(self) -> None:
        self.found = {}

    def stop(self) -> dict | None:
        """The page's reads; None when one could not be recorded (the page is not kept)."""
        found, self.found = self.found, None
        return found

    def note(self, path: tuple, value) -> None:
        if self.found is None:
            return
        try:
            self.found[path] = value
        except TypeError:   # a path that cannot be a key (an unhashable argument)
            self.found = None

    def unchanged(self, read: dict) -> bool:
        """Whether every value the page read is still what it was."""
        for path, value in read.items():
            if path not in self._now:
                self._now[path] = self._follow(path)
            if self._now[path] != value:
                return False
        return True

    def _follow(self, path: tuple):
        current = self.roots.get(path[0], _MISSING)
        try:
            for step in path[1:]:
                current = _step(current, step)
        except Exception:   # a campaign removed, a list shorter: the page is made again
            return _MISSING
        return current


def _step(value, step: tuple):
    kind = step[0]
    if kind == "attr":
        try:
            return getattr(value, step[1])
        except AttributeError:
            return value[step[1]]      # Jinja's `a.b` on a mapping
    if kind == "item":
        return value[step[1]]
    if kind == "in":
        return step[1] in value
    if kind == "get":
        return value.get(step[1])
    if kind == "call":
        return value(*step[1])
    if kind == "keys":
        return tuple(value)
    if kind == "len":
        return len(value)
    return str(value)                  # "str"


class Watched:
    """A view of a value that tells `reads` every path a template follows through it. Plain
    values (text, numbers, dates) are returned as they are, and noted."""

    __slots__ = ("_value", "_path", "_reads")

    def __init__(self, value, path: tuple, reads: Reads):
        self._value, self._path, self._reads = value, path, reads

    def _at(self, step: tuple, value):
        path = self._path + (step,)
        if isinstance(value, _LEAVES):
            self._reads.note(path, value)
            return value
        return Watched(value, path, self._reads)

    def _noted(self, step: tuple, value):
        self._reads.note(self._path + (step,), value)
        return value

    def __getattr__(self, name: str):
        if name.startswith("__"):       # markupsafe and Jinja probe for __html__ and the like
            raise AttributeError(name)
        try:
            value = _step(self._value, ("attr", name))
        except (LookupError, TypeError):
            raise AttributeError(name) from None   # Jinja then calls it undefined
        return self._at(("attr", name), value)

    def __getitem__(self, key):
        try:
            value = self._value[key]
        except LookupError:
            self._noted(("in", key), False)
            raise
        return self._at(("item", key), value)

    def __contains__(self, key) -> bool:
        return self._noted(("in", key), key in self._value)

    def __call__(self, *args):
        result = self._value(*args)
        if isinstance(result, _LEAVES):
            return self._noted(("call", args), result)
        return Watched(result, self._path + (("call", args),), self._reads)

    def __iter__(self):
        if isinstance(self._value, dict):
            return iter(self._noted(("keys",), tuple(self._value)))
        self._noted(("len",), len(self._value))
        return (self._at(("item", i), item) for i, item in enumerate(self._value))

    def __len__(self) -> int:
        return self._noted(("len",), len(self._value))

    def __bool__(self) -> bool:
        return self._noted(("len",), len(self._value)) > 0 if hasattr(self._value, "__len__") \
            else bool(self._value)

    def get(self, key, default=None):
        value = self._value.get(key, _MISSING)
        if value is _MISSING:
            self._noted(("in", key), False)
            return default
        return self._at(("item", key), value)

    def items(self):
        return [(key, self[key]) for key in self]

    def values(self):
        return [self[key] for key in self]

    def keys(self):
        return list(self)

    def __str__(self) -> str:
        return self._noted(("str",), str(self._value))
