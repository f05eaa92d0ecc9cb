"""`bangvang rename`: a record's new id everywhere it is cited, its old URL kept by a redirect;
and `check` saying one thing once (a broken record is not reported again by its citers)."""
from __future__ import annotations

from bangvang.commands import cli
from bangvang import pipeline
from bangvang.checking.rename import ref_paths
from bangvang.records import kinds
from conftest import run_bangvang, write

EXEMPLAR_URL = "/guong-dien-hinh/dang-van-do/"
POST = """---
date: 2024-09-05
---
# Tin

Đọc câu chuyện của [thầy Đỗ](../../guong-dien-hinh/dang-van-do.md) và [bảng vàng](../../bang-vang/2023-2024.md).
"""


def rename(root, *args, capsys):
    code = cli.main(["--root", str(root), "rename", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_references_come_from_the_declarations():
    # award recipient, contest subject (NameOrRef) and campaigns (Ref) point at exemplars /
    # campaigns: found without a hand list
    assert ("awards", "*", "recipient") in ref_paths(kinds.HONOUR_ROLL.fields, "exemplar")
    assert ("subject",) in ref_paths(kinds.CONTEST_ENTRY.fields, "exemplar")
    assert ("campaigns", "*") in ref_paths(kinds.EXEMPLAR.fields, "campaign")
    assert ("awards", "*", "campaign") in ref_paths(kinds.HONOUR_ROLL.fields, "campaign")
    assert ("basis", "*", "plan") in ref_paths(kinds.PLAN.fields, "plan")


def test_rename_exemplar_updates_every_citation_link_and_keeps_the_old_url(project, capsys):
    from PIL import Image
    write(project, "content/tin-tuc/posts/tin.md", POST)
    (project / "exemplars/photos").mkdir(parents=True)
    Image.new("RGB", (400, 300), "red").save(project / "exemplars/photos/thay-do.jpg")
    exemplar = project / "exemplars/dang-van-do.md"
    exemplar.write_text(exemplar.read_text("utf-8").replace("unit:", "photo: thay-do.jpg\nunit:"),
                        "utf-8")
    write(project, "data/published-urls.txt", EXEMPLAR_URL + "\n")
    code, out = rename(project, "dang-van-do", "thay-dang-van-do", capsys=capsys)
    assert code == 0, out
    assert "Đã đổi mã gương điển hình “dang-van-do” thành “thay-dang-van-do”" in out
    assert not (project / "exemplars/dang-van-do.md").exists()
    moved = (project / "exemplars/thay-dang-van-do.md").read_text("utf-8")
    assert "Đặng Văn Đỗ" in moved and "photo: thay-do.jpg" in moved   # the photo still found
    roll = (project / "exemplars/honours/2023-2024.yml").read_text("utf-8")
    assert "  - recipient: thay-dang-van-do\n    title: chien-si" in roll   # layout kept
    assert "subject: thay-dang-van-do" in (project / "exemplars/contest/bai-1.md").read_text("utf-8")
    post = (project / "content/tin-tuc/posts/tin.md").read_text("utf-8")
    assert "(../../guong-dien-hinh/thay-dang-van-do.md)" in post
    redirects = (project / "data/redirects.yml").read_text("utf-8")
    assert "/guong-dien-hinh/dang-van-do/: /guong-dien-hinh/thay-dang-van-do/" in redirects
    assert "Hồ sơ hợp lệ" in out                      # the check after renaming passed
    built = run_bangvang(project, "build")
    assert built.returncode == 0, built.stderr
    old_page = (project / "site/guong-dien-hinh/dang-van-do/index.html").read_text("utf-8")
    assert "thay-dang-van-do" in old_page               # the old URL still answers
    new_page = (project / "site/guong-dien-hinh/thay-dang-van-do/index.html").read_text("utf-8")
    assert "thay-do" in new_page and "<img" in new_page   # with its photo


def test_rename_campaign_updates_flow_lists_and_award_lines(project, capsys):
    code, out = rename(project, "day-tot-hoc-tot", "day-tot", capsys=capsys)
    assert code == 0, out
    exemplar = (project / "exemplars/dang-van-do.md").read_text("utf-8")
    assert "campaigns: [day-tot]" in exemplar
    assert "campaign: day-tot\n" in (project / "exemplars/honours/2023-2024.yml").read_text("utf-8")
    assert not pipeline.check(project).problems


def test_dry_run_writes_nothing(project, capsys):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out = rename(project, "dang-van-do", "thay-do", "--dry-run", capsys=capsys)
    assert code == 0 and "Sẽ đổi mã" in out and "Chưa ghi gì" in out
    assert "exemplars/honours/2023-2024.yml:3: awards.recipient: dang-van-do → thay-do" in out
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_refusals_are_vietnamese_and_change_nothing(project, capsys):
    for args, said in ((["khong-co", "moi"], "không có hồ sơ nào mã “khong-co”"),
                       (["dang-van-do", "Dang Van"], "mã mới “Dang Van” chưa đúng"),
                       (["dang-van-do", "hs-2024-nhat-vi"], "đã có gương điển hình mã"),
                       (["2023-2024", "2023-2025"], "năm học")):
        code, out = rename(project, *args, capsys=capsys)
        assert code == 1 and "Không đổi được mã" in out and said in out, out
        assert "Traceback" not in out
    assert (project / "exemplars/dang-van-do.md").exists()


def test_a_rename_by_hand_is_suggested_and_completed(project, capsys):
    write(project, "data/published-urls.txt", EXEMPLAR_URL + "\n")
    (project / "exemplars/dang-van-do.md").rename(project / "exemplars/dang-van-do-toan.md")
    problems = [str(p) for p in pipeline.check(project).problems]
    assert problems and all("`bangvang rename dang-van-do dang-van-do-toan`" in p for p in problems)
    code, out = rename(project, "dang-van-do", "dang-van-do-toan", capsys=capsys)
    assert code == 0 and "tệp đã mang tên mới" in out, out
    assert not pipeline.check(project).problems


def test_a_vanished_published_page_suggests_the_rename(project):
    write(project, "data/published-urls.txt", "/guong-dien-hinh/hs-2024-nhat-vi/\n")
    (project / "exemplars/hs-2024-nhat-vi.md").rename(project / "exemplars/hs-2024-nhat-vi-7a.md")
    roll = project / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8").replace("hs-2024-nhat-vi", "hs-2024-nhat-vi-7a"),
                    "utf-8")
    problems = [str(p) for p in pipeline.check(project).problems]
    assert len(problems) == 1 and "/guong-dien-hinh/hs-2024-nhat-vi/" in problems[0]
    assert "`bangvang rename hs-2024-nhat-vi hs-2024-nhat-vi-7a`" in problems[0]


def test_one_error_per_cause_for_every_kind(project):
    """A broken campaign, plan or exemplar is reported by its own file only."""
    campaign = project / "plans/campaigns/day-tot-hoc-tot.md"
    campaign.write_text(campaign.read_text("utf-8").replace("level:", "level: [oops\nx:"), "utf-8")
    plan = project / "plans/2023-2024-ke-hoach.md"
    plan.write_text(plan.read_text("utf-8").replace("issued:", "issued: 31/02/2023\nold:"), "utf-8")
    write(project, "plans/2024-2025-ke-hoach.md", (project / "plans/2024-2025-ke-hoach.md")
          .read_text("utf-8").replace("title: thi đua năm trước}",
                                      "title: thi đua năm trước, plan: 2023-2024-ke-hoach}"))
    exemplar = project / "exemplars/dang-van-do.md"
    exemplar.write_text(exemplar.read_text("utf-8").replace("role: teacher", "role: thay"), "utf-8")
    problems = list(pipeline.check(project).problems)
    files = sorted({p.file for p in problems})
    assert files == ["exemplars/dang-van-do.md", "plans/2023-2024-ke-hoach.md",
                     "plans/campaigns/day-tot-hoc-tot.md"], [str(p) for p in problems]


def test_a_file_refused_for_its_name_is_reported_once(project):
    (project / "exemplars/dang-van-do.md").rename(project / "exemplars/Đặng Văn Đỗ.md")
    problems = [str(p) for p in pipeline.check(project).problems]
    assert len(problems) == 1 and "“dang-van-do.md”" in problems[0], problems
