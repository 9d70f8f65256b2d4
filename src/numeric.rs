//! Numeric helpers shared by the statistics.

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
    use super::unit_scale;

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
