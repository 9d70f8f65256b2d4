//! SVG charts of the crate's results (feature `charts`).
//!
//! Each function returns a standalone SVG document as a string: write it to a file, embed it in
//! HTML, or serve it. The charts are deliberately plain (bars, one line, labels) and hand-written
//! rather than drawn with a plotting crate, which keeps the feature free of dependencies.
//!
//! - [`profile_bars`]: any scorecard (PROUD, V.E.D., boss versus leader) as horizontal bars, 0–100;
//! - [`pareto`]: breakdown causes as bars by share, the cumulative share as a line, and the
//!   vital-few threshold as a dashed line;
//! - [`self_vs_observers`]: a 360 report's self scores beside the observers' means.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::charts::profile_bars;
//! use service_quality::proud::{Assessment, ProudPolicy};
//!
//! let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?
//!     .evaluate(&ProudPolicy::default())?;
//! let svg = profile_bars("PROUD", verdict.scorecard());
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Deliver"));
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt::Write as _;

use crate::breakdown::{CauseList, Triage};
use crate::review::Report;
use crate::scoring::{Dimension, Score, Scorecard};

const FONT: &str = "font-family=\"sans-serif\" font-size=\"12\"";
const BAR: &str = "#4c78a8";
const SECOND: &str = "#f58518";

/// Escapes text for XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document under construction. `write!` into a `String` cannot fail, so its results
/// are ignored.
struct Svg(String);

impl Svg {
    fn new(width: u32, height: u32, title: &str) -> Self {
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title>\
             <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>",
            escape(title)
        );
        let mut svg = Svg(s);
        svg.text(10.0, 20.0, "start", title);
        svg
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.0,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>",
            w.max(0.0),
            h.max(0.0)
        );
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str) {
        let _ = write!(
            self.0,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" {FONT}>{}</text>",
            escape(text)
        );
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, dashed: bool) {
        let dash = if dashed {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let _ = write!(
            self.0,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\"{dash}/>",
            from.0, from.1, to.0, to.1
        );
    }

    fn polyline(&mut self, points: &[(f64, f64)], stroke: &str) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            self.0,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\"/>",
            pts.join(" ")
        );
    }

    fn finish(mut self) -> String {
        self.0.push_str("</svg>");
        self.0
    }
}

/// Horizontal bars of a scorecard's dimension scores (0–100), with the overall score.
pub fn profile_bars<D: Dimension>(title: &str, card: &Scorecard<D>) -> String {
    let rows: Vec<(D, Option<f64>)> = card.scores().map(|(d, s)| (d, s.map(Score::get))).collect();
    let (left, width, row) = (170.0, 300.0, 26.0);
    let height = 50.0 + row * rows.len() as f64 + 30.0;
    let mut svg = Svg::new(520, height as u32, title);
    for (i, (d, score)) in rows.iter().enumerate() {
        let y = 40.0 + row * i as f64;
        svg.text(left - 8.0, y + 15.0, "end", d.name());
        svg.rect(left, y + 3.0, width, row - 8.0, "#eeeeee");
        let label = match score {
            Some(score) => {
                svg.rect(left, y + 3.0, width * score / 100.0, row - 8.0, BAR);
                format!("{score:.0}")
            }
            None => "n/a".to_owned(),
        };
        svg.text(left + width + 6.0, y + 15.0, "start", &label);
    }
    let y = 40.0 + row * rows.len() as f64 + 20.0;
    let summary = match (card.overall(), card.band()) {
        (Some(overall), Some(band)) => format!("overall {:.1} ({})", overall.get(), band.name()),
        (Some(overall), None) => format!("overall {:.1}", overall.get()),
        _ => "nothing to score".to_owned(),
    };
    svg.text(left, y, "start", &summary);
    svg.finish()
}

