//! Helpers for the unit tests (the integration tests keep their own in `tests/integration/common.rs`).

/// Asserts that `got` is `want` to within a relative 1e-12 (absolute near zero).
#[track_caller]
pub(crate) fn assert_close(got: f64, want: f64) {
    let tolerance = 1e-12 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tolerance,
        "{got} is not within {tolerance:e} of {want}"
    );
}
