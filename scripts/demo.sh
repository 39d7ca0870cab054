#!/usr/bin/env bash
# The demo: install, build, ingest the sample mailbox into ./var/beian.db and
# print what came out. Safe to run again (nothing is ingested twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBEIAN_BENCH=OFF >/dev/null
# Only the program the demo runs; the tests are built by scripts/test.sh.
cmake --build build -j"$(nproc)" --target beian
# Replies go to var/outbox/*.eml, from the sample config's sender.
./build/beian --db var/beian.db --data-dir var/data \
  --from "什邡市医保事务中心 <beian510682@example.cn>" \
  ingest --region 510682 samples/maildir
echo
./build/beian --db var/beian.db cases list
