"""A seal's ring over the text of a scan or photo: its red is not read, the black letters it
crosses are (ocr.prepare reads the red pixels from the red channel, session 24). Before, the
red was whitened, and with it the letters' edges where the two inks mix and the red JPEG
spreads over them: most of a letter under the ring was lost (the harsh photo's units, 105 of
160 right in session 23)."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from bangvang.importer import ocr

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


@pytest.fixture(scope="module")
def stamped():
    """A line of text with a red ring stamped over it (ink multiplied), sent as JPEG 60."""
    page = Image.new("RGB", (2480, 1200), "white")
    font = ImageFont.truetype(SERIF, 44)
    ImageDraw.Draw(page).text((300, 500), "Tổ Ngữ văn Giáo viên Tổ Toán - Tin", font=font,
                              fill="black")
    ink = Image.new("RGB", page.size, "white")
    ImageDraw.Draw(ink).ellipse([250, 380, 1100, 700], outline=(214, 60, 66), width=60)
    buffer = io.BytesIO()
    ImageChops.multiply(page, ink).save(buffer, "JPEG", quality=60)
    buffer.seek(0)
    prepared, _ = ocr.prepare(Image.open(buffer).convert("RGB"))
    return (np.asarray(prepared.convert("L")), np.asarray(page.convert("L")) < 100,
            np.asarray(ink.convert("L")) < 200)


def test_letters_under_the_ring_stay_dark(stamped):
    prepared, letters, ring = stamped
    assert prepared.shape == letters.shape
    under = letters & ring
    assert under.sum() > 50
    assert (prepared[under] < 128).mean() > 0.8     # 0.39 when the red was whitened


def test_the_ring_itself_is_not_read(stamped):
    prepared, letters, ring = stamped
    near_letters = np.asarray(Image.fromarray(letters.astype(np.uint8) * 255).filter(
        ImageFilter.MaxFilter(9))) > 0
    alone = ring & ~near_letters
    assert (prepared[alone] < 128).mean() < 0.02
