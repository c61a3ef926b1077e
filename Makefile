# The two commands a new contributor needs: `make site` and `make test`.
# Each installs what it needs first (system packages through apt-get on Debian when run as
# root, and a virtual environment in .venv with the versions pinned in requirements.lock).

VENV   ?= .venv
PY     := $(VENV)/bin/python
ARGMAP := $(VENV)/bin/argmap
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test check fmt bench setup setup-test clean help

help:
	@echo "make site    build the website into site/ (and check claims/ first)"
	@echo "make serve   live preview on http://127.0.0.1:8000, rebuilt when claims/ or site_config/ change"
	@echo "make test    run the whole test suite"
	@echo "make check   check the claim files (and that the editor schema is current)"
	@echo "make fmt     put the claim files in canonical form (comments are kept)"
	@echo "make bench   run the benchmarks in bench/"

setup:
	@tools/setup/bootstrap.sh site

setup-test:
	@tools/setup/bootstrap.sh test

check: setup
	$(ARGMAP) check claims --strict
	$(ARGMAP) schema --check

fmt: setup
	$(ARGMAP) fmt claims

site: setup
	$(ARGMAP) check claims --strict
	@if [ -f mkdocs.yml ]; then $(VENV)/bin/mkdocs build --strict; fi

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

test: setup-test
	$(PY) -m pytest -q

bench: setup-test
	$(PY) bench/run.py

clean:
	rm -rf site .cache .pytest_cache .hypothesis
