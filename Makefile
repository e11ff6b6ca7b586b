# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint forms clean bench catalogs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mailbot demo

test: $(STAMP)
	bash tests/run.sh

# not part of `make test` or CI: takes ~40 minutes on 2 cores; BENCH_SCALE=0.1 for a quick look
bench: $(STAMP)
	$(BIN)/python bench/outside/run.py
	$(BIN)/python bench/outside/cases.py --seed 31
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/confirm.py
	# the crash test's long loop (`make test` kills the daemon 8 times per database)
	CRASH_ITERATIONS=20 $(BIN)/pytest -q -p no:cacheprovider tests/robustness/test_crash.py

# after adding or changing a source string: extract them (babel.cfg) and update every language's catalog;
# then fill in the new msgstr lines of mailbot/locale/*/LC_MESSAGES/mailbot.po (read as they are, no compiling)
catalogs: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header -w 100 \
		-k N_ -k Np_:1c,2 -o mailbot/locale/mailbot.pot .
	$(BIN)/pybabel -q update -D mailbot -i mailbot/locale/mailbot.pot -d mailbot/locale --no-fuzzy-matching \
		--ignore-obsolete -w 100

lint: $(STAMP)
	$(BIN)/ruff check mailbot parsers tests bench
	$(BIN)/mypy --strict mailbot parsers

clean:
	rm -rf $(VENV) var build *.egg-info
