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

/// Productivity pushed past capacity costs quality, so measure both (the source): the volume a
/// team handles against its capacity, and a quality score (a mean PROUD overall, say) against a
/// floor. The four verdicts, and the capacity and floor they are read against, are this crate's.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::practices::{WorkPeriod, Workload, WorkloadCheck};
///
/// let check = WorkloadCheck::new(12.0, 70.0)?; // 12 contacts an hour per agent, quality 70
/// let busy = WorkPeriod::new(15.0, Score::new(62.0)?)?;
/// assert_eq!(busy.evaluate(&check), Workload::CostingQuality);
/// let calm = WorkPeriod::new(10.0, Score::new(81.0)?)?;
/// assert_eq!(calm.evaluate(&check), Workload::Sustainable);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawCheck", into = "RawCheck")
)]
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

    /// The capacity: contacts per period.
    pub const fn capacity(&self) -> f64 {
        self.capacity
    }

    /// The quality floor.
    pub const fn quality_floor(&self) -> Score {
        self.quality_floor
    }
}

/// One period's work: the contacts handled and the quality score over the same period.
/// Evaluate it under a [`WorkloadCheck`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawPeriod", into = "RawPeriod")
)]
pub struct WorkPeriod {
    handled: f64,
    quality: Score,
}

impl WorkPeriod {
    /// A period with `handled` contacts (per the check's period) and the given quality.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`](crate::Error::ValueOutOfRange) when `handled` is negative or
    /// not finite.
    pub fn new(handled: f64, quality: Score) -> Result<Self> {
        Ok(WorkPeriod {
            handled: non_negative("handled", handled)?,
            quality,
        })
    }

    /// The contacts handled.
    pub const fn handled(&self) -> f64 {
        self.handled
    }

    /// The quality score.
    pub const fn quality(&self) -> Score {
        self.quality
    }

    /// The verdict for this period under `check`.
    pub fn evaluate(&self, check: &WorkloadCheck) -> Workload {
        match (
            self.handled > check.capacity,
            self.quality < check.quality_floor,
        ) {
            (false, false) => Workload::Sustainable,
            (true, false) => Workload::OverCapacity,
            (false, true) => Workload::QualitySlipping,
            (true, true) => Workload::CostingQuality,
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    capacity: f64,
    quality_floor: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawCheck> for WorkloadCheck {
    type Error = crate::scoring::Error;

    fn try_from(raw: RawCheck) -> Result<Self> {
        WorkloadCheck::new(raw.capacity, raw.quality_floor)
    }
}

#[cfg(feature = "serde")]
impl From<WorkloadCheck> for RawCheck {
    fn from(check: WorkloadCheck) -> Self {
        RawCheck {
            capacity: check.capacity,
            quality_floor: check.quality_floor.get(),
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    handled: f64,
    quality: Score,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPeriod> for WorkPeriod {
    type Error = crate::scoring::Error;

    fn try_from(raw: RawPeriod) -> Result<Self> {
        WorkPeriod::new(raw.handled, raw.quality)
    }
}

#[cfg(feature = "serde")]
impl From<WorkPeriod> for RawPeriod {
    fn from(period: WorkPeriod) -> Self {
        RawPeriod {
            handled: period.handled,
            quality: period.quality,
        }
    }
}
