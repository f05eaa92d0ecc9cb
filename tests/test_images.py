"""bangvang.exports.images: only safe photos from the project's photo folder, always re-encoded."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from bangvang.exports import images
from bangvang.exports.images import (
    PHOTO_FOLDER, ImageProblem, PublishedImage, check_photo, publish_photo)

REPO = Path(__file__).resolve().parent.parent
XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SecretPhotographer'
       b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "school" / PHOTO_FOLDER).mkdir(parents=True)
    return tmp_path / "school"


def photo(root: Path, name: str, content: bytes) -> str:
    (root / PHOTO_FOLDER / name).write_bytes(content)
    return name


def encode(image: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def picture(size=(400, 200), mode="RGB") -> Image.Image:
    """Left half red, right half blue: enough to see a rotation."""
    image = Image.new(mode, size, "blue")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill="red")
    return image


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CanonTestMake"
    exif[ExifTags.Base.Model] = "SecretModel X100"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SERIAL123456"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 12.0)
    return exif


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims the given size: a bomb costs nothing to make."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- metadata is gone ----------------------------------------------------------------------

def test_exif_gps_xmp_comment_and_profile_are_dropped(root, tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(picture((600, 400)), "JPEG", exif=camera_exif(), xmp=XMP,
                    comment=b"SecretComment", icc_profile=icc)
    # The fixture really carries what must disappear.
    before = Image.open(io.BytesIO(source))
    assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(before.info)

    assert check_photo(root, photo(root, "co-lan.jpg", source)) is None
    result = publish_photo(root, "co-lan.jpg", tmp_path / "cache")
    assert isinstance(result, PublishedImage)
    assert (result.name, result.thumb_name) == ("co-lan.jpg", "co-lan-nho.jpg")
    for data in (result.data, result.thumb):
        out = opened(data)
        assert out.format == "JPEG" and out.mode == "RGB"
        assert not out.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment", "photoshop"} & set(out.info)
        for secret in (b"GPS", b"xmp", b"XMP", b"adobe", b"CanonTestMake", b"SecretModel",
                       b"SERIAL123456", b"SecretPhotographer", b"SecretComment", b"Exif"):
            assert secret not in data
        assert out.getpixel((2, 2))[0] > 200   # still the same picture (red corner)


def test_png_text_and_exif_are_dropped(root, tmp_path):
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SecretComment")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    source = encode(picture(mode="RGBA"), "PNG", pnginfo=info, exif=camera_exif())
    result = publish_photo(root, photo(root, "a.png", source), tmp_path / "cache")
    for secret in (b"GPS", b"XMP", b"SecretComment", b"CanonTestMake", b"eXIf", b"tEXt"):
        assert secret not in result.data


def test_orientation_is_applied(root, tmp_path):
    source = encode(picture((400, 200)), "JPEG", exif=camera_exif(orientation=6))
    result = publish_photo(root, photo(root, "xoay.jpg", source), tmp_path / "cache")
    out = opened(result.data)
    assert out.size == (200, 400) == (result.width, result.height)
    assert (result.thumb_width, result.thumb_height) == (200, 400)   # 400 < 480: kept
    # Orientation 6: the stored left side (red) is shown on top.
    assert out.getpixel((100, 20))[0] > 200 and out.getpixel((100, 380))[2] > 200
    assert not out.getexif()


# --- sizes ---------------------------------------------------------------------------------

def test_large_photo_is_scaled_down_and_small_one_is_not_upscaled(root, tmp_path):
    big = publish_photo(root, photo(root, "lon.jpg", encode(picture((4000, 3000)), "JPEG")),
                        tmp_path / "cache")
    assert (big.width, big.height, big.thumb_width, big.thumb_height) == (1600, 1200, 480, 360)
    assert opened(big.data).size == (1600, 1200) and opened(big.thumb).size == (480, 360)

    small = publish_photo(root, photo(root, "nho.png", encode(picture((300, 120)), "PNG")),
                          tmp_path / "cache")
    assert (small.width, small.height, small.thumb_width, small.thumb_height) == (300, 120,
                                                                                   300, 120)


# --- output formats ------------------------------------------------------------------------

def test_png_with_transparency_stays_png(root, tmp_path):
    image = picture(mode="RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    result = publish_photo(root, photo(root, "logo.png", encode(image, "PNG")), tmp_path / "c")
    assert (result.name, result.thumb_name) == ("logo.png", "logo-nho.png")
    out = opened(result.data)
    assert out.format == "PNG" and out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0
    assert opened(result.thumb).format == "PNG"


def test_palette_png_with_transparency_stays_png(root, tmp_path):
    image = picture().convert("P")
    red = image.getpixel((0, 0))
    result = publish_photo(root, photo(root, "p.png", encode(image, "PNG", transparency=red)),
                           tmp_path / "c")
    out = opened(result.data)
    assert out.format == "PNG" and out.getpixel((0, 0))[3] == 0
    assert out.getpixel((399, 0)) == (0, 0, 255, 255)


def test_palette_png_whose_transparent_colour_is_unused_becomes_jpeg(root, tmp_path):
    image = picture().convert("P")
    unused = next(i for i in range(256) if i not in {c for _, c in image.getcolors()})
    result = publish_photo(root, photo(root, "p.png", encode(image, "PNG", transparency=unused)),
                           tmp_path / "c")
    assert opened(result.data).format == "JPEG"


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P", "LA", "1", "I;16"])
def test_png_without_transparency_becomes_jpeg(root, tmp_path, mode):
    image = picture().convert(mode) if mode != "I;16" else Image.new("I;16", (40, 30), 40000)
    result = publish_photo(root, photo(root, "anh.png", encode(image, "PNG")), tmp_path / "c")
    assert (result.name, result.thumb_name) == ("anh.jpg", "anh-nho.jpg")
    out = opened(result.data)
    assert out.format == "JPEG" and out.mode == "RGB"
    if mode == "I;16":   # 16-bit grey is scaled, not clipped to white
        assert 140 < out.getpixel((5, 5))[0] < 170


def test_cmyk_jpeg_and_webp_become_rgb_jpeg(root, tmp_path):
    cmyk = publish_photo(root, photo(root, "in.jpg", encode(picture().convert("CMYK"), "JPEG")),
                         tmp_path / "c")
    assert opened(cmyk.data).mode == "RGB"
    webp = publish_photo(root, photo(root, "w.webp", encode(picture(), "WEBP")), tmp_path / "c")
    assert webp.name == "w.jpg" and opened(webp.data).format == "JPEG"


def test_camera_mpo_is_published_as_jpeg(root, tmp_path):
    source = encode(picture(), "MPO", save_all=True, append_images=[picture((64, 32))])
    assert Image.open(io.BytesIO(source)).format == "MPO"
    assert check_photo(root, photo(root, "may-anh.jpg", source)) is None
    result = publish_photo(root, "may-anh.jpg", tmp_path / "c")
    assert (result.width, result.height) == (400, 200) and opened(result.data).format == "JPEG"


def test_anything_after_the_image_is_not_published(root, tmp_path):
    source = encode(picture(), "JPEG") + HTML
    result = publish_photo(root, photo(root, "da-ngon.jpg", source), tmp_path / "c")
    assert b"<script" not in result.data and b"html" not in result.data


def test_strange_orientation_value_is_harmless(root, tmp_path):
    source = encode(picture(), "JPEG", exif=camera_exif(orientation=77))
    assert check_photo(root, photo(root, "la.jpg", source)) is None
    assert publish_photo(root, "la.jpg", tmp_path / "c").width == 400


def test_upper_case_extension_is_accepted(root, tmp_path):
    name = photo(root, "IMG_0001.JPG", encode(picture(), "JPEG"))
    assert check_photo(root, name) is None
    assert publish_photo(root, name, tmp_path / "c").name == "IMG_0001.jpg"


# --- refused -------------------------------------------------------------------------------

def _truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((300, 300), 60).convert("RGB"), "JPEG")
    return data[:len(data) // 2]


def _animated(format: str) -> bytes:
    frames = [picture(), picture().rotate(180)]
    return encode(frames[0], format, save_all=True, append_images=frames[1:], duration=100)


REFUSED_CONTENT = {
    "svg": ("ve.svg", SVG, "SVG"),
    "svg renamed jpg": ("ve.jpg", SVG, "SVG"),
    "svg without prolog": ("ve.jpg", SVG.split(b"\n", 1)[1], "SVG"),
    "html renamed png": ("trang.png", HTML, "HTML"),
    "truncated jpeg": ("cut.jpg", _truncated_jpeg(), "hỏng"),
    "truncated webp": ("cut.webp", encode(picture(), "WEBP")[:-20], "hỏng"),
    "empty": ("trong.jpg", b"", "trống"),
    "text": ("ghi-chu.jpg", "Ảnh của cô Lan\n".encode(), "văn bản"),
    "gif": ("dong.gif", _animated("GIF"), "GIF"),
    "static gif renamed jpg": ("tinh.jpg", encode(picture(), "GIF"), "GIF"),
    "animated png": ("dong.png", _animated("PNG"), "ảnh động"),
    "animated webp": ("dong.webp", _animated("WEBP"), "ảnh động"),
    "pdf": ("giay-khen.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "heic": ("iphone.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64, "HEIC"),
    "tiff": ("scan.tif", encode(picture(), "TIFF"), "TIFF"),
    "bmp": ("paint.jpg", encode(picture(), "BMP"), "BMP"),
    "jpeg named png": ("anh.png", encode(picture(), "JPEG"), "anh.jpg"),
    "png named jpg": ("anh.jpg", encode(picture(), "PNG"), "anh.png"),
    "jpeg without extension": ("anh", encode(picture(), "JPEG"), "anh.jpg"),
    "jpeg named svg": ("anh.svg", encode(picture(), "JPEG"), "anh.jpg"),
    "50 megapixels": ("bom.png", png_header(10_000, 5_000), "quá lớn"),
    "200 megapixels": ("bom2.png", png_header(20_000, 10_000), "quá lớn"),
    "random bytes": ("rac.jpg", bytes(range(256)) * 8, "không nhận ra"),
    "jpeg header only": ("dau.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0", "hỏng"),
}


def _assert_refused(root: Path, name: str, cache: Path, expected: str | None = None) -> str:
    message = check_photo(root, name)
    assert isinstance(message, str) and message.strip()
    if expected:
        assert expected in message
    with pytest.raises(ImageProblem) as raised:
        publish_photo(root, name, cache)
    assert str(raised.value) == message
    return message


@pytest.mark.parametrize("case", REFUSED_CONTENT, ids=list(REFUSED_CONTENT))
def test_refused_content(root, tmp_path, case):
    name, content, expected = REFUSED_CONTENT[case]
    message = _assert_refused(root, photo(root, name, content), tmp_path / "cache", expected)
    if "SVG" in expected or "HTML" in expected:
        assert "trình duyệt" in message and "JPG hoặc PNG" in message


def test_a_truncated_photo_is_refused_even_after_a_library_relaxed_pillow(root, tmp_path,
                                                                          monkeypatch):
    """WeasyPrint (the paper commands) switches Pillow's LOAD_TRUNCATED_IMAGES on for the
    whole process when imported; a cut photo must still be refused, and the flag left as
    the library set it."""
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    _assert_refused(root, photo(root, "cut.jpg", _truncated_jpeg()), tmp_path / "cache", "hỏng")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


@pytest.mark.parametrize("name", ["../x.jpg", "/etc/passwd", "C:\\x.jpg", "C:x.jpg",
                                  "con/anh.jpg", "con\\anh.jpg", "..", ".", "", "a\0.jpg"])
def test_refused_names(root, tmp_path, name):
    (root / PHOTO_FOLDER / "con").mkdir()
    photo(root, "con/anh.jpg", encode(picture(), "JPEG"))
    (root / "exemplars" / "x.jpg").write_bytes(encode(picture(), "JPEG"))
    message = _assert_refused(root, name, tmp_path / "cache")
    if name:
        assert "thư mục" in message


def test_refused_missing_file(root, tmp_path):
    assert "không thấy" in _assert_refused(root, "khong-co.jpg", tmp_path / "cache")
    assert "không thấy" in _assert_refused(root.parent / "no-project", "a.jpg", tmp_path / "c")
    photo(root, "IMG_0001.JPG", encode(picture(), "JPEG"))
    if not (root / PHOTO_FOLDER / "img_0001.jpg").exists():   # case-sensitive file system
        assert "“IMG_0001.JPG”" in _assert_refused(root, "img_0001.jpg", tmp_path / "cache")


def test_refused_symlinks(root, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(encode(picture(), "JPEG"))
    try:
        os.symlink(outside, root / PHOTO_FOLDER / "lien-ket.jpg")
        os.symlink("/etc/passwd", root / PHOTO_FOLDER / "passwd.jpg")
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    for name in ("lien-ket.jpg", "passwd.jpg"):
        assert "liên kết" in _assert_refused(root, name, tmp_path / "cache")


def test_refused_symlinked_photo_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.jpg").write_bytes(encode(picture(), "JPEG"))
    (tmp_path / "school" / "exemplars").mkdir(parents=True)
    try:
        os.symlink(elsewhere, tmp_path / "school" / PHOTO_FOLDER)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    assert "liên kết" in _assert_refused(tmp_path / "school", "a.jpg", tmp_path / "cache")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_refused_fifo(root, tmp_path):
    os.mkfifo(root / PHOTO_FOLDER / "ong.jpg")
    assert "tệp bình thường" in _assert_refused(root, "ong.jpg", tmp_path / "cache")


def test_refused_oversized_file(root, tmp_path):
    with open(root / PHOTO_FOLDER / "nang.jpg", "wb") as file:
        file.truncate(images.MAX_PHOTO_BYTES + 1)   # sparse: costs no disk
    assert "quá lớn" in _assert_refused(root, "nang.jpg", tmp_path / "cache")


def test_directory_is_refused(root, tmp_path):
    (root / PHOTO_FOLDER / "thu-muc.jpg").mkdir()
    _assert_refused(root, "thu-muc.jpg", tmp_path / "cache")


def test_broken_icc_profile_is_dropped_not_fatal(root, tmp_path):
    source = encode(picture(), "JPEG", icc_profile=b"not a profile" * 10)
    result = publish_photo(root, photo(root, "icc.jpg", source), tmp_path / "cache")
    assert "icc_profile" not in opened(result.data).info


# --- determinism and cache -----------------------------------------------------------------

def _fixture_set(root: Path) -> list[str]:
    return [photo(root, "a.jpg", encode(picture((900, 700)), "JPEG", exif=camera_exif(6))),
            photo(root, "b.png", encode(picture(mode="RGBA").rotate(30), "PNG"))]


def test_output_is_deterministic(root, tmp_path):
    for name in _fixture_set(root):
        first = publish_photo(root, name, tmp_path / "one")
        second = publish_photo(root, name, tmp_path / "two")
        assert first == second


def test_output_is_deterministic_across_processes(root, tmp_path):
    names = _fixture_set(root)
    here = [publish_photo(root, name, tmp_path / "here") for name in names]
    script = ("import sys, hashlib; from pathlib import Path; from bangvang.exports.images import "
              "publish_photo\nfor n in sys.argv[3:]:\n r = publish_photo(Path(sys.argv[1]), n, "
              "Path(sys.argv[2]))\n print(hashlib.sha256(r.data + r.thumb).hexdigest())")
    run = subprocess.run([sys.executable, "-c", script, str(root), str(tmp_path / "there"),
                          *names], capture_output=True, text=True, cwd=REPO, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"})
    import hashlib
    assert run.stdout.split() == [hashlib.sha256(r.data + r.thumb).hexdigest() for r in here]


def test_cache_hit_does_not_decode_or_encode(root, tmp_path, monkeypatch):
    name = photo(root, "a.jpg", encode(picture(), "JPEG"))
    cache = tmp_path / "not" / "yet" / "there"
    first = publish_photo(root, name, cache)
    assert [p.suffix for p in cache.iterdir()] == [".photo"]

    def forbidden(*args, **kwargs):
        raise AssertionError("decoded or encoded again")
    monkeypatch.setattr(images, "_render", forbidden)
    monkeypatch.setattr(images.Image, "open", forbidden)
    monkeypatch.setattr(images.Image.Image, "save", forbidden)
    assert publish_photo(root, name, cache) == first
    # Same content under another name: still from the cache, named after the new file.
    photo(root, "b.JPEG", (root / PHOTO_FOLDER / name).read_bytes())
    again = publish_photo(root, "b.JPEG", cache)
    assert (again.name, again.data) == ("b.jpg", first.data)


def test_cache_hit_still_checks_the_name(root, tmp_path):
    content = encode(picture(), "JPEG")
    publish_photo(root, photo(root, "a.jpg", content), tmp_path / "cache")
    with pytest.raises(ImageProblem, match="a.jpg"):
        publish_photo(root, photo(root, "a.png", content), tmp_path / "cache")
    with pytest.raises(ImageProblem):
        publish_photo(root, "../a.jpg", tmp_path / "cache")


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip", "empty"])
def test_corrupt_cache_entry_is_ignored_and_rewritten(root, tmp_path, monkeypatch, damage):
    name = photo(root, "a.jpg", encode(picture(), "JPEG"))
    cache = tmp_path / "cache"
    first = publish_photo(root, name, cache)
    [entry] = cache.iterdir()
    blob = entry.read_bytes()
    entry.write_bytes({"garbage": b"\x00garbage", "truncate": blob[:-10], "empty": b"",
                       "flip": blob[:-1] + bytes([blob[-1] ^ 1])}[damage])
    calls = []
    render = images._render
    monkeypatch.setattr(images, "_render", lambda *a: calls.append(1) or render(*a))
    assert publish_photo(root, name, cache) == first
    assert calls == [1] and entry.read_bytes() == blob
    assert publish_photo(root, name, cache) == first and calls == [1]


def test_unwritable_cache_does_not_stop_publishing(root, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    name = photo(root, "a.jpg", encode(picture(), "JPEG"))
    assert publish_photo(root, name, tmp_path / "a-file" / "cache").width == 400


def _png_with_bad_pixel_data() -> bytes:
    """Valid chunks and CRCs, but the compressed pixel data is garbage."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 50, 50, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"\x78\x9c" + bytes(range(7, 250))) + chunk(b"IEND", b""))


def test_bad_pixel_data_is_a_problem_not_a_crash(root, tmp_path):
    name = photo(root, "x.png", _png_with_bad_pixel_data())
    message = check_photo(root, name)   # cheap check: CRCs are fine, may pass
    assert message is None or message
    with pytest.raises(ImageProblem, match="hỏng"):
        publish_photo(root, name, tmp_path / "cache")


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_damaged_files_never_raise_anything_else(root, tmp_path, format):
    import random
    chance = random.Random(format)
    original = encode(picture((40, 30)), format, **({"exif": camera_exif(6)} if format == "JPEG"
                                                    else {}))
    name = {"JPEG": "x.jpg", "PNG": "x.png", "WEBP": "x.webp"}[format]
    for attempt in range(25):
        damaged = bytearray(original)
        for _ in range(chance.randint(1, 4)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        if attempt % 5 == 0:
            damaged = damaged[:chance.randrange(1, len(damaged))]
        photo(root, name, bytes(damaged))
        message = check_photo(root, name)
        assert message is None or (isinstance(message, str) and message)
        try:
            publish_photo(root, name, tmp_path / f"cache{attempt}")
        except ImageProblem as problem:
            assert str(problem)
