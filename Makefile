# hytedocs: `make demo` and `make test` work on a fresh Debian/Ubuntu machine as root (or with sudo).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: voikko for the Finnish spaCy model and the garbled-text check, fonts for the
# rendered fixtures, poppler (pdftoppm, pdftotext) for the scanned fixture and the speed
# benchmark, qpdf for the encrypted fixture, tesseract for OCR of scanned pages (hytedocs[ocr]).
# fonts-dejavu-extra, fonts-liberation2 and fonts-crosextra-carlito: the sans, serif and
# condensed families the margin-family generator (fixtures/family) draws with.
APT_PACKAGES := libvoikko1 voikko-fi fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 \
                fonts-crosextra-carlito poppler-utils qpdf \
                tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe
# The other two PDF producers of the family generator, needed only by `make fixtures`.
FIXTURE_PACKAGES := libreoffice-writer-nogui chromium
FIXTURES := $(wildcard fixtures/real/*.pdf) $(wildcard fixtures/rendered/*.pdf)
LAPUA_YEAR := $(wildcard fixtures/real/lapua_hyvinvointilautakunta_*.pdf)

.PHONY: demo test bootstrap system-packages lint bench clean docs-preview fixtures

system-packages:
	@if command -v dpkg >/dev/null 2>&1; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	  fi; \
	else echo "not Debian: install libvoikko and the Finnish voikko dictionary yourself (see README)"; fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,dask,ocr]"
	@touch $(STAMP)

bootstrap: system-packages $(STAMP)

demo: bootstrap
	@mkdir -p out
	$(BIN)/hytedocs batch fixtures/real fixtures/rendered --out out/archive.sqlite --jsonl out/minutes.jsonl --force
	$(BIN)/hytedocs parse fixtures/rendered/heinola_hyvinvointilautakunta_2023-11-21.pdf --out out/heinola_hyvinvointilautakunta_2023-11-21.json
	$(BIN)/hytedocs summary fixtures/rendered/heinola_hyvinvointilautakunta_2023-11-21.pdf -o out/kokouskooste_heinola_2023-11-21.docx
	$(BIN)/hytedocs report out/archive.sqlite --body Hyvinvointilautakunta --from 2024-11-01 --to 2025-10-31 \
	    -o out/teemaraportti_lapua_hyvinvointilautakunta.docx
	@echo "demo output in out/:" && ls -1 out

test: bootstrap
	$(BIN)/python -m pytest

lint: bootstrap
	$(BIN)/ruff check src tests benchmarks fixtures/generate.py fixtures/family fixtures/espoo
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: bootstrap
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py

# Re-render the committed margin-family fixtures (fixtures/family_rendered/) with all three
# producers: reportlab, LibreOffice from .docx and Chromium from HTML. Read the diff of the
# expected JSON before committing.
fixtures: bootstrap
	@missing=""; for p in $(FIXTURE_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	cd fixtures && ../$(BIN)/python -m family regen
	$(BIN)/python fixtures/espoo/render.py

docs-preview: bootstrap
	$(BIN)/python benchmarks/render_docx.py --install

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
