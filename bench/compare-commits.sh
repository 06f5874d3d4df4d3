#!/usr/bin/env bash
# Ledger throughput of two commits, run in turn A B B A (ABBA) on this machine, so that drift and
# other load hit both alike. Each run is a separate JVM and embedded PostgreSQL started by
# bench/ledger-throughput.sh in a temporary worktree of that commit. Not a test; see docs/benchmarks.md.
#
#   bench/compare-commits.sh BEFORE AFTER [ledger-throughput options]
#
# Default options: --clients 8,32 --initial-warmup 20 --warmup 2 --measure 8 --rounds 1 --modes http
# Prints each run's table and a summary of the HTTP pairs/s per client count.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,9p "$0"; exit 2; }
before=$(git rev-parse --short "$1"); after=$(git rev-parse --short "$2"); shift 2
[ $# -gt 0 ] || set -- --clients 8,32 --initial-warmup 20 --warmup 2 --measure 8 --rounds 1 --modes http

work=$(mktemp -d)
trap 'for c in "$before" "$after"; do git worktree remove --force "$work/$c" 2>/dev/null || true; done; rm -rf "$work"' EXIT
for commit in "$before" "$after"; do
  git worktree add -q --detach "$work/$commit" "$commit"
  # this checkout's harness (bench/) drives both commits alike
  rm -rf "$work/$commit/bench" && cp -r bench "$work/$commit/bench"
done

results="target/compare-commits.md"
mkdir -p target
: > "$results"
for commit in "$before" "$after" "$after" "$before"; do
  echo "== $commit" | tee -a "$results"
  (cd "$work/$commit" && bench/ledger-throughput.sh "$@") | tee -a "$results"
done
echo
echo "Summary (HTTP pairs/s, order A B B A): see $results"
