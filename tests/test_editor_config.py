"""The /admin/ editor's generated config and its file API (bangvang/commands/editor.py)."""
from __future__ import annotations

import io
import json
import os

import pytest

from bangvang.commands import editor, editor_config
from bangvang.records import kinds
from bangvang.records.safepath import PathProblem


def _config(root):
    return editor.cms_config(root, "http://127.0.0.1:8000")


def test_config_has_one_collection_per_declared_kind(project):
    collections = {c["name"]: c for c in _config(project)["collections"]}
    assert set(collections) == set(kinds.ALL_KINDS)
    for kind in kinds.ALL_KINDS.values():
        c = collections[kind.name]
        assert c["folder"] == kind.folder and "." + c["extension"] == kind.endings[0]
        names = [f["name"] for f in c["fields"] if f["name"] != editor_config.FILTER_FIELD]
        assert names == list(kind.fields) + (["body"] if kind.has_body else [])
        for field in c["fields"]:
            if field["name"] in kind.fields:
                assert field["required"] == kind.fields[field["name"]].required


def test_vocabulary_fields_are_dropdowns_with_vietnamese_labels(project):
    exemplar = next(c for c in _config(project)["collections"] if c["name"] == "exemplar")
    fields = {f["name"]: f for f in exemplar["fields"]}
    assert {"label": "Giáo viên", "value": "teacher"} in fields["role"]["options"]
    assert fields["date"] == {"name": "date", "label": "Ngày của việc tốt / câu chuyện",
                              "required": False, "widget": "bv-ngay", "format": "dmy"}
    news = next(c for c in _config(project)["collections"] if c["name"] == "news")
    assert next(f for f in news["fields"] if f["name"] == "date")["format"] == "iso"
    assert fields["campaigns"]["widget"] == "relation" and fields["campaigns"]["multiple"]
    assert fields["status"]["default"] == "draft"          # new records start as drafts
    assert fields["status"]["widget"] == "bv-trang-thai"   # with its one-click «Công bố»
    assert "hint" not in fields["kind"] and "hint" not in fields["consent"]   # no codes shown
    assert fields["private"]["label"] == "Không công bố" and fields["private"]["collapsed"]
    assert fields["photo"]["widget"] == "image"
    assert fields["photo"]["media_folder"] == "/" + kinds.PHOTO_FOLDER


def test_honour_roll_awards_are_counted_summarised_and_filterable(project):
    config = _config(project)
    roll = next(c for c in config["collections"] if c["name"] == "honour_roll")
    names = [f["name"] for f in roll["fields"]]
    assert names.index(editor_config.FILTER_FIELD) == names.index("awards") - 1
    awards = next(f for f in roll["fields"] if f["name"] == "awards")
    assert (awards["label"], awards["label_singular"]) == ("Lượt khen thưởng", "lượt khen thưởng")
    assert awards["summary"] == ("{{fields.recipient}} — {{fields.title}} {{fields.form}} — "
                                 "{{fields.level}} — {{fields.decision.number}}")
    award = {f["name"]: f for f in awards["fields"]}
    people = {p["value"]: p["label"] for p in award["recipient"]["people"]}
    assert award["recipient"]["widget"] == "bv-nguoi"
    assert people["dang-van-do"].startswith("Đặng Văn Đỗ — Giáo viên")   # an exemplar by id
    labels = config["bangvang"]["labels"]                  # codes → labels for the summary
    assert labels["lao-dong-tien-tien"] == "Lao động tiên tiến" and labels["truong"] == "Trường"
    assert labels["dang-van-do"] == "Đặng Văn Đỗ"
    # «Xem trang»: each record's page in the preview, built from the kind's URL pattern.
    assert config["site_url"] == "http://127.0.0.1:8000/" and roll["preview_path"] == \
        "bang-vang/{{slug}}/"
    entry = next(c for c in config["collections"] if c["name"] == "contest_entry")
    assert entry["preview_path"] == "cuoc-thi-viet/{{fields.contest_year}}/{{slug}}/"


