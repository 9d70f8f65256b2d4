//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test crate uses only some of the helpers")]

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

/// The proptest configuration for a property: `default` cases, unless the `PROPTEST_CASES`
/// environment variable asks for another number (fewer for mutation testing, many more for a
/// long soak; see TESTING.md).
pub fn cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}
