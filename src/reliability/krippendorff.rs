//! Krippendorff's alpha.

use super::common_width;
use crate::scoring::macros::named_enum;
use crate::scoring::numeric::finite;
use crate::scoring::numeric::unit_scale;
use crate::scoring::{Error, Result};

named_enum! {
    /// The level of measurement of the values, which decides how different two values are.
    pub enum Measurement as "level of measurement",
        expecting "one of: nominal, ordinal, interval, ratio"
    {
        /// Categories with no order: any two different values differ equally.
        Nominal,
        /// Ordered categories: the difference grows with how many values lie between them.
        Ordinal,
        /// Numbers on an interval scale: the squared difference.
        Interval,
        /// Numbers with a true zero: the squared difference relative to their sum.
        Ratio,
    }
}

/// One distinct value among the pairable values.
struct Level {
    value: f64,
    /// How many pairable values equal it.
    frequency: f64,
    /// How many pairable values are smaller.
    before: f64,
}

/// Krippendorff's alpha for a raters × units table, with `None` for a missing rating.
///
/// Only units rated by at least two raters count. With `n` pairable values in all,
/// `α = 1 − (n − 1) × Σᵤ Σ_{i≠j} δ²(vᵤᵢ, vᵤⱼ) / (mᵤ − 1) ÷ Σ_{c,k} n_c n_k δ²(c, k)`, where `mᵤ` is
/// the number of values in unit `u`, `n_c` how often value `c` occurs, and δ² the
/// [`Measurement`]'s difference: nominal `[c ≠ k]`; ordinal `(Σ_{g between c and k} n_g −
/// (n_c + n_k)/2)²`; interval `(c − k)²`; ratio `((c − k)/(c + k))²`.
///
/// # Errors
///
/// [`Error::Mismatch`] when raters' rows differ in length, [`Error::ValueOutOfRange`] for a
/// non-finite value (or a negative one on a ratio scale), and [`Error::Degenerate`] when fewer
/// than two values are pairable or every pairable value is the same.
///
/// ```
/// use service_quality::reliability::{krippendorff_alpha, Measurement};
///
/// let perfect = [[Some(1.0), Some(2.0), Some(3.0)], [Some(1.0), Some(2.0), Some(3.0)]];
/// assert_eq!(krippendorff_alpha(&perfect, Measurement::Nominal)?, 1.0);
///
/// let all_same = [[Some(2.0), Some(2.0)], [Some(2.0), None]];
/// assert_eq!(
///     krippendorff_alpha(&all_same, Measurement::Interval).unwrap_err().to_string(),
///     "Krippendorff's alpha is undefined: every pairable value is the same"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn krippendorff_alpha<R: AsRef<[Option<f64>]>>(
    ratings: &[R],
    measurement: Measurement,
) -> Result<f64> {
    let units = common_width(ratings, "number of units")?;
    for row in ratings {
        for &v in row.as_ref().iter().flatten() {
            finite("rating", v)?;
            if measurement == Measurement::Ratio && v < 0.0 {
                return Err(Error::ValueOutOfRange {
                    field: "rating",
                    value: v,
                    expected: "a value >= 0 on a ratio scale",
                });
            }
        }
    }

    // The pairable values of each unit (units with at least two ratings).
    let unit_values: Vec<Vec<f64>> = (0..units)
        .map(|u| {
            ratings
                .iter()
                .filter_map(|r| r.as_ref().get(u).copied().flatten())
                // Adding zero turns −0 into +0, so the two zeros are one value.
                .map(|v| v + 0.0)
                .collect::<Vec<f64>>()
        })
        .filter(|values| values.len() >= 2)
        .collect();

    // The value domain: each distinct pairable value, how often it occurs and the running
    // count of values up to it (for ordinal differences), in ascending order.
    let mut sorted: Vec<f64> = unit_values.iter().flatten().copied().collect();
    sorted.sort_by(f64::total_cmp);
    let mut domain: Vec<Level> = Vec::new();
    let mut through = 0.0;
    for run in sorted.chunk_by(|a, b| a.total_cmp(b).is_eq()) {
        if let Some(&value) = run.first() {
            let frequency = run.len() as f64;
            domain.push(Level {
                value,
                frequency,
                before: through,
            });
            through += frequency;
        }
    }
    let n = through;
    if n < 2.0 {
        return Err(Error::Degenerate {
            part: None,
            what: "Krippendorff's alpha",
            reason: "fewer than two values are pairable",
        });
    }
    // Every pairable value is in the domain, so the search always finds its level.
    let level_of = |v: f64| {
        domain
            .binary_search_by(|level| level.value.total_cmp(&v))
            .ok()
            .and_then(|i| domain.get(i))
    };
    // Interval alpha does not change when every value is scaled alike; scaling keeps the
    // squared differences finite. (The scale is applied to differences, so that the nominal and
    // ordinal levels, which depend only on which values are equal, are never merged by rounding.)
    let interval_scale = unit_scale(domain.iter().map(|level| level.value));
    let delta2 = |a: &Level, b: &Level| -> f64 {
        let (c, k) = (a.value, b.value);
        match measurement {
            Measurement::Nominal => f64::from(u8::from(c.total_cmp(&k).is_ne())),
            Measurement::Ordinal => {
                let (lo, hi) = if c.total_cmp(&k).is_le() {
                    (a, b)
                } else {
                    (b, a)
                };
                let between = hi.before + hi.frequency - lo.before;
                (between - (lo.frequency + hi.frequency) / 2.0).powi(2)
            }
            Measurement::Interval => (c * interval_scale - k * interval_scale).powi(2),
            Measurement::Ratio => {
                // Halves, so that the sum of two values near f64::MAX cannot overflow.
                let (c, k) = (c / 2.0, k / 2.0);
                let sum = c + k;
                if sum == 0.0 {
                    0.0
                } else {
                    ((c - k) / sum).powi(2)
                }
            }
        }
    };

    let mut observed = 0.0;
    for values in &unit_values {
        let m = values.len() as f64;
        let levels: Vec<&Level> = values.iter().filter_map(|&v| level_of(v)).collect();
        let mut unit_sum = 0.0;
        for (i, a) in levels.iter().enumerate() {
            for (j, b) in levels.iter().enumerate() {
                if i != j {
                    unit_sum += delta2(a, b);
                }
            }
        }
        observed += unit_sum / (m - 1.0);
    }
    let mut expected = 0.0;
    for a in &domain {
        for b in &domain {
            expected += a.frequency * b.frequency * delta2(a, b);
        }
    }
    if expected <= 0.0 {
        return Err(Error::Degenerate {
            part: None,
            what: "Krippendorff's alpha",
            reason: "every pairable value is the same",
        });
    }
    Ok(1.0 - (n - 1.0) * observed / expected)
}
