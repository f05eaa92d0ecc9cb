import sys

try:
    from bangvang.commands.cli import main
except KeyboardInterrupt:   # Ctrl-C while Python is still loading: no traceback either
    print("Đã dừng.", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
