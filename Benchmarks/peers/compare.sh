#!/usr/bin/env bash
# Peer comparison, run by hand: installs regopy and common-expression-language into a virtual
# environment beside this script, builds Tandem in release mode, and times the same rule in each.
#   Benchmarks/peers/compare.sh [TEAMS] [PEERS]   (default 20000, and rego,cel: both peers)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
swift build -c release --static-swift-stdlib --product tandem >/dev/null
swift build -c release --product tandem-generate >/dev/null
if [ ! -d "$here/.venv" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet regopy common-expression-language pyyaml
fi
"$here/.venv/bin/python" "$here/compare.py" "${1:-20000}" "${2:-rego,cel}"
