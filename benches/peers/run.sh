#!/usr/bin/env bash
# Compares the crate's PROUD group-by with pandas, polars and DataFusion (the companion crate's
# proud_summary UDAF) on the same data, in one run.
#
#   bash benches/peers/run.sh [ROWS] [TEAMS] [RUNS]      (defaults: 10000000 1000 5)
#   PEERS_SKIP_DATAFUSION=1 bash benches/peers/run.sh     (without DataFusion, whose release
#                                                         build takes about half an hour)
#   bash benches/peers/sweep.sh                           (1,000, 100,000 and 1,000,000 teams)
#
# Installs numpy, pandas and polars into a virtual environment under target/peers, writes the
# data once (fixed seed) to target/peers/data.bin, runs each tool on it with the data already in
# memory, and prints a table of medians and ratios. Needs Python 3 with venv and pip.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows="${1:-10000000}"
teams="${2:-1000}"
runs="${3:-5}"
dir=target/peers
mkdir -p "$dir"

if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet numpy pandas polars
fi
py="$dir/venv/bin/python"

"$py" benches/peers/gen.py "$dir/data.bin" "$rows" "$teams"

results="$dir/results.jsonl"
PEERS_DATA="$dir/data.bin" PEERS_ROWS="$rows" PEERS_RUNS="$runs" \
    cargo bench --quiet --features rayon --bench peers > "$results"
if [ -z "${PEERS_SKIP_DATAFUSION:-}" ]; then
    # Cargo runs a bench in its package's directory: give it the data's absolute path.
    PEERS_DATA="$PWD/$dir/data.bin" PEERS_ROWS="$rows" PEERS_RUNS="$runs" \
        cargo bench --quiet -p service-quality-datafusion --bench peers_datafusion >> "$results"
fi
"$py" benches/peers/peers.py "$dir/data.bin" "$rows" "$runs" >> "$results"

"$py" - "$results" "$rows" "$teams" <<'PY'
import json, os, platform, sys
path, rows, teams = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
ours = next(l for l in lines if l["tool"].startswith("service-quality (rayon)"))
serial = next(l for l in lines if l["tool"].startswith("service-quality (serial)"))
print(f"PROUD group-by: {rows:,} rows, {teams:,} teams, {os.cpu_count()} cores, {platform.machine()}")
print(f"{'tool':<40} {'median ms':>10} {'vs ours (rayon)':>16} {'vs ours (serial)':>17} {'peak MB':>8}  checksum")
for l in lines:
    ratio = l["median_ms"] / ours["median_ms"]
    vs_serial = l["median_ms"] / serial["median_ms"]
    peak = l.get("peak_extra_mb")
    peak = f"{peak:>8.1f}" if isinstance(peak, (int, float)) else f"{'-':>8}"
    print(f"{l['tool']:<40} {l['median_ms']:>10.1f} {ratio:>15.2f}x {vs_serial:>16.2f}x {peak}  {l['checksum']:.6f}")
print(f"peak MB: the most memory the tool held above its input while it ran (VmHWM after a reset);"
      f" the crate's final summaries take {serial.get('summaries_mb', 0):.1f} MB")
PY
