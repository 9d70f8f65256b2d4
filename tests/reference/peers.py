"""Reference values for the metrics and reliability known-answer tests.

Run with the peers installed (scikit-learn, statsmodels, pingouin, krippendorff, scipy):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install scikit-learn statsmodels \
        pingouin krippendorff scipy numpy
    /tmp/peers/bin/python tests/reference/peers.py

The printed numbers are copied into tests/metrics_known_answers.rs, which cite this script.
CI does not run it.
"""

import numpy as np
import pandas as pd
import krippendorff
import pingouin as pg
from scipy import stats
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

np.set_printoptions(precision=17)


def show(name, value):
    print(f"{name} = {float(value)!r}")


# Cohen's kappa: two QA assessors rate 20 calls on 1-5 (every value 1..5 is used).
A = [1, 2, 3, 4, 5, 3, 4, 2, 5, 4, 3, 3, 2, 1, 4, 5, 3, 2, 4, 3]
B = [1, 2, 4, 4, 5, 3, 3, 2, 4, 4, 3, 2, 2, 2, 4, 5, 4, 2, 5, 3]
show("cohen_unweighted", cohen_kappa_score(A, B))
show("cohen_linear", cohen_kappa_score(A, B, weights="linear"))
show("cohen_quadratic", cohen_kappa_score(A, B, weights="quadratic"))

# Fleiss' kappa: the 10 subjects x 5 categories, 14 raters example (Fleiss 1971, as tabulated
# in many textbooks); published kappa 0.210.
FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]
show("fleiss_textbook", fleiss_kappa(np.array(FLEISS), method="fleiss"))
# A second table: 6 calls, 4 assessors, PROUD band (poor, needs improvement, good, excellent).
FLEISS2 = [[0, 1, 3, 0], [0, 0, 1, 3], [2, 2, 0, 0], [0, 0, 4, 0], [1, 2, 1, 0], [0, 0, 0, 4]]
show("fleiss_bands", fleiss_kappa(np.array(FLEISS2), method="fleiss"))

# Cronbach's alpha: 10 respondents x 4 items on 1-5.
ITEMS = [
    [4, 5, 4, 3], [3, 4, 3, 3], [5, 5, 4, 4], [2, 3, 2, 3], [4, 4, 5, 2],
    [3, 3, 3, 4], [5, 4, 5, 5], [1, 2, 2, 1], [4, 4, 3, 2], [2, 3, 3, 3],
]
df = pd.DataFrame(ITEMS, columns=["i1", "i2", "i3", "i4"])
show("cronbach", pg.cronbach_alpha(data=df)[0])
for col in df.columns:
    show(f"cronbach_without_{col}", pg.cronbach_alpha(data=df.drop(columns=[col]))[0])

# Krippendorff's alpha: the reliability-data example of Krippendorff (2011), "Computing
# Krippendorff's alpha-reliability": 4 coders x 12 units, values 1-5, missing as NaN.
# Published: nominal 0.743, ordinal 0.815, interval 0.849.
nan = np.nan
K = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
for level in ["nominal", "ordinal", "interval", "ratio"]:
    show(f"krippendorff_{level}", krippendorff.alpha(reliability_data=K, level_of_measurement=level))

# Wilson score interval: 41 satisfied of 50 at 95%, and 3 of 10 at 90%.
lo, hi = proportion_confint(41, 50, alpha=0.05, method="wilson")
show("wilson_41_50_lo", lo)
show("wilson_41_50_hi", hi)
lo, hi = proportion_confint(3, 10, alpha=0.10, method="wilson")
show("wilson_3_10_lo", lo)
show("wilson_3_10_hi", hi)

# Student t interval for CES answers.
CES = [7, 6, 5, 6, 2, 7, 6, 4, 5, 6, 7, 3]
m, s = np.mean(CES), stats.sem(CES)
lo, hi = stats.t.interval(0.95, len(CES) - 1, loc=m, scale=s)
show("ces_mean", m)
show("ces_sd", np.std(CES, ddof=1))
show("ces_t95_lo", lo)
show("ces_t95_hi", hi)

# NPS: the normal quantile and the Wald interval for 5 promoters, 3 passives, 2 detractors.
z = stats.norm.ppf(0.975)
p, d, n = 0.5, 0.2, 10
se = 100 * np.sqrt((p + d - (p - d) ** 2) / n)
show("nps_se", se)
show("nps_lo", 30 - z * se)
show("nps_hi", 30 + z * se)
