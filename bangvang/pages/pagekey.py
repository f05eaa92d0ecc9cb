"""A page's key (pages.Renderer._key): one digest of what its section gave it.

The key is the digest of the pickled context. An honour roll's pages, the year pages and the
index pages hand their templates the same records again and again (a roll of 4,000 award
lines is in the context of each of its pages): pickled whole for every page, 110 MB went
through pickle on each pass at 6,000 records, 2.7 of the core's CPU seconds. Here each
record of the Catalog (the classes of DIGESTED) is pickled once per pass, and a context
that holds it holds its digest instead (pickle's persistent ids). Equal digests mean equal
records: the Catalog's records refer to each other by id, never by object, so a record's
digest covers everything it holds; they are not changed once the Catalog is built.
"""
from __future__ import annotations

import hashlib
import io
import pickle

from bangvang.records import model

DIGESTED = frozenset({model.Award, model.Campaign, model.ContestEntry, model.Exemplar,
                      model.HonourRoll, model.Initiative, model.Person, model.Plan})


class Keys:
    """Digests of a pass's records, each computed once (one per Renderer: per pass)."""

    def __init__(self):
        self._digests: dict[int, tuple[object, bytes]] = {}   # id → (record, digest)

    def digest(self, value, root=None) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self, root).dump(value)
        return hashlib.sha1(buffer.getbuffer()).digest()

    def of_record(self, record) -> bytes:
        found = self._digests.get(id(record))
        if found is None or found[0] is not record:   # the record is kept: its id stays its own
            found = (record, self.digest(record, root=record))
            self._digests[id(record)] = found
        return found[1]


class _Pickler(pickle.Pickler):
    def __init__(self, file, keys: Keys, root):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.keys, self.root = keys, root

    def persistent_id(self, obj):
        if obj is self.root or type(obj) not in DIGESTED:
            return None
        return self.keys.of_record(obj)
