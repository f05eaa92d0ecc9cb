"""Every text a build publishes, scanned for hidden names (privacy.HiddenNames), once the
Catalog knows who is hidden and who is published.

Scanned: every published field of every published record at any depth (campaign names,
plan signers, titles, link texts; only `private:`, `warnings:` and the fields that hold a
person's own name, which the Catalog holds in their public form, are not), record bodies as
rendered, news posts and their addresses, the team's hand-written pages under content/, and
every address the build makes from a file name (record ids, photos).

Withdrawal never blocks and never leaks: the signer of a plan who is now hidden is shown by
their public form (initials, or only their title); a story or contest entry already online
(its address in data/published-urls.txt) whose text names a person whose consent was lowered
explicitly is withheld (its address answers "không còn được công bố") with a warning, rather
than refused. Text that names anybody else who is hidden is refused, as new text is.
"""
from __future__ import annotations

from pathlib import Path

from bangvang.records import kinds
from bangvang.checking import permalinks
from bangvang.pages import safe
from bangvang.records.encoding import EncodingProblem, decode
from bangvang.checking.news import AUTHORS_FILE
from bangvang.problems import Problems
from bangvang.checking.verdicts import CleanTexts
from bangvang.records.safepath import PathProblem, read_project_bytes
from bangvang.records.text import slugify
from bangvang.pages.urls import clean, url_for

CONTENT_FOLDER = "content"
CLEAN_TEXTS = ".build/cache/kiem-tra-rieng-tu.json"   # texts judged clean (privacy.CleanTexts)
NEWS_FOLDER = "content/tin-tuc/posts"       # news posts: checked with the news (news.py)
WITHHOLDABLE = ("exemplar", "contest_entry", "initiative")   # one story's page: taken down alone


def body_html(text: str) -> str | None:
    """A record body as its page shows it (Markdown rendered; cached for the build)."""
    try:
        return safe.rendered_markdown(text)
    except safe.TooDeep:
        return None   # refused by the page checks; the raw text is scanned instead


def check_privacy(builder) -> None:
    """Scan what `builder` (validate._CatalogBuilder) publishes; see the module docstring."""
    catalog, hidden = builder.catalog, builder.hidden
    shown = [e.person.name for e in catalog.exemplars.values() if e.person.name]
    shown += [a.person.name for a in catalog.awards() if a.person.name]
    shown += [e.author.name for e in catalog.contest_entries.values() if e.author.name]
    shown += [a.person.name for i in catalog.of_kind("initiative").values()
              for a in getattr(i, "authors", ()) if a.person.name]   # the kind's people
    # A contest entry's subject written as a name is published as written (a grandparent, a
    # bus driver); a student is cited by their exemplar id, whose consent then applies.
    shown += [e.subject_name for e in catalog.contest_entries.values()
              if e.subject_name and not e.subject_exemplar_id]
    shown.append(catalog.school.get("principal"))
    # A published exemplar's record and page call them by their last two words ("Đức Anh").
    own = {e.file: e.person.name for e in catalog.exemplars.values() if e.person.name}
    own.update({_id_url("exemplar", e.id, catalog): e.person.name
                for e in catalog.exemplars.values() if e.person.name})
    hidden.allow(shown, own)
    if hidden.people:   # verdicts of the last pass under the same names (privacy.CleanTexts)
        hidden.memo = CleanTexts(Path(builder.root) / CLEAN_TEXTS, hidden)
    ids = frozenset(i for found in builder.all_ids.values() for i in found)
    online = permalinks.read_published(builder.root, Problems()) if hidden.people else set()
    for raw in builder.published:
        found = Problems()
        hits = hidden.scan_record(raw, found, ids, body_html(raw.body) if raw.body else None)
        url = _page_url(catalog, raw)
        if hits and raw.kind in WITHHOLDABLE and url in online and \
                all(hit.person.withdrawn for hit in hits):
            builder.to_withhold[(raw.kind, raw.id)] = ", ".join(sorted({h.spelled for h in hits}))
            continue
        builder.problems.items += found.items
    for post in list(catalog.news):
        found = Problems()
        hits = hidden.scan_fields(post.file, "news", post.front, found) \
            if post.front is not None else []
        hits += hidden.scan_text(post.file, post.body_line, None, post.source, found,
                                 body_html(post.source))
        if hits and clean(post.url) in online and all(hit.person.withdrawn for hit in hits):
            _withhold_post(catalog, post, hits, builder.problems)
            continue
        builder.problems.items += found.items
    if catalog.news_authors:   # the blog prints their names and descriptions on every post
        hidden.scan_fields(AUTHORS_FILE, "news_authors", catalog.news_authors, builder.problems)
    _scan_content_pages(builder.root, hidden, builder.problems)
    _signers(catalog, hidden, builder.problems)
    # Only the ids that make an address: a record not shown (draft, consent withdrawn) has
    # none, or answers only "not published" at an address already public.
    shown_ids = {kind: {i: f for i, f in found.items() if i in catalog.of_kind(kind)}
                 for kind, found in builder.all_ids.items()}
    shown_ids["news"] = {post.slug: post.file for post in catalog.news}
    shown_ids["photo"] = {slugify(Path(e.person.photo).stem): e.file
                          for e in catalog.exemplars.values() if e.person.photo}
    hidden.check_ids(shown_ids, builder.problems, frozenset(
        (kind, i) for kind, found in shown_ids.items() for i, file in found.items()
        if kind in kinds.KINDS and _id_url(kind, i, catalog) in online))
    if hidden.memo is not None:
        hidden.memo.save()
        hidden.memo = None   # later scans (the gate, the preview's quick path) read everything


