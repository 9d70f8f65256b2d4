//! Pareto charts of breakdown triages: the classic vertical chart, and a horizontal one for a
//! team's own, often long and many, cause labels.

use super::kit::{
    Anchor, Axis, BLUE, INK, Linear, Marker, ORANGE, SKY, Style, Svg, Swatch, TRACK, VERMILLION,
    fixed, legend, nice_domain, nice_step, notes, notes_under,
};
use crate::breakdown::{CauseList, Triage};
use crate::scoring::{Error, Result};

/// The notes under a Pareto chart: where to start, what the shares rest on, and the breakdowns
/// counted apart.
fn footer<L: CauseList>(triage: &Triage<L>, unit: Option<&str>) -> Vec<String> {
    let causes = triage.ranking().causes();
    let mut lines = vec![format!(
        "start with {}",
        causes.name(triage.where_to_start())
    )];
    let n = triage.attributed();
    lines.push(match unit {
        Some(unit) => format!("{n} {unit} in all"),
        None if n == 1 => "shares of 1 breakdown".to_owned(),
        None => format!("shares of {n} breakdowns"),
    });
    if triage.unattributed() > 0 {
        lines.push(format!(
            "{} rated 1 on every cause, counted apart",
            match triage.unattributed() {
                1 => "1 breakdown".to_owned(),
                k => format!("{k} breakdowns"),
            }
        ));
    }
    lines
}

/// A Pareto chart of a breakdown triage, over the built-in causes or a cause set: bars by
/// share, largest first, on a left axis in percent; the cumulative share as a line on a right
/// axis of its own; and the vital-few threshold as a dashed line. The vital few are drawn in a
/// darker shade than the rest. Each bar states its share, and cause names wrap under their bar
/// (shortened beyond two lines, with the full name in a tooltip). Breakdowns counted apart
/// (rated 1 on every cause) are noted under the chart.
///
/// For many causes or long labels, [`root_cause_pareto`] lays the same triage out in rows.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, Breakdown, TriagePolicy};
/// use service_quality::charts::pareto;
///
/// let month: Aggregate = [Breakdown::new([8, 6, 2, 3, 1])?, Breakdown::new([2, 2, 2, 9, 5])?]
///     .iter()
///     .collect();
/// let svg = pareto(&month.evaluate(&TriagePolicy::default())?);
/// assert!(svg.contains(">cumulative (%)</text>"));
/// assert!(svg.contains(">start with Product</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn pareto<L: CauseList>(triage: &Triage<L>) -> String {
    let (left, top, bottom, step) = (64.0, 76.0, 276.0, 100.0);
    let ranking = triage.ranking();
    let causes = ranking.causes();
    let right = left + step * ranking.len() as f64;
    let mut svg = Svg::new((right + 64.0).max(480.0));
    legend(
        &mut svg,
        left,
        40.0,
        &[
            (Swatch::Bar, BLUE, "vital few"),
            (Swatch::Bar, SKY, "the rest"),
            (Swatch::Line(""), ORANGE, "cumulative share"),
        ],
    );
    let scale = Linear::new((0.0, 100.0), (bottom, top));
    let axis = Axis {
        scale,
        step: 20.0,
        suffix: "",
        title: "share (%)",
    };
    axis.left(&mut svg, left, Some(right));
    Axis {
        title: "cumulative (%)",
        ..axis
    }
    .right(&mut svg, right);
    let vital = triage.vital_few().len();
    let mut points = Vec::new();
    let mut below = bottom + 16.0;
    for (i, (cause, share, cumulative)) in ranking.cumulative().enumerate() {
        let x = left + step * i as f64 + 10.0;
        let centre = x + (step - 20.0) / 2.0;
        let fill = if i < vital { BLUE } else { SKY };
        let (share, cumulative) = (100.0 * share, 100.0 * cumulative);
        svg.rect(
            x,
            scale.at(share),
            step - 20.0,
            bottom - scale.at(share),
            fill,
            "bar",
        );
        // The share inside the bar's top when it fits (the cumulative line starts at the first
        // bar's top), above it otherwise.
        let height = bottom - scale.at(share);
        let (y, fill) = if height >= 22.0 {
            (
                scale.at(share) + 16.0,
                if i < vital { "white" } else { INK },
            )
        } else {
            (scale.at(share) - 5.0, INK)
        };
        let style = Style {
            fill,
            ..Style::VALUE
        };
        svg.text(
            centre,
            y,
            Anchor::Middle,
            style,
            &format!("{}%", fixed(share, 0)),
        );
        let lines = svg.label(
            centre,
            bottom + 16.0,
            Anchor::Middle,
            Style::NORMAL.class("name"),
            causes.name(cause),
            step - 8.0,
            2,
        );
        below = below.max(bottom + 16.0 + 13.0 * lines as f64);
        points.push((centre, scale.at(cumulative)));
    }
    svg.line((left, bottom), (right, bottom), INK, 1.0, "", "baseline");
    svg.polyline(&points, ORANGE, "");
    for &(x, y) in &points {
        svg.marker(Marker::Circle, x, y, 7.0, ORANGE);
    }
    let threshold = 100.0 * triage.threshold().get();
    let y = scale.at(threshold);
    svg.line((left, y), (right, y), VERMILLION, 1.5, "5 4", "threshold");
    svg.text(
        left + 4.0,
        y - 5.0,
        Anchor::Start,
        Style::WARNING,
        &format!("{}% threshold", fixed(threshold, 0)),
    );
    let end = notes(&mut svg, below + 10.0, &footer(triage, None));
    svg.finish("Breakdown causes (Pareto)", end + 4.0)
}

