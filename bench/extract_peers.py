#!/usr/bin/env python3
"""Run peer main-text extractors on an evaluation corpus and print their outputs.

Used by `wirewatch eval extract` (crates/eval), which scores the outputs with
the same Rust scorer it uses for wirewatch, so every metric exists once.

    python3 bench/extract_peers.py --corpus DIR --format scrapinghub|trafilatura-eval|wcxb
                                   [--limit N] [--metadata] [--peers trafilatura,readability-lxml]

Prints ONE JSON object on stdout:

    {"format": ..., "pages": N, "python": "3.11.7",
     "peers": {"trafilatura": {"available": true, "version": "2.3.1", "seconds": s,
                               "pages_per_s": x, "mb_per_s": y, "errors": k,
                               "outputs": {page_id: text_or_null},
                               "metadata": {page_id: {"title":..,"author":..,"date":..}}},
               "readability-lxml": {...},
               "<missing peer>": {"available": false, "error": "..."}}}

Page ids and page selection (ids sorted, first N) match crates/eval/src/corpus.rs.
Timing covers only the extraction call per page (single process, sequential);
reading and decompressing the corpus is not timed. trafilatura runs twice:
extract() for the text (timed: "pages_per_s"), then bare_extraction with
metadata, the same job wirewatch's extract() does (timed:
"pages_per_s_with_metadata"; its title/author/date are returned with --metadata).
"""

import argparse
import gzip
import io
import json
import os
import sys
import tarfile
import time

PEERS = ("trafilatura", "readability-lxml")


def load_pages(corpus, fmt, limit, wcxb_split="all"):
    """Yield (page_id, raw_bytes) in the same order and selection as the Rust loader."""
    if fmt == "scrapinghub":
        with open(os.path.join(corpus, "ground-truth.json"), encoding="utf-8") as f:
            gold = json.load(f)
        ids = sorted(gold)[:limit]
        for page_id in ids:
            path = os.path.join(corpus, "html", page_id + ".html.gz")
            if os.path.isfile(path):
                with gzip.open(path, "rb") as f:
                    yield page_id, f.read()
    elif fmt == "trafilatura-eval":
        with open(os.path.join(corpus, "evaldata.json"), encoding="utf-8") as f:
            gold = json.load(f)
        ids = sorted(gold)[:limit]
        files = {}
        wanted = set()
        for page_id in ids:
            name = gold[page_id].get("file")
            if name:
                wanted.add("cache/" + name)
                wanted.add("eval/" + name)
        with tarfile.open(os.path.join(corpus, "html.tar.xz"), "r:xz") as archive:
            for member in archive:
                name = member.name[2:] if member.name.startswith("./") else member.name
                if member.isfile() and name in wanted:
                    files[name] = archive.extractfile(member).read()
        for page_id in ids:
            name = gold[page_id].get("file")
            data = files.get("cache/%s" % name) or files.get("eval/%s" % name)
            if data is not None:
                yield page_id, data
    elif fmt == "wcxb":
        ids = []
        with tarfile.open(os.path.join(corpus, "ground-truth.tar.xz"), "r:xz") as archive:
            for member in archive:
                name = member.name[2:] if member.name.startswith("./") else member.name
                if member.isfile() and "/ground-truth/" in name and name.endswith(".json"):
                    split, rest = name.split("/ground-truth/", 1)
                    ids.append(split + "/" + rest[: -len(".json")])
        # With a split, the other split's pages are never read (wcxb test stays unseen during dev runs).
        ids = [page_id for page_id in ids if wcxb_split in ("all", page_id.split("/", 1)[0])]
        for page_id in sorted(ids)[:limit]:
            split, file_id = page_id.split("/", 1)
            path = os.path.join(corpus, split, "html", file_id + ".html.gz")
            if os.path.isfile(path):
                with gzip.open(path, "rb") as f:
                    yield page_id, f.read()
    else:
        raise SystemExit("unknown --format %r" % fmt)


def page_input(fmt, raw):
    """What each peer is fed: the benchmark's harness decodes scrapinghub pages
    (UTF-8) to str; trafilatura's own evaluation feeds bytes (charset detection
    included), and so do we for WCXB."""
    if fmt == "scrapinghub":
        return raw.decode("utf-8", errors="replace")
    return raw


