"""Reference values for the metrics and reliability known-answer tests.

Run with the peers installed (scikit-learn, statsmodels, pingouin, krippendorff, scipy):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install scikit-learn statsmodels \
        pingouin krippendorff scipy numpy pandas
    /tmp/peers/bin/python tests/reference/peers.py > tests/reference/peers.out

This script is the one way to regenerate tests/reference/peers.out. The numbers are copied into
the known-answer tests (tests/integration/metrics_known_answers.rs and
tests/integration/decision_known_answers.rs), which cite this script; CI does not run Python.
The last recording used scipy 1.17.1, statsmodels 0.15.0, pingouin 0.7.0, scikit-learn 1.9.1,
numpy 2.4.6, pandas 3.1.1 and krippendorff 0.9.0.
"""

from itertools import combinations

import numpy as np
import pandas as pd
import krippendorff
import pingouin as pg
from scipy import stats
from sklearn.metrics import cohen_kappa_score, confusion_matrix
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

pg.options["round"] = None
pg.options["round.column.CI95"] = None

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
# Brennan-Prediger's coefficient for many raters is statsmodels' "randolph" (free-marginal)
# kappa: irrCAC's distrib.6raters (15 patients, 6 psychiatrists, 5 diagnoses).
DISTRIB6 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
]
show("randolph_distrib6", fleiss_kappa(np.array(DISTRIB6), method="randolph"))
show("fleiss_distrib6", fleiss_kappa(np.array(DISTRIB6), method="fleiss"))

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


# ---------------------------------------------------------------------------------------------
# Statistics that support decisions (issue 17).
# ---------------------------------------------------------------------------------------------

Z95 = stats.norm.ppf(0.975)

