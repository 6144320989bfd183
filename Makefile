# Showcase: `make demo` runs the site with the demo event, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test install translations messages lint format serve worker clean

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

test: translations
	$(BIN)/pytest $(PYTEST_ARGS)

# Re-extract translatable strings and merge them into the Thai catalogue.
messages: install
	$(BIN)/pybabel extract --no-location --sort-by-file --ignore-dirs ".* __pycache__" -F babel.cfg -k _l -k _nl:1,2 -k lazy_gettext -o messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i messages.pot -d showcase/translations
	rm -f messages.pot

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --severity-level medium --recursive showcase config.py wsgi.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: translations
	$(FLASK) outbox work

clean:
	rm -rf $(VENV) instance/showcase.db* .pytest_cache .ruff_cache
