//! The SVG charts: each one renders to PNG, stays inside its view box, states its values (or has
//! a scale), never contains NaN, and draws what the crate's own results say, geometrically:
//! bars in order, proportional to their values, interval whiskers around the bar's end.
#![cfg(all(feature = "charts", feature = "serde"))]

use roxmltree::{Document, Node};
use service_quality::breakdown::{
    Aggregate, Attribution, Breakdown, CauseSet, Triage, TriagePolicy, VitalFewThreshold,
};
use service_quality::charts::{
    CalibrationChartOptions, FormSummaryOptions, GroupOptions, RootCauseOptions, TrendOptions,
    TrendSeries, agreement_by_item, form_summary, nps_by_group, pareto, profile_bars,
    root_cause_pareto, self_vs_observers, shares_by_group, trend,
};
use service_quality::form::{Answer, Answers, Form, FormSummary, Item, ItemRole};
use service_quality::leadership::Area;
use service_quality::metrics::{Level, Moments, Nps, NpsMethod, Share, ShareMethod, compare};
use service_quality::proud::{Assessment, ProudPolicy, Verdict};
use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{CriticalRule, Ratings, Scale, Score};

/// The `charts` example, whose charts (drawn from the other examples' data) are checked here
/// exactly as it writes them.
#[path = "../../examples/charts.rs"]
#[allow(
    dead_code,
    reason = "the example's `main` is not called from the tests"
)]
mod example;

// ---- Reading a chart ----

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
}

/// A numeric attribute of an element.
fn num(node: Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} on {node:?}"))
}

fn class_is(node: &Node, class: &str) -> bool {
    node.attribute("class") == Some(class)
}

/// The elements with a tag and a class, in document order.
fn elements<'a, 'i>(doc: &'a Document<'i>, tag: &str, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && class_is(n, class))
        .collect()
}

/// A drawn rectangle.
#[derive(Debug, Clone, Copy)]
struct Rect<'a> {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: &'a str,
}

impl Rect<'_> {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

fn rects<'a>(doc: &'a Document, class: &str) -> Vec<Rect<'a>> {
    elements(doc, "rect", class)
        .into_iter()
        .map(|n| Rect {
            x: num(n, "x"),
            y: num(n, "y"),
            w: num(n, "width"),
            h: num(n, "height"),
            fill: n.attribute("fill").unwrap_or(""),
        })
        .collect()
}

/// A text label: where it is anchored, how, its size and its content.
#[derive(Debug, Clone)]
struct Label {
    x: f64,
    y: f64,
    anchor: String,
    size: f64,
    class: String,
    bold: bool,
    fill: String,
    text: String,
}

fn labels(doc: &Document) -> Vec<Label> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| Label {
            x: num(n, "x"),
            y: num(n, "y"),
            anchor: n.attribute("text-anchor").unwrap_or("start").to_owned(),
            size: n
                .attribute("font-size")
                .and_then(|s| s.parse().ok())
                .unwrap_or(12.0),
            class: n.attribute("class").unwrap_or("").to_owned(),
            bold: n.attribute("font-weight") == Some("bold"),
            fill: n.attribute("fill").unwrap_or("").to_owned(),
            text: n.text().unwrap_or("").to_owned(),
        })
        .collect()
}

fn texts(doc: &Document) -> Vec<String> {
    labels(doc).into_iter().map(|l| l.text).collect()
}

/// The label whose text is `text`.
fn label<'l>(labels: &'l [Label], text: &str) -> &'l Label {
    labels
        .iter()
        .find(|l| l.text == text)
        .unwrap_or_else(|| panic!("no label {text:?} in {:?}", texts_of(labels)))
}

fn texts_of(labels: &[Label]) -> Vec<&str> {
    labels.iter().map(|l| l.text.as_str()).collect()
}

fn has_text(doc: &Document, needle: &str) -> bool {
    texts(doc).iter().any(|t| t.contains(needle))
}

/// The tooltips (SVG `<title>`s) of a chart, its own title first.
fn tooltips<'a>(doc: &'a Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect()
}

/// The tick labels of a chart's axes, in order: each value and the height of its middle.
fn tick_labels(doc: &Document) -> Vec<(f64, f64)> {
    labels(doc)
        .iter()
        .filter(|l| l.class == "tick-label")
        .map(|l| (l.text.parse().unwrap(), middle(l)))
        .collect()
}

/// The lines of a chart's messages (what it says in place of a plot).
fn messages(doc: &Document) -> Vec<String> {
    labels(doc)
        .into_iter()
        .filter(|l| l.class == "message")
        .map(|l| l.text)
        .collect()
}

/// A line's two ends.
fn ends(node: Node) -> ((f64, f64), (f64, f64)) {
    (
        (num(node, "x1"), num(node, "y1")),
        (num(node, "x2"), num(node, "y2")),
    )
}

/// A `points` attribute, "x,y x,y …", as coordinate pairs.
fn parse_points(points: &str) -> Vec<(f64, f64)> {
    points
        .split(' ')
        .map(|point| {
            let (x, y) = point.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// Within the 0.1 that the SVG's one-decimal coordinates allow (two roundings).
fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.11
}

// ---- What every chart must do ----

/// Every rectangle, line, point and label lies inside the SVG's own width and height; a label's
/// extent is estimated at 0.6 em a character, the generous average the charts lay out for.
fn assert_inside_the_view(doc: &Document) {
    let root = doc.root_element();
    let (width, height) = (num(root, "width"), num(root, "height"));
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {width} {height}").as_str())
    );
    let inside = |x: f64, y: f64| (0.0..=width).contains(&x) && (0.0..=height).contains(&y);
    for n in doc.descendants().filter(|n| n.has_tag_name("rect")) {
        let (x, y, w, h) = (num(n, "x"), num(n, "y"), num(n, "width"), num(n, "height"));
        assert!(w >= 0.0 && h >= 0.0, "{n:?}");
        assert!(
            inside(x, y) && inside(x + w, y + h),
            "{n:?} outside {width}×{height}"
        );
    }
    for l in labels(doc) {
        let extent = l.text.chars().count() as f64 * l.size * 0.6;
        let (from, to) = match l.anchor.as_str() {
            "end" => (l.x - extent, l.x),
            "middle" => (l.x - extent / 2.0, l.x + extent / 2.0),
            _ => (l.x, l.x + extent),
        };
        assert!(
            inside(from, l.y) && inside(to, l.y) && l.y - l.size >= 0.0,
            "{l:?} reaches outside {width}×{height}"
        );
    }
    for line in doc.descendants().filter(|n| n.has_tag_name("line")) {
        let (a, b) = ends(line);
        assert!(inside(a.0, a.1) && inside(b.0, b.1), "{line:?}");
    }
    for points in doc.descendants().filter_map(|n| n.attribute("points")) {
        for (x, y) in parse_points(points) {
            assert!(inside(x, y), "{x},{y}");
        }
    }
    for c in doc.descendants().filter(|n| n.has_tag_name("circle")) {
        let (x, y, r) = (num(c, "cx"), num(c, "cy"), num(c, "r"));
        assert!(inside(x - r, y - r) && inside(x + r, y + r), "{c:?}");
    }
}

/// A label's estimated box: from its anchor, 0.5 em a character across (narrower than the
/// charts lay out for, so only a real collision counts), and from 0.7 em above its baseline to
/// 0.15 em below (capitals to descenders).
fn label_box(l: &Label) -> (f64, f64, f64, f64) {
    let extent = l.text.chars().count() as f64 * l.size * 0.5;
    let (from, to) = match l.anchor.as_str() {
        "end" => (l.x - extent, l.x),
        "middle" => (l.x - extent / 2.0, l.x + extent / 2.0),
        _ => (l.x, l.x + extent),
    };
    (from, to, l.y - 0.7 * l.size, l.y + 0.15 * l.size)
}

/// No two labels are drawn over each other.
fn assert_labels_apart(doc: &Document) {
    let all: Vec<(Label, (f64, f64, f64, f64))> = labels(doc)
        .into_iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let b = label_box(&l);
            (l, b)
        })
        .collect();
    for (i, (a, ab)) in all.iter().enumerate() {
        for (b, bb) in &all[i + 1..] {
            let apart = ab.1 <= bb.0 || bb.1 <= ab.0 || ab.3 <= bb.2 || bb.3 <= ab.2;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

/// The vertical extents of everything drawn: labels (0.7 em above their baseline to 0.15 em
/// below), rectangles other than the white background, lines, polyline points and circles.
fn vertical_extents(doc: &Document) -> Vec<(f64, f64)> {
    let mut extents: Vec<(f64, f64)> = labels(doc)
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| (l.y - 0.7 * l.size, l.y + 0.15 * l.size))
        .collect();
    for n in doc.descendants() {
        if n.has_tag_name("rect") && n.attribute("class").is_some() {
            let y = num(n, "y");
            extents.push((y, y + num(n, "height")));
        } else if n.has_tag_name("line") {
            let ((_, y1), (_, y2)) = ends(n);
            extents.push((y1.min(y2), y1.max(y2)));
        } else if n.has_tag_name("circle") {
            let (y, r) = (num(n, "cy"), num(n, "r"));
            extents.push((y - r, y + r));
        } else if let Some(points) = n.attribute("points") {
            let ys: Vec<f64> = parse_points(points).into_iter().map(|p| p.1).collect();
            let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            extents.push((lo, hi));
        }
    }
    extents
}

/// The tallest empty horizontal band: a stretch of the chart's height, the bottom included,
/// with nothing drawn across it.
fn tallest_empty_band(doc: &Document) -> f64 {
    let height = num(doc.root_element(), "height");
    let mut extents = vertical_extents(doc);
    extents.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut reached, mut tallest) = (0.0_f64, 0.0_f64);
    for (from, to) in extents {
        tallest = tallest.max(from - reached);
        reached = reached.max(to);
    }
    tallest.max(height - reached)
}

/// The chart has no empty band taller than 30 pixels: its parts follow each other and it ends
/// where its content does.
fn assert_no_empty_band(doc: &Document) {
    let band = tallest_empty_band(doc);
    assert!(
        band <= 30.0,
        "an empty band {band} pixels tall in {}",
        doc.input_text()
    );
}

/// In a chart of rows on tracks, each value written near a track is level with the nearest
/// one: its middle within 1.5 pixels of the track's centre.
fn assert_values_level_with_their_tracks(doc: &Document) {
    let centres: Vec<f64> = rects(doc, "track")
        .iter()
        .map(|t| t.y + t.h / 2.0)
        .collect();
    for value in labels(doc).iter().filter(|l| l.class == "value") {
        let m = middle(value);
        let nearest = centres
            .iter()
            .map(|c| (m - c).abs())
            .fold(f64::INFINITY, f64::min);
        assert!(
            !(1.5..=20.0).contains(&nearest),
            "{value:?} is {nearest} pixels off its track"
        );
    }
}

/// Whether the chart has an axis with at least two ticks, each labelled.
fn has_axis_with_ticks(doc: &Document) -> bool {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && class_is(n, "axis"))
        .any(|axis| {
            let ticks = axis
                .descendants()
                .filter(|n| n.has_tag_name("line") && class_is(n, "tick"))
                .count();
            let tick_labels = axis
                .descendants()
                .filter(|n| n.has_tag_name("text") && class_is(n, "tick-label"))
                .count();
            ticks >= 2 && tick_labels == ticks
        })
}

/// Each numeric bar or point has a value written in its row (or over its column), or the
/// chart has an axis with ticks to read it from.
fn assert_readable(doc: &Document) {
    let values: Vec<Label> = labels(doc)
        .into_iter()
        .filter(|l| l.class == "value")
        .collect();
    let axis = has_axis_with_ticks(doc);
    let mut marks = rects(doc, "bar");
    marks.extend(rects(doc, "point"));
    for bar in &marks {
        let in_row = values
            .iter()
            .any(|v| v.y >= bar.y - 1.0 && v.y - v.size <= bar.bottom() + 1.0 && v.x >= bar.x);
        let over_column = values
            .iter()
            .any(|v| v.x >= bar.x - 1.0 && v.x <= bar.right() + 1.0);
        assert!(
            in_row || over_column || axis,
            "{bar:?} has no value and no scale"
        );
    }
}

