"""Photos of exemplars: only safe photos from inside the project, always re-encoded.

A record names its photo in `photo:`; the file lives in `PHOTO_FOLDER` (exemplars/photos/).
Nothing is ever copied as-is: the published file is made again from the pixels alone, so EXIF
(GPS position, camera serial), XMP, IPTC, comments, ICC profiles and anything hidden after the
image data never reach the site.

API
---
`PHOTO_FOLDER`
    "exemplars/photos", relative to the project root.
`ImageProblem(ValueError)`
    A photo that cannot be published; `str(problem)` is a Vietnamese sentence saying what is
    wrong and what to do (the caller adds `file:line: photo:`).
`PublishedImage` (frozen dataclass)
    `name` ("<stem>.jpg" or "<stem>.png", the stem of the source name kept for stable URLs),
    `thumb_name` ("<stem>-nho.jpg"/".png"), `width`, `height`, `thumb_width`, `thumb_height`,
    `data` (the re-encoded full image) and `thumb` (the re-encoded thumbnail).
`check_photo(root, name) -> str | None`
    None when root/PHOTO_FOLDER/name is acceptable, else the Vietnamese problem sentence.
    Cheap (for `bangvang check`): reads the header, verifies PNG chunks, decodes JPEG at 1/8
    scale to find truncation; never re-encodes and never raises.
`publish_photo(root, name, cache_dir) -> PublishedImage`
    The re-encoded photo; raises `ImageProblem` (and nothing else) for anything `check_photo`
    refuses or that fails to decode. Cached in `cache_dir` by content hash.

Rules
-----
* `name` is a bare file name (`safepath.plain_name`): no folder, no "..", no absolute path or
  drive letter. The file is a regular file of at most `MAX_PHOTO_BYTES` (20 MB) inside
  root/PHOTO_FOLDER, reached without a symbolic link (`safepath.project_file`); no FIFO/device.
* The format is decided by the content, restricted to JPEG (and camera MPO, i.e. JPEG with a
  second picture: the first is used), PNG and WebP; Pillow opens the file with only these
  plugins. The extension must agree (.jpg/.jpeg, .png, .webp, any case). SVG (it can carry
  code that runs in the reader's browser), HTML, GIF, PDF, HEIC/AVIF, TIFF, BMP, text and
  anything else are refused with a hint to export as JPG or PNG. Animated PNG/WebP are refused.
* At most `MAX_PIXELS` (40 megapixels), checked from the header before any decoding; Pillow's
  own decompression-bomb error/warning is turned into the same message.
* Corrupt or truncated files give a message, never another exception.
* Re-encoding: orientation applied (`ImageOps.exif_transpose`), ICC profile converted to sRGB
  with ImageCms when possible (else dropped), long side at most `MAX_SIDE` (1600 px, never
  upscaled), thumbnail long side `THUMB_SIDE` (480 px). The pixels are copied into a fresh image
  with no metadata at all. Opaque photos (an alpha channel that is fully opaque counts as
  opaque) → JPEG quality 85, optimized, progressive, RGB; transparent ones → optimized PNG
  (RGBA). The same input gives byte-identical output on every run (with the pinned Pillow).
* Cache: cache_dir/<key>.photo with key = sha256(`SETTINGS` + source bytes); SETTINGS names
  the settings and the Pillow/libjpeg/zlib/lcms versions. An entry carries a checksum; a
  corrupt or unreadable entry is ignored and written again. A cache hit decodes nothing; the
  name checks (path, extension against the cached source format) still run every time.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError, features

from bangvang.records.safepath import PathProblem, plain_name, project_file

try:  # LittleCMS is optional in Pillow builds; without it ICC profiles are simply dropped.
    from PIL import ImageCms
except ImportError:  # pragma: no cover - depends on the Pillow build
    ImageCms = None  # type: ignore[assignment]

__all__ = ["PHOTO_FOLDER", "ImageProblem", "PublishedImage", "check_photo", "publish_photo"]

from bangvang.records.kinds import PHOTO_FOLDER  # noqa: E402  (declared once, with the kinds)
MAX_PHOTO_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
THUMB_SIDE = 480
JPEG_QUALITY = 85
THUMB_SUFFIX = "-nho"

# Pillow format -> extensions a name may have; MPO is what cameras write for JPEG + preview.
_FORMATS = {"JPEG": (".jpg", ".jpeg"), "MPO": (".jpg", ".jpeg"), "PNG": (".png",),
            "WEBP": (".webp",)}
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")   # the only Pillow plugins that ever see a photo
_FORMAT_LABEL = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
_EXPORT_HINT = "hãy mở ảnh bằng phần mềm xem/sửa ảnh, lưu lại (xuất) dưới dạng JPG hoặc PNG, " \
               "rồi ghi tên tệp mới vào trường photo:"

SETTINGS = (f"bangvang-photo 1; side {MAX_SIDE}; thumb {THUMB_SIDE}; jpeg q{JPEG_QUALITY} "
            f"optimize progressive; png optimize; max {MAX_PIXELS}; "
            f"pillow {PIL.__version__}; jpg {features.version('jpg')}; "
            f"zlib {features.version('zlib')}; lcms {features.version('littlecms2')}")
_CACHE_MAGIC = b"bangvang-photo-cache 1\n"
_CACHE_SUFFIX = ".photo"


class ImageProblem(ValueError):
    """The photo cannot be published; the message is Vietnamese."""


@dataclass(frozen=True)
class PublishedImage:
    name: str
    thumb_name: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    data: bytes
    thumb: bytes


def check_photo_data(data: bytes, name: str) -> None:
    """ImageProblem unless `data` is a photo a build accepts (the editor's uploads)."""
    image, source_format = _inspect(data, name)
    _verify(image, source_format, name)


def check_photo(root: Path, name: str) -> str | None:
    """None when root/PHOTO_FOLDER/name is an acceptable photo; else a Vietnamese problem sentence."""
    try:
        data = _read_source(root, name)
        image, source_format = _inspect(data, name)
        _verify(image, source_format, name)
    except ImageProblem as problem:
        return str(problem)
    except Exception:  # a last guard: `bangvang check` must report, not crash
        return _corrupt(name)
    return None


def publish_photo(root: Path, name: str, cache_dir: Path) -> PublishedImage:
    """Re-encoded photo (raises ImageProblem for anything check_photo refuses), cached in cache_dir by content hash."""
    data = _read_source(root, name)
    key = hashlib.sha256(SETTINGS.encode() + b"\0" + data).hexdigest()
    entry = Path(cache_dir) / f"{key}{_CACHE_SUFFIX}"
    cached = _read_cache(entry)
    if cached is not None:
        source_format, rendered = cached
        _check_extension(name, source_format)
        return _published(name, rendered)
    image, source_format = _inspect(data, name)
    try:
        rendered = _render(image, source_format)
    except ImageProblem:
        raise
    except Image.DecompressionBombError:
        raise ImageProblem(_too_large(name, None)) from None
    except Exception:
        raise ImageProblem(_corrupt(name)) from None
    _write_cache(entry, source_format, rendered)
    return _published(name, rendered)


# --- reading and recognising ---------------------------------------------------------------

def _read_source(root: Path, name: str) -> bytes:
    """The bytes of the photo file, after every path rule; ImageProblem otherwise."""
    if not isinstance(name, str) or not plain_name(name):
        raise ImageProblem(f"tên ảnh “{name}” phải là tên một tệp nằm ngay trong thư mục "
                           f"{PHOTO_FOLDER}/ (không có thư mục, không có “..”, không bắt đầu "
                           "bằng / hay ổ đĩa); hãy chép ảnh vào đó và chỉ ghi tên tệp, "
                           "ví dụ “nguyen-van-a.jpg”")
    relative = f"{PHOTO_FOLDER}/{name}"
    try:
        path = project_file(Path(root), relative, MAX_PHOTO_BYTES)
    except PathProblem as problem:
        if not os.path.lexists(Path(root) / relative):
            raise ImageProblem(_missing(Path(root), name)) from None
        raise ImageProblem(str(problem)) from None
    # project_file looked at the path; open it without following a link that might have been
    # put there since, without blocking on a FIFO, and check again what was actually opened.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ImageProblem(f"không đọc được ảnh “{relative}” ({error.strerror}); "
                           "hãy chép lại tệp ảnh") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ImageProblem(f"“{relative}” không phải là một tệp bình thường")
        try:
            data = file.read(MAX_PHOTO_BYTES + 1)
        except OSError as error:
            raise ImageProblem(f"không đọc được ảnh “{relative}” ({error.strerror}); "
                               "hãy chép lại tệp ảnh") from None
    if len(data) > MAX_PHOTO_BYTES:
        raise ImageProblem(f"ảnh “{relative}” quá lớn (tối đa {MAX_PHOTO_BYTES // 1024 // 1024}"
                           " MB); hãy thu nhỏ ảnh rồi chép lại")
    return data


