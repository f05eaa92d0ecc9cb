"""A page's key (pages.Renderer._key): one digest of what its section gave it.

The key is the digest of the pickled context. An honour roll's pages, the year pages and the
index pages hand their templates the same records again and again (a roll of 4,000 award
lines is in the context of each of its pages): pickled whole for every page, 110 MB went
through pickle on each pass at 6,000 records, 2.7 of the core's CPU seconds. Here each
record of the Catalog (the classes of DIGESTED) is pickled once per pass, and a context
that holds it holds its digest instead (a pickle dispatch table). Equal digests mean equal
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
        # Only the records' classes call back into Python (a dispatch table, not a
        # persistent_id asked of every object pickled: 1.9 million calls a pass at 6,000).
        self._table = {cls: self._reduce for cls in DIGESTED}

    def digest(self, value) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._table
        pickler.dump(value)
        return hashlib.sha1(buffer.getbuffer()).digest()

    def _reduce(self, record):
        """A record inside a context: pickled as a reference to its digest."""
        found = self._digests.get(id(record))
        if found is None or found[0] is not record:   # the record is kept: its id stays its own
            found = (record, self.digest((type(record).__qualname__, vars(record))))
            self._digests[id(record)] = found
        return _Record, (found[1],)


class _Record:
    """What a record is pickled as in a key (never unpickled: keys are only compared)."""
