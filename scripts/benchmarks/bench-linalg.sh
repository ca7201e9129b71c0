#!/usr/bin/env bash
# Timing sanity print for LinearAlgebra (not a test): randomized SVD of a random sparse matrix.
# Usage: scripts/benchmarks/bench-linalg.sh [debug|release]  (env LINALG_BENCH_N, LINALG_BENCH_NNZ, LINALG_BENCH_K)
set -euo pipefail
cd "$(dirname "$0")/../.."
config="${1:-release}"
LINALG_BENCH=1 swift test -c "$config" --filter LinearAlgebraTests.SVDBenchmark 2>&1 | grep -E "bench:|error|failed" || true
