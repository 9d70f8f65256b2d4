//! Helpers shared by the integration tests.

/// Asserts that `got` is `want` to within a relative 1e-12 (absolute near zero): close enough
/// for any value a test computes by hand, far tighter than any scoring mistake.
#[track_caller]
pub fn assert_close(got: f64, want: f64) {
    let tolerance = 1e-12 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tolerance,
        "{got} is not within {tolerance:e} of {want}"
    );
}
