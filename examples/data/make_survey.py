"""Writes examples/data/survey.csv: synthetic survey answers for the cx_dashboard example.

Deterministic (fixed seed). Three teams with different strengths, four channels, two months,
and per row an NPS answer (0-10), a CSAT answer (1-5), a CES answer (1-7) and the 22 SERVQUAL
expectation (e1..e22) and perception (p1..p22) answers (1-7). The south team improved in
November (its customers' mood is lifted), and a night shift of eight answers shows intervals
for a very small team. Two rows are deliberately malformed so the example can show how rejected
rows are reported.

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
MONTHS = ["2026-10", "2026-11"]
# The lift in mood of south's customers in November.
SOUTH_NOVEMBER_LIFT = 0.9
DIMENSION_OF_ITEM = [0] * 4 + [1] * 5 + [2] * 4 + [3] * 4 + [4] * 5


def clamp(v, lo, hi):
    return max(lo, min(hi, int(round(v))))


def answers(team, month, mood, rel_pen, resp_pen):
    """One respondent's row; the random draws are the same whatever the mood."""
    person = random.gauss(mood, 1.0)
    row = {
        "team": team,
        "channel": random.choice(CHANNELS),
        "month": month,
        "nps": clamp(7.2 + 1.6 * person + random.gauss(0, 1.2), 0, 10),
        "csat": clamp(3.6 + 0.7 * person + random.gauss(0, 0.6), 1, 5),
        "ces": clamp(5.0 + 0.9 * person + random.gauss(0, 0.8), 1, 7),
    }
    for item in range(22):
        dim = DIMENSION_OF_ITEM[item]
        penalty = rel_pen if dim == 1 else resp_pen if dim == 2 else 0.0
        row[f"e{item + 1}"] = clamp(6.1 + random.gauss(0, 0.6), 1, 7)
        row[f"p{item + 1}"] = clamp(5.4 + 0.6 * person - penalty + random.gauss(0, 0.7), 1, 7)
    return row


rows = []
for i in range(360):
    team = list(TEAMS)[i % 3]
    month = MONTHS[i // 180]
    mood, rel_pen, resp_pen = TEAMS[team]
    if team == "south" and month == "2026-11":
        mood += SOUTH_NOVEMBER_LIFT
    rows.append(answers(team, month, mood, rel_pen, resp_pen))

rows[57]["nps"] = 11          # off the 0-10 scale
rows[201]["p7"] = ""          # a missing perception

# The night shift: four answers a month, its November customers all delighted.
for i in range(8):
    month = MONTHS[i // 4]
    row = answers("night", month, 0.6 if month == "2026-10" else 2.5, 0.3, 0.3)
    if month == "2026-11":
        row["nps"] = max(row["nps"], 9)
    rows.append(row)

columns = ["team", "channel", "month", "nps", "csat", "ces"]
columns += [f"e{i}" for i in range(1, 23)] + [f"p{i}" for i in range(1, 23)]
out = Path(__file__).with_name("survey.csv")
with out.open("w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")
