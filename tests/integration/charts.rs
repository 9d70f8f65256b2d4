//! The SVG charts parse as XML and contain the elements they promise.
#![cfg(feature = "charts")]

use service_quality::breakdown::{Aggregate, Breakdown, Triage, TriagePolicy};
use service_quality::charts::{pareto, profile_bars, self_vs_observers};
use service_quality::leadership::Area;
use service_quality::proud::{Assessment, ProudPolicy, Verdict};
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

/// A PROUD verdict of 4, 5, 3, 4, 2: 65 overall, "needs improvement".
fn sample_verdict() -> Verdict {
    Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap()
}

/// The triage of three breakdowns, with process first.
fn sample_triage() -> Triage {
    let breakdowns = [
        Breakdown::new([8, 6, 2, 3, 1]).unwrap(),
        Breakdown::new([2, 2, 2, 9, 5]).unwrap(),
        Breakdown::new([5, 1, 1, 2, 1]).unwrap(),
    ];
    breakdowns
        .iter()
        .collect::<Aggregate>()
        .evaluate(&TriagePolicy::default())
        .unwrap()
}

#[test]
fn profile_bars_have_a_track_and_a_bar_per_dimension() {
    let verdict = sample_verdict();
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
    let triage = sample_triage();
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
    let shown = review(3).evaluate(&ReviewPolicy::default());
    let doc_text = self_vs_observers(&shown);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    // background + two legend swatches + (self + observers) per area
    assert_eq!(count(&doc, "rect"), 1 + 2 + 2 * 3);

    let withheld = review(2).evaluate(&ReviewPolicy::default());
    let doc_text = self_vs_observers(&withheld);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    assert_eq!(count(&doc, "rect"), 1 + 2 + 3);
    assert!(texts(&doc).iter().any(|t| t.contains("withheld")));
}

// ---- Geometry: what a reader of the chart relies on ----

/// A numeric attribute of an element.
fn num(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} on {node:?}"))
}

/// A drawn rectangle: x, y, width, height and fill.
#[derive(Debug, Clone, Copy)]
struct Rect<'a> {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: &'a str,
}

/// A text label: x, y and its content.
#[derive(Debug)]
struct Label {
    x: f64,
    y: f64,
    text: String,
}

/// The chart's rectangles after the white background, and its labels after the title.
fn shapes<'a>(doc: &'a roxmltree::Document) -> (Vec<Rect<'a>>, Vec<Label>) {
    let rects = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .skip(1)
        .map(|n| Rect {
            x: num(n, "x"),
            y: num(n, "y"),
            w: num(n, "width"),
            h: num(n, "height"),
            fill: n.attribute("fill").unwrap_or(""),
        })
        .collect();
    let labels = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .skip(1)
        .map(|n| Label {
            x: num(n, "x"),
            y: num(n, "y"),
            text: n.text().unwrap_or("").to_owned(),
        })
        .collect();
    (rects, labels)
}

/// Every rectangle, label, line end and line point lies inside the SVG's own width and height.
fn assert_inside_the_view(doc: &roxmltree::Document) {
    let root = doc.root_element();
    let (width, height) = (num(root, "width"), num(root, "height"));
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {width} {height}").as_str())
    );
    let inside = |x: f64, y: f64| (0.0..=width).contains(&x) && (0.0..=height).contains(&y);
    let (rects, labels) = shapes(doc);
    for r in &rects {
        assert!(r.w >= 0.0 && r.h >= 0.0, "{r:?}");
        assert!(
            inside(r.x, r.y) && inside(r.x + r.w, r.y + r.h),
            "{r:?} outside {width}×{height}"
        );
    }
    for l in &labels {
        assert!(inside(l.x, l.y), "{l:?} outside {width}×{height}");
    }
    for line in doc.descendants().filter(|n| n.has_tag_name("line")) {
        assert!(inside(num(line, "x1"), num(line, "y1")));
        assert!(inside(num(line, "x2"), num(line, "y2")));
    }
    for points in doc.descendants().filter_map(|n| n.attribute("points")) {
        for (x, y) in parse_points(points) {
            assert!(inside(x, y), "{x},{y}");
        }
    }
}

/// A polyline's `points` attribute, "x,y x,y …", as coordinate pairs.
fn parse_points(points: &str) -> Vec<(f64, f64)> {
    points
        .split(' ')
        .map(|point| {
            let (x, y) = point.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The label whose text is `text`.
fn label<'l>(labels: &'l [Label], text: &str) -> &'l Label {
    labels
        .iter()
        .find(|l| l.text == text)
        .unwrap_or_else(|| panic!("no label {text:?} in {labels:?}"))
}

/// Within the 0.1 that the SVG's one-decimal coordinates allow (two roundings).
fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.11
}

