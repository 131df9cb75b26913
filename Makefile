# Everything the project needs is installed here, into .venv, from pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint format docs install clean browser-test

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## demo: check the bundled seed reports and print the markdown report
demo: $(STAMP)
	@$(BIN)/discrepancy check fixtures/seeds --exit-zero

## test: the lint checks, then the test suite
test: lint
	$(BIN)/python -m pytest -q

## browser-test: install Debian's chromium (needs root) and check the HTML report in it
browser-test: $(STAMP)
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium)
	$(BIN)/python -m pytest -q tests/test_desk_html.py

## bench: run the benchmark (see benchmarks/); DISCREPANCY_BENCH_100K=1 adds 100k articles to the archive section
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/grouping.py
	$(BIN)/python benchmarks/archive.py

## lint: ruff, mypy, the generated docs, then the format check; every step runs and each failure is named
lint: $(STAMP)
	@failed=""; \
	echo "== ruff check"; $(BIN)/ruff check . || failed="$$failed ruff-check"; \
	echo "== mypy"; $(BIN)/mypy || failed="$$failed mypy"; \
	echo "== docs/cli.md"; $(BIN)/python docs/generate_cli.py --check || failed="$$failed docs/cli.md"; \
	echo "== docs/rules.md"; $(BIN)/python docs/generate_rules.py --check || failed="$$failed docs/rules.md"; \
	echo "== ruff format --check"; $(BIN)/ruff format --check --output-format concise . || failed="$$failed ruff-format"; \
	if [ -n "$$failed" ]; then echo "lint failed:$$failed" >&2; exit 1; fi; echo "lint: clean"

## format: rewrite the code in the configured style (ruff's safe fixes, then ruff format)
format: $(STAMP)
	-$(BIN)/ruff check --fix --quiet .
	$(BIN)/ruff format .

## docs: regenerate docs/cli.md from the real --help and docs/rules.md from the rule catalog
docs: $(STAMP)
	$(BIN)/python docs/generate_cli.py
	$(BIN)/python docs/generate_rules.py

clean:
	rm -rf $(VENV) build *.egg-info