# Wilson with continuity correction (Newcombe 1998, method 4): scipy's binomtest "wilsoncc".
for k, n, level in [(81, 263, 0.95), (15, 148, 0.95), (0, 20, 0.95), (1, 29, 0.95), (41, 50, 0.95),
                    (3, 10, 0.90), (6, 6, 0.95)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilsoncc")
    show(f"wilsoncc_{k}_{n}_{round(level * 100)}_lo", ci.low)
    show(f"wilsoncc_{k}_{n}_{round(level * 100)}_hi", ci.high)


def nps_interval(promoters, passives, detractors, level, pseudo):
    """Adjusted Wald (pseudo = (0.75, 1.5, 0.75), Rocks 2016) or Wald (pseudo = 0) in score points."""
    z = stats.norm.ppf(1 - (1 - level) / 2)
    p, q, d = promoters + pseudo[0], passives + pseudo[1], detractors + pseudo[2]
    n = p + q + d
    p, d = p / n, d / n
    se = np.sqrt((p + d - (p - d) ** 2) / n)
    return 100 * (p - d - z * se), 100 * (p - d + z * se)


ADJ = (0.75, 1.5, 0.75)
for name, counts, level in [("5_3_2", (5, 3, 2), 0.95), ("6_0_0", (6, 0, 0), 0.95),
                            ("40_25_15", (40, 25, 15), 0.90), ("2_0_0", (2, 0, 0), 0.95)]:
    lo, hi = nps_interval(*counts, level, ADJ)
    show(f"nps_adjusted_{name}_lo", lo)
    show(f"nps_adjusted_{name}_hi", hi)

# The t interval of a mean from (count, mean, variance): quality scores of one team.
QUALITY_A = [72, 85, 64, 90, 78, 81, 69, 88, 75, 83]
QUALITY_B = [70, 62, 74, 58, 66, 71, 60, 68, 73]
m, v = np.mean(QUALITY_A), np.var(QUALITY_A, ddof=1)
lo, hi = stats.t.interval(0.95, len(QUALITY_A) - 1, loc=m, scale=np.sqrt(v / len(QUALITY_A)))
show("quality_a_mean", m)
show("quality_a_variance", v)
show("quality_a_t95_lo", lo)
show("quality_a_t95_hi", hi)

# Welch's comparison of two means: scipy's ttest_ind(equal_var=False).
welch = stats.ttest_ind(QUALITY_A, QUALITY_B, equal_var=False)
ci = welch.confidence_interval(0.95)
show("welch_t", welch.statistic)
show("welch_df", welch.df)
show("welch_p", welch.pvalue)
show("welch_lo", ci.low)
show("welch_hi", ci.high)
CES_AFTER = [6, 7, 6, 5, 7, 6, 4, 7]
CES_BEFORE = [4, 5, 3, 5, 4, 6, 5]
welch = stats.ttest_ind(CES_AFTER, CES_BEFORE, equal_var=False)
ci = welch.confidence_interval(0.90)
show("welch_ces_p", welch.pvalue)
show("welch_ces_90_lo", ci.low)
show("welch_ces_90_hi", ci.high)


def nps_difference(first, second, level, pseudo):
    """Difference of two NPS (first - second) from (promoters, passives, detractors)."""
    z = stats.norm.ppf(1 - (1 - level) / 2)

    def centre_var(counts):
        p, q, d = counts[0] + pseudo[0], counts[1] + pseudo[1], counts[2] + pseudo[2]
        n = p + q + d
        p, d = p / n, d / n
        return p - d, (p + d - (p - d) ** 2) / n

    (c1, v1), (c2, v2) = centre_var(first), centre_var(second)
    se = np.sqrt(v1 + v2)
    diff = c1 - c2
    return 100 * (diff - z * se), 100 * (diff + z * se), 2 * stats.norm.sf(abs(diff) / se)


# May and June: counts of answers 0..10, as promoters, passives, detractors.
NPS_MAY = [2, 1, 1, 2, 3, 4, 6, 10, 12, 14, 15]
NPS_JUNE = [1, 0, 1, 1, 2, 2, 4, 8, 12, 20, 25]


def categories(counts):
    return sum(counts[9:]), sum(counts[7:9]), sum(counts[:7])


for method, pseudo in [("wald", (0, 0, 0)), ("adjusted", ADJ)]:
    lo, hi, p = nps_difference(categories(NPS_JUNE), categories(NPS_MAY), 0.95, pseudo)
    show(f"nps_diff_{method}_lo", lo)
    show(f"nps_diff_{method}_hi", hi)
    show(f"nps_diff_{method}_p", p)

# Newcombe's hybrid score interval (method 10): statsmodels confint_proportions_2indep "newcomb";
# its p-value: Pearson's chi-squared without correction (and with Yates' for method 11).
for x1, n1, x2, n2 in [(56, 70, 48, 80), (9, 10, 3, 10), (10, 10, 0, 20), (41, 50, 30, 48)]:
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    show(f"newcombe_{x1}_{n1}_{x2}_{n2}_lo", lo)
    show(f"newcombe_{x1}_{n1}_{x2}_{n2}_hi", hi)
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    show(f"newcombe_{x1}_{n1}_{x2}_{n2}_p", stats.chi2_contingency(table, correction=False).pvalue)
    show(f"newcombe_{x1}_{n1}_{x2}_{n2}_p_yates", stats.chi2_contingency(table, correction=True).pvalue)

# Holm's adjustment: statsmodels multipletests(method="holm").
HOLM = [0.01, 0.04, 0.03, 0.005, 0.20, 0.012]
for i, p in enumerate(multipletests(HOLM, method="holm")[1]):
    show(f"holm_{i}", p)

# Cohen's kappa with its asymptotic standard error: statsmodels cohens_kappa on the table of
# A and B above (rows A, columns B), unweighted, linear and quadratic (positions 0..4).
TABLE_AB = confusion_matrix(A, B, labels=[1, 2, 3, 4, 5])
for wt in [None, "linear", "quadratic"]:
    res = cohens_kappa(TABLE_AB, wt=wt) if wt else cohens_kappa(TABLE_AB)
    name = wt or "unweighted"
    show(f"kappa_ab_{name}", res.kappa)
    show(f"kappa_ab_{name}_se", res.std_kappa)
    show(f"kappa_ab_{name}_lo", res.kappa_low)
    show(f"kappa_ab_{name}_hi", res.kappa_upp)

# Fleiss, Cohen and Everitt (1969): the diagnoses table as counts of 100.
FCE = np.array([[53, 5, 2], [11, 14, 5], [1, 6, 3]])
res = cohens_kappa(FCE)
show("kappa_fce", res.kappa)
show("kappa_fce_se", res.std_kappa)

# Labels with an unused category (3): positions among the labels used (scikit-learn's default),
# positions over an explicit list 1..5 (scikit-learn's labels=), and the values themselves
# (statsmodels with the category values as weights).
C = [1, 2, 4, 5, 4, 2, 1, 5, 4, 2, 1, 4, 5, 2, 4]
D = [1, 2, 5, 5, 4, 1, 2, 4, 4, 2, 1, 5, 5, 2, 4]
for wt in ["linear", "quadratic"]:
    show(f"kappa_cd_{wt}_positions", cohen_kappa_score(C, D, weights=wt))
    show(f"kappa_cd_{wt}_listed", cohen_kappa_score(C, D, weights=wt, labels=[1, 2, 3, 4, 5]))
    table = confusion_matrix(C, D, labels=[1, 2, 4, 5])
    show(f"kappa_cd_{wt}_values", cohens_kappa(table, weights=[1, 2, 4, 5], wt=wt).kappa)
    show(f"kappa_cd_{wt}_values_se", cohens_kappa(table, weights=[1, 2, 4, 5], wt=wt).std_kappa)

# A calibration session: a calibrator ("lead") and three reviewers score four calls on three
# items; None is N/A. Per item: the reviewers' answers pooled against the lead's, pairs with an
# N/A left out.
CALIBRATION = {
    # item: {reviewer: [call1, call2, call3, call4]}
    "greeting": {"lead": [1, 1, 0, 1], "ana": [1, 1, 0, 1], "ben": [1, 0, 0, 1], "cy": [1, 1, 1, 1]},
    "verification": {"lead": [2, None, 1, 2], "ana": [2, 1, 1, 2], "ben": [2, None, 2, 2],
                     "cy": [1, None, 1, None]},
    "resolution": {"lead": [4, 3, 5, 2], "ana": [4, 3, 4, 2], "ben": [5, 4, 5, 3], "cy": [3, 3, 4, 2]},
}
REVIEWERS = ["ana", "ben", "cy"]
deviations = {r: [] for r in REVIEWERS}
for item, answers in CALIBRATION.items():
    pairs = []
    for r in REVIEWERS:
        for mine, ref in zip(answers[r], answers["lead"]):
            if mine is not None and ref is not None:
                pairs.append((mine, ref))
                deviations[r].append(mine - ref)
    mine, ref = zip(*pairs)
    show(f"calibration_{item}_pairs", len(pairs))
    show(f"calibration_{item}_agreement", 100 * np.mean([a == b for a, b in pairs]))
    if len(set(mine) | set(ref)) > 1:
        labels = sorted(set(mine) | set(ref))
        res = cohens_kappa(confusion_matrix(mine, ref, labels=labels))
        show(f"calibration_{item}_kappa", cohen_kappa_score(mine, ref))
        show(f"calibration_{item}_kappa_se", res.std_kappa)
for r in REVIEWERS:
    show(f"calibration_{r}_mean_signed", np.mean(deviations[r]))
    show(f"calibration_{r}_mean_absolute", np.mean(np.abs(deviations[r])))

# Intraclass correlations: pingouin intraclass_corr on Shrout and Fleiss (1979), Table 2 (six
# targets, four judges; published .17, .29, .71, .44, .62, .91), and on eight calls scored 0-100
# by three reviewers.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
QA_SCORES = [[78, 82, 75], [64, 70, 61], [90, 88, 93], [55, 63, 58], [82, 80, 86], [71, 79, 70],
             [68, 66, 72], [85, 91, 84]]
for name, table in [("sf", SHROUT_FLEISS), ("qa", QA_SCORES)]:
    long = pd.DataFrame([(t, r, v) for t, row in enumerate(table) for r, v in enumerate(row)],
                        columns=["target", "rater", "score"])
    icc = pg.intraclass_corr(data=long, targets="target", raters="rater", ratings="score")
    for label, form in zip(icc["Type"], ["icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k"]):
        row = icc[icc["Type"] == label].iloc[0]
        show(f"icc_{name}_{form}", row["ICC"])
        show(f"icc_{name}_{form}_f", row["F"])
        show(f"icc_{name}_{form}_df2", row["df2"])
        show(f"icc_{name}_{form}_p", row["pval"])
        show(f"icc_{name}_{form}_lo", row["CI95"][0])
        show(f"icc_{name}_{form}_hi", row["CI95"][1])


def feldt(alpha, n, k, level):
    """Feldt's interval, as pingouin computes it (pingouin rounds its output to 3 decimals)."""
    d1, d2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    return 1 - (1 - alpha) * stats.f.isf(tail, d1, d2), 1 - (1 - alpha) * stats.f.isf(1 - tail, d1, d2)


a = pg.cronbach_alpha(data=df)[0]
for level in [0.95, 0.90]:
    lo, hi = feldt(a, 10, 4, level)
    show(f"cronbach_feldt_{round(level * 100)}_lo", lo)
    show(f"cronbach_feldt_{round(level * 100)}_hi", hi)

# Missing answers: the same table with four answers missing.
MISSING = df.astype(float).copy()
for row, col in [(1, "i2"), (4, "i4"), (6, "i1"), (8, "i3")]:
    MISSING.loc[row, col] = np.nan
pairwise = pg.cronbach_alpha(data=MISSING, nan_policy="pairwise")[0]
listwise = pg.cronbach_alpha(data=MISSING, nan_policy="listwise")[0]
show("cronbach_pairwise", pairwise)
show("cronbach_listwise", listwise)
lo, hi = feldt(pairwise, 10, 4, 0.95)
show("cronbach_pairwise_feldt_lo", lo)
show("cronbach_pairwise_feldt_hi", hi)
lo, hi = feldt(listwise, 6, 4, 0.95)
show("cronbach_listwise_feldt_lo", lo)
show("cronbach_listwise_feldt_hi", hi)
for col in MISSING.columns:
    show(f"cronbach_pairwise_without_{col}",
         pg.cronbach_alpha(data=MISSING.drop(columns=[col]), nan_policy="pairwise")[0])
# Pairwise covariances from different respondents need not form a proper covariance matrix:
# here alpha comes out above 1.
show("cronbach_pairwise_above_one",
     pg.cronbach_alpha(data=pd.DataFrame([[0, np.nan], [1, 1], [0, 0]]), nan_policy="pairwise")[0])

# Key drivers: likelihood to recommend and four items for 16 customers. Correlations from
# scipy (Pearson's Fisher z interval from pearsonr; Spearman's rho from spearmanr with Bonett and
# Wright's variance); Shapley shares of R-squared by fitting every subset with numpy's lstsq.
OUTCOME = [9, 7, 10, 4, 8, 6, 9, 3, 10, 7, 5, 8, 9, 6, 2, 8]
DRIVERS = {
    "resolution": [5, 4, 5, 2, 4, 3, 5, 1, 5, 4, 3, 4, 4, 3, 1, 4],
    "tone": [4, 4, 5, 3, 4, 4, 4, 2, 5, 3, 3, 5, 4, 4, 2, 3],
    "speed": [3, 4, 4, 3, 5, 2, 3, 2, 4, 4, 2, 3, 5, 3, 3, 4],
    "ownership": [5, 3, 4, 2, 4, 3, 5, 2, 5, 3, 2, 4, 4, 2, 1, 4],
}
y = np.array(OUTCOME, float)
n = len(y)


def r_squared(columns):
    if not columns:
        return 0.0
    X = np.column_stack([np.ones(n)] + [np.array(DRIVERS[c], float) for c in columns])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    residual = y - X @ beta
    return 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


names = list(DRIVERS)
show("drivers_r_squared", r_squared(names))
k = len(names)
for name in names:
    others = [c for c in names if c != name]
    value = 0.0
    for size in range(k):
        weight = 1 / (k * __import__("math").comb(k - 1, size))
        for subset in combinations(others, size):
            value += weight * (r_squared(list(subset) + [name]) - r_squared(list(subset)))
    show(f"drivers_{name}_shapley", value)
    res = stats.pearsonr(DRIVERS[name], OUTCOME)
    ci = res.confidence_interval(0.95)
    show(f"drivers_{name}_pearson", res.statistic)
    show(f"drivers_{name}_pearson_lo", ci.low)
    show(f"drivers_{name}_pearson_hi", ci.high)
    rho = stats.spearmanr(DRIVERS[name], OUTCOME).statistic
    half = Z95 * np.sqrt((1 + rho ** 2 / 2) / (n - 3))
    show(f"drivers_{name}_spearman", rho)
    show(f"drivers_{name}_spearman_lo", np.tanh(np.arctanh(rho) - half))
    show(f"drivers_{name}_spearman_hi", np.tanh(np.arctanh(rho) + half))
