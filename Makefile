# Bảng vàng. Hai lệnh cho máy mới (Python 3.11+ và make): `make site` và `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONUTF8 := 1

.PHONY: site test serve check schema browser editor axe clean bench-search bench

# Create the virtual environment and install the locked dependencies (only when they change).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/bangvang check

site: $(STAMP)
	$(BIN)/bangvang build

serve: $(STAMP) editor
	$(BIN)/bangvang serve

# The /admin/ editor of the preview (docs/editor.md): Decap CMS's prebuilt bundle, version and
# SHA-512 pinned in bangvang/commands/editor_install.py, unpacked into the virtual environment
# (git-ignored, kept by `make clean`) by `bangvang cai-trinh-soan`: with npm when there is one,
# else downloaded over HTTPS from the npm registry (no Node.js needed; Xem-truoc.bat does the
# same on Windows). When it cannot, it says why and the preview works without the editor.
editor: $(STAMP)
	@$(BIN)/bangvang cai-trinh-soan || echo "Bản xem trước vẫn chạy; trình soạn /admin/ chưa có."

schema: $(STAMP)
	$(BIN)/bangvang schema

# Debian's Chromium for the browser tests; skipped (tests say why) when apt is not usable.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "Chromium chưa có và không cài được (cần quyền root với apt-get): các bài kiểm tra trên trình duyệt sẽ bị bỏ qua."; fi

# Pango (for WeasyPrint) and a serif font with Vietnamese glyphs, for `bangvang giay-khen`;
# skipped (the certificate tests say why) when apt is not usable.
.PHONY: pdf-libs giay-khen
pdf-libs:
	@if dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 >/dev/null; \
	else echo "Thư viện Pango hoặc phông chữ fonts-liberation2 chưa có và không cài được (cần quyền root với apt-get): các bài kiểm tra giấy khen sẽ bị bỏ qua."; fi

# Tesseract and its Vietnamese model (Debian), for importing scans and photos; skipped (the
# scan tests say why) when apt is not usable.
.PHONY: ocr
ocr:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null; \
	else echo "Chưa có Tesseract (tesseract-ocr, tesseract-ocr-vie) và không cài được (cần quyền root với apt-get): chưa nhập được bản quét, ảnh chụp; các bài kiểm tra bản quét sẽ bị bỏ qua."; fi

# Giấy khen (PDF) of one school year: make giay-khen NAM_HOC=2024-2025
giay-khen: $(STAMP) pdf-libs
	$(BIN)/bangvang giay-khen $(NAM_HOC)

# Consent slips and the Sổ vàng (PDF) of one school year (docs/paper.md):
# make phieu-dong-y NAM_HOC=2025-2026, make so-vang NAM_HOC=2025-2026
.PHONY: phieu-dong-y so-vang
phieu-dong-y: $(STAMP) pdf-libs
	$(BIN)/bangvang phieu-dong-y $(NAM_HOC)

so-vang: $(STAMP) pdf-libs
	$(BIN)/bangvang so-vang $(NAM_HOC)

# axe-core (npm) for the accessibility test (tests/browser/test_accessibility.py): version and
# checksum pinned in tests/browser/axe/package-lock.json, `npm ci` into .build/node (git-ignored).
# Skipped with a message when npm is missing (the test then says why, or fails under CI).
AXE := .build/node/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	@if command -v npm >/dev/null; then \
		mkdir -p .build/node && cp tests/browser/axe/package.json tests/browser/axe/package-lock.json .build/node/ && \
		npm ci --prefix .build/node --no-audit --no-fund --silent && touch $(AXE); \
	else echo "Chưa có npm (Node.js): chưa cài được axe-core, bài kiểm tra khả năng tiếp cận sẽ bị bỏ qua. Cài Node.js rồi chạy \`make axe\`."; fi

# Faces the scan tests and `scripts/score_importer.py --scans --held-out` draw pages in (DejaVu's
# condensed faces, Carlito with Calibri's metrics, Caladea, Noto Serif and Sans, FreeSerif and
# FreeSans, Open Sans); without them those tests and faces are skipped.
.PHONY: scan-fonts
scan-fonts:
	@if dpkg -s fonts-dejavu-extra fonts-crosextra-carlito fonts-crosextra-caladea fonts-noto-core fonts-freefont-ttf fonts-open-sans >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq fonts-dejavu-extra fonts-crosextra-carlito fonts-crosextra-caladea fonts-noto-core fonts-freefont-ttf fonts-open-sans >/dev/null; \
	else echo "Phông chữ fonts-dejavu-extra, fonts-crosextra-carlito, fonts-crosextra-caladea, fonts-noto-core, fonts-freefont-ttf, fonts-open-sans chưa có và không cài được (cần quyền root với apt-get): vài bài kiểm tra bản quét sẽ bị bỏ qua."; fi

test: $(STAMP) browser pdf-libs ocr scan-fonts editor axe
	$(BIN)/python -m pytest -q -n auto --ignore=tests/browser && $(BIN)/python -m pytest -q tests/browser

bench-search: $(STAMP)
	$(BIN)/python scripts/bench_search.py

# Build benchmark on a school that looks like a real one, against Material and Pagefind alone
# (docs/benchmark.md): a small school by default (a few minutes); the full measurement is
# `make bench BENCH="--sizes 500,2000,6000 --runs 3,3,1 --write"` (an hour or more).
BENCH ?= --quick
bench: $(STAMP)
	$(BIN)/python scripts/bench_build.py $(BENCH)

clean:
	rm -rf site .build .site-new-* .site-old-* .site-build.lock
