"""Nothing private and nothing consent hides may reach any file of the built site."""
from __future__ import annotations

from bangvang.records.text import fold
from conftest import make_project, run_bangvang, write
from sitecheck import all_text

# Each marker is unique; it is placed where it must never be published.
MARKERS = {
    "zqphone1": "exemplar private phone",
    "zqaddr2": "exemplar private address",
    "zqnote3": "exemplar private notes",
    "zqbirth4": "exemplar private birth date",
    "Zqinitname": "name of a student published by initials only",
    "zqinitphoto": "photo of a student published by initials only",
    "zqnamephoto": "photo of a person published by name only",
    "Zqnonename": "name of a person who is not listed",
    "zqnoneunit": "unit of a person who is not listed",
    "zqnonesummary": "summary of an exemplar who is not listed",
    "zqnonestory": "story of an exemplar who is not listed",
    "Zqdefaultname": "student with no consent recorded (defaults to initials)",
    "Zqawardname": "award recipient who is not listed",
    "zqawardprivate": "award private note",
    "Zqauthorname": "contest author published by initials",
    "zqentryprivate": "contest entry private note",
    "zqdraftstory": "draft exemplar",
    "zqdraftplan": "draft plan",
    "zqwarning": "importer warning on a plan",
    "zqcameramake": "camera make in a photo's EXIF",
    "zqcameramodel": "camera model in a photo's EXIF",
    "zqcomment": "comment inside a photo",
}


def write_photo(path):
    """A JPEG carrying what a phone puts in a photo: GPS position, camera, a comment."""
    from PIL import Image
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "zqcameramake", "zqcameramodel"
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 3.0), 3: "E", 4: (105.0, 50.0, 1.0)}
    Image.new("RGB", (64, 64), "#c62828").save(path, exif=exif, comment=b"zqcomment")


def build_with_markers(tmp_path):
    root = make_project(tmp_path / "school")
    for photo in ("zqinitphoto.jpg", "zqnamephoto.jpg", "visible.jpg"):
        write_photo(root / "exemplars/photos" / photo)
    write(root, "exemplars/hs-2024-a.md", """---
name: Trần Văn Zqinitname
role: student
unit: 6A
school_year: "2023-2024"
consent: initials
photo: zqinitphoto.jpg
summary: Em nhặt được ví.
private: {phone: "zqphone1", address: "zqaddr2", notes: "zqnote3", birth_date: "zqbirth4"}
---
Câu chuyện nhặt ví.
""")
    write(root, "exemplars/hs-2024-b.md", """---
name: Lê Thị Zqdefaultname
role: student
unit: 6B
school_year: "2023-2024"
summary: Em giúp bạn.
---
Giúp bạn.
""")
    write(root, "exemplars/gv-hoa.md", """---
name: Phạm Thị Hoa
role: teacher
school_year: "2023-2024"
consent: name
photo: zqnamephoto.jpg
summary: Cô dạy giỏi.
---
Chuyện cô Hoa.
""")
    write(root, "exemplars/hs-2024-c.md", """---
name: Đỗ Văn Zqnonename
role: student
unit: zqnoneunit
school_year: "2023-2024"
consent: none
summary: zqnonesummary
---
zqnonestory
""")
    write(root, "exemplars/hs-2024-d.md", """---
name: Vũ An
role: teacher
school_year: "2023-2024"
summary: Bản nháp.
status: draft
---
zqdraftstory
""")
    write(root, "plans/nhap.md", """---
issued: 01/09/2023
issuer: Trường
title: zqdraftplan
year: 2023
status: draft
---
zqdraftplan
""")
    teacher = root / "exemplars/dang-van-do.md"
    teacher.write_text(teacher.read_text("utf-8").replace("unit:", "photo: visible.jpg\nunit:"), "utf-8")
    plan = root / "plans/2023-2024-ke-hoach.md"
    plan.write_text(plan.read_text("utf-8").replace(
        "campaigns:", "warnings: [zqwarning]\ncampaigns:"), "utf-8")
    roll = root / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + """  - recipient: Ngô Văn Zqawardname
    role: student
    unit: zqnoneunit
    consent: none
    form: giay-khen
    level: truong
    decision: {number: 47/QĐ-THCS, date: 25/05/2024}
  - recipient: hs-2024-c
    form: giay-khen
    level: truong
    decision: {number: 47/QĐ-THCS, date: 25/05/2024}
  - recipient: hs-2024-a
    form: giay-khen
    level: truong
    decision: {number: 47/QĐ-THCS, date: 25/05/2024}
    private: {notes: zqawardprivate}
""", "utf-8")
    write(root, "exemplars/contest/bai-2.md", """---
contest_year: 2024
title: Bạn của em
author: {name: Hồ Thị Zqauthorname, role: student, unit: 9A, consent: initials}
subject: hs-2024-c
private: {notes: zqentryprivate}
---
Bài viết về bạn.
""")
    result = run_bangvang(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_no_private_or_consent_hidden_value_reaches_any_output_file(tmp_path):
    site = build_with_markers(tmp_path)
    files = dict(all_text(site))
    assert len(files) > 20
    assert any(p.startswith("du-lieu/") for p in files)   # the open data is scanned too
    leaks = []
    for path, text in files.items():
        lowered, folded = text.lower(), fold(text)
        for marker, what in MARKERS.items():
            if marker.lower() in lowered or fold(marker) in folded:
                leaks.append(f"{path}: {what} ({marker})")
    assert leaks == []
    # The people themselves are still there, as far as consent allows.
    roll = files["bang-vang/2023-2024/index.html"]
    assert "T.V.Z." in roll and "Phạm Thị Hoa" in files["guong-dien-hinh/gv-hoa/index.html"]
    assert "L.T.Z." in files["guong-dien-hinh/index.html"]
    assert "không công bố tên" in roll
    # The published photo is re-encoded: no EXIF, no GPS.
    from PIL import Image
    photos = sorted((site / "anh").glob("*.jpg"))
    assert photos and all(not Image.open(p).getexif() for p in photos)
    assert all(b"GPS" not in p.read_bytes() and b"Exif" not in p.read_bytes() for p in photos)
