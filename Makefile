# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint forms clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mailbot demo

test: $(STAMP)
	bash tests/run.sh

# not part of `make test` or CI: takes ~25 minutes on 2 cores; BENCH_SCALE=0.1 for a quick look
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web.py

lint: $(STAMP)
	$(BIN)/ruff check mailbot parsers tests bench
	$(BIN)/mypy --strict mailbot parsers

clean:
	rm -rf $(VENV) var build *.egg-info
