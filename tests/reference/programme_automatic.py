"""Peer values for the known-answer tests of automatic scoring beside people
(tests/integration/programme/automatic.rs).

Run with irrCAC (the Python port of Gwet's R package), statsmodels and scipy installed:

    python3 -m venv /tmp/peers-autoqa && /tmp/peers-autoqa/bin/pip install irrcac statsmodels scipy
    /tmp/peers-autoqa/bin/python -W ignore tests/reference/programme_automatic.py

The last run used irrCAC 0.4.4, statsmodels 0.15.0 and scipy 1.17.1; its output is copied into
the tests, beside the hand computations. CI does not run Python.
"""

import numpy as np, pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from irrCAC.table import CAC


def show(name, value):
    print(f"{name} = {float(value)!r}")

# Verification (yes/no), 20 calls: both yes 14, human yes and automatic no 2, human no and
# automatic yes 1, both no 3. Rows human (no, yes), columns automatic (no, yes).
yn = pd.DataFrame([[3, 1], [2, 14]], index=[0, 1], columns=[0, 1])
for name, fn in [("cohen", "cohen"), ("gwet", "gwet")]:
    est = getattr(CAC(yn, digits=15), fn)()["est"]
    show(f"yes_no_{name}", est["coefficient_value"]); show(f"yes_no_{name}_se", est["se"])
    show(f"yes_no_{name}_lower", est["confidence_interval"][0]); show(f"yes_no_{name}_upper", est["confidence_interval"][1])
lo, hi = proportion_confint(17, 20, alpha=0.05, method="wilson")
show("yes_no_wilson_lower", lo); show("yes_no_wilson_upper", hi)
# Bias: automatic minus human score, 0-100 (yes 100, no 0).
d = np.array([-100.0] * 2 + [100.0] + [0.0] * 17)
m, se = d.mean(), stats.sem(d)
lo, hi = stats.t.interval(0.95, len(d) - 1, loc=m, scale=se)
show("yes_no_bias", m); show("yes_no_bias_lower", lo); show("yes_no_bias_upper", hi)

# Resolution (1-3 scale, Gwet's ordinal weights), 10 pairs: (1,1) 2, (1,2) 1, (2,2) 3, (2,3) 2,
# (3,3) 2. Rows human 1..3, columns automatic 1..3.
sc = pd.DataFrame([[2, 1, 0], [0, 3, 2], [0, 0, 2]], index=[1, 2, 3], columns=[1, 2, 3])
for name in ["cohen", "gwet"]:
    est = getattr(CAC(sc, weights="ordinal", digits=15), name)()["est"]
    show(f"scale_{name}", est["coefficient_value"]); show(f"scale_{name}_se", est["se"])
    show(f"scale_{name}_lower", est["confidence_interval"][0]); show(f"scale_{name}_upper", est["confidence_interval"][1])
# Gwet's ordinal weights for three categories: 1, 2/3, 0.
print(f"scale weights = {CAC(sc, weights='ordinal').weights_mat.tolist()}")
# Bias on the scale: 1 is 0, 2 is 50, 3 is 100; three pairs one step up.
d = np.array([50.0] * 3 + [0.0] * 7)
m, se = d.mean(), stats.sem(d)
lo, hi = stats.t.interval(0.95, len(d) - 1, loc=m, scale=se)
show("scale_bias", m); show("scale_bias_lower", lo); show("scale_bias_upper", hi)
lo, hi = proportion_confint(7, 10, alpha=0.05, method="wilson")
show("scale_wilson_lower", lo); show("scale_wilson_upper", hi)
