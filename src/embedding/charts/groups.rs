//! NPS, CSAT or any share per group, sorted, with intervals and the line of all groups
//! together.

use super::kit::{
    Anchor, Axis, BLUE, INK, Linear, SMALL, Style, Svg, Swatch, TRACK, fixed, legend, level_text,
    notes_under, share_method_name, signed, text_width,
};
use crate::metrics::{Interval, Level, Nps, NpsMethod, Share, ShareMethod};

/// The options of [`shares_by_group`] and [`nps_by_group`]: the title, the name of the
/// quantity on the axis, the confidence level, the interval methods, and whether the groups
/// are sorted.
///
/// # Examples
///
/// ```
/// use service_quality::charts::GroupOptions;
/// use service_quality::metrics::{NpsMethod, ShareMethod};
///
/// let options = GroupOptions::default()
///     .with_title("CSAT by channel")
///     .with_axis_title("satisfied (%)")
///     .with_share_method(ShareMethod::WilsonCorrected)
///     .with_nps_method(NpsMethod::Wald)
///     .with_given_order();
/// assert_eq!(options.title(), Some("CSAT by channel"));
/// assert!(!options.sorted());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GroupOptions {
    title: Option<String>,
    axis_title: Option<String>,
    level: Level,
    share_method: ShareMethod,
    nps_method: NpsMethod,
    sorted: bool,
}

impl Default for GroupOptions {
    /// The chart's own title and axis title, 95%, the default interval methods (Wilson for
    /// shares, adjusted Wald for NPS), groups sorted from the highest.
    fn default() -> Self {
        GroupOptions {
            title: None,
            axis_title: None,
            level: Level::default(),
            share_method: ShareMethod::default(),
            nps_method: NpsMethod::default(),
            sorted: true,
        }
    }
}

impl GroupOptions {
    /// The same options with a title.
    #[must_use]
    pub fn with_title(self, title: impl Into<String>) -> Self {
        GroupOptions {
            title: Some(title.into()),
            ..self
        }
    }

    /// The same options with a name for the quantity on the axis.
    #[must_use]
    pub fn with_axis_title(self, axis_title: impl Into<String>) -> Self {
        GroupOptions {
            axis_title: Some(axis_title.into()),
            ..self
        }
    }

    /// The same options at another confidence level.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        GroupOptions { level, ..self }
    }

    /// The same options with another interval for shares.
    #[must_use]
    pub fn with_share_method(self, share_method: ShareMethod) -> Self {
        GroupOptions {
            share_method,
            ..self
        }
    }

    /// The same options with another interval for NPS.
    #[must_use]
    pub fn with_nps_method(self, nps_method: NpsMethod) -> Self {
        GroupOptions { nps_method, ..self }
    }

    /// The same options with the groups in the order given rather than sorted.
    #[must_use]
    pub fn with_given_order(self) -> Self {
        GroupOptions {
            sorted: false,
            ..self
        }
    }

    /// The title, when one was given.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The name of the quantity on the axis, when one was given.
    pub fn axis_title(&self) -> Option<&str> {
        self.axis_title.as_deref()
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The interval method for shares.
    pub const fn share_method(&self) -> ShareMethod {
        self.share_method
    }

    /// The interval method for NPS.
    pub const fn nps_method(&self) -> NpsMethod {
        self.nps_method
    }

    /// Whether the groups are sorted from the highest value (the default), groups with no
    /// answers last.
    pub const fn sorted(&self) -> bool {
        self.sorted
    }
}

/// One group as drawn.
struct Group {
    name: String,
    answers: u64,
    estimate: Option<f64>,
    interval: Option<Interval>,
}

/// What the two charts differ in: the domain, step and units of their axis.
struct Measure {
    domain: (f64, f64),
    step: f64,
    /// How a value prints: `83%`, `+25`.
    show: fn(f64) -> String,
    axis_title: &'static str,
    title: &'static str,
    method: &'static str,
}

