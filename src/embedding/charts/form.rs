//! A form's per-item results.

use super::kit::{
    Anchor, Axis, BLUE, INK, Linear, Marker, ORANGE, Style, Svg, Swatch, TRACK, VERMILLION, fixed,
    legend, level_text, notes_under, share_method_name,
};
use crate::form::{AnswerType, Form, FormSummary, ItemRole};
use crate::metrics::{Interval, Level, Share, ShareMethod};
use crate::scoring::ItemSummary;

/// The options of [`form_summary`]: the title (the form's name unless given), the confidence
/// level of the intervals, and the method of the intervals of shares.
///
/// # Examples
///
/// ```
/// use service_quality::charts::FormSummaryOptions;
/// use service_quality::metrics::{Level, ShareMethod};
///
/// let options = FormSummaryOptions::default()
///     .with_title("Call reviews, March")
///     .with_level(Level::new(0.9)?)
///     .with_share_method(ShareMethod::WilsonCorrected);
/// assert_eq!(options.title(), Some("Call reviews, March"));
/// assert_eq!(options.level().get(), 0.9);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct FormSummaryOptions {
    title: Option<String>,
    level: Level,
    share_method: ShareMethod,
}

impl FormSummaryOptions {
    /// The same options with a title.
    #[must_use]
    pub fn with_title(self, title: impl Into<String>) -> Self {
        FormSummaryOptions {
            title: Some(title.into()),
            ..self
        }
    }

    /// The same options at another confidence level (95% by default).
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        FormSummaryOptions { level, ..self }
    }

    /// The same options with another interval for shares (Wilson's by default).
    #[must_use]
    pub fn with_share_method(self, share_method: ShareMethod) -> Self {
        FormSummaryOptions {
            share_method,
            ..self
        }
    }

    /// The title, when one was given.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The interval method for shares.
    pub const fn share_method(&self) -> ShareMethod {
        self.share_method
    }
}

/// One row of the chart.
struct Row {
    name: String,
    /// The bar's value, 0..=100; `None` draws no bar.
    value: Option<f64>,
    /// Its interval, when it has one.
    interval: Option<Interval>,
    fill: &'static str,
    /// The answers column: "n 30 · 3 n/a".
    answers: String,
    /// The critical column, for critical items: their failures.
    critical: Option<u64>,
    /// The value as printed, with its unit.
    percent: bool,
}

