//! Numeric helpers shared by the scoring core, the models and the statistics: checks of
//! floats that name the field, compensated sums and exact rescaling.

use crate::scoring::{Error, Result};

/// Accepts a finite number, or names the field and the value.
pub(crate) fn finite(field: &'static str, value: f64) -> Result<f64> {
    check(field, value, value.is_finite(), "a finite number")
}

/// Accepts a finite number above zero, or names the field and the value.
pub(crate) fn positive(field: &'static str, value: f64) -> Result<f64> {
    check(
        field,
        value,
        value.is_finite() && value > 0.0,
        "a finite value > 0",
    )
}

/// Accepts a finite number of at least zero, or names the field and the value.
pub(crate) fn non_negative(field: &'static str, value: f64) -> Result<f64> {
    check(
        field,
        value,
        value.is_finite() && value >= 0.0,
        "a finite value >= 0",
    )
}

fn check(field: &'static str, value: f64, ok: bool, expected: &'static str) -> Result<f64> {
    if ok {
        Ok(value)
    } else {
        Err(Error::ValueOutOfRange {
            field,
            value,
            expected,
        })
    }
}

/// A floating-point sum that keeps the low bits plain addition loses (Neumaier's variant of
/// Kahan's algorithm, which also handles a term larger than the running sum). Means over millions
/// of records then do not drift, and do not depend, beyond the last bits, on the order records
/// arrive in or how the work was split before merging.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Compensated {
    sum: f64,
    compensation: f64,
}

impl Compensated {
    /// A sum that starts at `value` (a stored total, trusted as exact).
    #[cfg_attr(
        not(feature = "serde"),
        allow(dead_code, reason = "stored totals are read back only through serde")
    )]
    pub(crate) const fn new(value: f64) -> Self {
        Compensated {
            sum: value,
            compensation: 0.0,
        }
    }

    /// Adds `x`.
    #[inline]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// Adds another compensated sum: its main part through [`add`](Self::add), its compensation
    /// directly.
    pub(crate) fn merge(&mut self, other: &Self) {
        self.add(other.sum);
        self.compensation += other.compensation;
    }

    /// The sum.
    #[inline]
    pub(crate) fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// A power of two that brings the largest magnitude in `values` below 1, or 1 when every
/// magnitude is at most 1 already. Multiplying by a power of two is exact, so statistics that do
/// not change when every value is scaled alike give bit-for-bit the same result, and squares of
/// values near `f64::MAX` no longer overflow to infinity (and infinity over infinity to NaN).
///
/// The values must be finite (NaNs are ignored); the callers validate them first.
pub(crate) fn unit_scale(values: impl IntoIterator<Item = f64>) -> f64 {
    let largest = values.into_iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if largest <= 1.0 {
        return 1.0;
    }
    // Above 1 and finite, `largest` is normal: m·2^e with 1 ≤ m < 2 and e read from its exponent
    // bits, so 2^-(e+1) brings it below 1. The power is built from 0.5 rather than as 2^-(e+1):
    // for e = 1023 the latter is computed as 1/2^1024, and 2^1024 overflows to infinity.
    let exponent = ((largest.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    0.5_f64.powi(exponent + 1)
}

#[cfg(test)]
mod tests {
    use super::{Compensated, unit_scale};

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "the point is that the compensated sum is exact"
    )]
    fn compensation_keeps_small_terms_that_plain_addition_loses() {
        let mut sum = Compensated::default();
        let mut plain = 0.0;
        for x in [1e16, 1.0, -1e16, 1.0] {
            sum.add(x);
            plain += x;
        }
        assert_eq!(sum.value(), 2.0);
        assert_ne!(plain, 2.0);
    }

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "compensation terms here are small exact integers"
    )]
    fn a_term_larger_than_the_sum_keeps_the_sums_low_bits() {
        // 1 + 1e16 rounds to 1e16 (the spacing there is 2); the lost 1 goes to the compensation.
        let mut sum = Compensated::new(1.0);
        sum.add(1e16);
        assert_eq!((sum.sum, sum.compensation), (1e16, 1.0));
    }

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "compensation terms here are small exact integers"
    )]
    fn merging_adds_both_compensations() {
        let mut a = Compensated {
            sum: 1e16,
            compensation: 1.0,
        };
        let b = Compensated {
            sum: 1e16,
            compensation: 3.0,
        };
        a.merge(&b);
        // 1e16 + 1e16 is exact, so only the stored compensations remain: 1 + 3.
        assert_eq!((a.sum, a.compensation), (2e16, 4.0));
        assert_eq!(a.value(), 2e16 + 4.0);
    }

    #[test]
    fn values_up_to_one_are_left_alone() {
        assert!(unit_scale([0.5, -1.0, 0.0]).to_bits() == 1.0_f64.to_bits());
        assert!(unit_scale([]).to_bits() == 1.0_f64.to_bits());
    }

    #[test]
    fn the_largest_magnitude_lands_in_a_half_to_one() {
        for largest in [
            1.5,
            2.0,
            3.0,
            1e10,
            -7e300,
            2f64.powi(1023),
            f64::MAX,
            f64::MIN,
        ] {
            let scale = unit_scale([0.25, largest]);
            let scaled = largest.abs() * scale;
            assert!(
                (0.5..1.0).contains(&scaled),
                "{largest:e} scaled to {scaled}"
            );
            // A power of two: its mantissa bits are all zero (2^-1024 is subnormal, one bit).
            let bits = scale.to_bits() & ((1 << 52) - 1);
            assert!(bits == 0 || bits.is_power_of_two(), "{scale:e}");
        }
    }
}
