"""Writes examples/data/proud_reviews.csv: synthetic PROUD reviews of contact-centre calls.

Deterministic (fixed seed). Headers come in a different order and case from the crate's names, as
real exports do. Three rows are deliberately malformed (a rating off the scale, a missing rating,
a word instead of a number) so the examples can show rejected rows.

    python3 examples/data/make_reviews.py
"""

import csv
import random
from pathlib import Path

random.seed(7)
TEAMS = {"north": 0.5, "south": -0.2}
MONTHS = ["2026-09", "2026-10", "2026-11"]
# Month-on-month change per principle for the south team: ownership improves after coaching.
COACHING = {"2026-09": 0.0, "2026-10": 0.4, "2026-11": 0.9}

rows = []
for month in MONTHS:
    for team, level in TEAMS.items():
        for call in range(40):
            agent = f"{team[0]}{call % 8 + 1:02d}"
            base = 3.4 + level + random.gauss(0, 0.7)
            lift = COACHING[month] if team == "south" else 0.0
            p = round(base + random.gauss(0.3, 0.5))
            r = round(base + random.gauss(0.2, 0.5))
            o = round(base - 0.6 + lift + random.gauss(0, 0.6))
            u = round(base + random.gauss(0, 0.6))
            d = round(base - 0.3 + random.gauss(0, 0.6))
            clamp = lambda v: max(1, min(5, v))
            rows.append({
                "Agent": agent, "Team": team, "Month": month,
                "deliver": clamp(d), "Ownership": clamp(o), "R": clamp(r), "P": clamp(p),
                "understanding": clamp(u),
            })

rows[17]["R"] = 7
rows[101]["deliver"] = ""
rows[190]["P"] = "good"

out = Path(__file__).with_name("proud_reviews.csv")
with out.open("w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")
