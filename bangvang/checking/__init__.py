"""Stage 2, checking: the loaded records turned into a Catalog (validate), consent and people,
links between records, plan targets, rules, news, permalinks and renames, and privacy (the scan
of every published text, and the last gate over the built site)."""