#[test]
fn profile_bars_are_proportional_to_the_scores_and_labelled_in_their_rows() {
    let verdict = sample_verdict();
    let card = verdict.scorecard();
    let svg = profile_bars("PROUD", card);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_inside_the_view(&doc);
    let (rects, labels) = shapes(&doc);
    // A grey track and the bar over it, per dimension, in the scorecard's order.
    let rows: Vec<(Rect, Rect)> = rects.chunks(2).map(|p| (p[0], p[1])).collect();
    assert_eq!(rows.len(), 5);
    for ((track, bar), (principle, score)) in rows.iter().zip(card.scores()) {
        assert_eq!((track.fill, bar.fill), ("#eeeeee", "#4c78a8"));
        assert!(near(bar.x, track.x) && near(bar.y, track.y) && near(bar.h, track.h));
        assert!(
            near(bar.w, track.w * crate::common::value(score) / 100.0),
            "{principle}: {bar:?}"
        );
        // The name sits left of the track and the value right of it, both in the row.
        let in_row = |l: &Label| (track.y..=track.y + track.h).contains(&l.y);
        let name = label(&labels, principle.name());
        // The name is anchored at its end, just left of the track.
        let beside = (track.x - 10.0..=track.x).contains(&name.x);
        assert!(beside && in_row(name), "{name:?} beside {track:?}");
        let value = format!("{:.0}", crate::common::value(score));
        assert!(
            labels
                .iter()
                .any(|l| l.text == value && l.x >= track.x + track.w && in_row(l)),
            "no {value} right of {track:?}"
        );
    }
    // Rows run downwards without overlapping, and the overall line is below the last.
    for pair in rows.windows(2) {
        assert!(pair[0].0.y + pair[0].0.h < pair[1].0.y);
    }
    let last = rows.last().unwrap().0;
    let overall = label(&labels, "overall 65.0 (needs improvement)");
    assert!(overall.y > last.y + last.h);
    // The picture ends a short margin below the overall line: no empty band at the foot.
    let height = num(doc.root_element(), "height");
    assert!(
        height - overall.y <= 40.0,
        "{} below the last line",
        height - overall.y
    );
}

#[test]
fn pareto_bars_stand_on_the_axis_largest_first_with_the_line_reaching_all() {
    let triage = sample_triage();
    let svg = pareto(&triage);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_inside_the_view(&doc);
    let (bars, labels) = shapes(&doc);
    let ranking: Vec<_> = triage.ranking().cumulative().collect();
    assert_eq!(bars.len(), ranking.len());
    let axis = doc
        .descendants()
        .find(|n| n.has_tag_name("line") && n.attribute("stroke-dasharray").is_none())
        .unwrap();
    let axis_y = num(axis, "y1");
    assert!(near(num(axis, "y2"), axis_y));
    // Pixels per unit share, from the largest bar; every bar must use the same.
    let per_share = bars[0].h / ranking[0].1;
    let (_, first_share, _) = ranking[0];
    assert!(first_share > 0.0 && per_share > 0.0);
    let centres: Vec<f64> = bars.iter().map(|b| b.x + b.w / 2.0).collect();
    for (i, (bar, (cause, share, _))) in bars.iter().zip(&ranking).enumerate() {
        assert!(
            near(bar.y + bar.h, axis_y),
            "{cause:?} does not stand on the axis"
        );
        assert!(near(bar.h, per_share * share), "{cause:?}: {bar:?}");
        let vital = i < triage.vital_few().len();
        assert_eq!(bar.fill == "#4c78a8", vital, "{cause:?}");
        // The cause's name below the axis and its share above its bar, both centred on it.
        let name = label(&labels, cause.name());
        assert!(near(name.x, centres[i]) && name.y > axis_y);
        let percent = labels
            .iter()
            .find(|l| l.text == format!("{:.0}%", 100.0 * share) && near(l.x, centres[i]))
            .unwrap();
        assert!(
            (bar.y - 10.0..bar.y).contains(&percent.y),
            "{percent:?} over {bar:?}"
        );
    }
    // The axis runs under every bar, from its start to its end.
    let (axis_from, axis_to) = (num(axis, "x1"), num(axis, "x2"));
    for bar in &bars {
        assert!(
            axis_from <= bar.x && bar.x + bar.w <= axis_to,
            "{bar:?} off the axis"
        );
    }
    for pair in bars.windows(2) {
        assert!(pair[0].x + pair[0].w < pair[1].x, "bars overlap");
        assert!(pair[0].h >= pair[1].h, "not largest first");
    }
    // The cumulative line passes over each bar's centre at its cumulative share, ending at 100%.
    let points = parse_points(
        doc.descendants()
            .find_map(|n| n.attribute("points"))
            .unwrap(),
    );
    for ((x, y), (centre, (_, _, cumulative))) in points.iter().zip(centres.iter().zip(&ranking)) {
        assert!(near(*x, *centre));
        assert!(
            (y - (axis_y - per_share * cumulative)).abs() < 0.3,
            "{y} at {cumulative}"
        );
    }
    assert!((points.last().unwrap().1 - (axis_y - per_share)).abs() < 0.3);
    // The dashed threshold at its share, labelled at its right-hand end.
    let dashed = doc
        .descendants()
        .find(|n| n.attribute("stroke-dasharray").is_some())
        .unwrap();
    let threshold_y = axis_y - per_share * triage.threshold().get();
    assert!((num(dashed, "y1") - threshold_y).abs() < 0.3);
    let threshold_label = label(&labels, "80%");
    assert!(near(threshold_label.x, num(dashed, "x2")));
    let just_above = (num(dashed, "y1") - 10.0..num(dashed, "y1")).contains(&threshold_label.y);
    assert!(just_above, "{threshold_label:?}");
    assert!(label(&labels, "start with Process").y > axis_y);
}

