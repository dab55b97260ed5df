#!/usr/bin/env bash
# Zero-difference check for a change that must not alter extraction output (a speed-up):
# builds `dump_documents` from a committed baseline (default HEAD, exported with
# `git archive`, the repository is not touched) and from the working tree, dumps every
# page of scrapinghub-aeb and of wcxb-articles dev with both, and compares the dumps
# byte for byte. Exit status 0 only when every dump is identical.
#
#   crates/eval/examples/compare_dumps.sh [BASE_REV] [WORK_DIR]
#
# WORK_DIR (default /tmp/wirewatch-compare-dumps) keeps the exported baseline, its own
# target dir (so the shared target/ is not disturbed) and the dumps for inspection.
# Shared corpora: $WIREWATCH_SHARED, else <workspace root>/../shared.
# Never add the test splits here (trafilatura-eval, wcxb test): they are for reporting only.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
base_rev=${1:-HEAD}
work=${2:-/tmp/wirewatch-compare-dumps}
shared=${WIREWATCH_SHARED:-$root/../shared}
if [ ! -d "$shared/corpora" ]; then
    echo "skipping: $shared/corpora not found" >&2
    exit 0
fi

mkdir -p "$work/base" "$work/dumps"
rm -rf "$work/base/tree"
mkdir -p "$work/base/tree"
git -C "$root" archive "$base_rev" | tar -x -C "$work/base/tree"

echo "building baseline ($base_rev) ..." >&2
(cd "$work/base/tree" && CARGO_TARGET_DIR="$work/base/target" \
    cargo build --release --quiet -p wirewatch-eval --example dump_documents)
echo "building working tree ..." >&2
(cd "$root" && cargo build --release --quiet -p wirewatch-eval --example dump_documents)
base_bin="$work/base/target/release/examples/dump_documents"
new_bin="$root/target/release/examples/dump_documents"

status=0
while read -r name corpus split; do
    "$base_bin" "$shared/corpora/$corpus" "$work/dumps/$name.base.jsonl" --split "$split"
    "$new_bin" "$shared/corpora/$corpus" "$work/dumps/$name.new.jsonl" --split "$split"
    pages=$(wc -l < "$work/dumps/$name.base.jsonl")
    if cmp -s "$work/dumps/$name.base.jsonl" "$work/dumps/$name.new.jsonl"; then
        echo "$name: $pages pages, identical"
    else
        differing=$(diff <(cat "$work/dumps/$name.base.jsonl") <(cat "$work/dumps/$name.new.jsonl") | grep -c '^>' || true)
        echo "$name: $pages pages, $differing differ (see $work/dumps/$name.{base,new}.jsonl)"
        status=1
    fi
done <<'CORPORA'
scrapinghub-aeb scrapinghub-aeb all
wcxb-dev wcxb-articles dev
CORPORA
exit $status
