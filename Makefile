# The two commands a new contributor needs: `make site` and `make test`.
# Each installs what it needs first (system packages through apt-get on Debian when run as
# root, and a virtual environment in .venv with the versions pinned in requirements.lock).

VENV   ?= .venv
PY     := $(VENV)/bin/python
ARGMAP := $(VENV)/bin/argmap
export PYTHONDONTWRITEBYTECODE := 1
# Dates in the PDF come from the claims (the last commit touching claims/, else the newest claim
# file; SOURCE_DATE_EPOCH overrides), so that rebuilding the same commit gives the same bytes.

.PHONY: site site-offline serve test lint check fmt pdf bench setup setup-test clean help

help:
	@echo "make site    build the website into site/ (and check claims/ first); it includes the PDF"
	@echo "make site-offline  a copy of the site that browses from file:// (site-offline/)"
	@echo "make pdf     only the PDF (argmap.pdf)"
	@echo "make serve   live preview on http://127.0.0.1:8000, rebuilt when claims/ or site_config/ change (no PDF: ARGMAP_PDF=true for it)"
	@echo "make test    lint (ruff, mypy), then run the whole test suite"
	@echo "make lint    only ruff (tools, tests, bench) and mypy (tools/argmap)"
	@echo "make check   check the claim files (update the editor's id list, check the schema is current)"
	@echo "make fmt     put the claim files in canonical form (comments are kept)"
	@echo "make bench   run the benchmarks in bench/"

setup:
	@tools/setup/bootstrap.sh site

setup-test:
	@tools/setup/bootstrap.sh test

check: setup
	$(ARGMAP) check claims --strict
	$(ARGMAP) schema --ids
	$(ARGMAP) schema --check
	$(ARGMAP) fmt --check claims

fmt: setup
	$(ARGMAP) fmt claims

site: setup
	$(ARGMAP) check claims --strict
	$(VENV)/bin/mkdocs build --strict

site-offline: setup
	ARGMAP_OFFLINE=1 $(VENV)/bin/mkdocs build --strict -d site-offline

pdf: setup
	$(ARGMAP) pdf -o argmap.pdf

serve: setup
	ARGMAP_PDF=$${ARGMAP_PDF:-false} $(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

lint: setup-test
	$(VENV)/bin/ruff check tools tests bench
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

bench: setup-test
	$(PY) bench/run.py

clean:
	rm -rf site site-offline argmap.pdf .cache .pytest_cache .hypothesis
