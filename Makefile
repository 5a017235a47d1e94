# `make run` and `make test` each do the whole set-up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench package test-package system-deps clean translations cldr

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# A venv made before PySide6 was pinned on Python 3.11 holds PySide6-Pdf 6.12, which would
	@# overlay the 6.11 QtPdf of PySide6-Addons (see pyproject.toml).
	$(BIN)/python -c 'import sys; sys.exit(sys.version_info >= (3, 12))' && \
		$(BIN)/python -m pip uninstall --quiet --yes PySide6-Pdf 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash packaging/system-deps.sh

# The demo fills a register file of its own (`verbale demo --where` says which), never the
# user's register; the application opens on it.
run: system-deps $(STAMP)
	$(BIN)/verbale demo --if-empty
	$(BIN)/verbale --db "$$($(BIN)/verbale demo --where)" gui

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: system-deps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: system-deps $(STAMP)
	@for b in bench/[!_]*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

package: system-deps $(STAMP)
	# The application ships the PostgreSQL driver too, so that an office can share one register
	# on a server (--db postgresql+psycopg://...).
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c packaging/constraints.txt pyinstaller -e '.[postgres]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/verbale.spec

test-package: package
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m slow

# Dependency floors: the lowest versions pyproject.toml allows (packaging/floors.py), in a venv
# of their own, and the suite (or FLOORS_TESTS) run against them.
.PHONY: test-floors lock
FLOORS := .venv-floors
FLOORS_TESTS ?= tests
test-floors: system-deps
	$(PYTHON) -m venv --clear $(FLOORS)
	$(PYTHON) packaging/floors.py dev > $(FLOORS)/floors.txt
	$(FLOORS)/bin/python -m pip install --quiet --disable-pip-version-check -r $(FLOORS)/floors.txt
	$(FLOORS)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
	QT_QPA_PLATFORM=offscreen $(FLOORS)/bin/python -m pytest -q -p no:cacheprovider $(FLOORS_TESTS)

# The packaged application's dependencies at exact versions (packaging/constraints.txt).
lock: $(STAMP)
	$(BIN)/python packaging/lock.py

# Interface catalogs: extract every _(), N_(), ngettext() string of app/ into the template, then
# merge it into each language's catalog (created with its CLDR plural forms when missing).
LOCALE := resources/locale
UI_TRANSLATIONS := ru kk

translations: $(STAMP)
	$(BIN)/pybabel extract --no-default-keywords -k _ -k N_ -k ngettext:1,2 \
	  --add-comments=TRANSLATORS: --sort-by-file --width=100 \
	  --project=Verbale --version="$$($(BIN)/python -c 'import app; print(app.__version__)')" \
	  --copyright-holder=CICA \
	  -o $(LOCALE)/verbale.pot app
	@for lang in $(UI_TRANSLATIONS); do \
	  if [ -f $(LOCALE)/$$lang/LC_MESSAGES/verbale.po ]; then \
	    $(BIN)/pybabel update -D verbale -i $(LOCALE)/verbale.pot -d $(LOCALE) -l $$lang \
	      --previous --width=100 || exit 1; \
	  else \
	    $(BIN)/pybabel init -D verbale -i $(LOCALE)/verbale.pot -d $(LOCALE) -l $$lang \
	      --width=100 || exit 1; \
	  fi; \
	done
	@echo "Now translate the new or fuzzy entries in $(LOCALE)/*/LC_MESSAGES/verbale.po"

# The month and weekday names documents use, precomputed from Babel's CLDR data (a render does
# not load Babel's locale data); tests/i18n/test_cldr_facts.py checks the module is current.
cldr: $(STAMP)
	$(BIN)/python packaging/generate_cldr_facts.py

clean:
	rm -rf $(VENV) build dist *.egg-info
