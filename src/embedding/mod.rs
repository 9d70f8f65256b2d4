//! Embedding the crate in an application: column-wise batch scoring, reading exports, rendering
//! reports and drawing charts. These modules sit on top of the core and the models; each is
//! re-exported at the crate root under its own name.

pub mod batch;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod charts;
pub mod import;
pub mod render;
pub mod reply;