def test_api_reads_and_writes_only_record_files(project):
    ok, listed = editor.api(project, {"action": "entriesByFolder",
                                      "params": {"folder": "exemplars", "extension": "md"}})
    assert ok == 200 and {e["file"]["path"] for e in listed} == {
        "exemplars/dang-van-do.md", "exemplars/hs-2024-nhat-vi.md"}
    for path in ("../outside.md", "hooks/x.md", "exemplars/../mkdocs.yml", "/etc/passwd",
                 "data/school.yml", "exemplars/x.py", "exemplars/photos/../../x.md"):
        status, answer = editor.api(project, {"action": "persistEntry", "params": {
            "entry": {"path": path, "raw": "x"}, "assets": []}})
        assert status == 400, path
        assert editor.api(project, {"action": "getEntry", "params": {"path": path}})[1]["data"] \
            is None
    assert not (project.parent / "outside.md").exists()
    status, _ = editor.api(project, {"action": "persistEntry", "params": {
        "entry": {"path": "exemplars/moi.md", "raw": "---\nname: A\n---\n"}, "assets": []}})
    assert status == 200 and (project / "exemplars/moi.md").read_text() == "---\nname: A\n---\n"


def test_api_does_not_follow_links(project, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    os.symlink(outside, project / "exemplars" / "link.md")
    assert editor.api(project, {"action": "getEntry",
                                "params": {"path": "exemplars/link.md"}})[1]["data"] is None
    with pytest.raises(PathProblem):
        editor.write_file(project, "exemplars/link.md", b"x")
    assert outside.read_text() == "secret"


def _post(app, body: dict, host="127.0.0.1:8000", origin=None, content_type="application/json"):
    data = json.dumps(body).encode()
    environ = {"PATH_INFO": "/admin/api/v1", "REQUEST_METHOD": "POST", "HTTP_HOST": host,
               "REMOTE_ADDR": "127.0.0.1",
               "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(data)),
               "wsgi.input": io.BytesIO(data)}
    if origin:
        environ["HTTP_ORIGIN"] = origin
    status = []
    app(environ, lambda s, h: status.append(s))
    return status[0]


def test_other_sites_cannot_use_the_api(project):
    app = editor.EditorApp(project)
    info = {"action": "info"}
    assert _post(app, info).startswith("200")
    assert _post(app, info, host="evil.example:8000").startswith("403")      # DNS rebinding
    assert _post(app, info, origin="http://evil.example").startswith("403")  # another site
    assert _post(app, info, content_type="text/plain").startswith("415")     # form post


def test_makefile_installs_the_editor_the_way_the_windows_launcher_does():
    root = editor.Path(__file__).resolve().parent.parent
    makefile = (root / "Makefile").read_text("utf-8")
    target = makefile[makefile.index("\neditor:"):].split("\n\n")[0]
    assert "bangvang cai-trinh-soan" in target and "npm" not in target
    assert "cai-trinh-soan" in (root / "Xem-truoc.bat").read_text("utf-8")


def test_readme_first_screen_tells_a_windows_user_what_to_do():
    readme = (editor.Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    first_screen = "\n".join(readme.splitlines()[:30])
    for step in ("Dùng trên Windows", "python.org", "Add python.exe to PATH", "Bấm đúp `Xem-truoc.bat`",
                 "Bấm đúp `Tao-trang-web.bat`", "http://127.0.0.1:8000/admin/"):
        assert step in first_screen, step
    assert "Node.js" in first_screen and "npm pack" not in first_screen
    vietnamese = readme[:readme.index("for developers")]
    assert "data/published-urls.txt" in vietnamese and "không cần git" in vietnamese
    assert ".venv\\Scripts\\bangvang.exe" in readme and ".venv/bin/bangvang" in readme
    workflow = editor.Path(__file__).resolve().parent.parent / ".github/workflows/pages.yml"
    text = workflow.read_text("utf-8")
    assert "make site" in text and "path: site" in text
    assert "git add \"$list\"" in text and "contents: write" in text   # the list kept by CI


def test_problem_page_escapes_record_text():
    from bangvang.commands import preview
    page = preview.problem_page(['exemplars/x.md:3: name: “<script>alert(1)</script>”']).decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "Hồ sơ có 1 lỗi" in page and 'lang="vi"' in page
