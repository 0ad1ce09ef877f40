#!/usr/bin/env bash
# Installs the Debian packages the project needs: Java for the HermiT reasoner,
# jemalloc for the server's processes, Chromium and its driver for the browser
# tests, Virtuoso for the external-engine tests, Node.js/npm for the web UI's
# editor, a C compiler and Python's headers for the package's native module
# (smckg.server._tsv_json). Idempotent; needs root (or sudo).
set -euo pipefail
need=()
command -v java >/dev/null || need+=(default-jre-headless)
command -v gcc >/dev/null || need+=(gcc libc6-dev)  # setuptools compiles with gcc (sysconfig CC)
include=$("${PYTHON:-python3}" -c 'import sysconfig; print(sysconfig.get_path("include"))')
[ -e "$include/Python.h" ] || need+=(python3-dev)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v virtuoso-t >/dev/null || need+=(virtuoso-opensource)
command -v npm >/dev/null || need+=(npm)
command -v wrk >/dev/null || need+=(wrk)  # the benchmark's HTTP load generator
dpkg -s libjemalloc2 >/dev/null 2>&1 || need+=(libjemalloc2)  # the server's allocator (smckg.server.allocator)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)  # Chinese glyphs in headless screenshots
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
