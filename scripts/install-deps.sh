#!/usr/bin/env bash
# Installs what beian needs to build, test and run, from Debian packages.
# Idempotent: packages already present are left alone. Run as root (or with
# sudo available) on Debian 12.
set -euo pipefail

packages=(
  # build
  cmake g++ clang make pkg-config
  # libraries beian links
  libmimetic-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev libssl-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libspdlog-dev
  libtesseract-dev libleptonica-dev libpoppler-cpp-dev libarchive-dev
  libheif-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3
  libheif-examples  # heif-enc: the HEIC test photo is made in the test
  dovecot-imapd postfix openssl curl  # tests/integration: real IMAP/SMTP servers
  postgresql  # tests: a real PostgreSQL 15 for the store tests
  # OCR language data and fonts for samples
  tesseract-ocr-chi-sim tesseract-ocr-eng tesseract-ocr-osd
  python3 python3-pil fonts-wqy-zenhei fonts-noto-cjk
  # the held-out OCR set B (samples/ocr_b) draws with other fonts
  fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-ocr-b fonts-liberation
  # headless browser for the HTML visual check test
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The larger Chinese OCR model (not packaged by Debian), from npm. Without
# it beian still runs (those cells go to the reviewer); under CI the test
# that needs it fails and says so.
bash "$(dirname "$0")/fetch-large-chinese-model.sh" ||
  echo "install-deps: WARNING: the larger Chinese OCR model was not installed;" \
    "beian runs without it (scripts/fetch-large-chinese-model.sh to retry)" >&2
