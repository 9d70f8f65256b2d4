//! The integration tests, through the public API only.
//!
//! They are modules of one test binary rather than one binary each: a change to the library then
//! relinks one executable instead of a dozen, which keeps `cargo test` and mutation testing fast.
//! The allocation-counting test stays a binary of its own (`tests/no_alloc.rs`), because its
//! global allocator would see every other test's allocations.
//!
//! # Where a test goes
//!
//! One file per public module, as the docs show the crate: `scoring.rs` for the core items at the
//! crate's root (scales, ratings, scores, policies, scorecards, summaries, group-bys,
//! `dimension_enum!`), and a file named after each other module. A test belongs to the module
//! whose API it exercises: the model it evaluates or the type it reads, even when another
//! module's types serve as its input. Inside a file, tests may be grouped by kind in inner
//! modules: `known_answers` (published worked examples, peer libraries, hand computation),
//! `properties` (proptest invariants), `json` (serde, behind the `serde` feature); the rest are
//! examples and edge cases at the top.
//!
//! A test that exercises several modules equally goes to a cross-cutting suite:
//!
//! - `api.rs`: the public surface (thread safety, `Copy`), every named enum's text behaviour
//!   (with a check that `for_every_named_enum!` lists them all), the pinned error texts and the
//!   models' default policies;
//! - `robustness.rs`: arbitrary and extreme input anywhere (any JSON, text or number), and
//!   degenerate input across modules;
//! - `serialisation.rs`: serde round trips across modules;
//! - `common.rs`: helpers, fixtures and proptest strategies used by more than one file.
//!
//! Proptest keeps the seeds of past failures by source file, in
//! `tests/proptest-regressions/<file>.txt` (for example `review.txt` for `review.rs`); a file
//! that is renamed or split takes its seeds with it.

#[macro_use]
mod common;

mod api;
mod robustness;
mod serialisation;

mod batch;
mod boss_leader;
mod breakdown;
mod charts;
mod conversation;
mod form;
mod import;
mod leadership;
mod metrics;
mod practices;
mod programme;
mod proud;
mod reliability;
mod render;
mod reply;
mod review;
mod scoring;
mod team;