def _inspect(data: bytes, name: str) -> tuple[Image.Image, str]:
    """The opened (not decoded) image and its format, after every content rule."""
    if not data:
        raise ImageProblem(f"tệp ảnh “{name}” trống (0 byte); hãy chép lại ảnh gốc")
    try:
        with _strict_pillow():
            image = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(_too_large(name, None)) from None
    except UnidentifiedImageError:
        raise ImageProblem(_not_a_photo(data, name)) from None
    except Exception:
        raise ImageProblem(_corrupt(name)) from None
    source_format = image.format or ""
    if source_format not in _FORMATS:  # pragma: no cover - only the listed plugins can open
        raise ImageProblem(_not_a_photo(data, name))
    _check_extension(name, source_format)
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageProblem(_corrupt(name))
    if width * height > MAX_PIXELS:
        raise ImageProblem(_too_large(name, (width, height)))
    try:
        animated = source_format in ("PNG", "WEBP") and bool(getattr(image, "is_animated", False))
    except Exception:
        raise ImageProblem(_corrupt(name)) from None
    if animated:
        raise ImageProblem(f"“{name}” là ảnh động; trang chỉ đăng ảnh tĩnh, {_EXPORT_HINT}")
    return image, source_format


def _verify(image: Image.Image, source_format: str, name: str) -> None:
    """Cheap checks that the image data is whole, without a full decode."""
    try:
        with _strict_pillow():
            if source_format in ("JPEG", "MPO"):
                # Decoding at 1/8 scale still reads the whole entropy-coded data.
                image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
            elif source_format == "PNG":
                image.verify()   # every chunk's CRC, up to IEND; no decompression
            # WebP: Pillow's decoder has already parsed the whole container in open().
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(_too_large(name, None)) from None
    except Exception:
        raise ImageProblem(_corrupt(name)) from None


