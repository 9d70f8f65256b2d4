#!/usr/bin/env bash
# How the group-by's cost grows with the number of groups: run.sh at 1,000, 100,000 and
# 1,000,000 teams over the same number of rows, one sitting, every tool.
#
#   bash benches/peers/sweep.sh [ROWS] [RUNS]     (defaults: 10000000 3)
#   PEERS_SKIP_DATAFUSION=1 bash benches/peers/sweep.sh
set -euo pipefail
cd "$(dirname "$0")"
rows="${1:-10000000}"
runs="${2:-3}"
for teams in 1000 100000 1000000; do
    bash run.sh "$rows" "$teams" "$runs"
    echo
done