/// A Pareto chart of a breakdown triage, over the built-in causes or a cause set: bars by
/// share, largest first, the cumulative share as a line, and the vital-few threshold as a dashed
/// line. Breakdowns counted apart (rated 1 on every cause) are noted under the chart.
pub fn pareto<L: CauseList>(triage: &Triage<L>) -> String {
    let (left, bottom, plot_h, step) = (50.0, 260.0, 200.0, 90.0);
    let causes = triage.ranking().causes();
    let right = left + step * triage.ranking().len() as f64;
    let mut svg = Svg::new((right + 20.0) as u32, 320, "Breakdown causes (Pareto)");
    // Axis and the threshold line, both on a 0-100% scale.
    svg.line((left, bottom), (right, bottom), "#333333", false);
    let y_of = |fraction: f64| bottom - plot_h * fraction;
    let threshold = y_of(triage.threshold().get());
    svg.line((left, threshold), (right, threshold), "#999999", true);
    svg.text(
        right,
        threshold - 4.0,
        "end",
        &format!("{:.0}%", 100.0 * triage.threshold().get()),
    );
    let mut points = Vec::new();
    for (i, (cause, share, cumulative)) in triage.ranking().cumulative().enumerate() {
        let x = left + step * i as f64 + 10.0;
        let fill = if i < triage.vital_few().len() {
            BAR
        } else {
            "#9ecae9"
        };
        svg.rect(x, y_of(share), step - 20.0, plot_h * share, fill);
        svg.text(
            x + (step - 20.0) / 2.0,
            bottom + 16.0,
            "middle",
            causes.name(cause),
        );
        svg.text(
            x + (step - 20.0) / 2.0,
            y_of(share) - 4.0,
            "middle",
            &format!("{:.0}%", 100.0 * share),
        );
        points.push((x + (step - 20.0) / 2.0, y_of(cumulative)));
    }
    svg.polyline(&points, SECOND);
    svg.text(
        left,
        bottom + 40.0,
        "start",
        &format!("start with {}", causes.name(triage.where_to_start())),
    );
    if triage.unattributed() > 0 {
        svg.text(
            left,
            bottom + 54.0,
            "start",
            &format!(
                "{} rated 1 on every cause, counted apart",
                match triage.unattributed() {
                    1 => "1 breakdown".to_owned(),
                    n => format!("{n} breakdowns"),
                }
            ),
        );
    }
    svg.finish()
}

/// A 360 report's self score and observers' mean per dimension, as paired bars. When the
/// observers are withheld for anonymity, only the self bars are drawn and the chart says why.
pub fn self_vs_observers<D: Dimension>(report: &Report<D>) -> String {
    let dims: Vec<D> = D::iter().collect();
    let (left, width, row) = (170.0, 300.0, 34.0);
    let height = 60.0 + row * dims.len() as f64 + 30.0;
    let mut svg = Svg::new(540, height as u32, &format!("360 review: {}", D::KIND));
    svg.rect(left, 30.0, 10.0, 10.0, BAR);
    svg.text(left + 14.0, 39.0, "start", "self");
    svg.rect(left + 60.0, 30.0, 10.0, 10.0, SECOND);
    svg.text(left + 74.0, 39.0, "start", "observers");
    let observers = report.observers().shown();
    for (i, d) in dims.iter().enumerate() {
        let y = 50.0 + row * i as f64;
        svg.text(left - 8.0, y + 17.0, "end", d.name());
        let own = report.self_score(*d).get();
        svg.rect(left, y + 4.0, width * own / 100.0, 11.0, BAR);
        if let Some(group) = observers {
            let theirs = group.mean(*d).get();
            svg.rect(left, y + 16.0, width * theirs / 100.0, 11.0, SECOND);
        }
    }
    if observers.is_none() {
        let y = 50.0 + row * dims.len() as f64 + 16.0;
        svg.text(
            left,
            y,
            "start",
            "observer scores withheld to protect anonymity",
        );
    }
    svg.finish()
}