/// Any share per group (CSAT's satisfied share, a pass rate, the share of reviews with a
/// critical failure): each group a bar on a 0–100% axis with its interval and its value, the
/// groups sorted from the highest, and all groups together as a dashed line over a shaded band
/// of its interval. `None` is a group with no answers: it is listed last and says so.
///
/// The intervals are [`Share::interval`] by the options' method (Wilson's by default), so a
/// group of five has a visibly wider whisker than a group of five hundred, and the number of
/// answers is written beside each group. All groups together pool the counts.
///
/// # Examples
///
/// ```
/// use service_quality::charts::{GroupOptions, shares_by_group};
/// use service_quality::metrics::{Csat, Share};
///
/// let mut phone = Csat::default();
/// for answer in [5, 4, 4, 2, 5, 3, 4, 5] {
///     phone.add(answer)?;
/// }
/// let groups = [
///     ("phone", phone.share().ok()),
///     ("chat", Some(Share::new(3, 4)?)),
///     ("email", None), // nobody answered
/// ];
/// let options = GroupOptions::default().with_title("CSAT by channel");
/// let svg = shares_by_group(&groups, &options);
/// assert!(svg.contains(">75%</text>"));
/// assert!(svg.contains(">no answers</text>"));
/// assert!(svg.contains(">all: 75% (n 12)</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn shares_by_group<S: AsRef<str>>(
    groups: &[(S, Option<Share>)],
    options: &GroupOptions,
) -> String {
    let level = options.level;
    let rows: Vec<Group> = groups
        .iter()
        .map(|(name, share)| Group {
            name: name.as_ref().to_owned(),
            answers: share.map_or(0, |s| s.of()),
            estimate: share.map(|s| s.percent()),
            interval: share.map(|s| s.interval(options.share_method, level)),
        })
        .collect();
    let (count, of) = groups
        .iter()
        .filter_map(|(_, share)| *share)
        .fold((0u64, 0u64), |(c, n), s| {
            (c.saturating_add(s.count()), n.saturating_add(s.of()))
        });
    let overall = Share::new(count, of).ok().map(|s| Group {
        name: "all".to_owned(),
        answers: s.of(),
        estimate: Some(s.percent()),
        interval: Some(s.interval(options.share_method, level)),
    });
    let measure = Measure {
        domain: (0.0, 100.0),
        step: 20.0,
        show: |v| format!("{}%", fixed(v, 0)),
        axis_title: "share (%)",
        title: "Share by group",
        method: share_method_name(options.share_method),
    };
    draw(rows, overall, &measure, options, Vec::new())
}

/// Net Promoter Score per group: each group a bar from 0 on a −100 to 100 axis with its
/// interval and its score, the groups sorted from the highest, and all groups together as a
/// dashed line over a shaded band of its interval. A group with no answers is listed last and
/// says so.
///
/// The intervals are [`Nps::interval_with`] by the options' method (adjusted Wald by default,
/// which gives every group, however small or lopsided, an interval; with the Wald method a
/// group whose answers all fall in one category has none, and the chart says so). All groups
/// together are the tallies merged.
///
/// # Examples
///
/// ```
/// use service_quality::charts::{GroupOptions, nps_by_group};
/// use service_quality::metrics::Nps;
///
/// let groups = [
///     ("north", Nps::from_answers([10, 9, 9, 7, 3, 10, 8, 9])?),
///     ("night", Nps::from_answers([10, 9])?), // two answers: a wide interval
///     ("east", Nps::new()),
/// ];
/// let svg = nps_by_group(&groups, &GroupOptions::default());
/// assert!(svg.contains(">+100</text>"));
/// assert!(svg.contains(">no answers</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn nps_by_group<S: AsRef<str>>(groups: &[(S, Nps)], options: &GroupOptions) -> String {
    let (level, method) = (options.level, options.nps_method);
    let mut undefined: Vec<&str> = Vec::new();
    let rows: Vec<Group> = groups
        .iter()
        .map(|(name, nps)| {
            let interval = match nps.interval_with(method, level) {
                Ok(interval) => Some(interval),
                Err(_) => {
                    if nps.count() > 0 {
                        undefined.push(name.as_ref());
                    }
                    None
                }
            };
            Group {
                name: name.as_ref().to_owned(),
                answers: nps.count(),
                estimate: nps.score().ok(),
                interval,
            }
        })
        .collect();
    let mut all = Nps::new();
    for (_, nps) in groups {
        all.merge(nps);
    }
    let overall = all.score().ok().map(|score| Group {
        name: "all".to_owned(),
        answers: all.count(),
        estimate: Some(score),
        interval: all.interval_with(method, level).ok(),
    });
    let mut lines = Vec::new();
    if !undefined.is_empty() {
        lines.push(format!(
            "no interval (every answer in one category): {}",
            undefined.join(", ")
        ));
    }
    let measure = Measure {
        domain: (-100.0, 100.0),
        step: 50.0,
        show: |v| signed(v, 0),
        axis_title: "NPS (\u{2212}100 to 100)",
        title: "NPS by group",
        method: match method {
            NpsMethod::Wald => "Wald",
            NpsMethod::AdjustedWald => "adjusted Wald",
        },
    };
    draw(rows, overall, &measure, options, lines)
}

