//! The integration tests, through the public API only.
//!
//! They are modules of one test binary rather than one binary each: a change to the library then
//! relinks one executable instead of a dozen, which keeps `cargo test` and mutation testing fast.
//! The allocation-counting test stays a binary of its own (`tests/no_alloc.rs`), because its
//! global allocator would see every other test's allocations.

#[macro_use]
mod common;

mod api;
mod batch;
mod breakdown;
mod charts;
mod decision_known_answers;
mod decision_properties;
mod embedding;
mod forms;
mod leadership;
mod metrics_known_answers;
mod metrics_properties;
mod properties;
mod proud_known_answers;
mod robustness;
mod serialisation;
mod team_practices_conversation;
