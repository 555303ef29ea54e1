#!/usr/bin/env bash
# Installs the reference extractors that `newsdesk bench extract` runs beside newsdesk
# (trafilatura 2.3.1 and readability-lxml, from PyPI) into a throwaway virtual environment.
# Usage: scripts/setup-extract-reference.sh [VENV_DIR]   (default: target/extract-reference)
set -euo pipefail
venv="${1:-target/extract-reference}"
python3 -m venv "$venv"
# Debian's bundled pip trips over trafilatura's lxml extras; a current pip resolves them.
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "trafilatura==2.3.1" "readability-lxml==0.9"
"$venv/bin/python" -c 'import trafilatura, readability; print("reference extractors ready:", trafilatura.__version__)'
echo "run: newsdesk bench extract --data ../shared/data/article-extraction-benchmark --python $venv/bin/python"
