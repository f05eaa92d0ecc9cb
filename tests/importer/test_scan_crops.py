"""The page regions kept for a scanned record's doubts (scan-crops/<kind>/<id>/) follow the
record: imported again with --force, the plan's folder holds the images of the new reading
only, never a pile of old ones the preview or a person could take for current."""
from __future__ import annotations

import json
import re

from bangvang.commands.cli import main
from bangvang.importer.scancrops import clear_crops
from conftest import make_project, write

import scanpages
from test_scans import needs_ocr


def _plan_photo(tmp_path):
    text = (scanpages.REPO_DOCUMENTS / "b_tieu_hoc_binh_minh.txt").read_text(encoding="utf-8")
    page = scanpages.text_page(scanpages.fonts()["be-vietnam-pro"], text.splitlines()[:30])[0]
    return scanpages.save(scanpages.damaged(page, scanpages.PHOTO), tmp_path / "kh.jpg",
                          scanpages.PHOTO)


def test_a_plan_imported_again_with_force_replaces_its_crops(tmp_path, capsys):
    needs_ocr()
    root = make_project(tmp_path / "school")
    photo = _plan_photo(tmp_path)
    main(["--root", str(root), "import", "plan", str(photo)])
    main(["--root", str(root), "import", "plan", str(photo), "--force"])
    assert "Traceback" not in capsys.readouterr().err
    written = [p for p in (root / "plans").glob("*.md") if "kh.jpg" in p.read_text("utf-8")]
    assert len(written) == 1, "--force replaces the record, it does not add one"
    folder = root / "scan-crops/plans" / written[0].stem
    named = set(re.findall(r"ảnh: (scan-crops/[\w/.-]+\.png)", written[0].read_text("utf-8")))
    kept = json.loads((folder / "doubts.json").read_text("utf-8"))
    listed = {d["image"] for d in kept if d["image"]}
    assert named and named <= listed
    on_disk = {p.relative_to(root).as_posix() for p in folder.glob("*.png")}
    assert on_disk == listed, "no image of the first reading is left beside the second"


def test_clearing_takes_only_what_the_importer_wrote(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "scan-crops/plans/kh-1/dong-1.png", "x")
    write(root, "scan-crops/plans/kh-1/doubts.json", "[]")
    write(root, "scan-crops/plans/kh-1/ghi-chu.txt", "của người dùng")
    write(root, "scan-crops/plans/kh-2/dong-1.png", "x")
    clear_crops(root, "plans", "kh-1")
    left = sorted(p.relative_to(root).as_posix() for p in (root / "scan-crops").rglob("*")
                  if p.is_file())
    assert left == ["scan-crops/plans/kh-1/ghi-chu.txt", "scan-crops/plans/kh-2/dong-1.png"]
    clear_crops(root, "plans", "chua-co")       # a record without crops: nothing to do


def _shaded_line():
    """A line of a photo in the shade as the page reaches the crop: grey paper, grey ink,
    light halos beside the letters and JPEG specks."""
    import random
    from PIL import Image, ImageDraw
    image = Image.new("L", (600, 120), 205)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 330, 80), fill=250)                 # the halo round the word
    for x in range(50, 320, 18):
        draw.rectangle((x, 48, x + 9, 72), fill=95)             # the letters' strokes
    speck = random.Random(3)
    for _ in range(400):
        image.putpixel((speck.randrange(600), speck.randrange(120)), speck.randrange(150, 255))
    return image


def test_a_crop_from_a_shaded_photo_reads_black_on_white():
    import numpy as np
    from bangvang.importer.scan import PADDING, crop
    page = _shaded_line()
    out = np.asarray(crop(page, (50, 48, 320, 72)))
    inner = out[PADDING:-PADDING, PADDING:-PADDING]
    assert np.median(inner) == 255, "the shaded paper is white"
    assert np.percentile(inner, 2) <= 10, "the strokes are black"
    # A white border all round, and no more than a quarter of the line's height of the
    # lines above and below (24 px would show the halves of its neighbours).
    assert (out[:PADDING] == 255).all() and (out[:, :PADDING] == 255).all()
    assert out.shape[0] == (72 - 48) + 2 * 6 + 2 * PADDING


def test_a_crop_of_a_clean_scan_is_left_as_it_was():
    import numpy as np
    from PIL import Image, ImageDraw
    from bangvang.importer.scan import PADDING, crop
    page = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(page).rectangle((60, 40, 200, 60), fill=0)
    out = np.asarray(crop(page, (60, 40, 200, 60)))[PADDING:-PADDING, PADDING:-PADDING]
    expected = np.asarray(page.crop((36, 35, 224, 65)))
    # Black and white as scanned: only the speck filter rounds the stroke's four corners.
    assert set(np.unique(out)) == {0, 255} and (out != expected).sum() <= 4