/// The checks every chart passes: it parses, renders to PNG, keeps inside its view box with
/// no tall empty band, has no NaN or infinity, no label drawn over another, values level with
/// their rows, and is readable on its own.
fn assert_sound(svg: &str) -> Document<'_> {
    // "inf" as a number of its own, not inside a word such as "information".
    let infinite = svg.match_indices("inf").any(|(at, _)| {
        let before = svg[..at].chars().next_back();
        let after = svg[at + 3..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    });
    assert!(!infinite, "inf in {svg}");
    assert!(!svg.contains("NaN"), "NaN in {svg}");
    example::render_png(svg).unwrap_or_else(|e| panic!("does not render: {e}\n{svg}"));
    let doc = parse(svg);
    assert!(doc.root_element().has_tag_name("svg"));
    assert_inside_the_view(&doc);
    assert_labels_apart(&doc);
    assert_no_empty_band(&doc);
    assert_values_level_with_their_tracks(&doc);
    assert_readable(&doc);
    doc
}

/// For every whisker, the bar (or point) in its row has an end inside it: the interval contains
/// the estimate.
fn assert_whiskers_contain_their_bar(doc: &Document) {
    let mut bars = rects(doc, "bar");
    bars.extend(rects(doc, "point"));
    bars.extend(elements(doc, "circle", "point").into_iter().map(|c| {
        let r = num(c, "r");
        Rect {
            x: num(c, "cx") - r,
            y: num(c, "cy") - r,
            w: 2.0 * r,
            h: 2.0 * r,
            fill: c.attribute("fill").unwrap_or(""),
        }
    }));
    for whisker in elements(doc, "line", "whisker") {
        let ((x1, y), (x2, _)) = ends(whisker);
        let bar = bars
            .iter()
            .find(|b| (b.y..=b.bottom()).contains(&y))
            .unwrap_or_else(|| panic!("no bar under the whisker at {y}"));
        let contains = |x: f64| x1 - 0.11 <= x && x <= x2 + 0.11;
        let point = (bar.x + bar.right()) / 2.0;
        assert!(
            contains(bar.right()) || contains(bar.x) || (bar.w < 12.0 && contains(point)),
            "whisker {x1}..{x2} misses {bar:?}"
        );
    }
}

#[test]
fn every_chart_of_the_example_renders_and_reads_on_its_own() {
    let charts = example::all_charts().unwrap();
    assert_eq!(charts.len(), 11);
    for (name, svg) in &charts {
        let doc = assert_sound(svg);
        assert_whiskers_contain_their_bar(&doc);
        // The chart uses its width: something is drawn in its right-hand quarter.
        let width = num(doc.root_element(), "width");
        let rightmost = labels(&doc)
            .iter()
            .map(|l| match l.anchor.as_str() {
                "start" => l.x + l.text.chars().count() as f64 * l.size * 0.5,
                _ => l.x,
            })
            .fold(0.0, f64::max);
        assert!(rightmost > 0.75 * width, "{name}: empty right side");
    }
}

/// The README's two images are copies of the example's charts: they render, and they are still
/// the charts of the same data (the same title; the example's own output may have moved on in
/// layout, which re-running the example into `docs/images` brings back in line).
#[test]
fn the_readme_images_render() {
    let charts = example::all_charts().unwrap();
    for name in ["form_summary", "nps_by_team"] {
        let path = format!("{}/docs/images/{name}.svg", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).unwrap();
        let doc = assert_sound(&committed);
        let (_, fresh) = charts.iter().find(|(n, _)| *n == name).unwrap();
        let title = |doc: &Document| {
            doc.root_element()
                .first_element_child()
                .and_then(|t| t.text())
                .map(str::to_owned)
        };
        assert_eq!(title(&doc), title(&parse(fresh)), "{path}");
    }
}

#[test]
fn the_options_and_series_are_thread_safe() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<CalibrationChartOptions>();
    send_sync::<FormSummaryOptions>();
    send_sync::<GroupOptions>();
    send_sync::<RootCauseOptions>();
    send_sync::<TrendOptions>();
    send_sync::<TrendSeries>();
}

// ---- Profiles and 360s ----

/// A PROUD verdict of 4, 5, 3, 4, 2: 65 overall, "needs improvement".
fn sample_verdict() -> Verdict {
    Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap()
}

#[test]
fn profile_bars_are_proportional_to_the_scores_and_labelled_in_their_rows() {
    let verdict = sample_verdict();
    let card = verdict.scorecard();
    let svg = profile_bars("PROUD & co <test>", card);
    let doc = assert_sound(&svg);
    assert_eq!(
        doc.root_element().first_element_child().unwrap().text(),
        Some("PROUD & co <test>")
    );
    let labels = labels(&doc);
    let (tracks, bars) = (rects(&doc, "track"), rects(&doc, "bar"));
    assert_eq!((tracks.len(), bars.len()), (5, 5));
    for ((track, bar), (principle, score)) in tracks.iter().zip(&bars).zip(card.scores()) {
        assert_eq!(bar.fill, "#0072B2");
        assert!(near(bar.x, track.x) && near(bar.y, track.y) && near(bar.h, track.h));
        let score = crate::common::value(score);
        assert!(near(bar.w, track.w * score / 100.0), "{principle}: {bar:?}");
        let in_row = |l: &Label| (track.y - 2.0..=track.bottom() + 2.0).contains(&l.y);
        let name = label(&labels, principle.name());
        assert!(
            name.x <= track.x && in_row(name),
            "{name:?} beside {track:?}"
        );
        let value = format!("{score:.0}");
        assert!(
            labels.iter().any(|l| l.text == value
                && l.class == "value"
                && l.x >= track.right()
                && in_row(l)),
            "no {value} right of {track:?}"
        );
    }
    for pair in tracks.windows(2) {
        assert!(pair[0].bottom() < pair[1].y, "rows overlap");
    }
    // A 0-100 axis under the bars, named.
    assert!(has_axis_with_ticks(&doc));
    let zero = label(&labels, "0");
    let hundred = label(&labels, "100");
    assert!(near(zero.x, tracks[0].x) && near(hundred.x, tracks[0].right()));
    assert!(zero.y > tracks[4].bottom());
    assert!(
        labels
            .iter()
            .any(|l| l.class == "axis-title" && l.text.contains("score"))
    );
    let overall = label(&labels, "overall 65.0 (needs improvement)");
    assert!(overall.y > zero.y);
    let height = num(doc.root_element(), "height");
    assert!(height - overall.y <= 30.0, "an empty band at the foot");
}

#[test]
fn a_profile_with_nothing_to_score_says_so() {
    let policy = Area::iter().fold(service_quality::Policy::<Area>::default(), |p, area| {
        p.with_not_applicable_allowed(area, true)
    });
    let card = Ratings::<Area>::from_optional_fn(Scale::ONE_TO_FIVE, |_| None)
        .unwrap()
        .evaluate(&policy)
        .unwrap();
    let svg = profile_bars("V.E.D.", &card);
    let doc = assert_sound(&svg);
    assert!(rects(&doc, "bar").is_empty());
    assert_eq!(texts(&doc).iter().filter(|t| *t == "n/a").count(), 3);
    assert!(has_text(&doc, "nothing to score"));
    assert_row_texts_level(&doc);
}

service_quality::dimension_enum! {
    /// A team's own model with one long name, for the profile's layout.
    enum Visit as "visit moment" {
        Greeting("Greeting", "How the customer was greeted."),
        Diagnosis(
            "Diagnosis-of-the-underlying-fault-before-any-replacement",
            "Whether the fault was found before parts were swapped."
        ),
        Farewell("Farewell", "How the customer was seen off."),
    }
}

#[test]
fn a_profile_of_a_team_s_own_model_cuts_a_long_name_and_closes_its_rows_with_the_axis() {
    let card = Ratings::<Visit>::from_array(Scale::ONE_TO_FIVE, [4, 2, 5])
        .unwrap()
        .evaluate(&service_quality::Policy::default())
        .unwrap();
    let svg = profile_bars("Visit", &card);
    let doc = assert_sound(&svg);
    assert_row_texts_level(&doc);
    let tooltips = tooltips(&doc);
    assert!(tooltips.contains(&Visit::Diagnosis.name()));
    let bars = rects(&doc, "bar");
    let last = bars[bars.len() - 1];
    let row = bars[1].y - bars[0].y;
    let ((_, axis_y), _) = ends(elements(&doc, "line", "axis-line")[0]);
    assert!(axis_y >= last.y + last.h / 2.0 + row / 2.0 && axis_y < last.bottom() + row);
    let overall = card.overall().unwrap().get();
    assert!(has_text(&doc, &format!("overall {overall:.1} (")));
}

fn review(observers: usize) -> Review<Area> {
    let r = |v| Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, v).unwrap();
    let obs = (0..observers)
        .map(|i| Observer::new(format!("o{i}"), RaterRole::Peer, r([3, 4, 2])).unwrap())
        .collect();
    Review::new(r([5, 4, 3]), obs).unwrap()
}

#[test]
fn self_and_observer_bars_share_a_row_with_their_values_and_the_gap() {
    let report = review(3).evaluate(&ReviewPolicy::default());
    let svg = self_vs_observers(&report);
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    let bars = rects(&doc, "bar");
    assert_eq!(bars.len(), 6);
    let observers = report.observers().shown().unwrap();
    let per_point = 3.0; // the 300-pixel track spans 0-100
    for (pair, area) in bars
        .chunks(2)
        .zip([Area::Vision, Area::Engagement, Area::Delivery])
    {
        let (own, theirs) = (pair[0], pair[1]);
        assert_eq!((own.fill, theirs.fill), ("#0072B2", "#E69F00"));
        assert!(near(own.x, theirs.x) && theirs.y > own.y && theirs.y - own.bottom() <= 2.0);
        assert!(
            near(own.w, per_point * report.self_score(area).get()),
            "{area}"
        );
        assert!(
            near(theirs.w, per_point * observers.mean(area).get()),
            "{area}"
        );
        // Each bar's value, in its own line.
        for (bar, score) in [
            (own, report.self_score(area).get()),
            (theirs, observers.mean(area).get()),
        ] {
            let text = format!("{score:.0}");
            assert!(
                labels
                    .iter()
                    .any(|l| l.text == text && (bar.y..=bar.bottom() + 1.0).contains(&l.y)),
                "{area}: no {text}"
            );
        }
        // The gap, self minus observers, in the row.
        let gap = report.gap(area).unwrap();
        let sign = if gap > 0.5 {
            "+"
        } else if gap < -0.5 {
            "\u{2212}"
        } else {
            ""
        };
        let text = format!("{sign}{:.0}", gap.abs());
        assert!(
            labels.iter().any(|l| l.text.starts_with(&text)),
            "{area}: no gap {text}"
        );
    }
    assert!(label(&labels, "+50 blind spot").x > bars[0].x + 300.0);
    let gap_x = label(&labels, "+50 blind spot").x;
    // Each row: the name and the gap level with the middle of its two bars, the values small
    // and muted beside their own bar, each track as long as the scale.
    for (pair, area) in bars
        .chunks(2)
        .zip([Area::Vision, Area::Engagement, Area::Delivery])
    {
        let row_middle = (pair[0].y + pair[1].bottom()) / 2.0;
        let name = label(&labels, area.name());
        assert!((middle(name) - row_middle).abs() < 1.5, "{name:?}");
        let gap = labels
            .iter()
            .find(|l| near(l.x, gap_x) && (middle(l) - row_middle).abs() < 10.0)
            .unwrap();
        assert!((middle(gap) - row_middle).abs() < 1.5, "{gap:?}");
        for bar in pair {
            let value = labels
                .iter()
                .find(|l| l.class == "value" && (middle(l) - (bar.y + bar.h / 2.0)).abs() < 1.5)
                .unwrap_or_else(|| panic!("no value level with {bar:?}"));
            assert_eq!((value.size, value.fill.as_str()), (11.0, "#555555"));
        }
    }
    let ((axis_start, axis_y), (axis_end, _)) = ends(elements(&doc, "line", "axis-line")[0]);
    for track in rects(&doc, "track") {
        assert!(near(track.x, axis_start) && near(track.right(), axis_end));
    }
    let last = bars[bars.len() - 1];
    assert!(axis_y > last.bottom() && axis_y - last.bottom() < 12.0);
}

