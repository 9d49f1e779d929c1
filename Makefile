# hazchem: `make run` serves the demo park on http://127.0.0.1:5000, `make test` runs every test.
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# Debian packages: a CJK TrueType font for labels and slips; PostgreSQL and Chromium for the tests.
RUN_PACKAGES := fonts-wqy-microhei
TEST_PACKAGES := $(RUN_PACKAGES) postgresql chromium

.PHONY: install run test test-sqlite test-postgres lint bench vendor

$(BIN)/hazchem: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

install: $(BIN)/hazchem
	.ci/system-packages $(RUN_PACKAGES)
	$(BIN)/pybabel compile --statistics -d hazchem/translations -D messages

run: install
	$(BIN)/hazchem migrate
	$(BIN)/hazchem load-catalogues
	$(BIN)/hazchem load-demo
	$(BIN)/hazchem run --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then on a throwaway PostgreSQL server, after the linter.
test: install
	.ci/system-packages $(TEST_PACKAGES)
	.ci/with-postgres $(MAKE) --no-print-directory lint test-sqlite test-postgres

lint:
	$(BIN)/ruff check .

test-sqlite:
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	HAZCHEM_TEST_DATABASE_URL=$$HAZCHEM_PG_URL $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	.ci/system-packages postgresql
	.ci/with-postgres $(BIN)/python -m bench

# Browser libraries come from the npm registry at the versions package-lock.json pins, and are served
# by hazchem itself from hazchem/static/vendor (committed, so running hazchem never needs npm).
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	cp node_modules/@zxing/library/umd/index.min.js hazchem/static/vendor/zxing-library.min.js
	cp node_modules/@zxing/library/LICENSE hazchem/static/vendor/zxing-library.LICENSE
	cp node_modules/idb-keyval/dist/umd.js hazchem/static/vendor/idb-keyval.umd.js
	cp node_modules/idb-keyval/LICENCE hazchem/static/vendor/idb-keyval.LICENSE
