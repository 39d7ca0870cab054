#!/bin/sh
# Poll throughput: beian's Poller vs mbsync on the same N ~200 KB mails in a
# loopback Dovecot (bench/bench_poll.cc). Run as root from the repo root:
#   scripts/bench_poll.sh [N]      # N defaults to 1000
set -eu
cd "$(dirname "$0")/.."
N="${1:-1000}"
if [ "$(id -u)" -ne 0 ]; then
  echo "bench_poll.sh: run as root (the Dovecot test harness needs it)" >&2
  exit 1
fi
if ! command -v mbsync >/dev/null 2>&1; then
  apt-get install -y isync || { apt-get update && apt-get install -y isync; }
fi
# GCC 12 at -O3 reports a false -Wrestrict in std::string operator+
# (src/calendar/office_hours.cc, GCC bug 105329); keep it a warning here.
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS=-Wno-error=restrict"
cmake --build build-bench -j2 --target bench_poll
OMP_THREAD_LIMIT=1 exec build-bench/bench/bench_poll "$N"
