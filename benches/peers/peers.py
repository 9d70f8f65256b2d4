"""Times the PROUD group-by in pandas and in polars on the data written by gen.py.

The computation matches service-quality's default PROUD policy: each rating r (1-5) becomes
25 * (r - 1); the overall score is their mean; if P is below 50 the overall score is capped at P
and the band is poor; otherwise the band is poor below 50, needs improvement below 70, good
below 85, excellent from 85. Per team: the mean of each principle, the mean overall score, the
count in each band and the first-hurdle failures.

Data are loaded first into each tool's native form; only the group-by is timed. Prints one JSON
line per tool with the median of the runs and a checksum (the sum of the per-team mean overall
scores) so the results can be compared with the crate's.

    python peers.py DATA_FILE ROWS RUNS
"""

import json
import statistics
import sys
import time

import numpy as np
import pandas as pd
import polars as pl

path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = np.fromfile(path, dtype=np.uint8, count=5 * rows)
teams = np.fromfile(path, dtype=np.uint32, offset=5 * rows, count=rows)
names = ["p", "r", "o", "u", "d"]
cols = {name: raw[i * rows:(i + 1) * rows] for i, name in enumerate(names)}


def pandas_group_by(df):
    scores = (df[names].astype(np.int16) - 1) * 25
    mean = scores.mean(axis=1)
    p = scores["p"]
    failed = p < 50
    overall = mean.where(~failed, np.minimum(mean, p))
    band = pd.cut(overall, [-1, 49.999999, 69.999999, 84.999999, 101], labels=False)
    band = band.where(~failed, 0)
    work = scores.assign(team=df["team"], overall=overall, failed=failed, band=band,
                         poor=band == 0)
    out = work.groupby("team").agg(
        p=("p", "mean"), r=("r", "mean"), o=("o", "mean"), u=("u", "mean"), d=("d", "mean"),
        overall=("overall", "mean"), failed=("failed", "sum"), poor=("poor", "sum"),
    )
    # Full band counts via a crosstab, as a real report would need.
    counts = pd.crosstab(work["team"], work["band"])
    return out, counts


def polars_group_by(df):
    scores = [((pl.col(n).cast(pl.Int16) - 1) * 25).alias(n) for n in names]
    mean = pl.mean_horizontal(names)
    p = pl.col("p")
    failed = p < 50
    overall = pl.when(failed).then(pl.min_horizontal(mean, p)).otherwise(mean)
    band = (
        pl.when(failed | (pl.col("overall") < 50)).then(0)
        .when(pl.col("overall") < 70).then(1)
        .when(pl.col("overall") < 85).then(2)
        .otherwise(3)
    )
    return (
        df.lazy()
        .with_columns(scores)
        .with_columns(overall.alias("overall"), failed.alias("failed"))
        .with_columns(band.alias("band"))
        .group_by("team")
        .agg(
            [pl.col(n).mean() for n in names]
            + [
                pl.col("overall").mean(),
                pl.col("failed").sum(),
                *[(pl.col("band") == b).sum().alias(f"band{b}") for b in range(4)],
            ]
        )
        .collect()
    )


def status_bytes(field):
    """A size from /proc/self/status (Linux), in bytes; None elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_peak():
    """Resets the peak resident set to the current one (Linux's clear_refs) and returns it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return status_bytes("VmRSS")


def timed(f, data):
    """The median time of the runs, the last result, and the peak memory above the data."""
    times, result = [], None
    base = reset_peak()
    for _ in range(runs):
        start = time.perf_counter()
        result = f(data)
        times.append((time.perf_counter() - start) * 1000)
    peak = status_bytes("VmHWM")
    extra = (peak - base) / 1e6 if peak is not None and base is not None else None
    return statistics.median(times), result, extra


pdf = pd.DataFrame({**cols, "team": teams})
ms, (out, _), extra = timed(pandas_group_by, pdf)
print(json.dumps({"tool": "pandas", "median_ms": ms, "checksum": float(out["overall"].sum()),
                  "peak_extra_mb": extra}))
del pdf, out

plf = pl.DataFrame({**cols, "team": teams})
ms, out, extra = timed(polars_group_by, plf)
print(json.dumps({"tool": "polars", "median_ms": ms, "checksum": float(out["overall"].sum()),
                  "threads": pl.thread_pool_size(), "peak_extra_mb": extra}))
