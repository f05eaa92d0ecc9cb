"""What a user runs: the `bangvang` command line, scaffolds for `new`, publishing, the build
stamp, certificates, the preview server and the form editor."""
