# Prefdesk — every setup step lives here, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
QT_ENV := QT_QPA_PLATFORM=offscreen
# Translations: the .ts sources are committed, the compiled .qm are build products.
TS     := $(wildcard app/i18n/*.ts)
QM     := $(TS:.ts=.qm)

.PHONY: run test check lint format typecheck contracts bench lock clean smoke translations \
	package package-check icons

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Prefdesk needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pyside6-lrelease -silent $(TS)
	@touch $(STAMP)

# Recompile a catalogue whenever its .ts changes (the app also does this itself at start-up).
app/i18n/%.qm: app/i18n/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts from every tr() in app/ and widgets/, keeping existing translations; then
# translate the new entries (tests/app/test_i18n.py lists any left unfinished).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -extensions py -locations none -no-obsolete -source-language en \
		app widgets -ts $(TS)
	$(BIN)/pyside6-lrelease -silent $(TS)

run: $(STAMP) $(QM)
	$(BIN)/prefdesk --demo

test: $(STAMP) $(QM)
	$(QT_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

smoke: $(STAMP) $(QM)
	$(QT_ENV) $(BIN)/prefdesk --demo --smoke

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

check: lint typecheck contracts test

bench: $(STAMP)
	$(QT_ENV) $(BIN)/python -m bench

# Re-pin every dependency (all platforms, Python 3.11+) with hashes.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra package --universal --python-version 3.11 \
		--generate-hashes -c requirements.lock -o requirements-package.lock

# The desktop bundle (packaging/desktop): PyInstaller comes from its own lock, constrained by
# requirements.lock so the bundle holds exactly the versions the tests ran against, and only
# these targets install it.
PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): requirements-package.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-package.lock
	@touch $(PACKAGE_STAMP)

# Builds dist/prefdesk/ (Linux here), smoke-runs it offscreen and reports its size.
package: $(PACKAGE_STAMP) $(QM)
	$(QT_ENV) $(BIN)/python packaging/desktop/build.py

# `package`, through the opt-in test that also checks the frozen app's demo server entry.
package-check: $(PACKAGE_STAMP) $(QM)
	PREFDESK_PACKAGE_TEST=1 $(QT_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/packaging

# Redraws the Windows .ico and macOS .icns from the Linux SVG (outputs are committed).
icons: $(STAMP)
	$(QT_ENV) $(BIN)/python packaging/desktop/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