def _withhold_post(catalog, post, hits, problems: Problems) -> None:
    """A news post online that names a withdrawn person: left out of the build (the glue
    drops its file), its address answers "không còn được công bố" like a record's."""
    catalog.news.remove(post)
    catalog.news_withheld.add(post.file)
    withdrawn = getattr(catalog.news, "withdrawn", None)   # news.NewsList
    if withdrawn is not None:
        withdrawn[clean(post.url)] = post.file
    names = ", ".join(sorted({h.spelled for h in hits}))
    problems.warn(post.file, None, None, f"tin này đã đăng nhưng ghi tên “{names}”, người nay "
                  "không còn đồng ý công bố họ tên: địa chỉ của tin hiện trang “không còn được "
                  "công bố”. Hãy bỏ tên hoặc chỉ ghi chữ cái đầu để tin hiện lại")


def _id_url(kind_name: str, record_id: str, catalog) -> str | None:
    """The address of a published record (the kind's own URL values: kinds.Kind.url_params)."""
    kind = kinds.KINDS[kind_name]
    record = catalog.of_kind(kind_name).get(record_id)
    return clean(url_for(kind.url, **kind.url_params(record_id, record))) \
        if kind.url and record is not None else None


def _page_url(catalog, raw) -> str | None:
    """The address of a record as written (its page may be withheld from this pass)."""
    kind = kinds.KINDS[raw.kind]
    return clean(url_for(kind.url, **kind.url_params(raw.id, raw.data))) if kind.url else None


def _scan_content_pages(root: Path, hidden, problems: Problems) -> None:
    """The team's hand-written pages (home, about, the guide …) are published text too."""
    folder = Path(root) / CONTENT_FOLDER
    if not hidden.people or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(NEWS_FOLDER + "/"):
            continue
        try:
            text = decode(read_project_bytes(root, relative))
        except (PathProblem, EncodingProblem) as problem:
            problems.add(relative, None, None, str(problem))
            continue
        hidden.scan_text(relative, 1, None, text, problems)


def _signers(catalog, hidden, problems: Problems) -> None:
    """A plan signed by somebody now hidden shows the signer as consent allows."""
    for plan in catalog.plans.values():
        person = hidden.person(plan.signer_name)
        if person is None:
            continue
        plan.signer_name = person.shown
        problems.warn(plan.file, None, "signer.name", "người ký không được công bố họ tên (theo "
                      "mức đồng ý công bố): trang kế hoạch chỉ ghi "
                      + (f"“{person.shown}” và chức vụ" if person.shown else "chức vụ"))
