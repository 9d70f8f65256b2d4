"""Writes the peer-comparison data: N PROUD assessments (five ratings 1-5) and a team id each.

Fixed seed, so every run compares the same data. Layout (little-endian, no header): five u8
columns of N bytes each, in P, R, O, U, D order, then one u32 column of N team ids.

    python gen.py OUT_FILE [ROWS] [TEAMS]
"""

import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
teams = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000
rng = np.random.default_rng(20261124)
with open(out, "wb") as f:
    for _ in range(5):
        rng.integers(1, 6, size=rows, dtype=np.uint8).tofile(f)
    rng.integers(0, teams, size=rows, dtype=np.uint32).tofile(f)
print(f"wrote {rows} rows, {teams} teams to {out}", file=sys.stderr)
