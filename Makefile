# Two commands on a fresh machine: `make report` (demo report) and `make test` (all tests).
# Both build .venv from nothing and reuse it while pyproject.toml and requirements.lock are
# unchanged. The venv is installed with the exact versions of requirements.lock (the set
# `make test` was last green with; regenerate it with `make lock`, never by hand);
# pyproject.toml keeps compatible ranges for people who `pip install` the package.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: report test test-fast bench venv sysdeps browserdeps clean lint readme-images lock

venv: $(STAMP)

# WeasyPrint needs Pango (a system library). Install it only when missing, and only as root
# (CI and these machines run as root); elsewhere say what to install.
sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else \
	    echo "WeasyPrint needs Pango: install libpango-1.0-0 and libpangoft2-1.0-0 (Debian/Ubuntu)"; exit 1; \
	  fi; \
	fi

# The JupyterLab browser test drives Debian's Chromium through Playwright (executable_path):
# Playwright's own browser download cannot work here. Installed like Pango: only when missing,
# only as root; elsewhere say what to install.
browserdeps:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser test needs Debian's chromium: apt-get install chromium"; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml $(LOCK)
	@$(MAKE) --no-print-directory sysdeps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c $(LOCK) -e '.[dev,cluster]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (evaltools)" >/dev/null
	$(BIN)/python -m evaltools.runner.kernelspec >/dev/null
	@# the git hook that strips notebook outputs and lints (local hooks: no network needed)
	@if [ -d .git ]; then $(BIN)/pre-commit install >/dev/null || echo "note: the pre-commit hook was not installed"; fi
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/evaltools run

test: $(STAMP) browserdeps
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks benchmarks examples
	$(BIN)/ruff format --check src tests notebooks benchmarks examples

# Re-resolve the dependencies within pyproject.toml's ranges (newest allowed versions), run
# every test, and only when they pass write the exact versions to requirements.lock.
lock: $(STAMP) browserdeps
	$(BIN)/python -m pip install -q --upgrade -e '.[dev,cluster]'
	$(BIN)/python -m pytest -q
	$(BIN)/python -m evaltools.runner.lock write $(LOCK)
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# The report's first pages as small PNGs for the README (needs pdftoppm: apt-get install poppler-utils).
readme-images:
	test -f reports/demo/latest/report.pdf || $(MAKE) --no-print-directory report
	mkdir -p docs/images
	pdftoppm -png -f 1 -l 3 -scale-to 560 reports/demo/latest/report.pdf docs/images/report-page
