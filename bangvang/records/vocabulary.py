"""The school-editable vocabularies (data/vocabulary.yml): roles, titles, forms, levels …"""
from __future__ import annotations

from dataclasses import dataclass

from bangvang.records.text import fold

VOCABULARY_NAMES = ("roles", "levels", "titles", "forms", "prizes", "campaign_kinds",
                    "campaign_statuses", "consent", "initiative_levels", "initiative_fields")
# Lists added after schools had their own vocabulary.yml: a file without them still loads
# (a record that needs one is told to add it), so an upgrade never stops a site.
OPTIONAL_NAMES = ("initiative_levels", "initiative_fields")


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    order: int
    applies_to: str | None = None  # titles: person / collective / student


class Vocabulary:
    def __init__(self, lists: dict[str, dict[str, Term]]):
        self.lists = lists

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        lists = {}
        for name in VOCABULARY_NAMES:
            entries = data.get(name) or {}
            lists[name] = {
                str(key): Term(str(key), str((value or {}).get("label", key)), order,
                               (value or {}).get("for"))
                for order, (key, value) in enumerate(entries.items())
            }
        return cls(lists)

    def resolve(self, name: str, value: str) -> str | None:
        """Key for a key or a label (case and accents ignored), or None."""
        terms = self.lists[name]
        if value in terms:
            return value
        wanted = fold(str(value)).strip()
        for term in terms.values():
            if fold(term.label) == wanted or fold(term.key) == wanted:
                return term.key
        return None

    def label(self, name: str, key: str | None) -> str:
        return self.lists[name][key].label if key else ""

    def order(self, name: str, key: str | None) -> int:
        return self.lists[name][key].order if key in self.lists[name] else 999

    def labels(self, name: str) -> dict[str, str]:
        """{key: label} of one list, for templates that show many of them."""
        return {key: term.label for key, term in self.lists[name].items()}

    def choices(self, name: str) -> list[str]:
        return [f"{t.key} ({t.label})" for t in self.lists[name].values()]
