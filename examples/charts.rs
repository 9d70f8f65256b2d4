//! Draws SVG charts: a PROUD profile, a V.E.D. profile, a breakdown Pareto chart and a 360
//! self-versus-observers chart, and writes them to a folder.
//!
//! Run with `cargo run --example charts --features charts [FOLDER]`; without a folder the files
//! go to `service-quality-charts` in the system's temporary directory.

use std::error::Error as StdError;
use std::path::PathBuf;

use service_quality::breakdown::{Aggregate, Breakdown, TriagePolicy};
use service_quality::charts::{pareto, profile_bars, self_vs_observers};
use service_quality::leadership::Area;
use service_quality::proud::{Assessment, ProudPolicy};
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{Policy, Ratings, Scale};

fn main() -> Result<(), Box<dyn StdError>> {
    let folder = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("service-quality-charts"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&folder)?;
    let five = Scale::ONE_TO_FIVE;

    let verdict =
        Assessment::from_array(five, [4, 5, 3, 4, 2])?.evaluate(&ProudPolicy::default())?;
    let ved = Ratings::from_array(five, [2, 4, 5])?.evaluate(&Policy::<Area>::default())?;
    let triage = [
        Breakdown::new([8, 6, 2, 3, 1])?,
        Breakdown::new([2, 2, 2, 9, 5])?,
        Breakdown::new([5, 1, 1, 2, 1])?,
    ]
    .iter()
    .collect::<Aggregate>()
    .evaluate(&TriagePolicy::default())?;
    let r = |v| Ratings::<Area>::from_array(five, v);
    let observers = (0..4)
        .map(|i| Observer::new(format!("peer-{i}"), RaterRole::Peer, r([2 + i % 2, 4, 4])?))
        .collect::<Result<Vec<_>, _>>()?;
    let review = Review::new(r([5, 4, 3])?, observers)?.evaluate(&ReviewPolicy::default());

    for (name, svg) in [
        (
            "proud.svg",
            profile_bars("PROUD profile", verdict.scorecard()),
        ),
        ("ved.svg", profile_bars("V.E.D. profile", &ved)),
        ("pareto.svg", pareto(&triage)),
        ("review_360.svg", self_vs_observers(&review)),
    ] {
        let path = folder.join(name);
        std::fs::write(&path, svg)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