/// The options of [`root_cause_pareto`]: the title, whether the shares are counts (and of
/// what), and how many rows to draw before the rest are folded into one.
///
/// # Examples
///
/// ```
/// use service_quality::charts::RootCauseOptions;
///
/// let options = RootCauseOptions::default()
///     .with_title("Complaints in March")
///     .with_counts("complaints")
///     .try_with_max_rows(8)?;
/// assert_eq!(options.unit(), Some("complaints"));
/// assert_eq!(options.max_rows(), 8);
/// assert!(RootCauseOptions::default().try_with_max_rows(1).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RootCauseOptions {
    title: String,
    unit: Option<String>,
    max_rows: usize,
}

impl Default for RootCauseOptions {
    /// Titled "Root causes", shares in percent, at most 12 rows.
    fn default() -> Self {
        RootCauseOptions {
            title: "Root causes".to_owned(),
            unit: None,
            max_rows: 12,
        }
    }
}

impl RootCauseOptions {
    /// The same options with another title.
    #[must_use]
    pub fn with_title(self, title: impl Into<String>) -> Self {
        RootCauseOptions {
            title: title.into(),
            ..self
        }
    }

    /// The same options for shares of plain counts
    /// ([`Attribution::from_counts`](crate::breakdown::Attribution::from_counts),
    /// [`CauseSet::count_shares`](crate::breakdown::CauseSet::count_shares)): each row then
    /// states its count (its share of the total the attribution rests on) and the axis counts
    /// `unit` ("complaints", "tickets"). Leave it out for breakdowns rated on causes, whose
    /// shares are not counts.
    #[must_use]
    pub fn with_counts(self, unit: impl Into<String>) -> Self {
        RootCauseOptions {
            unit: Some(unit.into()),
            ..self
        }
    }

