#!/usr/bin/env bash
# Installs moto's server into a virtual environment for the AWS-tier tests and the local demo.
# Usage: install-moto.sh <venv-dir>. Idempotent: does nothing when the pinned version is installed.
set -euo pipefail
venv="${1:?usage: install-moto.sh <venv-dir>}"
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/requirements.txt"
stamp="$venv/.kaso-requirements"

if ! command -v python3 >/dev/null 2>&1; then
  echo "kaso: the AWS-tier tests need python3 (3.9 or newer) with venv and pip to run moto; install it, e.g. 'apt-get install python3 python3-venv'" >&2
  exit 1
fi
if [ -x "$venv/bin/moto_server" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
rm -rf "$venv"
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  echo "kaso: 'python3 -m venv' failed; install the venv module, e.g. 'apt-get install python3-venv'" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
cp "$requirements" "$stamp"
echo "kaso: moto installed in $venv"
