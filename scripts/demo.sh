#!/usr/bin/env bash
# The demo: install, build, ingest the sample mailbox into ./var/beian.db and
# print what came out. Safe to run again (nothing is ingested twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBEIAN_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)"
./build/beian --db var/beian.db --data-dir var/data \
  ingest --region 510682 samples/maildir
echo
./build/beian --db var/beian.db cases list