/// Draws the groups, sorted unless the options say not, over the measure's axis.
fn draw(
    mut rows: Vec<Group>,
    overall: Option<Group>,
    measure: &Measure,
    options: &GroupOptions,
    mut lines: Vec<String>,
) -> String {
    if options.sorted {
        // Highest first; a stable sort keeps ties, and the groups with no answers, in order.
        rows.sort_by(|a, b| match (a.estimate, b.estimate) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => core::cmp::Ordering::Less,
            (None, Some(_)) => core::cmp::Ordering::Greater,
            (None, None) => core::cmp::Ordering::Equal,
        });
    }
    let (top, row) = (84.0, 28.0);
    let (name_end, track_start, track_end) = (170.0, 180.0, 500.0);
    let (value_x, bounds_x, n_x) = (508.0, 552.0, 642.0);
    let mut svg = Svg::new(710.0);
    let level = level_text(options.level);
    legend(
        &mut svg,
        track_start,
        40.0,
        &[
            (Swatch::Bar, BLUE, "group, with its interval"),
            (Swatch::Line("5 4"), INK, "all groups"),
        ],
    );
    svg.text(n_x, top - 8.0, Anchor::Start, Style::NOTE, "answers");
    let title = options.title.as_deref().unwrap_or(measure.title).to_owned();
    if rows.is_empty() {
        svg.text(
            track_start,
            top + 16.0,
            Anchor::Start,
            Style::WARNING.class("message"),
            "nothing to draw: no groups",
        );
        return svg.finish(&title, top + 30.0);
    }
    let axis = Axis {
        scale: Linear::new(measure.domain, (track_start, track_end)),
        step: measure.step,
        suffix: "",
        title: options.axis_title.as_deref().unwrap_or(measure.axis_title),
    };
    let scale = axis.scale;
    let axis_y = top + row * rows.len() as f64 + 4.0;
    let below = axis.bottom(&mut svg, axis_y, Some(top));
    let zero = scale.at(0.0);
    for (i, group) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        svg.label_centred(
            name_end,
            y + row / 2.0,
            Anchor::End,
            Style::NORMAL.class("name"),
            &group.name,
            name_end - 10.0,
            2,
        );
        svg.rect(
            track_start,
            y + 6.0,
            track_end - track_start,
            row - 12.0,
            TRACK,
            "track",
        );
    }
    // All groups' interval, shaded over the tracks and under the bars.
    if let Some(interval) = overall.as_ref().and_then(|o| o.interval) {
        let (lo, hi) = (scale.at(interval.lower()), scale.at(interval.upper()));
        svg.shade(lo, top, hi - lo, axis_y - top, "overall-band");
    }
    let mut empty: Vec<&str> = Vec::new();
    for (i, group) in rows.iter().enumerate() {
        let centre = top + row * i as f64 + row / 2.0;
        let Some(estimate) = group.estimate else {
            svg.text(
                value_x,
                centre + 4.0,
                Anchor::Start,
                Style::NOTE,
                "no answers",
            );
            empty.push(&group.name);
            continue;
        };
        let end = scale.at(estimate);
        svg.rect(
            zero.min(end),
            centre - row / 2.0 + 6.0,
            (end - zero).abs(),
            row - 12.0,
            BLUE,
            "bar",
        );
        let value = (measure.show)(estimate);
        svg.text(value_x, centre + 4.0, Anchor::Start, Style::VALUE, &value);
        if let Some(interval) = group.interval {
            let (lo, hi) = (scale.at(interval.lower()), scale.at(interval.upper()));
            svg.whisker(lo, hi, centre, INK);
            let bounds = format!(
                "[{}, {}]",
                (measure.show)(interval.lower()),
                (measure.show)(interval.upper())
            );
            svg.text(bounds_x, centre + 4.0, Anchor::Start, Style::NOTE, &bounds);
        }
        svg.text(
            n_x,
            centre + 4.0,
            Anchor::Start,
            Style::NOTE,
            &format!("n {}", group.answers),
        );
    }
    if let Some(all) = &overall
        && let Some(estimate) = all.estimate
    {
        let x = scale.at(estimate);
        svg.line((x, top - 2.0), (x, axis_y), INK, 1.5, "5 4", "overall");
        let text = format!("all: {} (n {})", (measure.show)(estimate), all.answers);
        let half = text_width(&text, SMALL) / 2.0;
        let at = x.clamp(track_start + half, track_end - half);
        svg.text(
            at,
            top - 8.0,
            Anchor::Middle,
            Style::NOTE.class("overall-label"),
            &text,
        );
    }
    let mut footer = vec![format!(
        "whiskers: {level}% {} intervals; dashed line and shaded band: all groups together",
        measure.method
    )];
    if !empty.is_empty() {
        footer.push(format!("no answers: {}", empty.join(", ")));
    }
    footer.append(&mut lines);
    let end = notes_under(&mut svg, below, &footer);
    svg.finish(&title, end + 4.0)
}
