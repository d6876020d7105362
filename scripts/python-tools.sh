#!/usr/bin/env bash
# Ensures .venv-tools/ holds the Python test tools pinned in scripts/python-requirements.txt
# (schemathesis, openapi-spec-validator, selenium, ruff), from PyPI. Safe to re-run: it installs
# only when the requirements changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tools
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s scripts/python-requirements.txt "$stamp"; then exit 0; fi
python3 -m venv "$venv" 2>/dev/null || { bash scripts/setup.sh python3-venv python3-pip && python3 -m venv "$venv"; }
"$venv/bin/pip" install -q --disable-pip-version-check -r scripts/python-requirements.txt
cp scripts/python-requirements.txt "$stamp"
