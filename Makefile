# Bảng vàng. Hai lệnh cho máy mới (Python 3.11+ và make): `make site` và `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONUTF8 := 1

.PHONY: site test serve check schema browser clean bench-search bench

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

serve: $(STAMP)
	$(BIN)/bangvang serve

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

# Giấy khen (PDF) of one school year: make giay-khen NAM_HOC=2024-2025
giay-khen: $(STAMP) pdf-libs
	$(BIN)/bangvang giay-khen $(NAM_HOC)

test: $(STAMP) browser pdf-libs
	$(BIN)/python -m pytest -q

bench-search: $(STAMP)
	$(BIN)/python scripts/bench_search.py

# Build benchmark against Material alone (docs/benchmark.md); takes an hour or more.
bench: $(STAMP)
	$(BIN)/python scripts/bench_build.py

clean:
	rm -rf site .build .site-new-* .site-old-* .site-build.lock
