"""Reference values for the programme module's known-answer tests (sample sizes, power, and the
t intervals of grading the graders).

Run with the peers installed:

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install scipy statsmodels numpy
    /tmp/peers/bin/python tests/reference/programme_peers.py > tests/reference/programme_peers.out

The numbers are copied into tests/integration/programme/sample_size.rs,
tests/integration/programme/graders.rs and the unit tests of src/programme/sample_size.rs,
which name the call beside each; CI does not run Python. The last recording used scipy 1.17.1,
statsmodels 0.15.0 and numpy 2.4.6.
"""

import math

import numpy as np
from scipy.stats import nct, norm, t
from statsmodels.stats.power import NormalIndPower, TTestIndPower, TTestPower
from statsmodels.stats.proportion import (
    power_proportions_2indep,
    proportion_effectsize,
    samplesize_confint_proportion,
)


def show(name, value):
    print(f"{name} = {float(value)!r}")


Z = norm.ppf(0.975)

# Cochran's n0 for a proportion, and the finite-population correction.
n0 = samplesize_confint_proportion(0.5, 0.05, alpha=0.05)
show("cochran_n0_p50_m5", n0)
show("cochran_n_p50_m5_N1000", n0 / (1 + (n0 - 1) / 1000))
show("cochran_n_p50_m5_N40", n0 / (1 + (n0 - 1) / 40))
show("cochran_n0_p50_m10", samplesize_confint_proportion(0.5, 0.10, alpha=0.05))
show("cochran_n0_p90_m10_at90", samplesize_confint_proportion(0.9, 0.10, alpha=0.10))
show("margin_p50_n4", 100 * Z * math.sqrt(0.25 / 4))
show("margin_p90_n4", 100 * Z * math.sqrt(0.09 / 4))
show("margin_p50_n385", 100 * Z * math.sqrt(0.25 / 385))


# The t margin t(n - 1) s / sqrt(n), corrected for a finite population, and the smallest n
# that reaches a margin.
def t_margin(s, n, population=None):
    fpc = 1 if population is None else math.sqrt((population - n) / (population - 1))
    return t.ppf(0.975, n - 1) * s / math.sqrt(n) * fpc


def t_reviews(s, d, population=None):
    n = 2
    while t_margin(s, n, population) > d:
        n += 1
    return n


show("t_reviews_s10_d5", t_reviews(10, 5))
show("t_reviews_s15_d5", t_reviews(15, 5))
show("t_reviews_s15_d5_N50", t_reviews(15, 5, 50))
show("t_margin_s10_n16", t_margin(10, 16))
show("t_margin_s12_n4", t_margin(12, 4))
sd = np.std([72.0, 85.0, 64.0, 90.0, 78.0, 81.0], ddof=1)
show("sd_six_scores", sd)
show("t_reviews_sd_six_scores_d5", t_reviews(sd, 5))


# The pooled two-proportion z test's power.
def two_rates(p1, p2, n1, n2):
    return power_proportions_2indep(
        p1 - p2, p2, n1, ratio=n2 / n1, alpha=0.05, alternative="two-sided"
    ).power


for n1, n2 in [(4, 4), (30, 30), (61, 61), (62, 62), (10, 25)]:
    show(f"power_90_70_{n1}_{n2}", two_rates(0.9, 0.7, n1, n2))
for n in [81, 82]:
    show(f"power_80_60_{n}_{n}", two_rates(0.8, 0.6, n, n))

# Fleiss, Levin and Paik: n with and without the continuity correction.
for power in [0.8, 0.9]:
    p1, p2 = 0.9, 0.7
    pbar = (p1 + p2) / 2
    a = Z * math.sqrt(2 * pbar * (1 - pbar)) + norm.ppf(power) * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    n = (a / 0.2) ** 2
    show(f"fleiss_n_90_70_power{power}", n)
    show(f"fleiss_corrected_90_70_power{power}", n / 4 * (1 + math.sqrt(1 + 4 / (n * 0.2))) ** 2)

# Cohen's h: the arcsine test, not the crate's.
h = proportion_effectsize(0.9, 0.7)
show("cohen_h_90_70", h)
show("cohen_h_n_power0.8", NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1))


# The one-sample score test against a target.
def target(p, p0, n):
    s0 = math.sqrt(p0 * (1 - p0) / n)
    s1 = math.sqrt(p * (1 - p) / n)
    d = abs(p - p0)
    return norm.cdf((d - Z * s0) / s1) + norm.cdf((-d - Z * s0) / s1)


for n in [4, 78, 79]:
    show(f"target_95_85_{n}", target(0.95, 0.85, n))

# Student's two-sample and one-sample t tests.
for n in [4, 36, 37]:
    show(f"ttestind_d10_s15_{n}", TTestIndPower().power(effect_size=10 / 15, nobs1=n, alpha=0.05))
show("ttestind_d10_s15_solve", TTestIndPower().solve_power(effect_size=10 / 15, alpha=0.05, power=0.8))
show("ttestind_half_20_at99", TTestIndPower().power(effect_size=0.5, nobs1=20, alpha=0.01))
show("ttestind_half_solve_power0.9_at99", TTestIndPower().solve_power(effect_size=0.5, alpha=0.01, power=0.9))
for n in [4, 47, 48]:
    show(f"ttest_d5_s12_{n}", TTestPower().power(effect_size=5 / 12, nobs=n, alpha=0.05))
show("ttest_d5_s12_solve", TTestPower().solve_power(effect_size=5 / 12, alpha=0.05, power=0.8))

# Welch's test with unequal spreads: the noncentral t with Welch-Satterthwaite df.
a, b = 90 / 12, 260 / 9
df = (a + b) ** 2 / (a * a / 11 + b * b / 8)
nc = 10 / math.sqrt(a + b)
crit = t.ppf(0.975, df)
show("welch_df", df)
show("welch_nc", nc)
show("welch_power", nct.sf(crit, df, nc) + nct.cdf(-crit, df, nc))

# The noncentral t distribution.
for x, df, nc in [
    (2.0, 10.0, 1.0),
    (-1.5, 5.0, 0.5),
    (0.0, 7.0, 2.0),
    (3.0, 30.0, 3.0),
    (1.96, 58.0, 0.0),
    (45.0, 12.0, 40.0),
    (2.2, 3.5, -1.0),
    (2.0, 20.0, 45.0),
    (60.0, 50.0, 55.0),
]:
    show(f"nct_cdf_{x}_{df}_{nc}", nct.cdf(x, df, nc))


# Grading the graders: t intervals over reviews.
def t_interval(name, values):
    v = np.array(values, float)
    n = len(v)
    mean = v.mean()
    half = t.ppf(0.975, n - 1) * v.std(ddof=1) / math.sqrt(n)
    show(f"{name}_mean", mean)
    show(f"{name}_lower", mean - half)
    show(f"{name}_upper", mean + half)


show("t_975_2", t.ppf(0.975, 2))
show("t_975_3", t.ppf(0.975, 3))
t_interval("ana_bias", [10, 0, 10])
t_interval("ben_bias", [-13.75, 56.25, -10])
t_interval("ana_alignment_percent", [90, 100, 90])
t_interval("everyone_bias", [10, 0, 10, -13.75, 56.25, -10])
