# powderkeg: `make demo` and `make test` are the quick start (README).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install kb bench bench-scale fuzz eval eval-actors lexicon clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=python3.x)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/powderkeg kb build
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/powderkeg demo --db powderkeg.duckdb

test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

kb: $(STAMP)
	$(BIN)/powderkeg kb build

eval: $(STAMP)
	$(BIN)/powderkeg eval --gold data/gold/dev

eval-test: $(STAMP)
	$(BIN)/powderkeg eval --gold data/gold/test

# the learned coder: retrain from data/train (fixed seed; a few minutes on 2 cores), and the
# cross-validated article-level and sentence-level scores on the training corpus (slower: five
# trainings, and every held-out sentence coded alone once more)
train: $(STAMP)
	$(BIN)/python -m powderkeg.training.train --data data/train --out src/powderkeg/models

crossval: $(STAMP)
	$(BIN)/python -m powderkeg.training.crossval --data data/train --sweep --sentences

eval-actors: $(STAMP)
	$(BIN)/powderkeg eval --actors data/gold/actors/mentions.jsonl data/gold/actors/b/mentions.jsonl

lexicon: $(STAMP)
	$(BIN)/powderkeg lexicon check

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

bench-scale: $(STAMP)  # workers, parse-only ratio, memory by input size (docs/reliability.md)
	$(BIN)/python benchmarks/scale.py

fuzz: $(STAMP)  # atheris over the readers for a fixed budget; crashes kept in tests/data/fuzz_crashes
	$(BIN)/python benchmarks/fuzz_readers.py --runs 100000 --seconds 300

clean:
	rm -rf $(VENV) powderkeg.duckdb .pytest_cache
