#!/usr/bin/env bash
# Timing sanity print for LinearAlgebra (not a test): sparse products and a randomized SVD of a random sparse
# matrix, by `passerelle-bench svd` (Sources/PasserelleBench/SVDCommand.swift).
# Usage: scripts/benchmarks/bench-linalg.sh [debug|release]  (env LINALG_BENCH_N, LINALG_BENCH_NNZ, LINALG_BENCH_K)
set -euo pipefail
cd "$(dirname "$0")/../.."
config="${1:-release}"
swift build -c "$config" --product passerelle-bench >&2
"$(swift build -c "$config" --show-bin-path)/passerelle-bench" svd --n "${LINALG_BENCH_N:-20000}" \
  --nnz "${LINALG_BENCH_NNZ:-100}" --k "${LINALG_BENCH_K:-100}"
