# callsim: `make run` installs and starts the simulator; `make test` installs what the tests need and runs them.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test check lint bench install install-test browser clean

run: install
	$(VENV)/bin/callsim serve $(ARGS)

# The installs are independent (pip, two npm ci, apt's chromium): run them side by side, each one's output together.
# Lint (mostly a cold mypy, ~15 s of CPU) runs beside the tests instead of before them, niced so that it takes the
# cores the tests leave idle while they wait on browsers; its output follows theirs, and either failing fails the
# command. pytest keeps its bytecode (and its rewritten test modules) under the venv even with
# PYTHONDONTWRITEBYTECODE set, as tests/conftest.py arranges for the processes it starts: otherwise this process
# rewrote the asserts of every plugin module (schemathesis, hypothesis: ~240) on each run, ~2 s before the first test.
test:
	$(MAKE) --no-print-directory -j4 --output-sync=target install-test browser
	@echo "make lint runs beside the tests: its output comes after theirs"
	@(nice -n 10 sh -xc '$(LINT)') >$(VENV)/lint.log 2>&1 & lint=$$!; \
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache $(PY) -m pytest $(PYTEST_ARGS); \
	tests=$$?; \
	wait $$lint; linted=$$?; cat $(VENV)/lint.log; \
	if [ $$linted -ne 0 ]; then echo "make lint failed: its output is above"; fi; \
	exit $$(( tests != 0 || linted != 0 ))

check: lint

LINT = $(PY) -m ruff check simulator tests bench scripts && $(PY) -m ruff format --check simulator tests bench scripts \
	&& $(PY) -m mypy && node_modules/.bin/eslint static/js simulator/sample_widget

lint: install-test
	$(LINT)

# Every benchmark, each printing medians or ratios from one run (docs/performance.md "Measured" reports them).
bench: install-test browser
	$(PY) bench/relay.py
	$(PY) bench/handshake.py
	$(PY) bench/load.py
	$(PY) bench/loop.py
	$(PY) bench/run.py

install: $(VENV)/.runtime node_modules/.installed

install-test: install $(VENV)/.test clients/js/node_modules/.installed

# uv when it can be had (seconds), else pip (about a minute); pip's configuration goes to uv (scripts/install_python.py).
$(VENV)/.runtime: pyproject.toml scripts/install_python.py
	$(PYTHON) scripts/install_python.py --venv $(VENV)
	touch $@

$(VENV)/.test: $(VENV)/.runtime pyproject.toml
	$(PYTHON) scripts/install_python.py --venv $(VENV) --extras test
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
