"""Consent, decided once: how far a person may be shown (validate.py applies it to every
person of a record; people.py says who is who across records).

A person's own record decides (students default to initials, adults and collectives to their
full name); any other line that names them — an award, a contest entry, an initiative — can
only lower it, never raise it.
"""
from __future__ import annotations

from bangvang.records.model import PublicPerson
from bangvang.records.text import initials

CONSENT_ORDER = ("none", "initials", "name", "full")


def lower_consent(*levels: str | None) -> str | None:
    """The most restrictive of the given consent levels (None: not given)."""
    given = [level for level in levels if level]
    return min(given, key=CONSENT_ORDER.index) if given else None


def public_person(name: str, role: str | None, unit: str | None, photo: str | None,
                  consent: str | None, kind: str | None) -> PublicPerson:
    """Apply consent once, here: students default to initials, adults and collectives to
    their full name; `consent: none` hides collectives too."""
    kind = kind or ("collective" if role == "collective" else "person")
    consent = consent or ("initials" if role == "student" and kind == "person" else "full")
    if consent == "none":
        return PublicPerson(None, role, None, None, kind, listed=False, consent=consent)
    shown = initials(name) if consent == "initials" and kind == "person" else name
    return PublicPerson(shown, role, unit, photo if consent == "full" else None, kind,
                        consent=consent)
