//! Response times against a target, and whether the target itself has gone stale.

use core::time::Duration;

use crate::scoring::{Error, Result};

/// Response times measured against a target, and how long ago the target was last reviewed.
///
/// That a target goes stale as expectations rise is the source's point; the nearest-rank
/// percentiles are this crate's method: the p-th percentile is the smallest time with at least
/// p% of the times at or below it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use service_quality::practices::ResponseTimes;
///
/// let minutes = |m: u64| Duration::from_secs(m * 60);
/// let times: Vec<Duration> = (1..=10).map(minutes).collect();
/// let review = ResponseTimes::new(times, minutes(5))?;
/// assert_eq!(review.percentile(50.0)?, minutes(5));
/// assert_eq!(review.percentile(90.0)?, minutes(9));
/// assert_eq!(review.within_target(), 0.5);
///
/// let day = Duration::from_secs(86_400);
/// assert!(review.target_is_stale(day * 800, day * 365));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseTimes {
    sorted: Vec<Duration>,
    target: Duration,
}

impl ResponseTimes {
    /// Response times (any number, at least one) and the target they are held to.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no times.
    pub fn new(times: impl IntoIterator<Item = Duration>, target: Duration) -> Result<Self> {
        let mut sorted: Vec<Duration> = times.into_iter().collect();
        if sorted.is_empty() {
            return Err(Error::Empty {
                what: "response times",
                item: "measurement",
            });
        }
        sorted.sort_unstable();
        Ok(ResponseTimes { sorted, target })
    }

    /// The target.
    pub const fn target(&self) -> Duration {
        self.target
    }

    /// How many times were measured.
    pub fn count(&self) -> usize {
        self.sorted.len()
    }

    /// The nearest-rank percentile `p` (0 < p ≤ 100).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `0 < p <= 100`.
    pub fn percentile(&self, p: f64) -> Result<Duration> {
        if !(p > 0.0 && p <= 100.0) {
            return Err(Error::ValueOutOfRange {
                field: "percentile",
                value: p,
                expected: "a value in (0, 100]",
            });
        }
        Ok(self.nearest_rank(p))
    }

    /// p50, p90 and p99.
    pub fn summary(&self) -> [Duration; 3] {
        [50.0, 90.0, 99.0].map(|p| self.nearest_rank(p))
    }

    /// The nearest-rank percentile for a `p` already known to be in (0, 100].
    #[allow(
        clippy::indexing_slicing,
        reason = "`new` refuses an empty list and the rank is clamped to 1..=len"
    )]
    fn nearest_rank(&self, p: f64) -> Duration {
        let n = self.sorted.len();
        // rank = ceil(p/100 · n), between 1 and n.
        let rank = ((p / 100.0 * n as f64).ceil() as usize).clamp(1, n);
        self.sorted[rank - 1]
    }

    /// The share of times at or within the target.
    pub fn within_target(&self) -> f64 {
        let within = self.sorted.partition_point(|&t| t <= self.target);
        within as f64 / self.sorted.len() as f64
    }

    /// Whether the target itself is overdue for review: it was last reviewed longer ago than
    /// `max_age` (the age is the caller's choice). Expectations rise, so a target that is never
    /// revisited quietly gets slow (the source).
    pub fn target_is_stale(&self, reviewed_ago: Duration, max_age: Duration) -> bool {
        reviewed_ago > max_age
    }
}
