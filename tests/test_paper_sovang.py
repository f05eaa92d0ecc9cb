"""The Sổ vàng (`bangvang so-vang`, commands/sovang.py): a publication, so the site's privacy
rules hold in it. Read back with pypdf, drawn with pypdfium2."""
from __future__ import annotations

import pypdf
import pytest

from bangvang import pipeline
from conftest import run_bangvang
from test_consent_slips import demo_copy, ink, require_pdf


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    require_pdf()
    root = demo_copy(tmp_path_factory.mktemp("sovang"))
    for year in ("2025-2026", "2024-2025"):
        result = run_bangvang(root, "so-vang", year)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


def text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def images(path) -> set[bytes]:
    return {image.data for page in pypdf.PdfReader(path).pages for image in page.images}


def test_the_book_has_its_cover_and_every_part(books):
    book = books / "so-vang" / "so-vang-2025-2026.pdf"
    words = text(book)
    first = pypdf.PdfReader(book).pages[0].extract_text()
    assert "SỔ VÀNG" in first and "TRƯỜNG THCS HÒA AN" in first and "Năm học 2025-2026" in first
    for part in ("1. Bảng vàng khen thưởng", "2. Gương điển hình, người tốt việc tốt",
                 "3. Cuộc thi viết năm 2026", "4. Thống kê khen thưởng",
                 "5. Chỉ tiêu thi đua và kết quả"):
        assert part in words
    assert "28 lượt khen thưởng trong năm học 2025-2026" in words
    assert "Chiến sĩ thi đua cấp tỉnh" in words and "Đặng Văn Đức" in words
    assert "Mùa thi thử" in words and "Giải Nhất" in words            # the contest's winners
    assert "Khen thưởng năm học 2025-2026 theo danh hiệu, hình thức" in words   # a chart
    assert "Chưa đạt" in words and "20,5%" in words                   # targets and results
    assert all(0.005 < share < 0.5 for share in ink(book))          # no blank or black page


def test_the_book_keeps_the_site_s_privacy(books):
    words = text(books / "so-vang" / "so-vang-2025-2026.pdf")
    assert "K.V.Đ." in words and "Kiều Văn Đức" not in words         # a student at initials
    assert "Bùi Ngọc Ân" not in words and "B.N.Â." not in words       # consent none: counted
    assert "Và 1 người không đồng ý công bố họ tên." in words
    assert "Lý Gia Hân" not in words and "Đang xác minh" not in words  # a draft, its notes
    assert "0912 345" not in words and "Tổ 5, phường" not in words    # private fields


def test_photos_only_with_full_consent_and_without_metadata(books):
    catalog = pipeline.check(books).catalog
    for year in ("2025-2026", "2024-2025"):
        shown = {e.person.photo for e in catalog.exemplars.values()
                 if e.school_year == year and e.person.photo}
        found = images(books / "so-vang" / f"so-vang-{year}.pdf")
        assert len(found) == len(shown), year
        assert not any(b"Exif" in data or b"GPS" in data for data in found)
    # The 2024-2025 student exemplar with a photo but default consent shows no photo.
    assert "L.T.H." in text(books / "so-vang" / "so-vang-2024-2025.pdf")


def test_the_book_is_never_written_into_the_site(books):
    refused = run_bangvang(books, "so-vang", "2025-2026", "--out", "site/so-vang")
    assert refused.returncode == 1 and "trang web được công bố" in refused.stderr
    unknown = run_bangvang(books, "so-vang", "2010-2011")
    assert unknown.returncode == 1 and "các năm học có hồ sơ" in unknown.stderr


def test_a_book_with_photos_leaves_the_site_s_photo_checks_strict(books):
    """Rendering a picture imports WeasyPrint's image module, which makes Pillow accept
    truncated images in the whole process; the photo checks (images.py) must still refuse
    them after a book was printed in the same process."""
    from PIL import ImageFile
    assert images(books / "so-vang/so-vang-2025-2026.pdf")   # the book has photos
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
