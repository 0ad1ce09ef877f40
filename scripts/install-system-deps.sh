#!/usr/bin/env bash
# Installs the Debian packages the project needs: Java for the HermiT reasoner,
# libseccomp for the query workers' network filter, Chromium and its driver for the
# browser tests, Virtuoso for the external-engine tests, Node.js/npm for the web UI's
# editor. Idempotent; needs root (or sudo).
set -euo pipefail
need=()
command -v java >/dev/null || need+=(default-jre-headless)
dpkg -s libseccomp2 >/dev/null 2>&1 || need+=(libseccomp2)  # no network for query workers (smckg.server.sandbox)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v virtuoso-t >/dev/null || need+=(virtuoso-opensource)
command -v npm >/dev/null || need+=(npm)
command -v wrk >/dev/null || need+=(wrk)  # the benchmark's HTTP load generator
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)  # Chinese glyphs in headless screenshots
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
