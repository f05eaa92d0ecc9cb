"""Stage 4, exports: what the build writes beside the pages (open data, feeds, JSON-LD, share
previews and cards, photos, the search index, compact names), all from the Catalog."""