#[test]
fn self_and_observer_bars_share_a_row_and_scale_with_the_scores() {
    let report = review(3).evaluate(&ReviewPolicy::default());
    let doc_text = self_vs_observers(&report);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    assert_inside_the_view(&doc);
    let (rects, labels) = shapes(&doc);
    // Two legend swatches, then a self bar and an observers' bar per area.
    let (legend, bars) = rects.split_at(2);
    assert_eq!((legend[0].fill, legend[1].fill), ("#4c78a8", "#f58518"));
    assert!(legend[0].x < label(&labels, "self").x);
    assert!(label(&labels, "self").x < legend[1].x && legend[1].x < label(&labels, "observers").x);
    let observers = report.observers().shown().unwrap();
    let rows: Vec<(Rect, Rect)> = bars.chunks(2).map(|p| (p[0], p[1])).collect();
    assert_eq!(rows.len(), 3);
    // Bar lengths in pixels per point of score, from the first self bar.
    let first = Area::Vision;
    let per_point = rows[0].0.w / report.self_score(first).get();
    for ((own, theirs), area) in rows
        .iter()
        .zip([Area::Vision, Area::Engagement, Area::Delivery])
    {
        assert_eq!((own.fill, theirs.fill), ("#4c78a8", "#f58518"));
        // The observers' bar sits directly under the self bar.
        let gap = theirs.y - (own.y + own.h);
        assert!(
            near(own.x, theirs.x) && (-0.11..=2.0).contains(&gap),
            "{own:?} {theirs:?}"
        );
        assert!(
            near(own.w, per_point * report.self_score(area).get()),
            "{area}"
        );
        assert!(
            near(theirs.w, per_point * observers.mean(area).get()),
            "{area}"
        );
        let name = label(&labels, area.name());
        let beside = (own.x - 10.0..=own.x).contains(&name.x);
        assert!(
            beside && (own.y..=theirs.y + theirs.h).contains(&name.y),
            "{name:?}"
        );
    }
    for pair in rows.windows(2) {
        assert!(pair[0].1.y + pair[0].1.h < pair[1].0.y, "rows overlap");
    }
    assert!(
        near(per_point * 100.0, 300.0),
        "a full score spans the 300-pixel track"
    );
    let last = rows.last().unwrap().1;
    let height = num(doc.root_element(), "height");
    // The foot keeps room for the withheld note (drawn when observers are hidden), no more.
    let foot = height - (last.y + last.h);
    assert!(foot <= 50.0, "an empty band of {foot} at the foot");
}

#[test]
fn a_withheld_chart_says_why_below_its_self_bars() {
    let report = review(2).evaluate(&ReviewPolicy::default());
    let doc_text = self_vs_observers(&report);
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    assert_inside_the_view(&doc);
    let (rects, labels) = shapes(&doc);
    let bars = &rects[2..];
    assert_eq!(bars.len(), 3);
    for (bar, area) in bars
        .iter()
        .zip([Area::Vision, Area::Engagement, Area::Delivery])
    {
        assert!(near(bar.w, 3.0 * report.self_score(area).get()), "{area}");
    }
    let last = bars.last().unwrap();
    let note = labels.iter().find(|l| l.text.contains("withheld")).unwrap();
    assert!(note.y > last.y + last.h && near(note.x, last.x), "{note:?}");
    let height = num(doc.root_element(), "height");
    assert!(height - note.y <= 40.0, "an empty band at the foot");
}

/// A Pareto chart over a team's own causes has one bar per cause, is wide enough for them, and
/// notes the breakdowns counted apart.
#[test]
fn pareto_over_a_cause_set_draws_every_cause_and_the_unattributed_note() {
    use service_quality::breakdown::CauseSet;
    let causes =
        CauseSet::new(["billing", "bug", "courier", "stock", "agent", "web", "app"]).unwrap();
    let mut month = Aggregate::with_causes(&causes);
    for ratings in [vec![("courier", 8)], vec![("bug", 4), ("web", 2)], vec![]] {
        month.add(&causes.breakdown(ratings).unwrap()).unwrap();
    }
    let svg = pareto(&month.evaluate(&TriagePolicy::default()).unwrap());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_inside_the_view(&doc);
    assert_eq!(count(&doc, "rect"), 1 + 7);
    let labels = texts(&doc);
    for label in causes.labels() {
        assert!(labels.contains(&label.to_owned()), "{label}");
    }
    assert!(labels.contains(&"start with courier".to_owned()));
    assert!(labels.contains(&"1 breakdown rated 1 on every cause, counted apart".to_owned()));
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    assert!(width >= 50.0 + 90.0 * 7.0, "{width}");
}
