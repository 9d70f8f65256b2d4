//! Numeric helpers shared by the statistics.

/// A power of two that brings the largest magnitude in `values` to at most 1, or 1 when it is
/// already there. Multiplying by a power of two is exact, so statistics that do not change when
/// every value is scaled alike give bit-for-bit the same result, and squares of values near
/// `f64::MAX` no longer overflow to infinity (and infinity over infinity to NaN).
pub(crate) fn unit_scale(values: impl IntoIterator<Item = f64>) -> f64 {
    let largest = values.into_iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if largest <= 1.0 {
        return 1.0;
    }
    // largest < 2^1024, so the exponent is at most 1024 and 2^-1024 is still representable.
    let exponent = largest.log2().ceil() as i32;
    2.0_f64.powi(-exponent)
}
