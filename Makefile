# Two commands: `make run` serves the dashboard, `make test` runs the whole suite.
# Both create .venv and install the pinned requirements first.
# `make run` serves as in production: gunicorn (dashboard/web/gunicorn_conf.py: 2 gthread workers x 4 threads,
# timeout 60) on http://$(HOST):$(PORT)/, responses compressed, fingerprinted files cached by browsers.
# `make debug` is Dash's single-process development server, for debugging only.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8050
REGISTRY ?= indicators.yaml

.PHONY: run debug test screenshots lint chromium summary bench clean bytecode
# axe-core, the accessibility checker the browser tests run in every page (npm; MPL-2.0)
AXE_VERSION := 4.14.1
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# The package's bytecode, kept up to date: a command then starts without compiling it (even under PYTHONDONTWRITEBYTECODE)
bytecode: $(STAMP)
	@$(PY) -m compileall -q dashboard

# Debian's chromium and chromedriver: kaleido renders images with it, the browser tests drive it.
# Fonts with Cyrillic (DejaVu, Liberation) too: without them Russian titles in exported images come out as boxes.
FONTS := fonts-dejavu-core fonts-liberation2
chromium:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium and chromium-driver..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "Chromium is missing: install it with 'sudo apt-get install chromium chromium-driver'."; exit 1; \
	fi
	@if [ -n "$$(fc-list :lang=ru 2>/dev/null)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing fonts with Cyrillic: $(FONTS)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig $(FONTS) >/dev/null; \
	else \
		echo "No font with Cyrillic: install one with 'sudo apt-get install $(FONTS)'."; exit 1; \
	fi

run: $(STAMP) bytecode
	-@$(MAKE) --no-print-directory chromium || echo "Without chromium the dashboard runs, but server-side PNG export is off."
	@$(PY) -m dashboard validate $(REGISTRY) || echo "Serving anyway: the page shows the problems until the file is fixed."
	DASHBOARD_REGISTRY=$(REGISTRY) $(PY) -m gunicorn -c dashboard/web/gunicorn_conf.py --bind $(HOST):$(PORT) dashboard.web.wsgi:server

debug: $(STAMP)
	$(PY) -m dashboard run --registry $(REGISTRY) --host $(HOST) --port $(PORT)

$(AXE): $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@$(AXE_VERSION)

test: $(STAMP) bytecode chromium $(AXE)
	$(PY) -m ruff check dashboard tests benchmarks
	$(PY) -m ruff format --check dashboard tests benchmarks
	$(PY) -m pytest

# The README's pictures: every page photographed at 1300 px and 390 px, in both languages, into docs/screenshots/
# (only the six the README shows are committed; `make test` photographs into a temporary folder and leaves the tree clean).
screenshots: $(STAMP) bytecode chromium $(AXE)
	DASHBOARD_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/test_pages_browser.py

# The benchmark tables (benchmarks/RESULTS.md); never part of `make test`.
bench: $(STAMP) bytecode chromium
	$(PY) -m benchmarks
	$(PY) -m benchmarks.browser

summary: $(STAMP) bytecode
	$(PY) -m dashboard summary

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
