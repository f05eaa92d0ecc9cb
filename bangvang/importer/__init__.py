"""Import documents (Word, text) into records: `bangvang import plan`."""
