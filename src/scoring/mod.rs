//! The scoring core every model is built on, re-exported at the crate root: scales, ratings and
//! scores, bands and their thresholds, the [`Dimension`] trait, policies, the one scoring kernel,
//! scorecards, running summaries and the crate's one error type.
//!
//! Models depend on this module and nothing else of the crate's (besides the statistics they
//! report); the embedding modules depend on the core and the models. Nothing here depends on a
//! model.

pub(crate) mod macros;

mod band;
pub(crate) mod dimension;
pub(crate) mod error;
pub(crate) mod flags;
pub(crate) mod interval;
pub(crate) mod kernel;
pub(crate) mod moments;
pub(crate) mod names;
pub(crate) mod numeric;
mod policy;
pub(crate) mod random;
mod scale;
pub(crate) mod score;
pub(crate) mod scorecard;
pub(crate) mod summary;
pub(crate) mod thresholds;

pub use band::{Band, BandThresholds};
pub use dimension::{Dimension, Ratings, Weights};
pub use error::{Error, ErrorKind, Result};
pub use interval::{Interval, Level};
pub use kernel::{CriticalRule, NotApplicableRule, Outcome};
pub use moments::Moments;
pub use policy::Policy;
pub use scale::{Rating, Scale};
pub use score::Score;
pub use scorecard::{RatingsPolicy, Scorecard};
pub use summary::{
    GroupBy, ItemSummary, Merge, Scored, StoredItem, StoredTotals, Summary, TryMerge,
};
pub use thresholds::{Grade, Thresholds};
