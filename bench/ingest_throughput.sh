#!/usr/bin/env bash
# Ingest throughput: documents/second and peak RSS of `wirewatch ingest`.
#
#   bench/ingest_throughput.sh [COPIES] [CORPUS_DIR]
#
# COPIES (default 50): how many times each scrapinghub-aeb page is copied.
# CORPUS_DIR (default: $WIREWATCH_SHARED/corpora/scrapinghub-aeb, else
# ../shared/corpora/scrapinghub-aeb next to the repository).
#
# Builds the release binary, writes COPIES x 181 pages as .html.gz into a temp
# dir (each copy gets a trailing "<!-- copy N -->" so content hashes differ:
# identical bytes would be deduplicated and not measure extraction), then runs
#   target/release/wirewatch ingest DIR --db TMP.db
# under /usr/bin/time -v and prints documents/second (wall clock, whole run:
# directory walk, gunzip, decode, extract, SQLite writes) and peak RSS.
# Everything temporary is removed on exit; nothing is written into the repo.
set -euo pipefail

copies="${1:-50}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${WIREWATCH_SHARED:-$repo/../shared}"
corpus="${2:-$shared/corpora/scrapinghub-aeb}"

if [[ ! -d "$corpus/html" ]]; then
    echo "ingest_throughput: no scrapinghub-aeb corpus at $corpus (set WIREWATCH_SHARED or pass CORPUS_DIR)" >&2
    exit 2
fi
if ! [[ "$copies" =~ ^[1-9][0-9]*$ ]]; then
    echo "ingest_throughput: COPIES must be a positive integer, got '$copies'" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "ingest_throughput: /usr/bin/time not found (apt-get install time)" >&2
    exit 2
fi

(cd "$repo" && cargo build --release --quiet -p wirewatch)
bin="$repo/target/release/wirewatch"

work="$(mktemp -d "${TMPDIR:-/tmp}/wirewatch-ingest-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages"

echo "preparing $copies copies of each page of $corpus ..." >&2
python3 - "$corpus/html" "$work/pages" "$copies" <<'PY'
import gzip, os, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name in sorted(os.listdir(src)):
    if not name.endswith(".html.gz"):
        continue
    with gzip.open(os.path.join(src, name), "rb") as f:
        html = f.read()
    stem = name[: -len(".html.gz")]
    for copy in range(copies):
        data = html + b"\n<!-- copy %d -->\n" % copy
        with open(os.path.join(dst, "%s-%04d.html.gz" % (stem, copy)), "wb") as out:
            out.write(gzip.compress(data, compresslevel=1))
PY

pages=$(find "$work/pages" -name '*.html.gz' | wc -l)
input_mb=$(du -sm "$work/pages" | cut -f1)
echo "ingesting $pages pages (${input_mb} MB gzipped) ..." >&2

start=$(date +%s.%N)
set +e
/usr/bin/time -v -o "$work/time.txt" "$bin" ingest "$work/pages" --db "$work/bench.db" >"$work/stdout.txt" 2>"$work/stderr.txt"
status=$?
set -e
end=$(date +%s.%N)

tail -n 3 "$work/stderr.txt" >&2 || true
if [[ $status -ne 0 ]]; then
    echo "ingest_throughput: wirewatch ingest exited with $status (exit 1 = some inputs failed)" >&2
fi

seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
python3 - "$pages" "$seconds" "${rss_kb:-0}" "$copies" <<'PY'
import sys
pages, seconds, rss_kb, copies = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rate = pages / seconds if seconds > 0 else 0.0
print(f"wirewatch ingest: {pages} documents ({copies} copies x scrapinghub-aeb) in {seconds:.2f} s wall")
print(f"  documents/second: {rate:.1f}")
print(f"  peak RSS: {rss_kb / 1024:.1f} MiB")
PY
exit $status
