"""Material for MkDocs alone on the pages of a built project, and on plain pages: what the
build benchmark (scripts/bench_build.py) compares `bangvang build` with.
"""
from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import bench_search

PY = sys.executable
PLAIN_WORDS = 400


# ----------------------------------------------------------------------------- projects

class _TolerantLoader:
    """yaml.SafeLoader that reads mkdocs.yml's !!python/name tags as plain None."""

    @staticmethod
    def load(text: str):
        import yaml

        class Loader(yaml.SafeLoader):
            pass
        Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
        Loader.add_multi_constructor("!", lambda *_: None)
        return yaml.load(text, Loader=Loader)


def nav_pages(config: str) -> set[str]:
    """Every .md file named in mkdocs.yml's nav."""
    found: set[str] = set()

    def walk(item):
        if isinstance(item, str):
            if item.endswith(".md"):
                found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk((_TolerantLoader.load(config) or {}).get("nav") or [])
    return found


def plain_config(config: str, patterns: list[str]) -> str:
    """mkdocs.yml without `hooks:`, docs_dir docs/, and the given not_in_nav patterns."""
    lines, skipping = [], False
    for line in config.splitlines():
        if re.match(r"hooks\s*:", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line[0] in " \t-#"):
            continue
        skipping = False
        lines.append(line)
    text = "\n".join(lines) + "\n"
    if re.search(r"^docs_dir\s*:", text, re.M):
        text = re.sub(r"^docs_dir\s*:.*$", "docs_dir: docs", text, count=1, flags=re.M)
    else:
        text = "docs_dir: docs\n" + text
    # The project's own not_in_nav block (a literal block: `not_in_nav: |` and indented
    # lines), kept first, then the patterns for the generated pages.
    own = re.search(r"^not_in_nav\s*:\s*\|\s*\n((?:[ \t]+\S.*\n)*)", text, re.M)
    kept = ""
    if own:
        kept = "".join(f"  {line.strip()}\n" for line in own.group(1).splitlines())
        text = text[:own.start()] + text[own.end():]
    elif re.search(r"^not_in_nav\s*:", text, re.M):
        raise RuntimeError("mkdocs.yml's not_in_nav is not a `|` block; bench_build.py must merge it")
    return text + "\nnot_in_nav: |\n" + kept + "".join(f"  {p}\n" for p in patterns)


def not_in_nav_patterns(docs: Path, off_nav: set[str]) -> list[str]:
    """Few gitignore-style patterns (one per folder) matching exactly the off_nav pages:
    `/folder/*.md`, then `!/folder/page.md` for the other pages of that folder."""
    patterns = []
    folders = sorted({"" if str(Path(p).parent) == "." else Path(p).parent.as_posix()
                      for p in off_nav})
    for folder in folders:
        prefix = f"/{folder}/" if folder else "/"
        patterns.append(f"{prefix}*.md")
        for page in sorted((docs / folder).glob("*.md")):
            relative = page.relative_to(docs).as_posix()
            if relative not in off_nav:
                patterns.append(f"!/{relative}")
    return patterns


def material_same_pages(project: Path, target: Path) -> str:
    """The built project's generated pages plus content/ as a Material-only project."""
    target.mkdir(parents=True)
    docs = target / "docs"
    shutil.copytree(project / "content", docs)
    generated = project / ".build" / "pages"
    shutil.copytree(generated, docs, dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text("utf-8")
    nav = nav_pages(config)
    off_nav = {p.relative_to(generated).as_posix() for p in generated.rglob("*.md")} - nav
    (target / "mkdocs.yml").write_text(plain_config(config, not_in_nav_patterns(docs, off_nav)),
                                       "utf-8")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")
    return f"{len(off_nav)} generated pages out of the nav"


def material_plain_pages(project: Path, target: Path, n: int, seed: int = 2) -> None:
    """content/ plus n plain 400-word pages (guong-dien-hinh/p-XXXXX.md) out of the nav; the
    other nav entries get a short page so that the same nav builds."""
    rng = random.Random(seed)
    words, weights = bench_search.vocabulary()
    target.mkdir(parents=True)
    docs = target / "docs"
    shutil.copytree(project / "content", docs)
    config = (project / "mkdocs.yml").read_text("utf-8")
    for page in sorted(nav_pages(config)):
        if not (docs / page).exists():
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).write_text(f"# {Path(page).parent.name or 'Trang chủ'}\n\n"
                                     "Trang mục lục.\n", "utf-8")
    folder = docs / "guong-dien-hinh"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        name = (f"{rng.choice(bench_search.FAMILY)} {rng.choice(bench_search.MIDDLE)} "
                f"{rng.choice(bench_search.GIVEN)}")
        paragraphs, left = [], PLAIN_WORDS
        while left > 0:
            k = min(left, rng.randint(60, 110))
            paragraphs.append(" ".join(rng.choices(words, weights, k=k)).capitalize() + ".")
            left -= k
        (folder / f"p-{i:05d}.md").write_text(f"# {name}\n\n" + "\n\n".join(paragraphs) + "\n",
                                              "utf-8")
    off_nav = {f"guong-dien-hinh/p-{i:05d}.md" for i in range(n)}
    (target / "mkdocs.yml").write_text(plain_config(config, not_in_nav_patterns(docs, off_nav)),
                                       "utf-8")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")


def pagefind_args(site: Path) -> list[str]:
    """Pagefind as bangvang runs it on an already built site: `search.build_index`, both
    bundles (the light one and the full text under pagefind/noi-dung/) and the filter file."""
    return [PY, "-c", "import sys; from pathlib import Path; from bangvang.exports import search; "
            "print(search.summary(search.build_index(Path(sys.argv[1]))))", str(site)]
