//! Numeric helpers shared by the scoring core, the models and the statistics: checks of
//! floats that name the field, exact order-independent sums and exact rescaling.

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

/// A sum of non-negative numbers kept as a whole number of 2^-`BITS` units in a `u128`: integer
/// addition is associative, so the total is the same bits in whatever order the numbers arrive
/// and however partial sums are grouped before they merge (threads, partitions, executors).
///
/// Each number is truncated to the grid as it is added. With the default 52 fraction bits (the
/// scores' sums) that is exact for every number of at least 1 (the spacing of `f64`s there is
/// 2^-52 or wider) and for 0, so sums of scores on 0..=100 that are whole, halves or any other
/// binary fraction, and of their squares, are exact; a number below 1 loses at most 2^-52. The
/// `u128` holds 2^(128 - `BITS`) before it saturates: at 52 bits about 7.6e22, which is 7.6e20
/// scores of 100 or 7.6e18 of their squares. The breakdown model's weighted shares, which are
/// mostly below 1, take 64 bits (see [`crate::breakdown::Aggregate`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct FixedSum<const BITS: u32> {
    /// The units as two 64-bit halves, low first: a `u128` field would align every summary
    /// to 16 bytes and pad it by a sixth, which at a million groups is memory to fault in.
    halves: [u64; 2],
}

/// The scores' exact sum: 52 fraction bits, so every score and square of at least 1 is exact.
pub(crate) type ExactSum = FixedSum<52>;

impl<const BITS: u32> core::fmt::Debug for FixedSum<BITS> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FixedSum")
            .field("units", &self.units())
            .finish()
    }
}

impl<const BITS: u32> FixedSum<BITS> {
    /// How many units make one, as an integer: 2^`BITS`. Checks of stored totals compare
    /// units against it instead of writing the grid's exponent again.
    pub(crate) const ONE: u128 = 1 << BITS;

    /// How many units make one: 2^`BITS`.
    const UNITS_PER_ONE: f64 = Self::ONE as f64;

    /// The value of one unit: 2^-`BITS`, exactly (a power of two).
    const ONE_UNIT: f64 = 1.0 / Self::UNITS_PER_ONE;

    /// A sum of exactly `units` units (a stored exact total).
    #[cfg_attr(
        not(feature = "serde"),
        allow(
            dead_code,
            reason = "exact totals are written and read only through serde"
        )
    )]
    pub(crate) const fn from_units(units: u128) -> Self {
        FixedSum {
            halves: [units as u64, (units >> 64) as u64],
        }
    }

    /// A sum of one number, which the caller has checked is finite and at least 0, truncated
    /// to the grid (a stored `f64` total of an earlier format, say).
    pub(crate) fn from_value(value: f64) -> Self {
        FixedSum::from_units(units_of(value * Self::UNITS_PER_ONE))
    }

    /// The sum in units.
    #[cfg_attr(
        not(feature = "serde"),
        allow(
            dead_code,
            reason = "exact totals are written and read only through serde"
        )
    )]
    pub(crate) const fn units(self) -> u128 {
        (self.halves[1] as u128) << 64 | self.halves[0] as u128
    }

    /// `x`, which the caller has checked is finite and at least 0, as a whole number of units
    /// (truncated to the grid).
    #[inline]
    pub(crate) const fn units_in(x: f64) -> u128 {
        units_of(x * Self::UNITS_PER_ONE)
    }

    /// Adds `k` copies of `x`, which the caller has checked is finite and at least 0: exactly
    /// the sum of `k` separate additions, as each is the same whole number of units.
    #[inline]
    pub(crate) fn add_times(&mut self, x: f64, k: u64) {
        self.add_units(times(Self::units_in(x), k));
    }

    /// Adds a whole number of units, saturating.
    #[inline]
    pub(crate) fn add_units(&mut self, units: u128) {
        *self = FixedSum::from_units(self.units().saturating_add(units));
    }

    /// Adds a whole number of units that the caller knows cannot carry the sum past
    /// `u128::MAX`: two machine additions (add, add with carry) instead of a saturating add.
    #[inline]
    pub(crate) fn add_units_in_range(&mut self, units: u128) {
        debug_assert!(
            self.units().checked_add(units).is_some(),
            "the caller's bound must rule out overflow"
        );
        *self = FixedSum::from_units(self.units().wrapping_add(units));
    }

    /// Adds another exact sum.
    #[inline]
    pub(crate) fn merge(&mut self, other: &Self) {
        *self = FixedSum::from_units(self.units().saturating_add(other.units()));
    }

    /// Takes another exact sum back out; `None` when it is larger than this one (it was never
    /// part of it). Exact: what [`merge`](Self::merge) or [`add_times`](Self::add_times) put in
    /// comes out to the unit, unless the sum had saturated at `u128::MAX` (about 7.6 × 10^22
    /// points), which no count of scores below 2^64 reaches.
    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        self.units()
            .checked_sub(other.units())
            .map(FixedSum::from_units)
    }

    /// The sum as the nearest `f64` (one rounding, of the exact total).
    #[inline]
    pub(crate) const fn value(self) -> f64 {
        // Rounds to nearest; the product by a power of two is exact.
        self.units() as f64 * Self::ONE_UNIT
    }
}

