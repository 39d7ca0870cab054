#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds.
#
#   scripts/run_fuzz.sh [SECONDS_PER_TARGET=120] [JOBS=2]
#
# Build tree: build-fuzz/. Seeds come from samples/maildir (mails) and from the
# "subject" values of samples/expected/*.expected; the growing corpus lives in
# build-fuzz/corpus/<target>/ and is reused by later runs. A crash leaves its
# input in build-fuzz/artifacts/<target>/ (crash-*, leak-*, timeout-*) and the
# script exits non-zero. Reproduce with: build-fuzz/tests/fuzz/<target> <file>
set -euo pipefail

seconds="${1:-120}"
jobs="${2:-2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${root}/build-fuzz"

CC=clang CXX=clang++ cmake -S "${root}" -B "${build}" \
  -DBEIAN_FUZZ=ON -DBEIAN_BENCH=OFF \
  -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS="-O1 -g" >/dev/null
cmake --build "${build}" -j"${jobs}" --target fuzz_parse_mime fuzz_parse_subject

seeds="${build}/seeds"
rm -rf "${seeds}"
mkdir -p "${seeds}/mime" "${seeds}/subject"
for mail in "${root}"/samples/maildir/new/* "${root}"/samples/maildir/cur/*; do
  [[ -f "${mail}" ]] && cp "${mail}" "${seeds}/mime/$(basename "${mail%%:*}")"
done
python3 - "${root}/samples/expected" "${seeds}/subject" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[2])
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.expected")):
    subject = json.loads(path.read_text(encoding="utf-8")).get("subject")
    if subject:
        (out / path.stem).write_bytes(subject.encode("utf-8"))
PY
echo "seeds: $(ls "${seeds}/mime" | wc -l) mails, $(ls "${seeds}/subject" | wc -l) subjects"

status=0
run() {  # run TARGET SEED_DIR EXTRA_FLAGS...
  local target="$1" seed_dir="$2"
  shift 2
  local corpus="${build}/corpus/${target}" artifacts="${build}/artifacts/${target}"
  mkdir -p "${corpus}" "${artifacts}"
  echo "=== ${target}: ${seconds}s ==="
  "${build}/tests/fuzz/${target}" "${corpus}" "${seed_dir}" \
    -max_total_time="${seconds}" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="${artifacts}/" "$@" 2>&1 |
    tee "${build}/${target}.log" | grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|Done|stat::|==[0-9]+==|SUMMARY|.*(ERROR|runtime error))' || true
  if ! grep -q '^Done ' "${build}/${target}.log"; then
    echo "!!! ${target} stopped early; see ${build}/${target}.log and ${artifacts}/"
    status=1
  fi
}

run fuzz_parse_mime "${seeds}/mime" -max_len=262144
run fuzz_parse_subject "${seeds}/subject" -max_len=4096
exit "${status}"
