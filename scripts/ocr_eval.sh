#!/usr/bin/env bash
# OCR accuracy on both labelled sets, side by side in one run:
#   set a — the tuning set (samples/ocr/generate_eval.py); thresholds, crops
#           and vocabularies may be tuned on it;
#   set b — the held-out set (samples/ocr_b/generate.py), drawn by other code
#           with other fonts and layouts, never tuned on: only measured;
#   set c — a development set (samples/ocr_c/generate.py), drawn by a third
#           generator written without looking at a or b: its failures are
#           looked at and may be tuned on, like set a's.
# Usage: scripts/ocr_eval.sh [BUILD_DIR] [extra ocr_eval options]
# (BUILD_DIR defaults to build-bench, configured Release with BEIAN_BENCH=ON.)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-bench}"
shift || true
if [ ! -x "$build/bench/ocr_eval" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBEIAN_BENCH=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target ocr_eval
fi
[ -f "$build/ocr-eval-a/truth.json" ] ||
  /usr/bin/python3 samples/ocr/generate_eval.py "$build/ocr-eval-a"
[ -f "$build/ocr-eval-b/truth.json" ] ||
  /usr/bin/python3 samples/ocr_b/generate.py "$build/ocr-eval-b"
[ -f "$build/ocr-eval-c/truth.json" ] ||
  /usr/bin/python3 samples/ocr_c/generate.py "$build/ocr-eval-c"
export OMP_THREAD_LIMIT=1
"$build/bench/ocr_eval" "$build/ocr-eval-a" --set a "$@"
"$build/bench/ocr_eval" "$build/ocr-eval-b" --set b "$@"
"$build/bench/ocr_eval" "$build/ocr-eval-c" --set c "$@"
