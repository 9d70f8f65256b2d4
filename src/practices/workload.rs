//! Productivity measured beside quality.

use crate::scoring::macros::named_enum;
use crate::scoring::numeric::{non_negative, positive};
use crate::scoring::{Result, Score};

named_enum! {
    /// What measuring productivity and quality together shows.
    pub enum Workload as "workload verdict",
        expecting "one of: sustainable, over_capacity, quality_slipping, costing_quality"
    {
        /// Within capacity and at or above the quality floor.
        Sustainable,
        /// Above capacity, quality still holding: a warning before it slips.
        OverCapacity,
        /// Within capacity but below the quality floor: the cause is elsewhere.
        QualitySlipping,
        /// Above capacity and below the quality floor: productivity is costing quality.
        CostingQuality,
    }
}

/// Productivity pushed past capacity costs quality, so measure both: the volume a team handles
/// against its capacity, and a quality score (a mean PROUD overall, say) against a floor.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::practices::{Workload, WorkloadCheck};
///
/// let check = WorkloadCheck::new(12.0, 70.0)?; // 12 contacts an hour per agent, quality 70
/// assert_eq!(check.assess(15.0, Score::new(62.0)?)?, Workload::CostingQuality);
/// assert_eq!(check.assess(10.0, Score::new(81.0)?)?, Workload::Sustainable);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WorkloadCheck {
    capacity: f64,
    quality_floor: Score,
}

impl WorkloadCheck {
    /// A check with the capacity (contacts per period, positive) and the quality floor (0–100).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`](crate::Error::ValueOutOfRange) for a capacity that is not finite and positive, and
    /// [`Error::ScoreOutOfRange`](crate::Error::ScoreOutOfRange) for a floor outside 0..=100.
    pub fn new(capacity: f64, quality_floor: f64) -> Result<Self> {
        Ok(WorkloadCheck {
            capacity: positive("capacity", capacity)?,
            quality_floor: Score::named(Some("quality_floor"), quality_floor)?,
        })
    }

    /// The verdict for a period with `handled` contacts and the given quality.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`](crate::Error::ValueOutOfRange) when `handled` is negative or not finite.
    pub fn assess(&self, handled: f64, quality: Score) -> Result<Workload> {
        non_negative("handled", handled)?;
        Ok(
            match (handled > self.capacity, quality < self.quality_floor) {
                (false, false) => Workload::Sustainable,
                (true, false) => Workload::OverCapacity,
                (false, true) => Workload::QualitySlipping,
                (true, true) => Workload::CostingQuality,
            },
        )
    }
}