#[test]
fn a_withheld_chart_says_why_below_its_self_bars() {
    let report = review(2).evaluate(&ReviewPolicy::default());
    let svg = self_vs_observers(&report);
    let doc = assert_sound(&svg);
    let bars = rects(&doc, "bar");
    assert_eq!(bars.len(), 3);
    for (bar, area) in bars
        .iter()
        .zip([Area::Vision, Area::Engagement, Area::Delivery])
    {
        assert!(near(bar.w, 3.0 * report.self_score(area).get()), "{area}");
    }
    let labels = labels(&doc);
    let note = labels.iter().find(|l| l.text.contains("withheld")).unwrap();
    assert!(note.y > bars[2].bottom());
    let height = num(doc.root_element(), "height");
    assert!(height - note.y <= 30.0, "an empty band at the foot");
}

// ---- Pareto charts ----

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
fn pareto_bars_stand_on_the_axis_largest_first_with_the_cumulative_line_on_its_own_axis() {
    let triage = sample_triage();
    let svg = pareto(&triage);
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    let bars = rects(&doc, "bar");
    let ranking: Vec<_> = triage.ranking().cumulative().collect();
    assert_eq!(bars.len(), ranking.len());
    let baseline = elements(&doc, "line", "baseline")[0];
    let axis_y = num(baseline, "y1");
    let per_share = bars[0].h / ranking[0].1;
    let centres: Vec<f64> = bars.iter().map(|b| b.x + b.w / 2.0).collect();
    for (i, (bar, (cause, share, _))) in bars.iter().zip(&ranking).enumerate() {
        assert!(
            near(bar.bottom(), axis_y),
            "{cause:?} does not stand on the axis"
        );
        assert!(near(bar.h, per_share * share), "{cause:?}: {bar:?}");
        let vital = i < triage.vital_few().len();
        assert_eq!(bar.fill == "#0072B2", vital, "{cause:?}");
        assert_eq!(bar.fill == "#56B4E9", !vital, "{cause:?}");
        let name = label(&labels, cause.name());
        assert!(near(name.x, centres[i]) && name.y > axis_y);
        let percent = format!("{:.0}%", 100.0 * share);
        assert!(
            labels
                .iter()
                .any(|l| l.text == percent && near(l.x, centres[i])),
            "{cause:?}: no {percent}"
        );
    }
    for pair in bars.windows(2) {
        assert!(pair[0].right() < pair[1].x, "bars overlap");
        assert!(pair[0].h >= pair[1].h, "not largest first");
    }
    // The cumulative line passes over each bar's centre at its cumulative share, ending at 100%.
    let points = parse_points(
        elements(&doc, "polyline", "series")[0]
            .attribute("points")
            .unwrap(),
    );
    for ((x, y), (centre, (_, _, cumulative))) in points.iter().zip(centres.iter().zip(&ranking)) {
        assert!(near(*x, *centre));
        assert!(
            (y - (axis_y - per_share * cumulative)).abs() < 0.3,
            "{y} at {cumulative}"
        );
    }
    // Two axes with ticks, one named for the bars and one for the line, and the threshold.
    let axes: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_is(n, "axis"))
        .collect();
    assert_eq!(axes.len(), 2);
    let titles: Vec<&str> = axes
        .iter()
        .flat_map(|a| a.descendants())
        .filter(|n| class_is(n, "axis-title"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles, ["share (%)", "cumulative (%)"]);
    let threshold = elements(&doc, "line", "threshold")[0];
    assert!((num(threshold, "y1") - (axis_y - per_share * 0.8)).abs() < 0.3);
    assert!(has_text(&doc, "80% threshold"));
    assert!(label(&labels, "start with Process").y > axis_y);
    // The bars stand between the two axes, as far from each, and the baseline joins them.
    let lines: Vec<((f64, f64), (f64, f64))> = elements(&doc, "line", "axis-line")
        .into_iter()
        .map(ends)
        .collect();
    let (left, right) = (lines[0].0.0, lines[1].0.0);
    let last = bars[bars.len() - 1];
    assert!(bars[0].x > left && last.right() < right);
    assert!(near(bars[0].x - left, right - last.right()));
    let ((from, _), (to, _)) = ends(baseline);
    assert!(near(from, left) && near(to, right));
    // Each axis writes its tick labels on its outer side.
    for (axis, (line, anchor)) in axes.iter().zip([(left, "end"), (right, "start")]) {
        for tick in axis
            .descendants()
            .filter(|n| n.has_tag_name("text") && class_is(n, "tick-label"))
        {
            assert_eq!(tick.attribute("text-anchor"), Some(anchor));
            let x = num(tick, "x");
            assert!(if anchor == "end" { x < line } else { x > line });
        }
    }
    // The chart ends a margin after the right axis' labels.
    let width = num(doc.root_element(), "width");
    assert!(
        width - right <= 64.0 + 1.0,
        "{width} wide, the axis at {right}"
    );
    // Each share is written inside its bar's top where the bar is 22 pixels tall or more (in
    // white on the vital few), above it otherwise.
    let (mut inside, mut above) = (0, 0);
    for (i, (bar, centre)) in bars.iter().zip(&centres).enumerate() {
        let l = labels
            .iter()
            .find(|l| l.class == "value" && near(l.x, *centre))
            .unwrap();
        if bar.h >= 22.0 {
            inside += 1;
            assert!(
                l.y > bar.y + 0.7 * l.size && l.y < bar.y + 22.0,
                "{l:?} in {bar:?}"
            );
            let white = i < triage.vital_few().len();
            assert_eq!(l.fill == "white", white, "{l:?}");
        } else {
            above += 1;
            assert!(l.y < bar.y && l.y > bar.y - 8.0, "{l:?} over {bar:?}");
            assert_ne!(l.fill, "white");
        }
    }
    assert!(inside > 0 && above > 0, "both cases drawn");
    // A tall bar after the vital few has its share inside it, in ink.
    let tall = Attribution::from_counts([("late", 45), ("broken", 40), ("wrong size", 15)])
        .unwrap()
        .evaluate(&VitalFewThreshold::default());
    assert_eq!(tall.vital_few().len(), 2);
    let tall_svg = pareto(&tall);
    let tall_doc = assert_sound(&tall_svg);
    let third = rects(&tall_doc, "bar")[2];
    assert!(third.h >= 22.0, "{third:?}");
    let share = self::labels(&tall_doc)
        .into_iter()
        .find(|l| l.text == "15%")
        .unwrap();
    assert!(share.y > third.y && share.fill != "white", "{share:?}");
    // The threshold's label sits on the line's left end, above it.
    let threshold_y = num(threshold, "y1");
    let l = label(&labels, "80% threshold");
    assert!(l.x > left && l.x - left < 10.0 && l.y < threshold_y && threshold_y - l.y < 8.0);
    // Three breakdowns, none left out.
    let footer = footer_text(&doc);
    assert!(footer.contains("shares of 3 breakdowns"), "{footer}");
    assert!(!footer.contains("counted apart"));
    // One breakdown, in the singular.
    let one = [Breakdown::new([8, 6, 2, 3, 1]).unwrap()]
        .iter()
        .collect::<Aggregate>()
        .evaluate(&TriagePolicy::default())
        .unwrap();
    let svg = pareto(&one);
    let doc = assert_sound(&svg);
    assert!(footer_text(&doc).contains("shares of 1 breakdown"));
    assert!(!footer_text(&doc).contains("1 breakdowns"));
}

/// A Pareto chart over a team's own causes draws every cause (wrapping or shortening long
/// labels, with the whole label as a tooltip), and notes the breakdowns counted apart.
#[test]
fn pareto_over_a_cause_set_draws_every_cause_and_keeps_long_labels_whole_in_a_tooltip() {
    let long = "customer <not> told about the delay & charged anyway";
    let causes =
        CauseSet::new(["billing", "bug", "courier", "stock", "agent", "web", long]).unwrap();
    let mut month = Aggregate::with_causes(&causes);
    for ratings in [vec![("courier", 8)], vec![("bug", 4), (long, 2)], vec![]] {
        month.add(&causes.breakdown(ratings).unwrap()).unwrap();
    }
    let svg = pareto(&month.evaluate(&TriagePolicy::default()).unwrap());
    let doc = assert_sound(&svg);
    assert_eq!(rects(&doc, "bar").len(), 7);
    let tooltips = tooltips(&doc);
    assert!(tooltips.contains(&long), "{tooltips:?}");
    assert!(has_text(&doc, "start with courier"));
    assert!(has_text(
        &doc,
        "1 breakdown rated 1 on every cause, counted apart"
    ));
    // Each name stays within its column; the notes start below every name.
    let labels = labels(&doc);
    let bars = rects(&doc, "bar");
    let step = bars[1].x - bars[0].x;
    let names: Vec<&Label> = labels.iter().filter(|l| l.class == "name").collect();
    for name in &names {
        let width = name.text.chars().count() as f64 * name.size * 0.6;
        assert!(width <= step - 8.0 + 0.01, "{name:?} wider than its column");
    }
    let lowest_name = names.iter().map(|l| l.y).fold(0.0, f64::max);
    let first_note = label(&labels, "start with courier");
    assert!(first_note.y - 0.7 * first_note.size > lowest_name + 0.15 * 12.0);
}

#[test]
fn a_root_cause_pareto_lays_each_cause_out_on_its_row_with_its_share_and_cumulative_share() {
    let long = "Courier-missed-the-delivery-window-and-nobody-called";
    let counts = [
        (long, 40),
        ("billing error", 25),
        ("stock", 15),
        ("web", 12),
        ("agent", 8),
    ];
    let triage = Attribution::from_counts(counts)
        .unwrap()
        .evaluate(&VitalFewThreshold::default());
    let options = RootCauseOptions::default()
        .with_title("Why customers called back")
        .try_with_max_rows(2)
        .unwrap();
    assert_eq!(options.title(), "Why customers called back");
    assert_eq!(options.max_rows(), 2);
    assert_eq!(options.unit(), None);
    assert_eq!(
        RootCauseOptions::default().with_counts("calls").unit(),
        Some("calls")
    );
    assert_eq!(RootCauseOptions::default().max_rows(), 12);
    assert_eq!(RootCauseOptions::default().title(), "Root causes");
    let options = options.try_with_max_rows(12).unwrap();
    let svg = root_cause_pareto(&triage, &options);
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    assert_eq!(label(&labels, "Why customers called back").class, "title");
    let bars = rects(&doc, "bar");
    let tracks = rects(&doc, "track");
    let cumulative = rects(&doc, "cumulative");
    let ranking: Vec<(f64, f64)> = triage
        .ranking()
        .cumulative()
        .map(|(_, share, cumulative)| (share, cumulative))
        .collect();
    assert_eq!(bars.len(), ranking.len());
    // Shares as percentages: bar lengths in proportion, each level with its name and value.
    let per_share = bars[0].w / ranking[0].0;
    let names: Vec<&Label> = labels.iter().filter(|l| l.class == "name").collect();
    let values: Vec<&Label> = labels.iter().filter(|l| l.class == "value").collect();
    for (i, (share, reached)) in ranking.iter().enumerate() {
        let (bar, track, filled) = (bars[i], tracks[i], cumulative[i]);
        assert!(near(bar.w, per_share * share), "{bar:?}");
        let centre = bar.y + bar.h / 2.0;
        assert!((middle(values[i]) - centre).abs() < 1.5, "{:?}", values[i]);
        assert_eq!(values[i].text, format!("{:.0}%", 100.0 * share));
        assert!(near(track.y + track.h / 2.0, centre));
        assert!(near(filled.y, track.y) && near(filled.h, track.h) && near(filled.x, track.x));
        assert!(
            (filled.w - track.w * reached).abs() < 0.2,
            "{filled:?} at {reached}"
        );
        assert!(bar.h > 10.0 && track.h < bar.h);
    }
    // Names are single lines here but the long one, cut to fit.
    assert!(names.len() > counts.len(), "the long name takes two lines");
    // Its two lines straddle its row's centre.
    let (first, second) = (names[0], names[1]);
    let straddle = (middle(first) + middle(second)) / 2.0;
    assert!(
        (straddle - (bars[0].y + bars[0].h / 2.0)).abs() < 1.5,
        "{first:?} {second:?}"
    );
    for ((name, _), bar) in counts.iter().zip(&bars).skip(1) {
        let name = label(&labels, name);
        assert!(
            (middle(name) - (bar.y + bar.h / 2.0)).abs() < 1.5,
            "{name:?}"
        );
    }
    for pair in bars.windows(2) {
        assert!(pair[0].bottom() < pair[1].y, "rows in order, apart");
    }
    // The axis closes the rows; the column's heading stands above the first row.
    let ((_, axis_y), _) = ends(elements(&doc, "line", "axis-line")[0]);
    let last = bars[bars.len() - 1];
    let row = bars[1].y - bars[0].y;
    assert!(axis_y >= last.y + last.h / 2.0 + row / 2.0 && axis_y < last.bottom() + row);
    let heading = label(&labels, "cumulative");
    assert!(heading.y < bars[0].y && heading.y > 40.0);
    // The vital few in blue, the rest in sky blue, in both columns.
    let vital = triage.vital_few().len();
    assert!(vital < bars.len());
    for (i, (bar, filled)) in bars.iter().zip(&cumulative).enumerate() {
        let fill = if i < vital { "#0072B2" } else { "#56B4E9" };
        assert_eq!((bar.fill, filled.fill), (fill, fill), "row {i}");
    }
    assert!(RootCauseOptions::default().try_with_max_rows(1).is_err());
}

