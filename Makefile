# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run test lint bench clean screenshot chroma

install: $(STAMP)

# torch first: 2.13.0 is a local CPU wheel here; any other spec would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The generative tests also need llama-cpp-python (compiles llama.cpp once, ~6 min; pip caches the
# wheel). `make run` does not.
LLAMA_STAMP := $(VENV)/.installed-llamacpp
$(LLAMA_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[llamacpp]' || \
		echo "llama-cpp-python could not be installed: the llama.cpp tests will be skipped" >&2
	touch $@

run: install
	$(BIN)/rag ingest
	$(BIN)/rag serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install $(LLAMA_STAMP)
	bash scripts/ensure-chromium.sh || true
	$(BIN)/ruff check .
	$(BIN)/pytest
	$(BIN)/rag eval eval/sets/seed.jsonl --gate eval/thresholds.json

# Retake docs/screenshot.png (the chat with its sources) from the browser end-to-end test.
screenshot: install
	bash scripts/ensure-chromium.sh
	UPDATE_SCREENSHOT=1 $(BIN)/pytest tests/ui/test_browser.py -k citation

# A real Chroma server on 127.0.0.1 (CHROMA_PORT, default 8000; CHROMA_PATH, default outside the repo):
# prints the RAG_CHROMA_URL to use; Ctrl-C stops it (CHROMA_DETACH=1 leaves it running).
chroma: install
	bash scripts/chroma-server.sh

# Benchmarks: every figure with its target and the baseline measured in the same run (docs/performance.md).
# The 1k/10k-chunk stores build on first use (minutes, cached under ~/.cache/corpus-chat/bench); the
# 100k one only on request: `$(BIN)/python -m bench.corpora build 100k` (about an hour of CPU).
bench: install
	$(BIN)/python -m bench.corpora build 1k docs1k 10k
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.reingest
	$(BIN)/python -m bench.bm25
	$(BIN)/python -m bench.latency
	$(BIN)/python -m bench.query --questions 30
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.encoder
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.report

clean:
	rm -rf .rag .pytest_cache .ruff_cache
