# callsim: `make run` installs and starts the simulator; `make test` installs what the tests need and runs them.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test check lint bench install install-test browser clean

run: install
	$(VENV)/bin/callsim serve $(ARGS)

# The installs are independent (pip, two npm ci, apt's chromium): run them side by side, each one's output together.
test:
	$(MAKE) --no-print-directory -j4 --output-sync=target install-test browser
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest $(PYTEST_ARGS)

check: lint

lint: install-test
	$(PY) -m ruff check simulator tests bench scripts
	$(PY) -m ruff format --check simulator tests bench scripts
	$(PY) -m mypy
	node_modules/.bin/eslint static/js simulator/sample_widget

# Every benchmark, each printing medians or ratios from one run (docs/performance.md "Measured" reports them).
bench: install-test browser
	$(PY) bench/relay.py
	$(PY) bench/handshake.py
	$(PY) bench/load.py
	$(PY) bench/loop.py
	$(PY) bench/run.py

install: $(VENV)/.runtime node_modules/.installed

install-test: install $(VENV)/.test clients/js/node_modules/.installed

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The SDK from the npm registry, exactly as package-lock.json pins it (the sample widget and the version matrix),
# and eslint for `make lint`.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The TypeScript client's build and test tools (typescript, playwright-core: no browser download), pinned by its lock.
clients/js/node_modules/.installed: clients/js/package.json clients/js/package-lock.json
	npm ci --prefix clients/js --no-audit --no-fund --ignore-scripts
	touch $@

browser: $(VENV)/.runtime
	$(PY) scripts/ensure_browser.py

clean:
	rm -rf $(VENV) node_modules clients/js/node_modules clients/js/dist