#[test]
fn a_root_cause_pareto_folds_the_tail_after_max_rows_less_one() {
    // A steep tail: two causes make the vital few, eight more follow.
    let counts: Vec<(String, u64)> = [60, 25, 3, 3, 2, 2, 2, 1, 1, 1]
        .iter()
        .enumerate()
        .map(|(i, &n)| (format!("cause {i}"), n))
        .collect();
    let triage = Attribution::from_counts(counts.iter().map(|(l, n)| (l.as_str(), *n)))
        .unwrap()
        .evaluate(&VitalFewThreshold::default());
    assert_eq!(triage.vital_few().len(), 2);
    let draw = |max_rows: usize| {
        let options = RootCauseOptions::default()
            .try_with_max_rows(max_rows)
            .unwrap();
        let svg = root_cause_pareto(&triage, &options);
        let doc = assert_sound(&svg);
        let names: Vec<String> = labels(&doc)
            .into_iter()
            .filter(|l| l.class == "name")
            .map(|l| l.text)
            .collect();
        names
    };
    // Five rows: four causes, then the other six, whose bar is as long as their shares' sum.
    let names = draw(5);
    assert_eq!(names.len(), 5);
    let options = RootCauseOptions::default().try_with_max_rows(5).unwrap();
    let svg = root_cause_pareto(&triage, &options);
    let doc = assert_sound(&svg);
    let bars = rects(&doc, "bar");
    let shares: Vec<f64> = triage.ranking().cumulative().map(|(_, s, _)| s).collect();
    let folded: f64 = shares[4..].iter().sum();
    assert!(
        near(bars[4].w, bars[0].w * folded / shares[0]),
        "{:?}",
        bars[4]
    );
    assert_eq!(names[3], "cause 3");
    assert_eq!(names[4], "other (6 causes)");
    // Room for all ten: nothing folded, even when one row would hold the last cause alone.
    let names = draw(10);
    assert_eq!((names.len(), names[9].as_str()), (10, "cause 9"));
    let names = draw(9);
    assert_eq!(names[8], "other (2 causes)");
    // Never fewer rows than the vital few and the rest.
    assert_eq!(draw(2), ["cause 0", "cause 1", "other (8 causes)"]);
    assert!(RootCauseOptions::default().try_with_max_rows(2).is_ok());
}

#[test]
fn a_root_cause_pareto_counts_folds_the_tail_and_reads_its_cumulative_column() {
    let counts: Vec<(String, u64)> = (1..=20)
        .map(|i| {
            (
                format!("cause number {i} with a rather long description"),
                100 / i,
            )
        })
        .collect();
    let complaints =
        Attribution::from_counts(counts.iter().map(|(l, n)| (l.as_str(), *n))).unwrap();
    let total: u64 = counts.iter().map(|c| c.1).sum();
    let triage = complaints.evaluate(&VitalFewThreshold::default());
    let options = RootCauseOptions::default()
        .with_counts("tickets")
        .try_with_max_rows(8)
        .unwrap();
    let svg = root_cause_pareto(&triage, &options);
    let doc = assert_sound(&svg);
    let bars = rects(&doc, "bar");
    let vital = triage.vital_few().len();
    assert!(
        vital > 7,
        "the vital few ({vital}) are drawn one by one past max_rows"
    );
    assert_eq!(bars.len(), vital + 1);
    assert!(has_text(&doc, &format!("other ({} causes)", 20 - vital)));
    // Largest first (the folded row aside), each with its count and share.
    for pair in bars[..vital].windows(2) {
        assert!(pair[0].w >= pair[1].w - 0.11, "not largest first");
    }
    assert!(has_text(&doc, "100 (28%)"));
    assert!(has_text(&doc, &format!("{total} tickets in all")));
    // The cumulative column reaches 100% on the last row, and its threshold sits at 80%.
    let cumulative = rects(&doc, "cumulative");
    let tracks = rects(&doc, "track");
    let (last, track) = (cumulative.last().unwrap(), tracks.last().unwrap());
    assert!(near(last.w, track.w));
    let threshold = elements(&doc, "line", "threshold")[0];
    assert!(near(num(threshold, "x1"), track.x + 0.8 * track.w));
    assert!(RootCauseOptions::default().try_with_max_rows(0).is_err());
}

// ---- A form's summary ----

fn call_form() -> Form {
    Form::builder("call_review", 1)
        .baseline(Score::new(60.0).unwrap())
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .item(
            Item::yes_no("verification")
                .unwrap()
                .with_name("Identity verification before anything about the account")
                .with_critical(Score::MAX),
        )
        .item(
            Item::scale("tone", Scale::ONE_TO_FIVE)
                .unwrap()
                .with_not_applicable(true),
        )
        .critical_rule(CriticalRule::ScoreZero)
        .build()
        .unwrap()
}

fn call_summary(form: &Form) -> FormSummary {
    let mut summary = FormSummary::new(form);
    for (greeting, verified, tone) in [
        (4, true, Some(3)),
        (5, false, None),
        (3, true, Some(5)),
        (5, true, Some(4)),
        (2, true, None),
        (4, false, Some(2)),
    ] {
        let verified = if verified { Answer::Yes } else { Answer::No };
        let tone = tone.map_or(Answer::NotApplicable, Answer::Rating);
        let answers = Answers::from(vec![Answer::Rating(greeting), verified, tone]);
        summary.add(&answers.evaluate(form).unwrap()).unwrap();
    }
    summary
}

