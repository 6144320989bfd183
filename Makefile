# Showcase: `make demo` runs the site with the demo event, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# The local SMTP sink of `make mail` (it prints every message it receives).
MAIL_SINK_PORT ?= 1025
LIVE_DB := $(CURDIR)/instance/showcase-live.db

.PHONY: demo demo-reset demo-live test install translations messages lint format serve worker mail clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Compiled catalogues are build products: made here, never committed.
translations: install
	$(BIN)/pybabel compile --statistics -d showcase/translations

demo: export PUBLIC_URL ?= http://$(HOST):$(PORT)
demo: translations
	$(FLASK) db upgrade
	$(FLASK) showcase demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Start again from an empty demo: remove the development database, then `make demo`.
demo-reset:
	rm -f instance/showcase.db instance/showcase.db-wal instance/showcase.db-shm
	$(MAKE) demo

# The demo event running today (yesterday to tomorrow), in a database of its own that is
# made afresh each time, so that now-and-next and the check-in desk show the day as it is.
demo-live: export PUBLIC_URL ?= http://$(HOST):$(PORT)
demo-live: export DATABASE_URL = sqlite:///$(LIVE_DB)
demo-live: translations
	rm -f $(LIVE_DB) $(LIVE_DB)-wal $(LIVE_DB)-shm
	$(FLASK) db upgrade
	$(FLASK) showcase demo --live
	@echo "Serving the live demo on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Tests run in parallel, one worker per CPU (pytest-xdist); each worker has its own databases,
# ports and Redis database. PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto
test: translations
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Re-extract translatable strings and merge them into the Thai catalogue.
messages: install
	$(BIN)/pybabel extract --no-location --sort-by-file --ignore-dirs ".* __pycache__" -F babel.cfg -k _l -k _nl:1,2 -k lazy_gettext -o messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i messages.pot -d showcase/translations
	rm -f messages.pot

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --severity-level medium --recursive showcase config.py wsgi.py
	$(BIN)/python scripts/unused_code.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: translations
	$(FLASK) outbox work

# Real mail on this machine: a local SMTP sink that prints each message it receives, and the
# outbox worker delivering to it. Run beside `make demo` (add DATABASE_URL=… for another database).
mail: translations
	@echo "SMTP sink on 127.0.0.1:$(MAIL_SINK_PORT); the worker delivers to it (Ctrl+C stops both)."
	$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(MAIL_SINK_PORT) -c aiosmtpd.handlers.Debugging & \
	sink=$$!; trap 'kill $$sink 2>/dev/null' EXIT INT TERM; \
	MAIL_DELIVERY=true MAIL_SERVER=127.0.0.1 MAIL_PORT=$(MAIL_SINK_PORT) MAIL_USE_TLS=false \
	MAIL_USE_SSL=false MAIL_USERNAME= MAIL_PASSWORD= $(FLASK) outbox work

clean:
	rm -rf $(VENV) instance/showcase.db* instance/showcase-live.db* .pytest_cache .ruff_cache
