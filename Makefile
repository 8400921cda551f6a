# The two commands: `make run` and `make test`. Everything else here is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run test test-slow lint lock setup setup-test assets browser clean

run: setup
	$(FLASK) init-db
	$(FLASK) load-sample
	$(FLASK) create-demo-users
	# Plain http://127.0.0.1:5000 (cookies without Secure, no HSTS); text messages and emails go
	# to the local stand-in for GOV.UK Notify, listed for staff at /booking/messages/stand-in.
	HTTPS=0 NOTIFY_STAND_IN=1 $(FLASK) serve

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive .
	# A worker per CPU (pytest-xdist; "logical" counts every CPU, with or without psutil); a worker
	# that runs out of tests takes some of the other's, so one long test late does not hold the run.
	$(BIN)/python -m pytest -m "not slow" --numprocesses logical --dist worksteal

# Tests marked slow (about two minutes): the planner at 120 sites under 1 s and 5 s limits, and
# the end-to-end runs of 10 s or more; CI runs them after make test.
test-slow: setup-test
	$(BIN)/python -m pytest -m slow

lint: setup-test
	$(BIN)/ruff check .

setup: $(VENV)/.run-installed assets

setup-test: setup $(VENV)/.test-installed browser

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package, transitive ones too, with hashes: pip refuses anything else.
$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	touch $@

# Re-lock after editing requirements.in or requirements-test.in (see README, "Dependencies").
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform linux --no-header
lock: setup-test
	$(UV_COMPILE) --output-file requirements.txt requirements.in
	$(UV_COMPILE) --output-file requirements-test.txt requirements-test.in requirements.in

# Front-end assets come from the npm registry and are served by the app itself (no CDN).
assets: node_modules/.installed static/build/app.css

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: static/scss/app.scss node_modules/.installed
	npm run -s build:css

# Browser tests drive Debian's chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) node_modules static/build instance/*.sqlite3