#[test]
fn a_form_summary_draws_each_item_with_its_interval_n_a_and_critical_failures() {
    let form = call_form();
    let summary = call_summary(&form);
    let svg = form_summary(&form, &summary, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let labels = labels(&doc);
    let bars = rects(&doc, "bar");
    // Overall score, pass rate, then the three items.
    assert_eq!(bars.len(), 5);
    let track = rects(&doc, "track")[0];
    let per_point = track.w / 100.0;
    let mean = summary.mean_overall().unwrap().get();
    assert!(near(bars[0].w, per_point * mean));
    let greeting = summary.item("greeting").unwrap().mean().unwrap().get();
    assert!(near(bars[2].w, per_point * greeting));
    // The yes/no item's whisker is the Wilson interval of 4 yes in 6.
    let wilson = Share::new(4, 6)
        .unwrap()
        .interval(ShareMethod::Wilson, Level::default());
    let whiskers = elements(&doc, "line", "whisker");
    let verification = whiskers
        .iter()
        .find(|w| (bars[3].y..=bars[3].bottom()).contains(&num(**w, "y1")))
        .expect("the yes/no item has a whisker");
    assert!(near(
        num(*verification, "x1"),
        track.x + per_point * wilson.lower()
    ));
    assert!(near(
        num(*verification, "x2"),
        track.x + per_point * wilson.upper()
    ));
    // The overall score's whisker is the summary's own t interval.
    let t = summary.mean_interval(Level::default()).unwrap();
    assert!(near(
        num(whiskers[0], "x1"),
        track.x + per_point * t.lower()
    ));
    // Rating items have the t interval of their mean over their answers.
    assert_eq!(whiskers.len(), 5);
    let greeting_t = summary.item_interval("greeting", Level::default()).unwrap();
    let on_greeting = whiskers
        .iter()
        .find(|w| (bars[2].y..=bars[2].bottom()).contains(&num(**w, "y1")))
        .expect("the rating item has a whisker");
    assert!(near(
        num(*on_greeting, "x1"),
        track.x + per_point * greeting_t.lower()
    ));
    assert!(near(
        num(*on_greeting, "x2"),
        track.x + per_point * greeting_t.upper()
    ));
    assert!(!has_text(&doc, "no interval where an item"));
    // N/A counts, critical marks and failures.
    assert!(has_text(&doc, "n 4 \u{b7} 2 n/a"));
    assert_eq!(label(&labels, "critical, 2 failed").class, "warning");
    assert!(has_text(&doc, "2 reviews failed one"));
    // The long item name wraps, with the full name as its tooltip.
    let tooltips = tooltips(&doc);
    assert!(tooltips.contains(&"Identity verification before anything about the account"));
}

/// The call form with a bonus item and an item kept for reporting only.
fn call_form_with_extras() -> Form {
    Form::builder("call_review", 1)
        .baseline(Score::new(60.0).unwrap())
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .item(
            Item::yes_no("verification")
                .unwrap()
                .with_critical(Score::MAX),
        )
        .item(
            Item::yes_no("above_and_beyond")
                .unwrap()
                .try_with_points(5.0)
                .unwrap()
                .with_role(ItemRole::Bonus),
        )
        .item(
            Item::yes_no("callback_offered")
                .unwrap()
                .with_role(ItemRole::NotScored),
        )
        .critical_rule(CriticalRule::ScoreZero)
        .build()
        .unwrap()
}

/// A summary of `form` over reviews of `(greeting, verified)`, each with a yes to the other
/// items.
fn summary_of(form: &Form, reviews: &[(i32, bool)]) -> FormSummary {
    let mut summary = FormSummary::new(form);
    for &(greeting, verified) in reviews {
        let verified = if verified { Answer::Yes } else { Answer::No };
        let mut answers = vec![Answer::Rating(greeting), verified];
        answers.resize(form.items().len(), Answer::Yes);
        let answers = Answers::from(answers);
        summary.add(&answers.evaluate(form).unwrap()).unwrap();
    }
    summary
}

/// Every label right of the tracks whose middle lies within a row of a track is level with
/// the nearest track: the row's value, counts and notes are written on its line.
fn assert_row_texts_level(doc: &Document) {
    let tracks = rects(doc, "track");
    let right = tracks.iter().map(Rect::right).fold(0.0, f64::max);
    for l in labels(doc).iter().filter(|l| l.x > right) {
        let nearest = tracks
            .iter()
            .map(|t| (middle(l) - (t.y + t.h / 2.0)).abs())
            .fold(f64::INFINITY, f64::min);
        assert!(
            !(1.5..=14.0).contains(&nearest),
            "{l:?} is {nearest} pixels off its row"
        );
    }
}

#[test]
fn a_form_summary_follows_its_options_and_lays_each_row_out_level_with_its_name() {
    let form = call_form_with_extras();
    let summary = summary_of(&form, &[(4, true), (5, true), (3, false), (2, true)]);
    let level = Level::new(0.9).unwrap();
    let options = FormSummaryOptions::default()
        .with_title("Calls, week 12")
        .with_level(level)
        .with_share_method(ShareMethod::WilsonCorrected);
    let svg = form_summary(&form, &summary, &options);
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let labels = labels(&doc);
    assert_eq!(label(&labels, "Calls, week 12").class, "title");
    // The yes/no item's whisker is the corrected Wilson interval at 90%.
    let bars = rects(&doc, "bar");
    let track = rects(&doc, "track")[0];
    let per_point = track.w / 100.0;
    let names = ["Overall score", "Pass rate", "greeting", "verification"];
    let verification = bars[3];
    let corrected = Share::new(3, 4)
        .unwrap()
        .interval(ShareMethod::WilsonCorrected, level);
    let whisker = whisker_on(&doc, &verification).unwrap();
    assert!(near(
        num(whisker, "x1"),
        track.x + per_point * corrected.lower()
    ));
    let footer = footer_text(&doc);
    assert!(footer.contains("whiskers: 90% intervals"), "{footer}");
    assert!(footer.contains("Wilson with continuity correction for the pass rate"));
    // The bonus item is named so; the recorded item is not drawn, and the notes count it.
    assert_eq!(bars.len(), 5);
    assert!(has_text(&doc, "above_and_beyond (bonus)"));
    assert!(!has_text(&doc, "callback_offered"));
    assert!(footer.contains("not drawn: 1 item kept for reporting only"));
    assert!(!footer.contains("n/a:"), "nothing was N/A");
    assert_eq!(labels.iter().filter(|l| l.text == "n 4").count(), 4);
    assert!(!footer.contains("no interval where"));
    // Whole-review rows in bold, items not; one rule between them.
    for (name, bold) in names.iter().zip([true, true, false, false]) {
        assert_eq!(label(&labels, name).bold, bold, "{name}");
    }
    let rules = elements(&doc, "line", "rule");
    assert_eq!(rules.len(), 1);
    let ((rule_start, rule_y), (rule_end, _)) = ends(rules[0]);
    assert!(bars[1].bottom() < rule_y && rule_y < bars[2].y);
    let width = num(doc.root_element(), "width");
    assert!(
        near(rule_start, 10.0) && near(rule_end, width - 10.0),
        "across the chart"
    );
    assert_row_texts_level(&doc);
    // Each bar, its whisker and its value sit level with its name, rows in order.
    let values: Vec<&Label> = labels.iter().filter(|l| l.class == "value").collect();
    assert_eq!(values.len(), bars.len());
    for ((name, bar), value) in names.iter().zip(&bars).zip(&values) {
        let centre = bar.y + bar.h / 2.0;
        assert!(
            (middle(label(&labels, name)) - centre).abs() < 1.5,
            "{name}"
        );
        assert!((middle(value) - centre).abs() < 1.5, "{value:?}");
        assert!(value.x > track.right(), "{value:?} right of the track");
    }
    for (bar, track) in bars.iter().zip(rects(&doc, "track")) {
        assert!(near(bar.y, track.y) && near(bar.h, track.h));
        assert!(bar.h > 10.0);
    }
    for pair in bars.windows(2) {
        assert!(pair[0].bottom() < pair[1].y, "rows in order, apart");
    }
    // The column headings stand above the first row.
    for heading in ["answers", "critical failures"] {
        let l = label(&labels, heading);
        assert!(l.y < track.y - 2.0, "{l:?}");
        assert!(l.y > 40.0, "{l:?} below the legend");
    }
    // The axis closes the rows, its title under its ticks, then the notes.
    let ((_, axis_y), _) = ends(elements(&doc, "line", "axis-line")[0]);
    let last = bars[bars.len() - 1];
    let row = bars[1].y - bars[0].y;
    assert!(axis_y >= last.y + last.h / 2.0 + row / 2.0 && axis_y < last.bottom() + 14.0);
    let options = FormSummaryOptions::default();
    assert_eq!(options.level(), Level::default());
    assert_eq!(options.title(), None);
}

#[test]
fn a_form_summary_counts_critical_failures_in_words_that_fit_the_count() {
    let form = call_form_with_extras();
    for (reviews, failed) in [
        (&[(4, true), (5, false), (3, true)][..], 1),
        (&[(4, true), (5, true)][..], 0),
        (&[(4, false), (5, false), (3, true)][..], 2),
    ] {
        let summary = summary_of(&form, reviews);
        let svg = form_summary(&form, &summary, &FormSummaryOptions::default());
        let doc = assert_sound(&svg);
        let labels = labels(&doc);
        let overall = label(
            &labels,
            &match failed {
                1 => "1 review failed one".to_owned(),
                n => format!("{n} reviews failed one"),
            },
        );
        let item = label(&labels, &format!("critical, {failed} failed"));
        // The whole reviews' count on the overall row, the item's beside its name.
        assert!((middle(overall) - middle(label(&labels, "Overall score"))).abs() < 1.5);
        assert!((middle(item) - middle(label(&labels, "verification"))).abs() < 1.5);
        assert_row_texts_level(&doc);
        let class = if failed > 0 { "warning" } else { "note" };
        assert_eq!(overall.class, class);
        assert_eq!(item.class, class);
        // The critical mark stands just left of its words, level with them.
        let diamond = elements(&doc, "polygon", "point");
        let marks: Vec<(f64, f64)> = diamond
            .iter()
            .map(|d| {
                let points = parse_points(d.attribute("points").unwrap());
                let n = points.len() as f64;
                (
                    points.iter().map(|p| p.0).sum::<f64>() / n,
                    points.iter().map(|p| p.1).sum::<f64>() / n,
                )
            })
            .filter(|m| (m.1 - middle(item)).abs() < 1.5)
            .collect();
        assert_eq!(marks.len(), 1, "one diamond beside {item:?}");
        assert!(marks[0].0 < item.x && item.x - marks[0].0 < 12.0);
        assert!(overall.x < marks[0].0);
    }
}

/// The whisker drawn across `bar`, if any.
fn whisker_on<'a, 'i>(doc: &'a Document<'i>, bar: &Rect) -> Option<Node<'a, 'i>> {
    elements(doc, "line", "whisker")
        .into_iter()
        .find(|w| (bar.y..=bar.bottom()).contains(&num(*w, "y1")))
}

#[test]
fn a_yes_no_item_has_its_share_interval_only_when_its_sum_counts_whole_yeses() {
    let form = call_form();
    // Every review verified: 6 yes of 6 has an interval too.
    let mut all = FormSummary::new(&form);
    for _ in 0..6 {
        let answers = Answers::from(vec![Answer::Rating(4), Answer::Yes, Answer::Rating(4)]);
        all.add(&answers.evaluate(&form).unwrap()).unwrap();
    }
    let svg = form_summary(&form, &all, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    let bars = rects(&doc, "bar");
    assert!(
        whisker_on(&doc, &bars[3]).is_some(),
        "6 of 6 has an interval"
    );
    // A stored summary whose yes/no sum is not a whole number of yeses (450 over 6 answers)
    // is drawn at its mean, without an interval.
    let json = serde_json::to_string(&call_summary(&form)).unwrap();
    let unit = 2f64.powi(52);
    let edited = json
        .replace(
            r#""sum":400.0,"sum_exact":"1801439850948198400""#,
            &format!(r#""sum":450.0,"sum_exact":"{}""#, (450.0 * unit) as u128),
        )
        .replace(
            r#""sum_of_squares":40000.0,"sum_of_squares_exact":"180143985094819840000""#,
            &format!(
                r#""sum_of_squares":42500.0,"sum_of_squares_exact":"{}""#,
                (42500.0 * unit) as u128
            ),
        );
    assert_ne!(edited, json, "the stored sums are as expected");
    let odd: FormSummary = serde_json::from_str(&edited).unwrap();
    let svg = form_summary(&form, &odd, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    let bars = rects(&doc, "bar");
    let track = rects(&doc, "track")[0];
    assert!(near(bars[3].w, track.w * 0.75));
    assert!(whisker_on(&doc, &bars[3]).is_none());
}

#[test]
fn a_form_summary_of_a_form_that_scores_differently_says_so_in_full() {
    let form = call_form();
    let other = Form::builder("call_review", 1)
        .baseline(Score::new(60.0).unwrap())
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let svg = form_summary(&other, &call_summary(&form), &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    let message = messages(&doc);
    assert_eq!(
        message.join(" "),
        "nothing drawn: the summary is of a form call_review v1 that scores differently from \
         this one"
    );
    assert!(rects(&doc, "bar").is_empty());
    // Another version of the same form is named as such.
    let v2 = Form::builder("call_review", 2)
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let svg = form_summary(&v2, &call_summary(&form), &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    assert!(has_text(
        &doc,
        "the summary is of call_review v1, not of call_review v2"
    ));
    // A message just too long for one line wraps rather than run past the chart's edge (the
    // chart compares forms by how they score, so the two forms score differently).
    let north = Form::builder("call_review_north_one", 1)
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let south = Form::builder("call_review_north_two", 2)
        .item(Item::yes_no("greeting").unwrap())
        .build()
        .unwrap();
    let mut summary = FormSummary::new(&north);
    let answers = Answers::from(vec![Answer::Rating(4)]);
    summary.add(&answers.evaluate(&north).unwrap()).unwrap();
    let svg = form_summary(&south, &summary, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    let message = messages(&doc);
    assert_eq!(message.len(), 2, "{message:?}");
    // An item answered once has no interval, and the notes say why.
    let mut once = FormSummary::new(&form);
    for tone in [Answer::Rating(4), Answer::NotApplicable] {
        let answers = Answers::from(vec![Answer::Rating(4), Answer::Yes, tone]);
        once.add(&answers.evaluate(&form).unwrap()).unwrap();
    }
    let svg = form_summary(&form, &once, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    let footer = footer_text(&doc);
    assert!(footer.contains("no interval where an item has fewer than two answers"));
    assert!(footer.contains("n/a: reviews that answered the item N/A"));
    assert!(!footer.contains("not drawn:"));
}

#[test]
fn a_form_summary_of_nothing_or_of_another_form_says_so() {
    let form = call_form();
    for summary in [FormSummary::new(&form), FormSummary::default()] {
        let svg = form_summary(&form, &summary, &FormSummaryOptions::default());
        let doc = assert_sound(&svg);
        assert!(rects(&doc, "bar").is_empty());
        assert!(has_text(&doc, "nothing scored yet"));
        assert_eq!(
            labels(&doc).iter().filter(|l| l.text == "none").count(),
            form.items().len()
        );
        assert_row_texts_level(&doc);
    }
    let other = Form::builder("chat_review", 2)
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let svg = form_summary(&other, &call_summary(&form), &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    assert!(rects(&doc, "bar").is_empty());
    assert!(has_text(
        &doc,
        "the summary is of call_review v1, not of chat_review v2"
    ));
    // One review: no interval for the overall score, and the chart says why.
    let mut one = FormSummary::new(&form);
    let answers = Answers::from(vec![Answer::Rating(4), Answer::Yes, Answer::Rating(4)]);
    one.add(&answers.evaluate(&form).unwrap()).unwrap();
    let svg = form_summary(&form, &one, &FormSummaryOptions::default());
    let doc = assert_sound(&svg);
    assert!(has_text(&doc, "overall score without an interval"));
    // One answer per rating item: no interval there either, and the note says when.
    assert!(has_text(
        &doc,
        "no interval where an item has fewer than two answers"
    ));
}

// ---- Trends ----

fn moments(n: u64, mean: f64, variance: f64) -> Option<Moments> {
    Some(Moments::new(n, mean, variance).unwrap())
}

#[test]
fn a_trend_marks_the_changes_significant_after_holm_and_only_those() {
    // North jumps (significant even after adjustment); south moves by less, significant on
    // its own but not after Holm's adjustment over the family.
    let north = TrendSeries::new(
        "north",
        [
            moments(40, 60.0, 100.0),
            moments(40, 72.0, 100.0),
            moments(40, 73.0, 100.0),
        ],
    );
    let south = TrendSeries::new(
        "south",
        [
            moments(30, 50.0, 100.0),
            moments(30, 55.5, 100.0),
            moments(30, 56.0, 100.0),
        ],
    );
    let level = Level::default();
    let south_change = compare::means(
        &Moments::new(30, 55.5, 100.0).unwrap(),
        &Moments::new(30, 50.0, 100.0).unwrap(),
        level,
    )
    .unwrap();
    assert!(
        south_change.is_significant(level),
        "the fixture needs a raw p below 0.05"
    );
    let svg = trend(
        &["Sep", "Oct", "Nov"],
        &[north, south],
        &TrendOptions::default(),
    );
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let rings = elements(&doc, "circle", "mark");
    assert_eq!(rings.len(), 1, "only north's jump survives the adjustment");
    let labels = labels(&doc);
    let oct = label(&labels, "Oct");
    assert!(near(num(rings[0], "cx"), oct.x));
    assert!(has_text(&doc, "+12.0"));
    assert!(has_text(&doc, "over 4 comparisons"));
    // Each series: a line, a band and three markers; its name and last value at its end.
    assert_eq!(elements(&doc, "polyline", "series").len(), 2);
    assert_eq!(elements(&doc, "polygon", "band").len(), 2);
    assert!(has_text(&doc, "north 73.0") && has_text(&doc, "south 56.0"));
    // The means sit on the axis' scale: 73 above 56.
    let points: Vec<Node> = doc
        .descendants()
        .filter(|n| class_is(n, "point") && n.has_tag_name("circle"))
        .collect();
    assert_eq!(points.len(), 3);
    assert!(has_axis_with_ticks(&doc));
    // The ring is centred on north's October point.
    let ring = rings[0];
    let north_oct = y_of_mean(&doc, 72.0);
    assert!(
        (num(ring, "cy") - north_oct).abs() < 1.0,
        "the ring is on north's point"
    );
    // Every change was tested and every period scored.
    let footer = footer_text(&doc);
    assert!(!footer.contains("not tested"), "{footer}");
    assert!(!footer.contains("no scores"), "{footer}");
}

/// The height of `value` on a trend's axis, read from its tick labels.
fn y_of_mean(doc: &Document, value: f64) -> f64 {
    let ticks = tick_labels(doc);
    let (first, last) = (ticks[0], ticks[ticks.len() - 1]);
    first.1 + (value - first.0) * (last.1 - first.1) / (last.0 - first.0)
}

/// The centres of the markers drawn as polygons (triangles and diamonds).
fn polygon_centres(doc: &Document) -> Vec<(f64, f64)> {
    elements(doc, "polygon", "point")
        .iter()
        .map(|d| {
            let points = parse_points(d.attribute("points").unwrap());
            let (xs, ys): (Vec<f64>, Vec<f64>) = points.into_iter().unzip();
            let mid = |v: &[f64]| {
                let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (lo + hi) / 2.0
            };
            (mid(&xs), mid(&ys))
        })
        .collect()
}

#[test]
fn a_trend_spaces_its_periods_evenly_puts_each_mean_on_the_scale_and_names_each_series_at_its_end()
{
    // Six series, one per colour; the fourth and fifth end close together.
    let ends = [80.0, 60.0, 70.0, 65.0, 65.5, 75.0];
    let series: Vec<TrendSeries> = ends
        .iter()
        .enumerate()
        .map(|(k, &end)| {
            TrendSeries::new(
                format!("team {k}"),
                [
                    moments(20, 50.0 + 2.0 * k as f64, 100.0),
                    moments(20, 60.0, 100.0),
                    moments(20, end, 100.0),
                ],
            )
        })
        .collect();
    let periods = [
        "January, before the new script",
        "February",
        "March, after the new script",
    ];
    let svg = trend(&periods, &series, &TrendOptions::default());
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    // The scale, from its ticks: the value at a height.
    let ticks = tick_labels(&doc);
    assert!(ticks.len() >= 4, "{ticks:?}");
    for pair in ticks.windows(3) {
        let (a, b) = (pair[1].0 - pair[0].0, pair[2].0 - pair[1].0);
        assert!((a - b).abs() < 1e-9, "evenly stepped: {ticks:?}");
    }
    let y_of = |v: f64| y_of_mean(&doc, v);
    // Periods: evenly spaced, as far from either end of the plot, long names wrapped within
    // their share of the width; the notes below them.
    let ((left, _), (right, _)) = ends_of(&doc, "baseline");
    let xs: Vec<f64> = periods
        .iter()
        .map(|p| {
            labels
                .iter()
                .find(|l| l.class == "period" && p.starts_with(l.text.trim_end_matches('\u{2026}')))
                .unwrap()
                .x
        })
        .collect();
    assert!(near(xs[1] - xs[0], xs[2] - xs[1]));
    assert!(near(xs[0] - left, right - xs[2]) && xs[0] > left);
    let spacing = xs[1] - xs[0];
    let period_labels: Vec<&Label> = labels.iter().filter(|l| l.class == "period").collect();
    assert!(period_labels.len() > periods.len(), "the long names wrap");
    for l in &period_labels {
        let width = l.text.chars().count() as f64 * l.size * 0.6;
        assert!(width <= spacing - 6.0 + 0.01, "{l:?} wider than its share");
    }
    let lowest = period_labels.iter().map(|l| l.y).fold(0.0, f64::max);
    let first_note = labels
        .iter()
        .find(|l| l.text.starts_with("bands:"))
        .unwrap();
    assert!(first_note.y - 0.7 * first_note.size > lowest + 0.15 * 12.0);
    // Every mean at its height, over its period.
    let mut centres = marker_centres(&doc);
    centres.extend(polygon_centres(&doc));
    for s in &series {
        for (period, m) in s.points().iter().enumerate() {
            let mean = m.unwrap().mean();
            let found = centres
                .iter()
                .any(|&(x, y)| near(x, xs[period]) && (y - y_of(mean)).abs() < 1.0);
            assert!(found, "{} at {period}: {mean}", s.name());
        }
    }
    // Each series named at its end, right of the plot, in its colour (darkened where light),
    // level with its last mean unless moved clear of a neighbour.
    let text_colours = [
        "#0072B2", "#A66F00", "#009E73", "#A3467C", "#D55E00", "#1F78B4",
    ];
    for ((s, end), colour) in series.iter().zip(ends).zip(text_colours) {
        let l = label(&labels, &format!("{} {end:.1}", s.name()));
        assert_eq!(l.fill, colour, "{l:?}");
        assert!(l.x > right && l.x - right < 20.0);
        // 65 is pushed below 65.5, and 60 below it in turn; the others are level.
        let pushed = [65.0, 60.0].iter().any(|v: &f64| (end - v).abs() < 1e-9);
        assert_eq!(
            (middle(l) - y_of(end)).abs() < 1.0,
            !pushed,
            "{l:?} at {end}"
        );
        assert!(middle(l) > y_of(end) - 1.0, "never moved up");
    }
    // A dozen periods share the width: each long name wraps within its share.
    let months: Vec<String> = (1..=12)
        .map(|m| format!("Month {m} of the programme"))
        .collect();
    let year = [TrendSeries::new(
        "team",
        (0..12).map(|_| moments(20, 70.0, 100.0)),
    )];
    let svg = trend(&months, &year, &TrendOptions::default());
    let doc = assert_sound(&svg);
    let drawn = self::labels(&doc);
    let first_line = drawn
        .iter()
        .filter(|l| l.class == "period")
        .map(|l| l.y)
        .fold(f64::INFINITY, f64::min);
    let xs: Vec<f64> = drawn
        .iter()
        .filter(|l| l.class == "period" && near(l.y, first_line))
        .map(|l| l.x)
        .collect();
    assert_eq!(xs.len(), 12);
    let spacing = xs[1] - xs[0];
    let ((left, _), (right, _)) = ends_of(&doc, "baseline");
    assert!(near(spacing * 11.0, right - left - 60.0));
    for l in drawn.iter().filter(|l| l.class == "period") {
        let width = l.text.chars().count() as f64 * l.size * 0.6;
        assert!(
            width <= spacing - 6.0 + 0.01 && width > spacing - 6.0 - 8.0,
            "{l:?}"
        );
    }
    // A single period sits in the middle.
    let one = [TrendSeries::new("team", [moments(20, 70.0, 100.0)])];
    let svg = trend(&["May"], &one, &TrendOptions::default());
    let doc = assert_sound(&svg);
    let ((left, _), (right, _)) = ends_of(&doc, "baseline");
    let may = self::labels(&doc)
        .into_iter()
        .find(|l| l.text == "May")
        .unwrap();
    assert!(near(may.x, (left + right) / 2.0));
}

/// The two ends of the first line of a class.
fn ends_of(doc: &Document, class: &str) -> ((f64, f64), (f64, f64)) {
    ends(elements(doc, "line", class)[0])
}

#[test]
fn a_trend_with_gaps_and_bad_input_draws_what_it_can_and_says_the_rest() {
    let series = [
        TrendSeries::new(
            "north",
            [
                moments(40, 70.0, 90.0),
                None,
                moments(1, 74.0, 0.0),
                moments(20, 71.0, 50.0),
            ],
        ),
        TrendSeries::new("night", [None, None, None]),
        TrendSeries::new(
            "huge",
            [moments(3, 1e300, 1e300), moments(3, -1e300, 1e300), None],
        ),
    ];
    let svg = trend(&["a", "b", "c"], &series, &TrendOptions::default());
    let doc = assert_sound(&svg);
    assert!(has_text(&doc, "north has 4 points for 3 periods"));
    // North's runs are a alone and c alone (d is not drawn): no line; huge's a to b is one.
    assert_eq!(elements(&doc, "polyline", "series").len(), 1);
    assert!(has_text(&doc, "no scores: north in b"));
    assert!(has_text(&doc, "night in a"));
    assert!(has_text(
        &doc,
        "no interval (one score, or all the same): north in c"
    ));
    // A fixed range cuts bands that reach past it, and says so.
    let options = TrendOptions::default().try_with_range(0.0, 100.0).unwrap();
    let wide = [TrendSeries::new(
        "tiny",
        [moments(2, 95.0, 200.0), moments(2, 50.0, 200.0)],
    )];
    let svg = trend(&["a", "b"], &wide, &options);
    let doc = assert_sound(&svg);
    assert!(has_text(&doc, "cut at its ends"));
    assert!(!has_text(&doc, "beyond the axis"));
    // One end past the axis is enough to be cut.
    let high = [TrendSeries::new(
        "high",
        [moments(10, 95.0, 100.0), moments(10, 90.0, 100.0)],
    )];
    let svg = trend(&["a", "b"], &high, &options);
    let doc = assert_sound(&svg);
    assert!(has_text(&doc, "cut at its ends"));
    // A mean outside a fixed range is drawn at the axis's end and named, never moved silently.
    let narrow = TrendOptions::default().try_with_range(60.0, 100.0).unwrap();
    let low = [TrendSeries::new(
        "south",
        [moments(5, 55.0, 4.0), moments(5, 70.0, 4.0)],
    )];
    let svg = trend(&["a", "b"], &low, &narrow);
    let doc = assert_sound(&svg);
    assert!(has_text(
        &doc,
        "means beyond the axis, drawn at its end: south a: 55.0"
    ));
    for (periods, series, why) in [
        (vec![], vec![], "no periods"),
        (vec!["a"], vec![], "no series"),
        (
            vec!["a"],
            vec![TrendSeries::new("x", [None])],
            "nothing was scored in any period",
        ),
    ] {
        let svg = trend(&periods, &series, &TrendOptions::default());
        let doc = assert_sound(&svg);
        assert!(has_text(&doc, &format!("nothing to draw: {why}")));
    }
    assert!(
        TrendOptions::default()
            .try_with_range(f64::NAN, 1.0)
            .is_err()
    );
}

#[test]
fn a_trend_follows_its_options_and_counts_what_it_could_not_test() {
    let series = TrendSeries::new(
        "north",
        [
            moments(30, 70.0, 80.0),
            moments(1, 74.0, 0.0),
            moments(25, 72.0, 60.0),
        ],
    );
    assert_eq!(series.name(), "north");
    assert_eq!(series.points().len(), 3);
    assert_eq!(series.points()[1].unwrap().count(), 1);
    let level = Level::new(0.9).unwrap();
    let options = TrendOptions::default()
        .with_title("QA score, north")
        .with_axis_title("mean QA score")
        .with_level(level)
        .try_with_range(60.0, 80.0)
        .unwrap();
    assert_eq!(options.title(), "QA score, north");
    assert_eq!(options.axis_title(), "mean QA score");
    assert_eq!(options.level(), level);
    assert_eq!(options.range(), Some((60.0, 80.0)));
    assert_eq!(TrendOptions::default().range(), None);
    assert_eq!(TrendOptions::default().title(), "Mean score by period");
    assert_eq!(TrendOptions::default().axis_title(), "mean score");
    let svg = trend(&["may", "june", "july"], &[series], &options);
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    assert_eq!(label(&labels, "QA score, north").class, "title");
    assert_eq!(label(&labels, "mean QA score").class, "axis-title");
    // The axis runs over the range given, 60 to 80.
    let ticks: Vec<f64> = tick_labels(&doc).into_iter().map(|t| t.0).collect();
    assert!(
        near(ticks[0], 60.0) && near(ticks[ticks.len() - 1], 80.0),
        "{ticks:?}"
    );
    let footer = footer_text(&doc);
    assert!(
        footer.contains("bands: 90% Student t intervals"),
        "{footer}"
    );
    // Both changes involve June's single score: neither can be tested, and the notes say so.
    assert!(footer.contains("over 0 comparisons"), "{footer}");
    assert!(footer.contains("2 changes not tested"), "{footer}");
    assert!(
        !footer.contains("points for 3 periods"),
        "as many points as periods"
    );
    let one = TrendSeries::new("south", [moments(30, 70.0, 80.0), moments(1, 74.0, 0.0)]);
    let svg = trend(&["may", "june"], &[one], &TrendOptions::default());
    let doc = assert_sound(&svg);
    assert!(footer_text(&doc).contains("1 change not tested"));
    // A range must be finite and rising.
    for (min, max) in [
        (5.0, 5.0),
        (0.0, f64::INFINITY),
        (0.0, f64::NAN),
        (5.0, 1.0),
    ] {
        assert!(
            TrendOptions::default().try_with_range(min, max).is_err(),
            "{min}..{max}"
        );
    }
}

// ---- Shares and NPS per group ----

#[test]
fn shares_by_group_are_sorted_with_wider_whiskers_for_small_groups_and_the_overall_line() {
    let groups = [
        ("small team", Some(Share::new(4, 5).unwrap())),
        ("nobody", None),
        ("big team", Some(Share::new(400, 500).unwrap())),
        ("low", Some(Share::new(30, 60).unwrap())),
    ];
    let svg = shares_by_group(&groups, &GroupOptions::default());
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let labels = labels(&doc);
    // Sorted from the highest, the empty group last; ties keep their order.
    let names: Vec<&str> = labels
        .iter()
        .filter(|l| l.class == "name")
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(names, ["small team", "big team", "low", "nobody"]);
    let bars = rects(&doc, "bar");
    assert_eq!(bars.len(), 3);
    assert!(near(bars[0].w, bars[1].w) && bars[1].w > bars[2].w);
    let whiskers: Vec<f64> = elements(&doc, "line", "whisker")
        .into_iter()
        .map(|w| num(w, "x2") - num(w, "x1"))
        .collect();
    assert!(
        whiskers[0] > 3.0 * whiskers[1],
        "the group of 5 is visibly wider: {whiskers:?}"
    );
    assert!(has_text(&doc, "no answers"));
    // The overall line at the pooled share, 434 of 565.
    let overall = elements(&doc, "line", "overall")[0];
    let track = rects(&doc, "track")[0];
    let pooled = 100.0 * 434.0 / 565.0;
    assert!(near(num(overall, "x1"), track.x + track.w * pooled / 100.0));
    assert!(has_text(&doc, "all: 77% (n 565)"));
    // In the order given, on request.
    let doc = parse_owned(shares_by_group(
        &groups,
        &GroupOptions::default().with_given_order(),
    ));
    let first = labels_of(&doc)
        .into_iter()
        .find(|l| l.class == "name")
        .unwrap();
    assert_eq!(first.text, "small team");
    // No groups at all.
    let none: [(&str, Option<Share>); 0] = [];
    let svg = shares_by_group(&none, &GroupOptions::default());
    let doc = assert_sound(&svg);
    assert!(has_text(&doc, "nothing to draw: no groups"));
}

#[test]
fn group_charts_follow_their_options_and_keep_each_group_on_its_row() {
    let groups = [
        ("small team", Some(Share::new(4, 5).unwrap())),
        ("nobody", None),
        ("big team", Some(Share::new(400, 500).unwrap())),
        ("low", Some(Share::new(30, 60).unwrap())),
    ];
    let level = Level::new(0.9).unwrap();
    let options = GroupOptions::default()
        .with_title("CSAT by team")
        .with_axis_title("satisfied (%)")
        .with_level(level)
        .with_share_method(ShareMethod::WilsonCorrected)
        .with_given_order();
    assert_eq!(options.title(), Some("CSAT by team"));
    assert_eq!(options.axis_title(), Some("satisfied (%)"));
    assert_eq!(options.level(), level);
    assert_eq!(options.share_method(), ShareMethod::WilsonCorrected);
    assert!(!options.sorted() && GroupOptions::default().sorted());
    assert_eq!(GroupOptions::default().title(), None);
    assert_eq!(GroupOptions::default().axis_title(), None);
    let svg = shares_by_group(&groups, &options);
    let doc = assert_sound(&svg);
    assert_row_texts_level(&doc);
    let labels = labels(&doc);
    assert_eq!(label(&labels, "CSAT by team").class, "title");
    assert_eq!(label(&labels, "satisfied (%)").class, "axis-title");
    let names: Vec<&str> = labels
        .iter()
        .filter(|l| l.class == "name")
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(names, ["small team", "nobody", "big team", "low"]);
    for (name, track) in names.iter().zip(rects(&doc, "track")) {
        let l = label(&labels, name);
        assert!((middle(l) - (track.y + track.h / 2.0)).abs() < 1.5, "{l:?}");
    }
    // The band of all groups spans their pooled interval, over every row.
    let pooled = Share::new(434, 565)
        .unwrap()
        .interval(ShareMethod::WilsonCorrected, level);
    let band = rects(&doc, "overall-band")[0];
    let tracks = rects(&doc, "track");
    let t = tracks[0];
    assert!(near(band.x, t.x + t.w * pooled.lower() / 100.0));
    assert!(near(band.right(), t.x + t.w * pooled.upper() / 100.0));
    assert!(band.y <= t.y && band.bottom() >= tracks[tracks.len() - 1].bottom());
    // The big team's whisker and bounds are its corrected Wilson interval at 90%.
    let interval = Share::new(400, 500)
        .unwrap()
        .interval(ShareMethod::WilsonCorrected, level);
    let track = rects(&doc, "track")[0];
    let at = |v: f64| track.x + track.w * v / 100.0;
    let big = rects(&doc, "bar")[1];
    let whisker = whisker_on(&doc, &big).unwrap();
    assert!(near(num(whisker, "x1"), at(interval.lower())));
    assert!(near(num(whisker, "x2"), at(interval.upper())));
    let bounds = format!("[{:.0}%, {:.0}%]", interval.lower(), interval.upper());
    let bounds = label(&labels, &bounds);
    assert!((middle(bounds) - (big.y + big.h / 2.0)).abs() < 1.5);
    assert!(
        footer_text(&doc).contains("whiskers: 90% Wilson with continuity correction intervals")
    );
    // The axis closes the rows; the line of all groups runs from above the first to it.
    let tracks = rects(&doc, "track");
    let last = tracks[tracks.len() - 1];
    let row = tracks[1].y - tracks[0].y;
    let ((_, axis_y), _) = ends(elements(&doc, "line", "axis-line")[0]);
    assert!(axis_y >= last.y + last.h / 2.0 + row / 2.0 && axis_y < last.bottom() + row);
    let ((_, line_top), (_, line_bottom)) = ends(elements(&doc, "line", "overall")[0]);
    assert!(line_top < tracks[0].y && near(line_bottom, axis_y));
    let overall = labels.iter().find(|l| l.class == "overall-label").unwrap();
    assert!(overall.y < line_top && line_top - overall.y < 8.0);
    // At either end of the scale, the label of all groups stays over the tracks; a long
    // group name is cut to fit left of them.
    let long = "Customer-care-north-and-east-weekend-evening-team";
    for count in [0, 9] {
        let full = [(long, Some(Share::new(count, 9).unwrap()))];
        let svg = shares_by_group(&full, &GroupOptions::default());
        let doc = assert_sound(&svg);
        let labels = self::labels(&doc);
        let overall = labels.iter().find(|l| l.class == "overall-label").unwrap();
        let (from, to, _, _) = label_box(overall);
        let track = rects(&doc, "track")[0];
        assert!(from >= track.x && to <= track.right(), "{overall:?}");
    }
    // NPS options: the Wald interval names only the groups it cannot give one for; a group
    // with no answers is counted apart.
    let groups = [
        ("promoters only", Nps::from_answers([9, 10]).unwrap()),
        ("empty", Nps::new()),
        ("mixed", Nps::from_answers([0, 3, 5, 9, 6, 2, 8]).unwrap()),
    ];
    let wald = GroupOptions::default().with_nps_method(NpsMethod::Wald);
    assert_eq!(wald.nps_method(), NpsMethod::Wald);
    let svg = nps_by_group(&groups, &wald);
    let doc = assert_sound(&svg);
    assert_row_texts_level(&doc);
    let labels = self::labels(&doc);
    label(
        &labels,
        "no interval (every answer in one category): promoters only",
    );
    label(&labels, "no answers: empty");
    assert!(footer_text(&doc).contains("95% Wald intervals"));
}

/// A parsed chart that owns its text.
struct Owned(String);

fn parse_owned(svg: String) -> Owned {
    parse(&svg);
    Owned(svg)
}

fn labels_of(owned: &Owned) -> Vec<Label> {
    labels(&parse(&owned.0))
}

#[test]
fn nps_by_group_draws_negative_scores_left_of_zero_and_says_when_an_interval_is_undefined() {
    let groups = [
        ("promoters only", Nps::from_answers([9, 10]).unwrap()),
        ("unhappy", Nps::from_answers([0, 3, 5, 9, 6, 2, 8]).unwrap()),
        ("empty", Nps::new()),
    ];
    let svg = nps_by_group(&groups, &GroupOptions::default());
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let bars = rects(&doc, "bar");
    let track = rects(&doc, "track")[0];
    let zero = track.x + track.w / 2.0;
    assert!(near(bars[0].x, zero) && near(bars[0].right(), track.right()));
    assert!(near(bars[1].right(), zero) && bars[1].x < zero);
    assert!(has_text(&doc, "+100") && has_text(&doc, "\u{2212}57"));
    // The Wald interval does not exist for a group all in one category: the chart says so.
    let wald = GroupOptions::default().with_nps_method(NpsMethod::Wald);
    let svg = nps_by_group(&groups, &wald);
    let doc = assert_sound(&svg);
    assert!(has_text(
        &doc,
        "no interval (every answer in one category): promoters only"
    ));
    assert!(has_text(&doc, "no answers: empty"));
}

// ---- Calibration ----

fn session() -> Calibration {
    let mut session = Calibration::new();
    for (call, lead, ana, ben) in [
        ("c1", 1.0, 1.0, 1.0),
        ("c2", 1.0, 1.0, 0.0),
        ("c3", 0.0, 0.0, 0.0),
        ("c4", 1.0, 1.0, 1.0),
        ("c5", 0.0, 1.0, 0.0),
        ("c6", 1.0, 1.0, 1.0),
    ] {
        for (reviewer, answer) in [("lead", lead), ("ana", ana), ("ben", ben)] {
            session
                .add(call, "verification", reviewer, Some(answer))
                .unwrap();
            // Everyone says yes to disclosure: kappa is undefined there.
            session
                .add(call, "disclosure", reviewer, Some(1.0))
                .unwrap();
            let tone = if reviewer == "ben" {
                lead + 0.0
            } else {
                1.0 - lead
            };
            session.add(call, "tone", reviewer, Some(tone)).unwrap();
        }
    }
    session
}

#[test]
fn agreement_by_item_draws_kappa_and_ac1_against_the_threshold() {
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = session().evaluate(&options).unwrap();
    let chart = CalibrationChartOptions::default()
        .try_with_threshold(0.7)
        .unwrap();
    let svg = agreement_by_item(&report, &chart);
    let doc = assert_sound(&svg);
    assert_whiskers_contain_their_bar(&doc);
    let labels = labels(&doc);
    // The threshold line at 0.7 on the axis, between the ticks of 0.6 and 0.8.
    let threshold = elements(&doc, "line", "threshold")[0];
    let x = num(threshold, "x1");
    let (six, eight) = (label(&labels, "0.6").x, label(&labels, "0.8").x);
    assert!(
        near(x, (six + eight) / 2.0),
        "{x} between {six} and {eight}"
    );
    assert!(has_text(&doc, "accept \u{2265} 0.70"));
    // Each coefficient at its value, in bold where it is the one to read.
    for item in report.items() {
        if let Some(kappa) = item.kappa().kappa() {
            let text = format!("kappa {:.2}", kappa.value());
            let l = label(&labels, &text);
            assert_eq!(
                l.bold,
                item.coefficient_to_read() == service_quality::reliability::Coefficient::Conger
            );
        }
    }
    assert!(has_text(
        &doc,
        "kappa on disclosure (every compared answer the same)"
    ));
    // Tone: the reviewers mostly disagree with the lead, below the threshold.
    assert!(has_text(&doc, "below the threshold: recalibrate"));
    assert!(
        CalibrationChartOptions::default()
            .try_with_threshold(f64::NAN)
            .is_err()
    );
}

/// The notes under a chart as one text, wrapped lines joined again.
fn footer_text(doc: &Document) -> String {
    labels(doc)
        .into_iter()
        .filter(|l| l.class == "note")
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The label whose text is one of `texts`, in document order.
fn labels_among<'l>(labels: &'l [Label], texts: &[&str]) -> Vec<&'l Label> {
    labels
        .iter()
        .filter(|l| texts.contains(&l.text.as_str()))
        .collect()
}

/// The vertical centre of a label's first line.
fn middle(l: &Label) -> f64 {
    l.y - 0.35 * l.size
}

/// Marker centres: circles and the squares drawn as `point` rectangles.
fn marker_centres(doc: &Document) -> Vec<(f64, f64)> {
    let mut centres: Vec<(f64, f64)> = elements(doc, "circle", "point")
        .into_iter()
        .map(|c| (num(c, "cx"), num(c, "cy")))
        .collect();
    centres.extend(
        rects(doc, "point")
            .iter()
            .map(|r| (r.x + r.w / 2.0, r.y + r.h / 2.0)),
    );
    centres
}

#[test]
fn agreement_by_item_lays_each_item_out_in_its_own_row_on_a_scale_reaching_its_lowest_value() {
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = session().evaluate(&options).unwrap();
    let svg = agreement_by_item(&report, &CalibrationChartOptions::default());
    let doc = assert_sound(&svg);
    let labels = labels(&doc);
    // The scale starts at the multiple of 0.2 at or below the lowest value, lower bound and
    // threshold (and 0).
    let lowest = report
        .items()
        .iter()
        .flat_map(|item| {
            let kappa = item
                .kappa()
                .kappa()
                .map(|k| [k.value(), k.interval().lower()]);
            let ac1 = item
                .ac1()
                .estimate()
                .map(|e| [e.value(), e.interval().map_or(e.value(), |i| i.lower())]);
            kappa.into_iter().chain(ac1).flatten()
        })
        .fold(0.6_f64.min(0.0), f64::min);
    assert!(lowest < -0.2, "the session reaches below -0.2: {lowest}");
    let ticks: Vec<f64> = tick_labels(&doc).into_iter().map(|t| t.0).collect();
    let first = ((lowest / 0.2).floor() * 0.2).max(-1.0);
    assert!((ticks[0] - first).abs() < 1e-9, "{ticks:?} from {lowest}");
    assert!((ticks[ticks.len() - 1] - 1.0).abs() < 1e-9);
    // Each item's name, points, values, agreement and verdict share one row, in order.
    let names: Vec<&Label> = report
        .items()
        .iter()
        .map(|item| label(&labels, item.item()))
        .collect();
    let row = middle(names[1]) - middle(names[0]);
    assert!(row > 30.0);
    let verdicts = labels_among(
        &labels,
        &[
            "meets the threshold",
            "below the threshold: recalibrate",
            "nothing to read",
        ],
    );
    let agreements: Vec<&Label> = labels
        .iter()
        .filter(|l| l.text.contains("pairs agree"))
        .collect();
    assert_eq!(verdicts.len(), names.len());
    assert_eq!(agreements.len(), names.len());
    let in_row = |name: &Label, y: f64| (y - middle(name)).abs() < row / 2.0;
    for ((name, verdict), agreement) in names.iter().zip(&verdicts).zip(&agreements) {
        assert!(in_row(name, middle(verdict)), "{verdict:?} off {name:?}");
        assert!(
            in_row(name, middle(agreement)),
            "{agreement:?} off {name:?}"
        );
        assert!(agreement.y < verdict.y, "agreement first, then the verdict");
    }
    // The legend's markers sit above the rows.
    let markers: Vec<(f64, f64)> = marker_centres(&doc)
        .into_iter()
        .filter(|m| m.1 > middle(names[0]) - row / 2.0)
        .collect();
    assert_eq!(markers.len(), 5, "kappa is missing on one of three items");
    for (_, y) in &markers {
        assert_eq!(names.iter().filter(|n| in_row(n, *y)).count(), 1);
        // Its value is written level with it.
        let value = labels
            .iter()
            .find(|l| l.class == "value" && (middle(l) - y).abs() < 1.5);
        assert!(value.is_some(), "no value level with the marker at {y}");
    }
    // The axis closes the rows, and the threshold runs from above the first row down to it.
    let axis = elements(&doc, "line", "axis-line")[0];
    let ((axis_start, axis_y), (axis_end, _)) = ends(axis);
    let last_marker = markers.iter().map(|m| m.1).fold(0.0, f64::max);
    assert!(axis_y > last_marker + 4.5 && axis_y < last_marker + row / 2.0);
    let last_name = names[names.len() - 1];
    assert!(
        axis_y >= middle(last_name) + row / 2.0,
        "below the last row"
    );
    let ((_, line_top), (_, line_bottom)) = ends(elements(&doc, "line", "threshold")[0]);
    let first_marker = markers.iter().map(|m| m.1).fold(f64::INFINITY, f64::min);
    assert!(near(line_bottom, axis_y));
    assert!(line_top < first_marker - 4.5);
    let threshold_label = label(&labels, "accept \u{2265} 0.60");
    assert!(threshold_label.y < line_top && line_top - threshold_label.y < 8.0);
    // At either end of the scale, the threshold's label stays over the axis.
    for threshold in [-1.0, 1.0] {
        let chart = CalibrationChartOptions::default()
            .try_with_threshold(threshold)
            .unwrap();
        let svg = agreement_by_item(&report, &chart);
        let doc = assert_sound(&svg);
        let drawn = self::labels(&doc);
        let text = format!("accept \u{2265} {threshold:.2}");
        let (from, to, _, _) = label_box(label(&drawn, &text));
        assert!(from >= axis_start && to <= axis_end, "{text}: {from}..{to}");
    }
}

#[test]
fn agreement_by_item_says_why_a_coefficient_is_missing_counts_n_a_and_names_ac2() {
    use service_quality::reliability::ItemWeighting;
    // The lead and one reviewer. Greeting: one call only. Hold: the lead answered N/A, so no
    // pairs. Courtesy: everyone answered 2, one category. The long name wraps.
    let long = "Courtesy-and-warmth-throughout-the-whole-conversation with the customer";
    let mut s = Calibration::new();
    for reviewer in ["lead", "ana"] {
        let lead = reviewer == "lead";
        s.add(
            "c1",
            "greeting",
            reviewer,
            Some(if lead { 1.0 } else { 0.0 }),
        )
        .unwrap();
        for call in ["c1", "c2"] {
            s.add(call, "hold", reviewer, if lead { None } else { Some(1.0) })
                .unwrap();
        }
        for call in ["c2", "c3"] {
            s.add(call, long, reviewer, Some(2.0)).unwrap();
        }
    }
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = s.evaluate(&options).unwrap();
    let svg = agreement_by_item(&report, &CalibrationChartOptions::default());
    let doc = assert_sound(&svg);
    let footer = footer_text(&doc);
    for why in [
        "AC1 on greeting (one call only)",
        "kappa on hold (no pairs)",
        "AC1 on hold (no pairs)",
        &format!("kappa on {long} (every compared answer the same)"),
    ] {
        assert!(footer.contains(why), "{why:?} not in {footer:?}");
    }
    assert!(has_text(&doc, "0% of 1 pair agree"));
    assert!(has_text(&doc, "no pairs compared \u{b7} 2 n/a"));
    assert!(has_text(&doc, "nothing to read"));
    assert!(has_text(&doc, "no AC1"));
    let tooltips = tooltips(&doc);
    assert!(tooltips.contains(&long));
    // Weighted items show AC2; N/A is counted only where there is some.
    let mut s = session();
    s.add("c7", "tone", "lead", Some(2.0)).unwrap();
    s.add("c7", "tone", "ana", Some(2.0)).unwrap();
    s.add("c7", "tone", "ben", None).unwrap();
    let weighted = options.with_item_weighting("tone", ItemWeighting::ORDINAL);
    let report = s.evaluate(&weighted).unwrap();
    let svg = agreement_by_item(&report, &CalibrationChartOptions::default());
    let doc = assert_sound(&svg);
    let tone = report.items().iter().find(|i| i.item() == "tone").unwrap();
    let ac2 = tone.ac1().value().unwrap();
    assert!(has_text(&doc, &format!("AC2 {ac2:.2}")));
    let verification = report.items()[0].ac1().value().unwrap();
    assert!(
        has_text(&doc, &format!("AC1 {verification:.2}")),
        "unweighted items keep AC1"
    );
    assert!(has_text(&doc, "\u{b7} 1 n/a"));
    assert!(!has_text(&doc, "\u{b7} 0 n/a"));
}

#[test]
fn agreement_by_item_judges_each_item_against_the_threshold_it_is_given() {
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = session().evaluate(&options).unwrap();
    let verification = report.items()[0].value_to_read().unwrap();
    // At exactly the item's value, the item meets the threshold; just above, it does not.
    for (threshold, verdict) in [
        (verification, "meets the threshold"),
        (verification + 1e-9, "below the threshold: recalibrate"),
    ] {
        let chart = CalibrationChartOptions::default()
            .try_with_threshold(threshold)
            .unwrap()
            .with_title("Calls, week 12");
        assert_eq!(chart.threshold().to_bits(), threshold.to_bits());
        assert_eq!(chart.title(), "Calls, week 12");
        let svg = agreement_by_item(&report, &chart);
        let doc = assert_sound(&svg);
        let labels = labels(&doc);
        let verdicts = labels_among(
            &labels,
            &[
                "meets the threshold",
                "below the threshold: recalibrate",
                "nothing to read",
            ],
        );
        assert_eq!(verdicts[0].text, verdict);
        assert_eq!(verdicts[0].bold, verdict != "meets the threshold");
        assert_eq!(label(&labels, "Calls, week 12").class, "title");
        for (item, verdict) in report.items().iter().zip(&verdicts) {
            let meets = item.value_to_read().is_some_and(|v| v >= threshold);
            assert_eq!(
                verdict.text == "meets the threshold",
                meets,
                "{}",
                item.item()
            );
        }
    }
    let default = CalibrationChartOptions::default();
    assert_eq!(default.threshold().to_bits(), 0.6_f64.to_bits());
    assert_eq!(default.title(), "Calibration: agreement per item");
}
