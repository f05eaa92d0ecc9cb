"""A district's portal built from its schools' published sites (docs/district.md)."""
