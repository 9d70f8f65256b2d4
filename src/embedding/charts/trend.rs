//! Mean scores period by period, with interval bands and the significant changes marked.

use super::kit::{
    Anchor, Axis, LINE, Linear, SERIES, Style, Svg, Swatch, VERMILLION, fixed, legend, level_text,
    nice_domain, nice_step, notes_under, signed,
};
use crate::metrics::compare::{self, holm};
use crate::metrics::{Interval, Level, Moments};
use crate::scoring::{Error, Result};

/// One team's (or agent's, or channel's) means, one per period: the count, mean and spread of
/// its scores in each period, `None` for a period with nothing scored.
///
/// Every summary in the crate gives its [`Moments`]: [`FormSummary::moments`](crate::form::FormSummary::moments),
/// [`Summary::moments`](crate::Summary::moments) (PROUD and the other models),
/// [`Ces::moments`](crate::metrics::Ces::moments); each fails when nothing was scored, so
/// `.ok()` gives the point.
///
/// # Examples
///
/// ```
/// use service_quality::charts::TrendSeries;
/// use service_quality::metrics::Moments;
///
/// let north = TrendSeries::new("north", [Some(Moments::new(40, 71.5, 90.0)?), None]);
/// assert_eq!(north.name(), "north");
/// assert_eq!(north.points().len(), 2);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSeries {
    name: String,
    points: Vec<Option<Moments>>,
}

impl TrendSeries {
    /// A series named `name` with one point per period, in the periods' order.
    pub fn new(name: impl Into<String>, points: impl IntoIterator<Item = Option<Moments>>) -> Self {
        TrendSeries {
            name: name.into(),
            points: points.into_iter().collect(),
        }
    }

    /// The series' name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The points, one per period.
    pub fn points(&self) -> &[Option<Moments>] {
        &self.points
    }
}

/// The options of [`trend`]: the title, the name of the quantity on the vertical axis, the
/// confidence level of the bands and of the tests, and the axis' range (by default, fitted to
/// the means and their intervals).
///
/// # Examples
///
/// ```
/// use service_quality::charts::TrendOptions;
///
/// let options = TrendOptions::default()
///     .with_title("Quality score by month")
///     .with_axis_title("mean quality score (0-100)")
///     .try_with_range(0.0, 100.0)?;
/// assert_eq!(options.range(), Some((0.0, 100.0)));
/// assert_eq!(
///     TrendOptions::default().try_with_range(5.0, 5.0).unwrap_err().to_string(),
///     "range maximum is 5, expected a finite value above the minimum"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TrendOptions {
    title: String,
    axis_title: String,
    level: Level,
    range: Option<(f64, f64)>,
}

impl Default for TrendOptions {
    /// "Mean score by period", an axis of "mean score" fitted to the data, at 95%.
    fn default() -> Self {
        TrendOptions {
            title: "Mean score by period".to_owned(),
            axis_title: "mean score".to_owned(),
            level: Level::default(),
            range: None,
        }
    }
}

impl TrendOptions {
    /// The same options with another title.
    #[must_use]
    pub fn with_title(self, title: impl Into<String>) -> Self {
        TrendOptions {
            title: title.into(),
            ..self
        }
    }

    /// The same options with another name for the quantity on the vertical axis.
    #[must_use]
    pub fn with_axis_title(self, axis_title: impl Into<String>) -> Self {
        TrendOptions {
            axis_title: axis_title.into(),
            ..self
        }
    }