@contextlib.contextmanager
def _strict_pillow():
    """Pillow's warnings (corrupt EXIF, odd chunks) are noise here since all metadata is dropped;
    a decompression-bomb warning becomes an error. (Warning filters are process-wide.) A
    truncated image is refused whatever a library imported earlier set: WeasyPrint, imported
    for the paper commands or by a test, switches Pillow's LOAD_TRUNCATED_IMAGES on for the
    whole process."""
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def _check_extension(name: str, source_format: str) -> None:
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension.lower()}" if dot and stem else ""
    allowed = _FORMATS[source_format]
    if extension in allowed:
        return
    base = stem if dot and stem else name
    better = f"{base}{allowed[0]}"
    if extension in {e for extensions in _FORMATS.values() for e in extensions}:
        raise ImageProblem(f"“{name}” có đuôi {extension} nhưng thực chất là ảnh "
                           f"{_FORMAT_LABEL[source_format]}; hãy đổi tên tệp thành “{better}” "
                           "và sửa trường photo: cho khớp")
    raise ImageProblem(f"tên ảnh “{name}” phải có đuôi .jpg, .jpeg, .png hoặc .webp khớp với nội "
                       f"dung (nội dung là ảnh {_FORMAT_LABEL[source_format]}); hãy đổi tên tệp "
                       f"thành “{better}” và sửa trường photo: cho khớp")


