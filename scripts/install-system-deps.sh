#!/usr/bin/env bash
# Installs the Debian packages of the purposes given (serve, test, bench, virtuoso): each
# purpose lists its packages in scripts/system-packages/<purpose>.list with a probe that
# shows a package is there already; only the missing ones are installed. Idempotent; needs
# root (or sudo) when something is missing. Usage: install-system-deps.sh PURPOSE...
set -euo pipefail
lists="$(dirname "$0")/system-packages"
python="${PYTHON:-python3}"

present() {
  local probe="$1"
  case "$probe" in
    command:*) command -v "${probe#command:}" >/dev/null ;;
    file:*) [ -e "${probe#file:}" ] ;;
    dpkg:*) dpkg -s "${probe#dpkg:}" >/dev/null 2>&1 ;;
    python-module:*) "$python" -c "import ${probe#python-module:}" 2>/dev/null ;;
    python-header) [ -e "$("$python" -c 'import sysconfig; print(sysconfig.get_path("include"))')/Python.h" ] ;;
    *) echo "unknown probe '$probe'" >&2; exit 2 ;;
  esac
}

[ $# -gt 0 ] || { echo "usage: $0 PURPOSE... (lists in $lists)" >&2; exit 2; }
need=()
for purpose in "$@"; do
  list="$lists/$purpose.list"
  [ -f "$list" ] || { echo "no package list $list" >&2; exit 2; }
  while read -r package probe _; do
    case "$package" in ''|'#'*) continue ;; esac
    present "$probe" || need+=("$package")
  done < "$list"
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# One apt-get at a time, should make run two purposes side by side.
$sudo flock /tmp/smckg-apt.lock apt-get update -qq
$sudo flock /tmp/smckg-apt.lock apt-get install -y -qq --no-install-recommends "${need[@]}"