/// A number already scaled to units (multiplied by 2^`BITS`, which is exact) as a whole number
/// of them, rounded towards zero: the cast truncates (and saturates; a NaN or negative number,
/// which callers never pass, would give 0).
#[inline]
const fn units_of(units: f64) -> u128 {
    const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
    if units < TWO_TO_63 {
        // One signed hardware conversion (the unsigned one is a branchy sequence on x86_64);
        // below 2^63 the two agree, and a NaN or negative number saturates to 0 as before.
        not_below_zero(units as i64)
    } else if units < TWO_TO_63 * TWO_TO_63 {
        // Two halves instead of the 128-bit conversion, a library call, split at 2^63 so both
        // take the one signed conversion. Both steps are exact: `high` is a truncation of a
        // float, `high · 2^63` multiplies it by a power of two, and at or above 2^63 the
        // float's unit in the last place is at least 1, so taking the high part away leaves a
        // whole number below 2^63 that a float holds exactly.
        let high = (units / TWO_TO_63) as i64;
        let low = (units - high as f64 * TWO_TO_63) as i64;
        not_below_zero(high) << 63 | not_below_zero(low)
    } else {
        units as u128
    }
}

/// A whole number of units that is at least 0, as `u128` (a negative one, which only a NaN or
/// negative input could give, as 0); `Ord::max` is not available in a `const fn`.
#[inline]
const fn not_below_zero(units: i64) -> u128 {
    if units < 0 { 0 } else { units as u128 }
}

/// `units · k`, saturating at `u128::MAX`: one 64 × 64-bit product when `units` is below
/// 2^64, two otherwise (one machine multiplication each), instead of a checked 128-bit
/// multiplication, which is a library call.
#[inline]
pub(crate) fn times(units: u128, k: u64) -> u128 {
    if units >> 64 == 0 {
        // The common case (a score, a share of a weight below 2^64 units): one 64 × 64-bit
        // product, which cannot overflow 128 bits.
        return u128::from(units as u64) * u128::from(k);
    }
    let (low, high) = (units as u64, (units >> 64) as u64);
    let low = u128::from(low) * u128::from(k);
    let high = u128::from(high) * u128::from(k);
    if high >> 64 != 0 {
        return u128::MAX;
    }
    low.saturating_add(high << 64)
}

/// A power of two that brings the largest magnitude in `values` below 1, or 1 when every
/// magnitude is at most 1 already. Multiplying by a power of two is exact, so statistics that do
/// not change when every value is scaled alike give bit-for-bit the same result, and squares of
/// values near `f64::MAX` no longer overflow to infinity (and infinity over infinity to NaN).
///
/// The values must be finite (NaNs are ignored); the callers validate them first.
pub(crate) fn unit_scale(values: impl IntoIterator<Item = f64>) -> f64 {
    let largest = largest_magnitude(values);
    if largest <= 1.0 {
        return 1.0;
    }
    half_to_one(largest)
}

