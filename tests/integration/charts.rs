//! The SVG charts parse as XML and contain the elements they promise.
#![cfg(feature = "charts")]

use service_quality::breakdown::{Aggregate, Breakdown};
use service_quality::charts::{pareto, profile_bars, self_vs_observers};
use service_quality::leadership::Area;
use service_quality::proud::{Assessment, ProudPolicy};
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{Ratings, Scale};

fn count(doc: &roxmltree::Document, tag: &str) -> usize {
    doc.descendants().filter(|n| n.has_tag_name(tag)).count()
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn profile_bars_have_a_track_and_a_bar_per_dimension() {
    let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
        .unwrap()
        .score(&ProudPolicy::default())
        .unwrap();
    let svg = profile_bars("PROUD & co <test>", verdict.scorecard());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.root_element().has_tag_name("svg"));
    // background + (track + bar) per principle
    assert_eq!(count(&doc, "rect"), 1 + 2 * 5);
    let labels = texts(&doc);
    assert!(
        labels.contains(&"PROUD & co <test>".to_owned()),
        "title is escaped and kept"
    );
    assert!(labels.contains(&"Polite and professional".to_owned()));
    assert!(labels.contains(&"overall 65.0 (needs improvement)".to_owned()));
}

#[test]
fn pareto_has_bars_a_cumulative_line_and_the_threshold() {
    let breakdowns = [
        Breakdown::new([8, 6, 2, 3, 1]).unwrap(),
        Breakdown::new([2, 2, 2, 9, 5]).unwrap(),
        Breakdown::new([5, 1, 1, 2, 1]).unwrap(),
    ];
    let triage = breakdowns.iter().collect::<Aggregate>().triage().unwrap();
    let svg = pareto(&triage);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(count(&doc, "rect"), 1 + 5);
    assert_eq!(count(&doc, "polyline"), 1);
    let polyline = doc
        .descendants()
        .find(|n| n.has_tag_name("polyline"))
        .unwrap();
    assert_eq!(polyline.attribute("points").unwrap().split(' ').count(), 5);
    let dashed = doc
        .descendants()
        .filter(|n| n.has_tag_name("line") && n.attribute("stroke-dasharray").is_some())
        .count();
    assert_eq!(dashed, 1);
    let labels = texts(&doc);
    assert!(labels.contains(&"80%".to_owned()));
    assert!(labels.contains(&"start with Process".to_owned()));
}

fn review(observers: usize) -> Review<Area> {
    let r = |v| Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, v).unwrap();
    let obs = (0..observers)
        .map(|i| Observer::new(format!("o{i}"), RaterRole::Peer, r([3, 4, 2])).unwrap())
        .collect();
    Review::new(r([5, 4, 3]), obs).unwrap()
}

#[test]
fn self_vs_observers_draws_both_or_says_why_not() {
    let shown = review(3).report(&ReviewPolicy::default()).unwrap();
    let doc_text = self_vs_observers(&shown);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    // background + two legend swatches + (self + observers) per area
    assert_eq!(count(&doc, "rect"), 1 + 2 + 2 * 3);

    let withheld = review(2).report(&ReviewPolicy::default()).unwrap();
    let doc_text = self_vs_observers(&withheld);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    assert_eq!(count(&doc, "rect"), 1 + 2 + 3);
    assert!(texts(&doc).iter().any(|t| t.contains("withheld")));
}
