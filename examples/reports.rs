//! Reports people read: a PROUD scorecard, a leadership profile, a 360 review and a breakdown
//! Pareto table, rendered as Markdown (for chat, tickets, wikis) or, with `--text`, as plain
//! text (for terminals and e-mail).
//!
//! Run with `cargo run --example reports` or `cargo run --example reports -- --text`.

use service_quality::breakdown::{Aggregate, Breakdown, TriagePolicy};
use service_quality::leadership::{Area, Position, Profile, ProfilePolicy};
use service_quality::proud::{Assessment, CopingReaction, ProudPolicy};
use service_quality::render::Render;
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{Error, Ratings, Scale};

fn main() -> Result<(), Error> {
    let text = std::env::args().any(|a| a == "--text");
    let show = |r: &dyn Render| {
        println!("{}", if text { r.to_text() } else { r.to_markdown() });
    };

    let five = Scale::ONE_TO_FIVE;
    let verdict = Assessment::from_array(five, [2, 4, 4, 5, 4])?
        .with_reaction(CopingReaction::Fight)
        .evaluate(&ProudPolicy::default())?;
    show(&verdict);

    let profile = Profile::new(
        Position::Supervisor,
        Ratings::from_array(five, [3, 4, 5])?,
        Ratings::from_array(five, [5, 4, 4, 3])?,
    )
    .evaluate(&ProfilePolicy::default())?;
    show(&profile);

    let r = |v| Ratings::<Area>::from_array(five, v);
    let observers = vec![
        Observer::new("r1", RaterRole::DirectReport, r([2, 4, 4])?)?,
        Observer::new("r2", RaterRole::DirectReport, r([3, 4, 5])?)?,
        Observer::new("r3", RaterRole::DirectReport, r([2, 3, 4])?)?,
        Observer::new("p1", RaterRole::Peer, r([3, 4, 4])?)?,
        Observer::new("p2", RaterRole::Peer, r([3, 5, 4])?)?,
        Observer::new("p3", RaterRole::Peer, r([2, 4, 5])?)?,
        Observer::new("boss", RaterRole::Manager, r([3, 4, 4])?)?,
    ];
    let report = Review::new(r([5, 4, 4])?, observers)?.evaluate(&ReviewPolicy::default());
    show(&report);

    let triage = [
        Breakdown::new([8, 6, 2, 3, 1])?,
        Breakdown::new([2, 2, 2, 9, 5])?,
        Breakdown::new([5, 1, 1, 2, 1])?,
    ]
    .iter()
    .collect::<Aggregate>()
    .evaluate(&TriagePolicy::default())?;
    show(&triage);
    Ok(())
}