def make_trafilatura():
    import trafilatura

    def run(html):
        return trafilatura.extract(
            html, include_comments=False, include_tables=True, include_formatting=False
        )

    def metadata(html, url):
        # The same job wirewatch's extract() does in one call: main text and metadata.
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
        )
        if doc is None:
            return {"title": None, "author": None, "date": None}
        return {"title": doc.title, "author": doc.author, "date": doc.date}

    return run, metadata, trafilatura.__version__, "trafilatura.extract(include_comments=False, include_tables=True, include_formatting=False)"


def make_readability():
    from importlib.metadata import version

    from readability import Document

    try:
        # What the Scrapinghub benchmark's harness uses for readability's HTML.
        import html_text

        def to_text(summary_html):
            return html_text.extract_text(summary_html)

        method = "Document(html).summary(html_partial=True) -> html_text.extract_text"
    except ImportError:
        import lxml.html

        def to_text(summary_html):
            root = lxml.html.fromstring(summary_html)
            # text_content() glues adjacent blocks ("end</p><p>Start" ->
            # "endStart"); a newline after each block keeps words apart.
            for element in root.iter("p", "div", "br", "li", "tr", "td", "th", "blockquote",
                                     "pre", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"):
                element.tail = "\n" + (element.tail or "")
            return root.text_content()

        method = "Document(html).summary(html_partial=True) -> lxml text_content()"

    def run(html):
        summary = Document(html).summary(html_partial=True)
        return to_text(summary)

    return run, None, version("readability-lxml"), method


def run_peer(name, factory, pages, want_metadata):
    try:
        extract, metadata, version, method = factory()
    except Exception as error:  # ImportError, or a broken install
        return {"available": False, "error": "%s: %s" % (type(error).__name__, error)}
    outputs = {}
    errors = 0
    seconds = 0.0
    total_bytes = 0
    # One untimed call first, as on the wirewatch side: one-time set-up is not a per-page cost.
    if pages:
        try:
            extract(pages[0][2])
        except Exception:
            pass
    for page_id, raw, html in pages:
        total_bytes += len(raw)
        start = time.perf_counter()
        try:
            text = extract(html)
        except Exception:  # a crash counts as empty output, as upstream does
            text = None
            errors += 1
        seconds += time.perf_counter() - start
        outputs[page_id] = text
    result = {
        "available": True,
        "version": version,
        "method": method,
        "seconds": seconds,
        "pages_per_s": len(pages) / seconds if seconds > 0 else 0.0,
        "mb_per_s": total_bytes / 1e6 / seconds if seconds > 0 else 0.0,
        "errors": errors,
        "outputs": outputs,
    }
    if metadata is not None:
        # A second timed pass doing what wirewatch does per page (text and metadata
        # together), so speed can be compared like for like as well as text-only.
        found = {}
        meta_seconds = 0.0
        for page_id, raw, html in pages:
            start = time.perf_counter()
            try:
                found[page_id] = metadata(html, None)
            except Exception:
                found[page_id] = {"title": None, "author": None, "date": None}
            meta_seconds += time.perf_counter() - start
        result["seconds_with_metadata"] = meta_seconds
        result["pages_per_s_with_metadata"] = len(pages) / meta_seconds if meta_seconds > 0 else 0.0
        if want_metadata:
            result["metadata"] = found
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--format", required=True, choices=["scrapinghub", "trafilatura-eval", "wcxb"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", default="all", choices=["all", "dev", "test"], help="wcxb only: which pages")
    parser.add_argument("--metadata", action="store_true", help="also return trafilatura's title/author/date")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of: " + ", ".join(PEERS))
    args = parser.parse_args()

    factories = {"trafilatura": make_trafilatura, "readability-lxml": make_readability}
    wanted = [p.strip() for p in args.peers.split(",") if p.strip()]
    for name in wanted:
        if name not in factories:
            raise SystemExit("unknown peer %r (known: %s)" % (name, ", ".join(PEERS)))

    pages = [(pid, raw, page_input(args.format, raw)) for pid, raw in load_pages(args.corpus, args.format, args.limit, args.split)]
    report = {
        "format": args.format,
        "pages": len(pages),
        "python": sys.version.split()[0],
        "peers": {name: run_peer(name, factories[name], pages, args.metadata) for name in wanted},
    }
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    json.dump(report, out, ensure_ascii=False)
    out.write("\n")
    out.flush()


if __name__ == "__main__":
    main()