def _not_a_photo(data: bytes, name: str) -> str:
    """Why a file Pillow (JPEG/PNG/WebP only) does not recognise is refused, by its content."""
    head = data[:4096]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
    if b"<svg" in text and (text.startswith(b"<") or b"<?xml" in text):
        return (f"“{name}” là ảnh SVG: loại tệp này có thể chứa mã chạy trong trình duyệt của "
                f"người xem nên không được đăng; {_EXPORT_HINT}")
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta",
                        b"<!--", b"<?xml", b"<div", b"<iframe")) or b"<script" in text:
        return (f"“{name}” thực chất là một trang web (HTML/XML), không phải ảnh, và có thể chứa "
                "mã chạy trong trình duyệt (thường do “lưu trang” thay vì tải ảnh về); "
                f"{_EXPORT_HINT}")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return f"“{name}” là ảnh GIF (thường là ảnh động), không được dùng; {_EXPORT_HINT}"
    if head.startswith(b"%PDF"):
        return f"“{name}” là tài liệu PDF, không phải ảnh; {_EXPORT_HINT}"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"heim",
                                               b"heis", b"mif1", b"msf1", b"avif", b"avis"):
        return (f"“{name}” là ảnh HEIC/AVIF (thường từ iPhone), nhiều trình duyệt không hiển thị "
                "được; hãy chuyển ảnh sang JPG (trên iPhone, chọn Cài đặt › Camera › Định dạng › "
                "Tương thích nhất để máy chụp ảnh JPG), rồi ghi tên tệp mới vào trường photo:")
    if head.startswith((b"II*\0", b"MM\0*")):
        return f"“{name}” là ảnh TIFF (hoặc ảnh RAW của máy ảnh), không được dùng; {_EXPORT_HINT}"
    if head.startswith(b"BM"):
        return f"“{name}” là ảnh BMP, không được dùng; {_EXPORT_HINT}"
    if head.startswith(b"PK\x03\x04"):
        return (f"“{name}” là tệp nén hoặc tài liệu (ZIP, Word, Excel...), không phải ảnh; "
                f"{_EXPORT_HINT}")
    if b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return f"“{name}” là một tệp văn bản, không phải ảnh; {_EXPORT_HINT}"
    return (f"không nhận ra “{name}” là ảnh JPG, PNG hay WebP (tệp hỏng hoặc định dạng khác); "
            f"{_EXPORT_HINT}")


def _missing(root: Path, name: str) -> str:
    message = f"không thấy ảnh “{name}” trong thư mục {PHOTO_FOLDER}/"
    try:
        folder = root / PHOTO_FOLDER
        near = sorted(entry for entry in os.listdir(folder)
                      if entry.lower() == name.lower()) if folder.is_dir() else []
    except OSError:
        near = []
    if near:
        return (f"{message}; trong thư mục có tệp “{near[0]}”: tên phải viết đúng từng chữ hoa, "
                "chữ thường; hãy sửa trường photo: cho khớp")
    return (f"{message}; hãy chép ảnh vào thư mục đó, hoặc sửa trường photo: cho đúng tên tệp "
            "(kể cả đuôi .jpg/.png)")


def _corrupt(name: str) -> str:
    return (f"ảnh “{name}” bị hỏng hoặc không đầy đủ (có thể chép/tải về chưa xong); hãy chép "
            "lại ảnh gốc, hoặc mở ảnh bằng phần mềm xem ảnh và lưu lại dưới dạng JPG hoặc PNG")


def _too_large(name: str, size: tuple[int, int] | None) -> str:
    shown = f" ({size[0]}×{size[1]} điểm ảnh)" if size else ""
    return (f"ảnh “{name}” quá lớn{shown}, tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh; "
            f"hãy thu nhỏ ảnh (ví dụ cạnh dài 3000 điểm ảnh) rồi lưu lại dưới dạng JPG hoặc PNG")