    /// The same options with at most `max_rows` rows: past that, the smallest causes are
    /// folded into one row, "other", after the vital few (which are always drawn one by one).
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `max_rows` is below 2.
    pub fn try_with_max_rows(self, max_rows: usize) -> Result<Self> {
        if max_rows < 2 {
            return Err(Error::IntegerOutOfRange {
                field: "max_rows",
                value: max_rows.to_string(),
                expected: "at least 2",
            });
        }
        Ok(RootCauseOptions { max_rows, ..self })
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the counts count, when the shares are counts.
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    /// The most rows drawn.
    pub const fn max_rows(&self) -> usize {
        self.max_rows
    }
}

/// One row of a root-cause chart: its name, share and cumulative share (both fractions), and
/// whether it is one of the vital few.
struct CauseRow {
    name: String,
    share: f64,
    cumulative: f64,
    vital: bool,
}

/// A Pareto chart of a team's own causes, laid out in rows so that long labels and long lists
/// stay readable: one row per cause, largest first, each with a bar, its share (and its count,
/// for counted causes) and, in a column of its own with its own axis, the cumulative share
/// against the vital-few threshold. Past [`RootCauseOptions::max_rows`] the smallest causes are
/// folded into one "other" row. It takes any triage: of a
/// [`CauseSet`](crate::breakdown::CauseSet) aggregate, of
/// [`Attribution::from_counts`](crate::breakdown::Attribution::from_counts), or of the
/// built-in causes.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Attribution, VitalFewThreshold};
/// use service_quality::charts::{RootCauseOptions, root_cause_pareto};
///
/// let complaints = Attribution::from_counts([
///     ("late delivery", 46), ("wrong item sent", 22), ("charged twice", 28), ("rude staff", 4),
/// ])?;
/// let options = RootCauseOptions::default().with_counts("complaints");
/// let svg = root_cause_pareto(&complaints.evaluate(&VitalFewThreshold::default()), &options);
/// assert!(svg.contains(">46 (46%)</text>"));
/// assert!(svg.contains(">100 complaints in all</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn root_cause_pareto<L: CauseList>(triage: &Triage<L>, options: &RootCauseOptions) -> String {
    let rows = cause_rows(triage, options.max_rows);
    let (top, row) = (62.0, 28.0);
    let (name_end, bar_start, bar_end, value_x) = (250.0, 260.0, 520.0, 528.0);
    let (cum_start, cum_end) = (620.0, 700.0);
    let mut svg = Svg::new(740.0);
    let threshold = 100.0 * triage.threshold().get();
    legend(
        &mut svg,
        bar_start,
        40.0,
        &[
            (
                Swatch::Bar,
                BLUE,
                &format!("vital few (reach {}%)", fixed(threshold, 0)),
            ),
            (Swatch::Bar, SKY, "the rest"),
        ],
    );
    svg.text(
        (cum_start + cum_end) / 2.0,
        top - 6.0,
        Anchor::Middle,
        Style::NOTE,
        "cumulative",
    );
    let total = triage.attributed() as f64;
    let value = |share: f64| match options.unit {
        Some(_) => (share * total).round(),
        None => 100.0 * share,
    };
    let largest = rows.iter().map(|r| value(r.share)).fold(0.0, f64::max);
    let domain = nice_domain(0.0, largest.max(1.0), 4);
    let axis = Axis {
        scale: Linear::new(domain, (bar_start, bar_end)),
        step: nice_step(domain.1 - domain.0, 4),
        suffix: "",
        title: options.unit.as_deref().unwrap_or("share (%)"),
    };
    let axis_y = top + row * rows.len() as f64 + 4.0;
    let below = axis.bottom(&mut svg, axis_y, Some(top));
    let cumulative = Axis {
        scale: Linear::new((0.0, 100.0), (cum_start, cum_end)),
        step: 50.0,
        suffix: "%",
        title: "cumulative share",
    };
    cumulative.bottom(&mut svg, axis_y, None);
    for (i, cause) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let centre = y + row / 2.0;
        svg.label_centred(
            name_end,
            centre,
            Anchor::End,
            Style::NORMAL.class("name"),
            &cause.name,
            name_end - 10.0,
            2,
        );
        let fill = if cause.vital { BLUE } else { SKY };
        let end = axis.scale.at(value(cause.share));
        svg.rect(bar_start, y + 5.0, end - bar_start, row - 10.0, fill, "bar");
        let percent = format!("{}%", fixed(100.0 * cause.share, 0));
        let text = match options.unit {
            Some(_) => format!("{} ({percent})", fixed(value(cause.share), 0)),
            None => percent,
        };
        svg.text(value_x, centre + 4.0, Anchor::Start, Style::VALUE, &text);
        let reached = cumulative.scale.at(100.0 * cause.cumulative);
        svg.rect(
            cum_start,
            y + 8.0,
            cum_end - cum_start,
            row - 16.0,
            TRACK,
            "track",
        );
        svg.rect(
            cum_start,
            y + 8.0,
            reached - cum_start,
            row - 16.0,
            fill,
            "cumulative",
        );
    }
    let x = cumulative.scale.at(threshold);
    svg.line((x, top), (x, axis_y), VERMILLION, 1.5, "4 3", "threshold");
    let end = notes_under(&mut svg, below, &footer(triage, options.unit.as_deref()));
    svg.finish(&options.title, end + 4.0)
}

/// The rows of a root-cause chart: every cause, or the first causes and "other" when there are
/// more than `max_rows` (the vital few always one by one).
fn cause_rows<L: CauseList>(triage: &Triage<L>, max_rows: usize) -> Vec<CauseRow> {
    let ranking = triage.ranking();
    let causes = ranking.causes();
    let vital = triage.vital_few().len();
    let all: Vec<CauseRow> = ranking
        .cumulative()
        .enumerate()
        .map(|(i, (cause, share, cumulative))| CauseRow {
            name: causes.name(cause).to_owned(),
            share,
            cumulative,
            vital: i < vital,
        })
        .collect();
    let kept = (max_rows.max(2) - 1).max(vital);
    if kept + 1 >= all.len() {
        return all;
    }
    let mut rows: Vec<CauseRow> = Vec::with_capacity(kept + 1);
    let mut rest = (0usize, 0.0_f64, 0.0_f64);
    for (i, row) in all.into_iter().enumerate() {
        if i < kept {
            rows.push(row);
        } else {
            rest = (rest.0 + 1, rest.1 + row.share, row.cumulative);
        }
    }
    if rest.0 > 0 {
        rows.push(CauseRow {
            name: format!("other ({} causes)", rest.0),
            share: rest.1,
            cumulative: rest.2,
            vital: false,
        });
    }
    rows
}
