"""Stage 1, loading: the record kinds and their fields, and every project file read once, in
one place (records, data files, encodings, safe paths, file names)."""