# --- re-encoding ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rendered:
    extension: str          # "jpg" or "png"
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    data: bytes
    thumb: bytes


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled so that the long side is at most `side`; never larger than `size`."""
    width, height = size
    longest = max(width, height)
    if longest <= side:
        return width, height
    return max(1, round(width * side / longest)), max(1, round(height * side / longest))


def _render(image: Image.Image, source_format: str) -> _Rendered:
    """Pixels only: orientation applied, sRGB, resized, encoded without any metadata."""
    with _strict_pillow():
        if source_format in ("JPEG", "MPO"):
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result is still at least the
            # published size: much faster for camera photos, and deterministic.
            image.draft(None, _fit(image.size, MAX_SIDE))
        image.load()
        icc = image.info.get("icc_profile")
        try:
            image = ImageOps.exif_transpose(image) or image
        except Exception:   # unreadable EXIF: publish the pixels as stored rather than refuse
            pass

    if image.mode.startswith("I") or image.mode == "F":   # 16-bit or float greyscale
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L") \
            if image.mode != "F" else image.convert("L")
    transparent = False
    if image.has_transparency_data:
        image = image.convert("RGBA")
        transparent = image.getchannel("A").getextrema()[0] < 255
        if not transparent:
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    mode = "RGBA" if transparent else "RGB"

    full_size = _fit(image.size, MAX_SIDE)
    if full_size != image.size:
        image = image.resize(full_size, Image.Resampling.LANCZOS)
    image = _to_srgb(image, icc, mode)
    # A fresh image from the pixels alone: no info, no EXIF, no XMP, no comment, no profile.
    clean = Image.frombytes(mode, image.size, image.tobytes())
    thumb_size = _fit(clean.size, THUMB_SIDE)
    thumb = clean.resize(thumb_size, Image.Resampling.LANCZOS) if thumb_size != clean.size \
        else clean.copy()
    thumb = Image.frombytes(mode, thumb.size, thumb.tobytes())
    extension = "png" if transparent else "jpg"
    return _Rendered(extension, clean.width, clean.height, thumb.width, thumb.height,
                     _encode(clean, extension), _encode(thumb, extension))


def _to_srgb(image: Image.Image, icc: bytes | None, mode: str) -> Image.Image:
    if icc and ImageCms is not None:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                                  outputMode=mode)
            if converted is not None and converted.mode == mode:
                return converted
        except Exception:   # a broken or mismatched profile: drop it, keep the pixels
            pass
    return image.convert(mode) if image.mode != mode else image


def _encode(image: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "jpg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _published(name: str, rendered: _Rendered) -> PublishedImage:
    stem = name.rpartition(".")[0] or name
    return PublishedImage(name=f"{stem}.{rendered.extension}",
                          thumb_name=f"{stem}{THUMB_SUFFIX}.{rendered.extension}",
                          width=rendered.width, height=rendered.height,
                          thumb_width=rendered.thumb_width, thumb_height=rendered.thumb_height,
                          data=rendered.data, thumb=rendered.thumb)


# --- cache ---------------------------------------------------------------------------------

def _read_cache(entry: Path) -> tuple[str, _Rendered] | None:
    """The cached (source format, rendering), or None when missing or not exactly right."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    try:
        if not blob.startswith(_CACHE_MAGIC):
            return None
        header_end = blob.index(b"\n", len(_CACHE_MAGIC))
        header = json.loads(blob[len(_CACHE_MAGIC):header_end])
        payload = blob[header_end + 1:]
        data_length, thumb_length = header["data_length"], header["thumb_length"]
        numbers = [data_length, thumb_length, header["width"], header["height"],
                   header["thumb_width"], header["thumb_height"]]
        if not all(type(n) is int and n >= 0 for n in numbers) \
                or len(payload) != data_length + thumb_length \
                or hashlib.sha256(payload).hexdigest() != header["sha256"] \
                or header["extension"] not in ("jpg", "png") \
                or header["source_format"] not in _FORMATS:
            return None
        return header["source_format"], _Rendered(
            header["extension"], header["width"], header["height"], header["thumb_width"],
            header["thumb_height"], payload[:data_length], payload[data_length:])
    except (ValueError, KeyError, TypeError):
        return None


def _write_cache(entry: Path, source_format: str, rendered: _Rendered) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    payload = rendered.data + rendered.thumb
    header = {"source_format": source_format, "extension": rendered.extension,
              "width": rendered.width, "height": rendered.height,
              "thumb_width": rendered.thumb_width, "thumb_height": rendered.thumb_height,
              "data_length": len(rendered.data), "thumb_length": len(rendered.thumb),
              "sha256": hashlib.sha256(payload).hexdigest()}
    blob = _CACHE_MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload
    temporary = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=entry.stem,
                                                 suffix=".tmp")
        with os.fdopen(descriptor, "wb") as file:
            file.write(blob)
        os.replace(temporary, entry)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