/// Like [`unit_scale`], but also scales tiny values up: the largest magnitude lands in
/// [0.5, 1) whichever side it starts on (1 when every value is zero). For statistics built from
/// squares, where values near 1e-200 would otherwise square to zero and look constant.
pub(crate) fn magnitude_scale(values: impl IntoIterator<Item = f64>) -> f64 {
    let largest = largest_magnitude(values);
    if largest == 0.0 {
        return 1.0;
    }
    half_to_one(largest)
}

fn largest_magnitude(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0_f64, |m, v| m.max(v.abs()))
}

/// The power of two that brings the positive finite `largest` into [0.5, 1).
fn half_to_one(largest: f64) -> f64 {
    // A normal `largest` is m·2^e with 1 ≤ m < 2 and e read from its exponent bits, so 2^-(e+1)
    // brings it into [0.5, 1). The power is built from 0.5 rather than as 2^-(e+1): for e = 1023
    // the latter is computed as 1/2^1024, and 2^1024 overflows to infinity. A subnormal (exponent
    // bits zero) is scaled by 2^1022, which makes it normal though perhaps still below 0.5.
    let exponent = ((largest.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    0.5_f64.powi(exponent + 1)
}

#[cfg(test)]
mod tests {
    use super::{ExactSum, FixedSum, magnitude_scale, unit_scale};

    #[test]
    fn sums_are_the_same_bits_in_any_order_and_grouping() {
        // Plain floating-point addition gives 0.6000000000000001 one way and 0.6 the other.
        let values = [0.1, 0.2, 0.3, 1e-3, 99.9, 7.25];
        let forward = values.iter().fold(ExactSum::default(), |mut s, &x| {
            s.add_times(x, 1);
            s
        });
        let mut backward = ExactSum::default();
        for &x in values.iter().rev() {
            backward.add_times(x, 1);
        }
        let (mut left, mut right) = (ExactSum::default(), ExactSum::default());
        for (i, &x) in values.iter().enumerate() {
            if i % 2 == 0 {
                left.add_times(x, 1)
            } else {
                right.add_times(x, 1)
            }
        }
        right.merge(&left);
        assert_eq!(forward, backward);
        assert_eq!(forward, right);
        assert_eq!(forward.value().to_bits(), right.value().to_bits());
    }

    #[test]
    fn whole_numbers_and_binary_fractions_sum_exactly() {
        let mut sum = ExactSum::default();
        for x in [65.0, 25.0, 100.0, 62.5, 0.0, 1.0] {
            sum.add_times(x, 1);
        }
        assert_eq!(sum.value().to_bits(), 253.5_f64.to_bits());
        assert_eq!(sum.units(), 507 << 51);
        // One unit is 2^-52: 1 is 2^52 units, and a number below the grid counts as 0.
        assert_eq!(ExactSum::from_value(1.0).units(), 1 << 52);
        assert_eq!(ExactSum::from_value(1e-300).units(), 0);
        assert_eq!(ExactSum::from_value(0.75).units(), 3 << 50);
    }

    #[test]
    fn adding_k_copies_equals_adding_one_at_a_time() {
        for x in [0.1, 33.333_333_333_333_336, 100.0, 1e4, 0.0] {
            let mut once = ExactSum::default();
            once.add_times(x, 7);
            let mut each = ExactSum::default();
            for _ in 0..7 {
                each.add_times(x, 1);
            }
            assert_eq!(once, each, "{x}");
        }
        let mut none = ExactSum::from_units(5);
        none.add_times(42.0, 0);
        assert_eq!(none.units(), 5);
    }

    #[test]
    fn products_by_a_count_are_exact_or_saturate() {
        for units in [
            0u128,
            1,
            7,
            u128::from(u64::MAX),
            (1 << 66) + 12_345,
            u128::MAX >> 3,
        ] {
            for k in [0u64, 1, 2, 3, 1 << 20, u64::MAX] {
                let want = units.saturating_mul(u128::from(k));
                assert_eq!(super::times(units, k), want, "{units} × {k}");
            }
        }
        // A high half whose product passes 2^64, and a sum of halves that passes 2^128.
        assert_eq!(super::times(1 << 120, 1 << 10), u128::MAX);
        assert_eq!(super::times(u128::MAX / 3 + 1, 3), u128::MAX);
    }

    #[test]
    fn units_are_the_value_truncated_to_the_grid_on_both_sides_of_2_to_the_64() {
        // 4096 is 2^64 units exactly; just below it the fast conversion is taken.
        let units = |x: f64| ExactSum::from_value(x).units();
        assert_eq!(units(4096.0), 1 << 64);
        let below = 4096.0 - 2f64.powi(-40);
        assert_eq!(units(below), (1 << 64) - (1 << 12));
        assert_eq!(units(1e4), 10_000u128 << 52);
        assert_eq!(units(0.1), 450_359_962_737_049);
        // A finer grid keeps more of a small number: the f64 0.2 is 7205759403792794 × 2^-55,
        // a whole number of 2^-64 units, but not of 2^-52 units.
        let fine = FixedSum::<64>::from_value(0.2);
        assert_eq!(fine.units(), 7_205_759_403_792_794 << 9);
        assert_eq!(fine.value().to_bits(), 0.2_f64.to_bits());
        assert_ne!(
            ExactSum::from_value(0.2).value().to_bits(),
            0.2_f64.to_bits()
        );
    }

    #[test]
    fn debug_shows_the_units() {
        let sum = FixedSum::<64>::from_units((3 << 64) | 5);
        assert_eq!(
            format!("{sum:?}"),
            "FixedSum { units: 55340232221128654853 }"
        );
    }

    #[test]
    fn the_conversion_in_halves_is_the_128_bit_conversion() {
        // Each branch of `units_of` against the language's own saturating cast: below 2^63
        // (signed conversion), 2^63 up to 2^127 (two halves), and beyond (the library call).
        let two = 2f64;
        let mut values = vec![
            -1.0,
            f64::NAN,
            0.0,
            0.75,
            two.powi(52) + 1.0,
            two.powi(63) - 1024.0,
            two.powi(63),
            two.powi(64) - 2048.0,
            two.powi(64),
            two.powi(64) + 4096.0,
            1e30,
            two.powi(127) - two.powi(74),
            two.powi(127),
            1e300,
            f64::INFINITY,
        ];
        // Every exponent from 2^60 to 2^100, with the mantissa's lowest and highest bits set.
        for e in 60..=100 {
            values.push(two.powi(e) * (1.0 + two.powi(-52)));
            values.push(two.powi(e) * (2.0 - two.powi(-52)));
        }
        for x in values {
            assert_eq!(super::units_of(x), x as u128, "{x:e}");
        }
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        let mut sum = ExactSum::from_units(u128::MAX - 1);
        sum.add_times(1.0, 1);
        assert_eq!(sum.units(), u128::MAX);
        let mut many = ExactSum::default();
        many.add_times(1e4, u64::MAX);
        many.add_times(1e4, u64::MAX);
        assert_eq!(many.units(), u128::MAX);
        let mut merged = ExactSum::from_units(u128::MAX);
        merged.merge(&ExactSum::from_units(3));
        assert_eq!(merged.units(), u128::MAX);
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

    #[test]
    fn magnitude_scale_also_lifts_tiny_values() {
        for largest in [1e-200, -3e-10, 0.25, 0.5, 0.75, 1.0, 1e300] {
            let scale = magnitude_scale([largest / 4.0, largest]);
            let scaled = largest.abs() * scale;
            assert!(
                (0.5..1.0).contains(&scaled),
                "{largest:e} scaled to {scaled}"
            );
        }
        // A subnormal becomes normal; zeros are left alone.
        assert!((5e-324 * magnitude_scale([5e-324])).is_normal());
        assert!(magnitude_scale([0.0, -0.0]).to_bits() == 1.0_f64.to_bits());
    }
}
