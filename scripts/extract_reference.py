#!/usr/bin/env python3
"""Reference extractors for `newsdesk bench extract`: runs trafilatura (and readability-lxml
when installed) over the article-extraction-benchmark pages in one process on one core and
prints one JSON object: for each tool, its version, the seconds spent extracting (reading and
decompressing the files excluded) and the extracted body of every page.

Usage: extract_reference.py BENCHMARK_DIR > reference.json
Installed by scripts/setup-extract-reference.sh into a throwaway virtual environment.
"""
import gzip
import json
import os
import sys
import time


def load(directory):
    with open(os.path.join(directory, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    pages = []
    for page_id in sorted(truth):
        with gzip.open(os.path.join(directory, "html", page_id + ".html.gz"), "rb") as f:
            pages.append((page_id, truth[page_id].get("url"), f.read()))
    return pages


def run(name, version, extract, pages):
    bodies = {}
    started = time.process_time()
    wall = time.perf_counter()
    for page_id, url, html in pages:
        try:
            bodies[page_id] = extract(html, url) or ""
        except Exception as error:  # one bad page must not stop the run
            print(f"{name}: {page_id}: {error}", file=sys.stderr)
            bodies[page_id] = ""
    return {
        "name": name,
        "version": version,
        "cpu_seconds": time.process_time() - started,
        "wall_seconds": time.perf_counter() - wall,
        "bodies": bodies,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: extract_reference.py BENCHMARK_DIR")
    pages = load(sys.argv[1])
    tools = []

    import trafilatura

    def with_trafilatura(html, url):
        return trafilatura.extract(html, url=url)

    # A first call loads trafilatura's lazy resources outside the timed run.
    with_trafilatura(pages[0][2], pages[0][1])
    tools.append(run("trafilatura", trafilatura.__version__, with_trafilatura, pages))

    try:
        import readability
        import lxml.html
        from importlib.metadata import version

        def with_readability(html, url):
            summary = readability.Document(html).summary(html_partial=True)
            return lxml.html.fromstring(summary).text_content()

        tools.append(run("readability-lxml", version("readability-lxml"), with_readability, pages))
    except ImportError:
        pass
    json.dump({"tools": tools}, sys.stdout)


if __name__ == "__main__":
    main()
