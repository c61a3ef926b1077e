#!/usr/bin/env bash
# Prepare everything argmap needs on this machine: system packages, then a virtual environment
# with the pinned Python packages. Safe to run again: it only does what is missing.
#
#   tools/setup/bootstrap.sh site   # what building the site and the PDF needs
#   tools/setup/bootstrap.sh test   # the same, plus what the tests need (headless Chromium, pdftotext)
set -euo pipefail
cd "$(dirname "$0")/../.."
purpose="${1:-site}"
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

# Debian package → a file that proves it is installed (checked without dpkg where possible).
site_pkgs=(graphviz fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
test_pkgs=(chromium poppler-utils qpdf)
pkgs=("${site_pkgs[@]}")
[ "$purpose" = "test" ] && pkgs+=("${test_pkgs[@]}")
# Extra Debian packages a local set-up needs, space-separated (also used by the tests).
# shellcheck disable=SC2206
[ -n "${ARGMAP_EXTRA_PKGS:-}" ] && pkgs+=(${ARGMAP_EXTRA_PKGS})

missing=()
for p in "${pkgs[@]}"; do
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  fi
done
if ! command -v dpkg-query >/dev/null 2>&1; then
  # Not Debian: check the commands and files themselves and name what to install.
  need=()
  command -v dot >/dev/null 2>&1 || need+=("Graphviz (the 'dot' command)")
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=("Noto Sans CJK fonts")
  if [ "$purpose" = "test" ]; then
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=("Chromium")
    command -v pdftotext >/dev/null 2>&1 || need+=("poppler (pdftotext, pdffonts)")
    command -v qpdf >/dev/null 2>&1 || need+=("qpdf (checks the PDF's structure)")
  fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "argmap needs these system packages, which this script can install only on Debian/Ubuntu:" >&2
    printf '  - %s\n' "${need[@]}" >&2
    echo "Install them with your package manager (for example 'brew install graphviz poppler'), then run make again." >&2
    exit 1
  fi
elif [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "argmap needs these Debian packages, which are not installed:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    echo "Run that command (as root), then run make again." >&2
    exit 1
  fi
fi

# Python: a virtual environment with the exact versions of requirements.lock.
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "argmap needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
  echo "Install it, or run make with PYTHON=/path/to/python3.11." >&2
  exit 1
fi
stamp="$VENV/.argmap-installed"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Python packages into $VENV (pinned in requirements.lock)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "is ignored: it is neither" || true
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e . 2>&1 | grep -v "is ignored: it is neither" || true
  "$VENV/bin/python" -c "import argmap, yaml, mkdocs, graphviz" || { echo "the Python packages did not install" >&2; exit 1; }
  touch "$stamp"
fi

# Argdown's CLI, for the tests and benchmarks that compare with it (bench/package-lock.json pins it).
# The same lock file pins yaml-language-server, which the editor-completion tests drive.
if [ "$purpose" = "test" ] && [ -f bench/package-lock.json ] && { [ ! -x bench/node_modules/.bin/argdown ] \
    || [ ! -x bench/node_modules/.bin/yaml-language-server ]; }; then
  if command -v npm >/dev/null 2>&1; then
    echo "Installing Argdown's CLI into bench/node_modules (pinned in bench/package-lock.json)"
    npm ci --prefix bench --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
      || echo "warning: could not install Argdown's CLI; the tests that compare with it will be skipped" >&2
  else
    echo "note: npm is not installed, so the tests that compare with Argdown's CLI will be skipped" >&2
  fi
fi
