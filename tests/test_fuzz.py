"""Property: whatever happens to a few files of a real project, `check` reports problems and
never raises.

A copy of the demo project (plans/, exemplars/, data/, content/, mkdocs.yml), with a list of
people (data/people.yml) and redirects (data/redirects.yml) added, gets random mutations in
one to three record, data, news (.authors.yml included), hand-written page or photo files: lines deleted, duplicated,
swapped or re-indented, random text and control characters inserted, a value replaced by
hostile YAML (tags, anchors, odd numbers and dates, `~`, lists, maps, very long or deeply
nested values), truncation, random bytes, a BOM before junk, an empty file, a renamed file.
Then `pipeline.check` runs in-process and must return its result.

About 150 examples by default, reproducible (derandomized, no example database); run
`pytest tests/test_fuzz.py --fuzz-long` for 3,000. Only the mutated files are restored
between examples.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangvang.pages import pages
from bangvang import pipeline
from conftest import REPO, make_project

SHORT_RUN, LONG_RUN = 150, 3000
RECORD_FOLDERS = ("plans", "exemplars", "initiatives", "data")
# Data files the demo does not have, added so that they are mutated too: a school's list of
# its people (people.py) and redirects of old addresses (permalinks.py).
EXTRA_FILES = {
    "data/people.yml": "people:\n"
                       "  - id: tran-van-binh\n    name: Trần Văn Bình\n    role: teacher\n"
                       "    unit: Tổ Toán - Tin\n"
                       "  - id: le-thi-binh\n    name: Lê Thị Bình\n    role: teacher\n",
    "data/redirects.yml": "# Địa chỉ cũ: địa chỉ mới\n"
                          "/guong-dien-hinh/thay-an/: /guong-dien-hinh/thay-nguyen-van-an/\n"
                          "/bang-vang/nam-hoc-2023-2024/: /bang-vang/2023-2024/\n",
}

# Values an author (or a hostile file) might write after `key: `.
YAML_VALUES = [
    "~", "null", "", '""', "''", "0135", "1:20", "0x1F", "1e3", ".inf", ".nan", "-0", "true",
    "no", "2025-02-30", "2024-02-29", "30/02/2024", "2024-13-01", "25/05/2024",
    "99999999999999999999",
    "-1", "3.14", "[]", "{}", "[a, b, c]", "[1, [2, [3]]]", "{a: 1, b: {c: 2}}", "- a\n- b",
    "\n  - x\n  - y", "\n  nested: value\n  other: 2", "!!timestamp 2025-02-30", "!!float x",
    "!!python/object/apply:os.system [echo hi]", "!foo bar", "!!binary aGVsbG8=", "!!str 15",
    "&anchor value", "*anchor", "{<<: {a: 1}}", "|\n  block text\n  more", ">-\n  folded",
    '"unterminated', "'single'", '"\\u0000\\x0b"', "[unclosed", "{a: [}", "? complex",
    "@reserved", "`backtick`", "%percent", "a: b: c", "- - - x", "Nguyễn Văn Ân",
    "<script>alert(1)</script>", "](javascript:alert(1))", "../../etc/passwd", "/etc/passwd",
    "C:\\Windows\\win.ini", "http://example.com/x.png", "hs-an", "day-tot-hoc-tot", "draft",
    "published", "x" * 5000, "Đ" * 2000, "[" * 30 + "]" * 30, "{a: " * 25 + "1" + "}" * 25,
]
CONTROL_CHARACTERS = ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029",
                      "\ufeff", "\r", "\t", "\ufffe", "\u200b", "\u0301"]
NEW_NAMES = ["Hoa Sen.md", "hoà.md", "UPPER.md", "a.MD", "x.yml", "x.yaml", "x.txt", "x.docx",
             "-bad-.md", "a" * 120 + ".md", ".hidden.md", "~$lock.md", "2023-2024.yml",
             "README.md", "noext", "plans.md"]


@st.composite
def yaml_value(draw) -> str:
    return draw(st.one_of(
        st.sampled_from(YAML_VALUES),
        st.text(max_size=40),
        st.integers().map(str),
        st.dates().map(lambda d: d.strftime(draw(st.sampled_from(["%Y-%m-%d", "%d/%m/%Y"])))),
        st.integers(min_value=1, max_value=60).map(lambda n: "\n" + "".join(
            " " * (2 * i + 2) + f"k{i}:\n" for i in range(n)) + " " * (2 * n + 2) + "v"),
        st.integers(min_value=1, max_value=20_000).map(lambda n: "x" * n),
    ))


# Each mutation: (name, parameters drawn now) → applied to the bytes of one file.
MUTATION = st.one_of(
    st.tuples(st.just("delete_line"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate_line"), st.integers(0, 10_000)),
    st.tuples(st.just("swap_lines"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.sampled_from(["", " ", "  ", "\t",
                                                                          "      ", " \t "])),
    st.tuples(st.just("insert_text"), st.integers(0, 10**6), st.text(max_size=30)),
    st.tuples(st.just("insert_control"), st.integers(0, 10**6),
              st.lists(st.sampled_from(CONTROL_CHARACTERS), min_size=1, max_size=5)),
    st.tuples(st.just("replace_value"), st.integers(0, 10_000), yaml_value()),
    st.tuples(st.just("new_field"), st.integers(0, 10_000), st.sampled_from(
        ["name", "status", "school_year", "photo", "consent", "awards", "private", "x", "<<",
         "date", "slug", "authors", "title", "role", "recipient"]), yaml_value()),
    st.tuples(st.just("truncate"), st.integers(0, 10**6)),
    st.tuples(st.just("random_bytes"), st.binary(max_size=300)),
    st.tuples(st.just("insert_bytes"), st.integers(0, 10**6), st.binary(min_size=1, max_size=20)),
    st.tuples(st.just("bom_junk"), st.binary(max_size=50)),
    st.tuples(st.just("empty")),
    st.tuples(st.just("utf16")),
    st.tuples(st.just("deep"), st.integers(0, 10_000), st.integers(15, 3000),
              st.sampled_from(["[", "{a: ", "- "])),
    st.tuples(st.just("rename"), st.sampled_from(NEW_NAMES)),
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, mutation: tuple) -> tuple[bytes, str | None]:
    """The mutated bytes, and a new file name when the mutation renames the file."""
    name, *args = mutation
    lines = _lines(data)
    at = (lambda i: i % len(lines))
    if name == "delete_line":
        del lines[at(args[0])]
    elif name == "duplicate_line":
        index = at(args[0])
        lines.insert(index, lines[index])
    elif name == "swap_lines":
        i, j = at(args[0]), at(args[1])
        lines[i], lines[j] = lines[j], lines[i]
    elif name == "indent":
        index = at(args[0])
        lines[index] = args[1].encode() + lines[index].lstrip(b" \t")
    elif name in ("insert_text", "insert_control", "insert_bytes"):
        extra = args[1] if name == "insert_bytes" else "".join(args[1]).encode("utf-8")
        position = args[0] % (len(data) + 1)
        return data[:position] + extra + data[position:], None
    elif name == "replace_value":
        index = at(args[0])
        key, colon, _ = lines[index].partition(b":")
        lines[index] = key + b": " + args[1].encode("utf-8") if colon \
            else lines[index] + args[1].encode("utf-8")
    elif name == "new_field":
        index = at(args[0])
        indent = lines[index][:len(lines[index]) - len(lines[index].lstrip(b" "))]
        lines.insert(index, indent + f"{args[1]}: {args[2]}".encode("utf-8"))
    elif name == "truncate":
        return data[:args[0] % (len(data) + 1)], None
    elif name == "random_bytes":
        return args[0], None
    elif name == "bom_junk":
        return b"\xef\xbb\xbf" + args[0] + data[:200], None
    elif name == "empty":
        return b"", None
    elif name == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16-le"), None
    elif name == "deep":
        index = at(args[0])
        opener = args[2]
        closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
        key, colon, _ = lines[index].partition(b":")
        value = (opener * args[1] + "x" + closer * args[1]).encode()
        lines[index] = key + b": " + value if colon else value
    elif name == "rename":
        return data, args[0]
    return b"\n".join(lines), None


def project_files(root: Path) -> list[str]:
    """Record, data and news files (.authors.yml too), the hand-written pages, and a few
    photos: what the fuzzer may mutate."""
    found = [p.relative_to(root).as_posix() for p in sorted((root / "content").glob("*.md"))
             + sorted((root / "content/huong-dan").glob("*.md"))]
    for folder in RECORD_FOLDERS + ("content/tin-tuc",):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and (path.suffix in (".md", ".yml", ".yaml", ".txt")
                                   or path.name == ".authors.yml"):
                found.append(path.relative_to(root).as_posix())
    photos = sorted((root / "exemplars/photos").glob("*"))[:3]
    return found + [p.relative_to(root).as_posix() for p in photos]


class Fuzzer:
    """A project copy, the original bytes of its files, and the run's statistics."""

    def __init__(self, root: Path):
        self.root = root
        self.files = project_files(root)
        self.original = {name: (root / name).read_bytes() for name in self.files}
        self.examples = 0
        self.with_problems = 0
        self.seconds = 0.0
        self.cpu = 0.0

    def run(self, changes: list[tuple[str, tuple]]) -> None:
        written: list[Path] = []
        try:
            for name, mutation in changes:
                source = self.root / name
                if not source.is_file():      # renamed by an earlier change of this example
                    continue
                data, new_name = mutate(source.read_bytes(), mutation)
                if new_name is not None:
                    target = source.with_name(new_name)
                    if target.exists():
                        continue
                    source.rename(target)
                    written += [source, target]
                else:
                    source.write_bytes(data)
                    written.append(source)
            start, cpu = time.perf_counter(), time.process_time()
            result = pipeline.check(self.root)
            self.seconds += time.perf_counter() - start
            self.cpu += time.process_time() - cpu
            self.examples += 1
            self.with_problems += bool(result.problems)
            for problem in list(result.problems) + list(result.problems.warnings):
                assert problem.message and str(problem).encode("utf-8")
        finally:
            self.restore(written)

    def restore(self, touched: list[Path]) -> None:
        for path in touched:
            relative = path.relative_to(self.root).as_posix()
            if relative in self.original:
                path.write_bytes(self.original[relative])
            elif path.exists():
                path.unlink()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the whole run instead of once per check (a speed-up of
    the test only: the same templates give the same code)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory, request) -> Fuzzer:
    root = make_project(tmp_path_factory.mktemp("fuzz") / "school", records=None)
    for folder in RECORD_FOLDERS + ("content",):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    for relative, text in EXTRA_FILES.items():
        (root / relative).write_text(text, "utf-8")
    fuzzer = Fuzzer(root)
    started = time.perf_counter()
    with pytest.MonkeyPatch.context() as patch:
        environment = getattr(pages, "Environment", None)
        if isinstance(environment, type) and issubclass(environment, jinja2.Environment):
            compiled = _CompiledTemplates()

            class CachedEnvironment(environment):
                def __init__(self, *args, **kwargs):
                    kwargs.setdefault("bytecode_cache", compiled)
                    super().__init__(*args, **kwargs)

            patch.setattr(pages, "Environment", CachedEnvironment)
        yield fuzzer
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and fuzzer.examples:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nfuzz: {fuzzer.examples} examples in {time.perf_counter() - started:.1f} s "
                f"(check: {fuzzer.seconds:.1f} s, {fuzzer.cpu:.1f} s of CPU), "
                f"{fuzzer.with_problems} with problems reported")


def _examples(config) -> int:
    return LONG_RUN if config.getoption("--fuzz-long", default=False) else SHORT_RUN


def test_check_never_raises(fuzzer, pytestconfig):
    changes = st.lists(st.tuples(st.sampled_from(fuzzer.files), MUTATION), min_size=1,
                       max_size=3)

    @settings(max_examples=_examples(pytestconfig), deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck), print_blob=True)
    @given(changes)
    def check(changes):
        fuzzer.run(changes)

    check()


def test_the_added_data_files_are_valid_and_fuzzed(fuzzer):
    """Unmutated, the added files pass (so a mutation is what a problem comes from), and the
    fuzzer mutates them."""
    assert set(EXTRA_FILES) <= set(fuzzer.files)
    result = pipeline.check(fuzzer.root)
    assert not result.problems, [str(p) for p in result.problems]


def test_the_demo_project_copy_is_restored(fuzzer):
    for name, data in fuzzer.original.items():
        assert (fuzzer.root / name).read_bytes() == data, name
