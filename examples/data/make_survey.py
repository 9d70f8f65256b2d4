"""Writes examples/data/survey.csv: synthetic survey answers for the cx_dashboard example.

Deterministic (fixed seed). Three teams with different strengths, four channels, and per row an
NPS answer (0-10), a CSAT answer (1-5), a CES answer (1-7) and the 22 SERVQUAL expectation
(e1..e22) and perception (p1..p22) answers (1-7). Two rows are deliberately malformed so the
example can show how rejected rows are reported.

    python3 examples/data/make_survey.py
"""

import csv
import random
from pathlib import Path

random.seed(20261124)

TEAMS = {
    # team: (overall mood, reliability penalty, responsiveness penalty)
    "north": (0.8, 0.0, 0.3),
    "south": (0.0, 1.2, 0.2),
    "central": (0.4, 0.4, 0.9),
}
CHANNELS = ["phone", "chat", "store", "email"]
DIMENSION_OF_ITEM = [0] * 4 + [1] * 5 + [2] * 4 + [3] * 4 + [4] * 5


def clamp(v, lo, hi):
    return max(lo, min(hi, int(round(v))))


rows = []
for i in range(360):
    team = list(TEAMS)[i % 3]
    mood, rel_pen, resp_pen = TEAMS[team]
    person = random.gauss(mood, 1.0)
    row = {
        "team": team,
        "channel": random.choice(CHANNELS),
        "nps": clamp(7.2 + 1.6 * person + random.gauss(0, 1.2), 0, 10),
        "csat": clamp(3.6 + 0.7 * person + random.gauss(0, 0.6), 1, 5),
        "ces": clamp(5.0 + 0.9 * person + random.gauss(0, 0.8), 1, 7),
    }
    for item in range(22):
        dim = DIMENSION_OF_ITEM[item]
        penalty = rel_pen if dim == 1 else resp_pen if dim == 2 else 0.0
        row[f"e{item + 1}"] = clamp(6.1 + random.gauss(0, 0.6), 1, 7)
        row[f"p{item + 1}"] = clamp(5.4 + 0.6 * person - penalty + random.gauss(0, 0.7), 1, 7)
    rows.append(row)

rows[57]["nps"] = 11          # off the 0-10 scale
rows[201]["p7"] = ""          # a missing perception

columns = ["team", "channel", "nps", "csat", "ces"]
columns += [f"e{i}" for i in range(1, 23)] + [f"p{i}" for i in range(1, 23)]
out = Path(__file__).with_name("survey.csv")
with out.open("w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")
