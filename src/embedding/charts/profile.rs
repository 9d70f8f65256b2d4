//! Scorecards and 360 reports as horizontal bars on a 0–100 scale.

use super::kit::{
    Anchor, Axis, BLUE, Linear, MUTED, ORANGE, SMALL, Style, Svg, Swatch, TRACK, fixed, legend,
    notes_under, signed,
};
use crate::review::Report;
use crate::scoring::{Dimension, Score, Scorecard};

/// The name column's right edge, the 0–100 track's ends, and the column of values after it.
const NAME_END: f64 = 180.0;
const TRACK_START: f64 = 190.0;
const TRACK_END: f64 = 490.0;
const VALUE_X: f64 = 498.0;

/// The 0–100 score axis every profile shares.
fn score_axis() -> Axis<'static> {
    Axis {
        scale: Linear::new((0.0, 100.0), (TRACK_START, TRACK_END)),
        step: 25.0,
        suffix: "",
        title: "score (0\u{2013}100)",
    }
}

/// Horizontal bars of a scorecard's dimension scores on a 0–100 axis, each with its value, and
/// the overall score and band under the axis.
///
/// Long dimension names wrap onto a second line, and are shortened beyond that with the full
/// name in a tooltip. A dimension answered "not applicable" has no bar and reads `n/a`; a
/// scorecard with nothing to score says so.
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::charts::profile_bars;
/// use service_quality::proud::{Assessment, ProudPolicy};
///
/// let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?
///     .evaluate(&ProudPolicy::default())?;
/// let svg = profile_bars("PROUD", verdict.scorecard());
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains(">Deliver</text>"));
/// assert!(svg.contains(">overall 65.0 (needs improvement)</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn profile_bars<D: Dimension>(title: &str, card: &Scorecard<D>) -> String {
    let rows: Vec<(D, Option<f64>)> = card.scores().map(|(d, s)| (d, s.map(Score::get))).collect();
    let (top, row) = (44.0, 28.0);
    let mut svg = Svg::new(560.0);
    let axis = score_axis();
    let axis_y = top + row * rows.len() as f64 + 4.0;
    let below = axis.bottom(&mut svg, axis_y, Some(top));
    for (i, (d, score)) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let centre = y + row / 2.0;
        name(&mut svg, centre, d.name());
        svg.rect(
            TRACK_START,
            y + 5.0,
            TRACK_END - TRACK_START,
            row - 10.0,
            TRACK,
            "track",
        );
        match score {
            Some(score) => {
                let end = axis.scale.at(*score);
                svg.rect(
                    TRACK_START,
                    y + 5.0,
                    end - TRACK_START,
                    row - 10.0,
                    BLUE,
                    "bar",
                );
                svg.text(
                    VALUE_X,
                    centre + 4.0,
                    Anchor::Start,
                    Style::VALUE,
                    &fixed(*score, 0),
                );
            }
            None => svg.text(VALUE_X, centre + 4.0, Anchor::Start, Style::NOTE, "n/a"),
        }
    }
    let summary = match (card.overall(), card.band()) {
        (Some(overall), Some(band)) => format!("overall {:.1} ({})", overall.get(), band.name()),
        (Some(overall), None) => format!("overall {:.1}", overall.get()),
        _ => "nothing to score: all not applicable".to_owned(),
    };
    let y = below + 14.0;
    svg.text(
        TRACK_START,
        y,
        Anchor::Start,
        Style::NORMAL.bold(),
        &summary,
    );
    svg.finish(title, y + 14.0)
}

/// A dimension's name, right-aligned before the track and centred on its row.
fn name(svg: &mut Svg, centre: f64, text: &str) {
    svg.label_centred(
        NAME_END,
        centre,
        Anchor::End,
        Style::NORMAL.class("name"),
        text,
        NAME_END - 10.0,
        2,
    );
}

/// A 360 report's self score beside the observers' mean for each dimension: two bars per row on
/// one 0–100 axis, each with its value, and the gap (self minus observers) with blind spots and
/// hidden strengths named in a column of their own. When the observers are withheld for
/// anonymity, only the self bars are drawn and the chart says why.
///
/// # Examples
///
/// ```
/// use service_quality::charts::self_vs_observers;
/// use service_quality::leadership::Area;
/// use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
/// use service_quality::{Ratings, Scale};
///
/// let r = |v| Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, v);
/// let observers = (0..3)
///     .map(|i| Observer::new(format!("peer-{i}"), RaterRole::Peer, r([2, 4, 4])?))
///     .collect::<Result<Vec<_>, _>>()?;
/// let report = Review::new(r([5, 4, 3])?, observers)?.evaluate(&ReviewPolicy::default());
/// let svg = self_vs_observers(&report);
/// assert!(svg.contains(">+75 blind spot</text>")); // vision: 100 against 25
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn self_vs_observers<D: Dimension>(report: &Report<D>) -> String {
    let dims: Vec<D> = D::iter().collect();
    let (top, row) = (58.0, 40.0);
    let gap_x = 530.0;
    let mut svg = Svg::new(680.0);
    legend(
        &mut svg,
        TRACK_START,
        40.0,
        &[
            (Swatch::Bar, BLUE, "self"),
            (Swatch::Bar, ORANGE, "observers' mean"),
        ],
    );
    svg.text(
        gap_x,
        40.0,
        Anchor::Start,
        Style::NOTE,
        "gap (self \u{2212} others)",
    );
    let axis = score_axis();
    let axis_y = top + row * dims.len() as f64 + 4.0;
    let mut below = axis.bottom(&mut svg, axis_y, Some(top));
    let observers = report.observers().shown();
    let spots: Vec<D> = report.blind_spots().map(|(d, _)| d).collect();
    let strengths: Vec<D> = report.hidden_strengths().map(|(d, _)| d).collect();
    for (i, d) in dims.iter().enumerate() {
        let y = top + row * i as f64;
        name(&mut svg, y + row / 2.0, d.name());
        let own = report.self_score(*d).get();
        bar(&mut svg, y + 5.0, own, BLUE);
        if let Some(group) = observers {
            bar(&mut svg, y + 20.0, group.mean(*d).get(), ORANGE);
        }
        if let Some(gap) = report.gap(*d) {
            let note = if spots.contains(d) {
                " blind spot"
            } else if strengths.contains(d) {
                " hidden strength"
            } else {
                ""
            };
            let style = if note.is_empty() {
                Style::NOTE
            } else {
                Style::WARNING
            };
            let text = format!("{}{note}", signed(gap, 0));
            svg.text(gap_x, y + row / 2.0 + 4.0, Anchor::Start, style, &text);
        }
    }
    if observers.is_none() {
        below = notes_under(
            &mut svg,
            below,
            &["observer scores withheld to protect anonymity".to_owned()],
        );
    }
    svg.finish(&format!("360 review: {}", D::KIND), below + 6.0)
}

/// One of a row's two bars, 15 pixels tall, with its value after the track.
fn bar(svg: &mut Svg, y: f64, score: f64, fill: &str) {
    let end = score_axis().scale.at(score);
    svg.rect(
        TRACK_START,
        y,
        TRACK_END - TRACK_START,
        14.0,
        TRACK,
        "track",
    );
    svg.rect(TRACK_START, y, end - TRACK_START, 14.0, fill, "bar");
    let style = Style {
        size: SMALL,
        fill: MUTED,
        ..Style::VALUE
    };
    svg.text(VALUE_X, y + 11.0, Anchor::Start, style, &fixed(score, 0));
}
