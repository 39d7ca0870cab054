#!/usr/bin/env bash
# Installs tessdata's standard Chinese model as chi_sim_large.traineddata in
# /usr/local/share/beian/tessdata (kLargeChineseDir). beian reads a card cell
# with it only when Debian's fast chi_sim gives no known value; without it
# beian works and leaves such a field for the reviewer.
#
# Source: the npm package @tesseract.js-data/chi_sim 1.0.0, file
# 4.0.0/chi_sim.traineddata.gz (tessdata 4.0.0, Apache-2.0). Debian packages
# only the fast model. The file is checked against a pinned sha256.
# Idempotent; run as root (or with sudo available).
set -euo pipefail

dir=/usr/local/share/beian/tessdata
file=$dir/chi_sim_large.traineddata
want=fc05d89ab31d8b4e226910f16a8bcbf78e43bae3e2580bb5feefd052efdab363

if [ -f "$file" ] && echo "$want  $file" | sha256sum -c --quiet 2>/dev/null; then
  echo "fetch-large-chinese-model: $file present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-large-chinese-model: npm not found; installing Debian's npm"
  $sudo apt-get install -y -q --no-install-recommends npm ||
    { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends npm; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @tesseract.js-data/chi_sim@1.0.0 >/dev/null)
tar -xzf "$work"/tesseract.js-data-chi_sim-1.0.0.tgz -C "$work" \
  package/4.0.0/chi_sim.traineddata.gz
gunzip -c "$work"/package/4.0.0/chi_sim.traineddata.gz >"$work"/chi_sim_large.traineddata
if ! echo "$want  $work/chi_sim_large.traineddata" | sha256sum -c --quiet; then
  echo "fetch-large-chinese-model: the downloaded model's sha256 is not $want; not installed" >&2
  exit 1
fi
$sudo mkdir -p "$dir"
$sudo install -m 0644 "$work"/chi_sim_large.traineddata "$file"
echo "fetch-large-chinese-model: installed $file"
