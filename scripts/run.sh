#!/usr/bin/env bash
# The README's run command: set up, then serve FlexRec on 127.0.0.1:7860 (FLEXREC_* settings apply).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/flexrec serve "$@"