    /// The same options at another confidence level, for the bands and the tests.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        TrendOptions { level, ..self }
    }

    /// The same options with the vertical axis fixed to `min..=max` (the scale's own range,
    /// say 0 to 100); bands reaching past it are cut at its ends, and the chart says so.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when `min` is not finite, or `max` is not finite and above
    /// `min`.
    pub fn try_with_range(self, min: f64, max: f64) -> Result<Self> {
        if !min.is_finite() {
            return Err(Error::ValueOutOfRange {
                field: "range minimum",
                value: min,
                expected: "a finite value",
            });
        }
        if !(max.is_finite() && max > min) {
            return Err(Error::ValueOutOfRange {
                field: "range maximum",
                value: max,
                expected: "a finite value above the minimum",
            });
        }
        Ok(TrendOptions {
            range: Some((min, max)),
            ..self
        })
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The name of the quantity on the vertical axis.
    pub fn axis_title(&self) -> &str {
        &self.axis_title
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The fixed range of the vertical axis, if any.
    pub const fn range(&self) -> Option<(f64, f64)> {
        self.range
    }
}

/// A point as drawn: its period, mean and interval (when it has one).
#[derive(Debug, Clone, Copy)]
struct Point {
    period: usize,
    mean: f64,
    interval: Option<Interval>,
}

/// One or several series' means period by period: each series a line through its means with a
/// band of their intervals around it, its name and last value at the line's end; and a ring,
/// with the size of the change, on every period whose change from the one before is
/// significant.
///
/// Significance is the crate's own: each change from one period to the next within a series
/// is compared with [`compare::means`] (Welch's t test, the later period first), and the
/// p-values of all the changes drawn are adjusted together with [`holm`], so a chart of many
/// teams and months does not mark changes that chance alone would produce. The bands are each
/// period's [`Moments::interval`] at the same level.
///
/// Series differ by colour, marker and dash, and are named at their ends rather than in a
/// legend. Bad input is drawn, not refused: a period with nothing scored has no point (the
/// line breaks there and the chart lists it), a point with one score or no spread has no band,
/// changes that cannot be tested are counted, points beyond the periods are left out and
/// named, and a chart with no periods or nothing scored says so.
///
/// # Examples
///
/// ```
/// use service_quality::charts::{TrendOptions, TrendSeries, trend};
/// use service_quality::metrics::Moments;
///
/// let north = TrendSeries::new(
///     "north",
///     [Moments::new(40, 64.0, 110.0)?, Moments::new(38, 72.5, 95.0)?].map(Some),
/// );
/// let south = TrendSeries::new("south", [Some(Moments::new(35, 70.0, 120.0)?), None]);
/// let svg = trend(&["October", "November"], &[north, south], &TrendOptions::default());
/// assert!(svg.contains(">+8.5</text>")); // north's change is significant
/// assert!(svg.contains("no scores: south in November"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn trend<P: AsRef<str>>(
    periods: &[P],
    series: &[TrendSeries],
    options: &TrendOptions,
) -> String {
    let level = options.level;
    let n = periods.len();
    let mut lines: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut flat: Vec<String> = Vec::new();
    let drawn: Vec<Vec<Point>> = series
        .iter()
        .map(|s| {
            if s.points.len() > n {
                lines.push(format!(
                    "{} has {} points for {n} periods: the last {} not drawn",
                    s.name,
                    s.points.len(),
                    s.points.len() - n
                ));
            }
            (0..n)
                .filter_map(|period| {
                    let name = periods.get(period).map_or("", AsRef::as_ref);
                    let Some(moments) = s.points.get(period).copied().flatten() else {
                        missing.push(format!("{} in {name}", s.name));
                        return None;
                    };
                    let interval = match moments.interval(level) {
                        Ok(interval) => Some(interval),
                        Err(_) => {
                            flat.push(format!("{} in {name}", s.name));
                            None
                        }
                    };
                    Some(Point {
                        period,
                        mean: moments.mean(),
                        interval,
                    })
                })
                .collect()
        })
        .collect();

    // The changes from one period to the next, tested and adjusted together.
    let mut changes: Vec<(usize, usize, f64, f64)> = Vec::new();
    let mut untested = 0usize;
    for (k, s) in series.iter().enumerate() {
        for period in 1..n {
            let (Some(Some(earlier)), Some(Some(later))) =
                (s.points.get(period - 1), s.points.get(period))
            else {
                continue;
            };
            match compare::means(later, earlier, level) {
                Ok(d) => changes.push((k, period, d.difference(), d.p_value())),
                Err(_) => untested += 1,
            }
        }
    }
    let p_values: Vec<f64> = changes.iter().map(|c| c.3).collect();
    let adjusted = holm(&p_values).unwrap_or_default();
    let significant: Vec<(usize, usize, f64)> = changes
        .iter()
        .zip(&adjusted)
        .filter(|(_, p)| **p < level.alpha())
        .map(|(&(k, period, difference, _), _)| (k, period, difference))
        .collect();

    let (left, right, top, bottom) = (70.0, 560.0, 76.0, 316.0);
    let mut svg = Svg::new(760.0);
    let level_name = level_text(level);
    legend(
        &mut svg,
        left,
        40.0,
        &[
            (
                Swatch::Bar,
                "#B3B3B3",
                &format!("{level_name}% interval of the mean"),
            ),
            (Swatch::Ring, VERMILLION, "significant change (Holm)"),
        ],
    );
    let values = drawn.iter().flatten().flat_map(|p| {
        let (lo, hi) = p
            .interval
            .map_or((p.mean, p.mean), |i| (i.lower(), i.upper()));
        [p.mean, lo, hi]
    });
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    let domain = options.range.unwrap_or_else(|| nice_domain(lo, hi, 5));
    let scale = Linear::new(domain, (bottom, top));
    let axis = Axis {
        scale,
        step: nice_step(scale.domain().1 - scale.domain().0, 5),
        suffix: "",
        title: &options.axis_title,
    };
    let mut below = bottom + 16.0;
    let nothing_drawn = n == 0 || drawn.iter().all(Vec::is_empty);
    if nothing_drawn {
        let message = if n == 0 {
            "nothing to draw: no periods"
        } else if series.is_empty() {
            "nothing to draw: no series"
        } else {
            "nothing to draw: nothing was scored in any period"
        };
        // The message takes the plot's place, just under the legend.
        svg.text(
            left,
            top - 10.0,
            Anchor::Start,
            Style::WARNING.class("message"),
            message,
        );
        below = top;
    } else {
        axis.left(&mut svg, left, Some(right));
        svg.line(
            (left, bottom),
            (right, bottom),
            super::kit::INK,
            1.0,
            "",
            "baseline",
        );
        let x_of = |period: usize| {
            if n == 1 {
                (left + right) / 2.0
            } else {
                left + 30.0 + (right - left - 60.0) * period as f64 / (n - 1) as f64
            }
        };
        let spacing = if n == 1 {
            right - left
        } else {
            (right - left - 60.0) / (n - 1) as f64
        };
        for (period, name) in periods.iter().enumerate() {
            let lines = svg.label(
                x_of(period),
                bottom + 16.0,
                Anchor::Middle,
                Style::NORMAL.class("period"),
                name.as_ref(),
                (spacing - 6.0).clamp(30.0, 140.0),
                2,
            );
            below = below.max(bottom + 16.0 + LINE * lines as f64);
        }
        let mut clipped = false;
        let mut beyond: Vec<String> = Vec::new();
        let mut ends: Vec<(f64, String, &str)> = Vec::new();
        for (k, points) in drawn.iter().enumerate() {
            let (colour, marker, dash) = SERIES.get(k % SERIES.len()).copied().unwrap_or((
                super::kit::BLUE,
                super::kit::Marker::Circle,
                "",
            ));
            for run in points.chunk_by(|a, b| b.period == a.period + 1) {
                for band in run.chunk_by(|a, b| a.interval.is_some() == b.interval.is_some()) {
                    let intervals: Vec<(f64, Interval)> = band
                        .iter()
                        .filter_map(|p| p.interval.map(|i| (x_of(p.period), i)))
                        .collect();
                    clipped |= intervals
                        .iter()
                        .any(|(_, i)| scale.outside(i.lower()) || scale.outside(i.upper()));
                    if let [(x, i)] = intervals.as_slice() {
                        svg.vertical_whisker(*x, scale.at(i.lower()), scale.at(i.upper()), colour);
                    } else if intervals.len() > 1 {
                        let upper = intervals.iter().map(|(x, i)| (*x, scale.at(i.upper())));
                        let lower = intervals
                            .iter()
                            .rev()
                            .map(|(x, i)| (*x, scale.at(i.lower())));
                        let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
                        svg.band(&outline, colour);
                    }
                }
                let line: Vec<(f64, f64)> = run
                    .iter()
                    .map(|p| (x_of(p.period), scale.at(p.mean)))
                    .collect();
                if line.len() > 1 {
                    svg.polyline(&line, colour, dash);
                }
            }
            for p in points {
                svg.marker(marker, x_of(p.period), scale.at(p.mean), 8.0, colour);
                if scale.outside(p.mean) {
                    // Drawn at the axis's end: say so, with the value.
                    let name = series.get(k).map_or("", |s| s.name.as_str());
                    let period = periods.get(p.period).map_or("", AsRef::as_ref);
                    beyond.push(format!("{name} {period}: {}", fixed(p.mean, 1)));
                }
            }
            if let (Some(last), Some(s)) = (points.last(), series.get(k)) {
                let text = format!("{} {}", s.name, fixed(last.mean, 1));
                ends.push((scale.at(last.mean), text, colour));
            }
        }
        for &(k, period, difference) in &significant {
            let point = drawn
                .get(k)
                .and_then(|points| points.iter().find(|p| p.period == period));
            if let Some(p) = point {
                let (x, y) = (x_of(period), scale.at(p.mean));
                svg.ring(x, y, 9.0, VERMILLION, "mark");
                svg.text(
                    x,
                    y - 13.0,
                    Anchor::Middle,
                    Style::WARNING.bold(),
                    &signed(difference, 1),
                );
            }
        }
        // The series' names at the right, in the order of their last values, kept apart.
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut previous = f64::NEG_INFINITY;
        for (y, text, colour) in ends {
            let y = y.max(previous + 14.0);
            previous = y;
            let style = Style {
                fill: colour_text(colour),
                ..Style::VALUE.bold()
            };
            svg.label(right + 10.0, y + 4.0, Anchor::Start, style, &text, 180.0, 1);
        }
        if clipped {
            lines.push("bands reaching past the axis are cut at its ends".to_owned());
        }
        if !beyond.is_empty() {
            lines.push(format!(
                "means beyond the axis, drawn at its end: {}",
                beyond.join("; ")
            ));
        }
    }
    // The key to bands and rings only where some are drawn.
    let mut footer = Vec::new();
    if !nothing_drawn {
        footer.push(format!(
            "bands: {level_name}% Student t intervals of each period's mean"
        ));
        footer.push(format!(
            "rings: a change from the previous period significant at {level_name}% after Holm's \
             adjustment over {} comparison{} (Welch's t test), with its size",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        ));
    }
    if untested > 0 {
        footer.push(format!(
            "{untested} change{} not tested: a period with fewer than two scores, or no spread in \
             either",
            if untested == 1 { "" } else { "s" }
        ));
    }
    if !missing.is_empty() && n > 0 && !series.is_empty() {
        footer.push(format!("no scores: {}", missing.join(", ")));
    }
    if !flat.is_empty() {
        footer.push(format!(
            "no interval (one score, or all the same): {}",
            flat.join(", ")
        ));
    }
    footer.extend(lines);
    let end = notes_under(&mut svg, below, &footer);
    svg.finish(&options.title, end + 4.0)
}

/// A series colour for text: the light ones darkened enough to read on white.
fn colour_text(colour: &'static str) -> &'static str {
    match colour {
        super::kit::ORANGE => "#A66F00",
        super::kit::SKY => "#1F78B4",
        super::kit::PURPLE => "#A3467C",
        _ => colour,
    }
}