/// A form's results item by item: each item's mean score as a bar on a 0–100 axis, with its
/// value; how many reviews answered it and how many did not (N/A, or the item did not apply);
/// critical items marked with their failures; and above the items the reviews' mean overall
/// score and, when the form has a baseline, the pass rate, each with its interval.
///
/// Intervals come from the crate's own functions: [`FormSummary::mean_interval`] (Student t)
/// for the overall mean, [`FormSummary::pass_rate`] with [`Share::interval`] for the pass rate,
/// and the same share interval for yes/no items, whose mean is the share of reviews that gave
/// the answer scoring full marks. The overall row's critical failures are the reviews that
/// failed at least one critical item. Rating and choice items have the Student t interval of
/// their mean ([`FormSummary::item_interval`]); one with fewer than two answers, or answers that
/// all scored the same, is drawn without one, and the chart says so under the axis.
/// Items kept for reporting only are not drawn (the chart counts them); bonus items are, and
/// are named as such.
///
/// Bad input is drawn, not refused: an empty summary reads "nothing scored yet", and a summary
/// of another form (or another version, or a form that scores differently) is not drawn and the
/// chart says whose it is.
///
/// # Examples
///
/// ```
/// use service_quality::{CriticalRule, Scale, Score};
/// use service_quality::charts::{FormSummaryOptions, form_summary};
/// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
///
/// let form = Form::builder("call_review", 1)
///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
///     .item(Item::yes_no("verification")?.with_critical(Score::MAX))
///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?.with_not_applicable(true))
///     .critical_rule(CriticalRule::ScoreZero)
///     .build()?;
/// let mut summary = FormSummary::new(&form);
/// for (greeting, verified, tone) in [(4, true, Some(3)), (5, false, None), (3, true, Some(5))] {
///     let verified = if verified { Answer::Yes } else { Answer::No };
///     let tone = tone.map_or(Answer::NotApplicable, Answer::Rating);
///     let answers = Answers::from(vec![Answer::Rating(greeting), verified, tone]);
///     summary.add(&answers.evaluate(&form)?)?;
/// }
/// let svg = form_summary(&form, &summary, &FormSummaryOptions::default());
/// assert!(svg.contains(">n 2 \u{b7} 1 n/a</text>")); // tone: answered twice, N/A once
/// assert!(svg.contains(">critical, 1 failed</text>"));
///
/// // Nothing scored yet: the chart says so instead of drawing empty bars.
/// let empty = form_summary(&form, &FormSummary::new(&form), &FormSummaryOptions::default());
/// assert!(empty.contains("nothing scored yet"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn form_summary(form: &Form, summary: &FormSummary, options: &FormSummaryOptions) -> String {
    let title = options.title().unwrap_or(form.name()).to_owned();
    let mut messages: Vec<String> = Vec::new();
    let of_form = match summary.fingerprint() {
        None => true,
        Some(print) if print == form.fingerprint() => true,
        Some(_) => {
            let (key, version) = (
                summary.form_key().unwrap_or_default(),
                summary.form_version().unwrap_or_default(),
            );
            messages.push(if key == form.key() && version == form.version() {
                format!(
                    "nothing drawn: the summary is of a form {key} v{version} that scores \
                     differently from this one"
                )
            } else {
                format!(
                    "nothing drawn: the summary is of {key} v{version}, not of {} v{}",
                    form.key(),
                    form.version()
                )
            });
            false
        }
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut notes_below: Vec<String> = Vec::new();
    if of_form {
        if summary.count() == 0 {
            messages.push("nothing scored yet: the summary has no reviews".to_owned());
        } else {
            let critical =
                (0..form.items().len()).any(|i| form.plan(i).is_some_and(|p| p.critical.is_some()));
            overall_rows(summary, options, critical, &mut rows, &mut notes_below);
        }
        item_rows(form, summary, options, &mut rows, &mut notes_below);
    }
    let (top, row) = (70.0, 28.0);
    let (name_end, track_start, track_end) = (200.0, 210.0, 490.0);
    let (value_x, answers_x, critical_x) = (498.0, 548.0, 652.0);
    let mut svg = Svg::new(800.0);
    legend(
        &mut svg,
        track_start,
        40.0,
        &[
            (Swatch::Bar, ORANGE, "whole reviews"),
            (Swatch::Bar, BLUE, "items"),
            (Swatch::Marker(Marker::Diamond), VERMILLION, "critical item"),
        ],
    );
    for (x, text) in [(answers_x, "answers"), (critical_x, "critical failures")] {
        svg.text(x, top - 6.0, Anchor::Start, Style::NOTE, text);
    }
    let axis = Axis {
        scale: Linear::new((0.0, 100.0), (track_start, track_end)),
        step: 20.0,
        suffix: "",
        title: "mean score (0\u{2013}100); the pass rate and yes/no items in %",
    };
    let mut y = top;
    for message in &messages {
        svg.label(
            track_start,
            y + 16.0,
            Anchor::Start,
            Style::WARNING.class("message"),
            message,
            svg.width() - track_start - 10.0,
            2,
        );
        y += 30.0;
    }
    let plot_top = y;
    for (i, r) in rows.iter().enumerate() {
        let centre = y + row / 2.0;
        let style = if r.fill == ORANGE {
            Style::NORMAL.bold().class("name")
        } else {
            Style::NORMAL.class("name")
        };
        svg.label_centred(
            name_end,
            centre,
            Anchor::End,
            style,
            &r.name,
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
        match r.value {
            Some(value) => {
                let end = axis.scale.at(value);
                svg.rect(
                    track_start,
                    y + 6.0,
                    end - track_start,
                    row - 12.0,
                    r.fill,
                    "bar",
                );
                if let Some(interval) = r.interval {
                    let (lo, hi) = (
                        axis.scale.at(interval.lower()),
                        axis.scale.at(interval.upper()),
                    );
                    svg.whisker(lo, hi, centre, INK);
                }
                let unit = if r.percent { "%" } else { "" };
                let text = format!("{}{unit}", fixed(value, 0));
                svg.text(value_x, centre + 4.0, Anchor::Start, Style::VALUE, &text);
            }
            None => svg.text(value_x, centre + 4.0, Anchor::Start, Style::NOTE, "none"),
        }
        svg.text(
            answers_x,
            centre + 4.0,
            Anchor::Start,
            Style::NOTE,
            &r.answers,
        );
        if let Some(failed) = r.critical.filter(|_| r.fill == ORANGE) {
            let text = format!(
                "{failed} review{} failed one",
                if failed == 1 { "" } else { "s" }
            );
            let style = if failed > 0 {
                Style::WARNING
            } else {
                Style::NOTE
            };
            svg.text(critical_x, centre + 4.0, Anchor::Start, style, &text);
        } else if let Some(failed) = r.critical {
            svg.marker(Marker::Diamond, critical_x + 5.0, centre, 9.0, VERMILLION);
            let style = if failed > 0 {
                Style::WARNING
            } else {
                Style::NOTE
            };
            let text = format!("critical, {failed} failed");
            svg.text(critical_x + 14.0, centre + 4.0, Anchor::Start, style, &text);
        }
        y += row;
        // A rule between the whole-review rows and the items.
        let next_is_item = rows.get(i + 1).is_some_and(|n| n.fill != ORANGE);
        if r.fill == ORANGE && next_is_item {
            svg.line((10.0, y), (svg.width() - 10.0, y), TRACK, 1.0, "", "rule");
        }
    }
    // With no rows the messages end the chart: no axis, and no room kept for notes.
    let below = if rows.is_empty() {
        y
    } else {
        axis.bottom(&mut svg, y + 4.0, Some(plot_top))
    };
    let end = notes_under(&mut svg, below, &notes_below);
    svg.finish(&title, end + 4.0)
}

/// The whole-review rows: the mean overall score with its interval, and the pass rate when the
/// form sets a baseline.
fn overall_rows(
    summary: &FormSummary,
    options: &FormSummaryOptions,
    critical: bool,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let level = options.level;
    let scored = summary.scored();
    let interval = match summary.mean_interval(level) {
        Ok(interval) => Some(interval),
        Err(error) => {
            notes.push(format!("overall score without an interval: {error}"));
            None
        }
    };
    rows.push(Row {
        name: "Overall score".to_owned(),
        value: summary.mean_overall().map(|s| s.get()),
        interval,
        fill: ORANGE,
        answers: format!("n {scored}"),
        critical: critical.then(|| summary.critical_failures()),
        percent: false,
    });
    if summary.at_baseline().is_some() {
        let rate = summary.pass_rate().ok();
        rows.push(Row {
            name: "Pass rate".to_owned(),
            value: rate.map(|r| r.percent()),
            interval: rate.map(|r| r.interval(options.share_method, level)),
            fill: ORANGE,
            answers: rate.map_or(String::new(), |r| format!("{} of {}", r.count(), r.of())),
            critical: None,
            percent: true,
        });
    }
}

/// One row per item that counts or earns a bonus, in form order.
fn item_rows(
    form: &Form,
    summary: &FormSummary,
    options: &FormSummaryOptions,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let totals: Vec<ItemSummary> = summary.items().map(|(_, t)| t).collect();
    let count = summary.count();
    let (mut recorded, mut without, mut na) = (0usize, false, false);
    for (i, item) in form.items().iter().enumerate() {
        let plan = form.plan(i);
        let role = plan.map_or(item.role(), |p| p.role);
        if role == ItemRole::NotScored {
            recorded += 1;
            continue;
        }
        let totals = totals.get(i).copied().unwrap_or_default();
        let mean = totals.mean().map(|s| s.get());
        let binary = matches!(item.answer_type(), AnswerType::YesNo);
        let interval = if binary {
            share_of_full_marks(&totals)
                .map(|share| share.interval(options.share_method, options.level))
        } else {
            summary.item_interval(item.key(), options.level).ok()
        };
        without |= !binary && mean.is_some() && interval.is_none();
        let missing = count.saturating_sub(totals.answered());
        na |= missing > 0;
        let name = match role {
            ItemRole::Bonus => format!("{} (bonus)", item.name()),
            _ => item.name().to_owned(),
        };
        rows.push(Row {
            name,
            value: mean,
            interval,
            fill: BLUE,
            answers: if missing > 0 {
                format!("n {} \u{b7} {missing} n/a", totals.answered())
            } else {
                format!("n {}", totals.answered())
            },
            critical: plan
                .and_then(|p| p.critical)
                .map(|_| totals.critical_failures()),
            percent: binary,
        });
    }
    let level = level_text(options.level);
    notes.push(format!(
        "whiskers: {level}% intervals (Student t for the overall score and rating and choice \
         items; {} for the pass rate and yes/no items)",
        share_method_name(options.share_method)
    ));
    if without {
        notes.push(
            "no interval where an item has fewer than two answers, answers that all scored the \
             same, or a summary stored without its items' spread"
                .to_owned(),
        );
    }
    if na {
        notes.push(
            "n/a: reviews that answered the item N/A or to which it did not apply".to_owned(),
        );
    }
    if recorded > 0 {
        notes.push(format!(
            "not drawn: {recorded} item{} kept for reporting only",
            if recorded == 1 { "" } else { "s" }
        ));
    }
}

/// A yes/no item's mean as a share: the reviews whose answer scored 100 out of those that
/// answered. `None` when nothing was answered or the sum is not a whole number of hundreds.
fn share_of_full_marks(totals: &ItemSummary) -> Option<Share> {
    let hundreds = totals.sum() / 100.0;
    let count = hundreds.round();
    let whole = (hundreds - count).abs() < 1e-6 && count >= 0.0;
    let answered = totals.answered();
    if !whole || count > answered as f64 {
        return None;
    }
    Share::new(count as u64, answered).ok()
}
