# Everything the project needs is installed here, into .venv, from pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint docs install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## demo: check the bundled seed reports and print the markdown report
demo: $(STAMP)
	@$(BIN)/discrepancy check fixtures/seeds --exit-zero

## test: run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## bench: run the benchmark (see benchmarks/)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/grouping.py

## lint: pyflakes over the code and a check that docs/cli.md matches --help
lint: $(STAMP)
	$(BIN)/python -m pyflakes discrepancy tests benchmarks docs
	$(BIN)/python docs/generate_cli.py --check

## docs: regenerate docs/cli.md from the real --help
docs: $(STAMP)
	$(BIN)/python docs/generate_cli.py

clean:
	rm -rf $(VENV) build *.egg-info
