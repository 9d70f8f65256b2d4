//! A calibration session's agreement, item by item, against the team's acceptance threshold.

use super::kit::{
    Anchor, Axis, BLUE, Linear, Marker, ORANGE, SMALL, Style, Svg, Swatch, VERMILLION, fixed,
    legend, level_text, notes_under,
};
use crate::reliability::{
    AgreementOutcome, CalibrationReport, Coefficient, ItemCalibration, KappaOutcome,
    SKEWED_PREVALENCE,
};
use crate::scoring::{Error, Result};

/// The options of [`agreement_by_item`]: the title and the team's acceptance threshold, the
/// value the coefficient to read must reach for an item to count as calibrated.
///
/// # Examples
///
/// ```
/// use service_quality::charts::CalibrationChartOptions;
///
/// let options = CalibrationChartOptions::default().try_with_threshold(0.7)?;
/// assert_eq!(options.threshold(), 0.7);
/// assert_eq!(CalibrationChartOptions::default().threshold(), 0.6);
/// assert_eq!(
///     CalibrationChartOptions::default().try_with_threshold(1.5).unwrap_err().to_string(),
///     "acceptance threshold is 1.5, expected a value in -1..=1"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CalibrationChartOptions {
    title: String,
    threshold: f64,
}

impl Default for CalibrationChartOptions {
    /// "Calibration: agreement per item", accepting from 0.6: the lower end of "substantial"
    /// agreement in Landis and Koch's (1977) reading of kappa, a common bar for QA teams. The
    /// threshold is the crate's default, not a rule of the coefficients; set your team's own.
    fn default() -> Self {
        CalibrationChartOptions {
            title: "Calibration: agreement per item".to_owned(),
            threshold: 0.6,
        }
    }
}

impl CalibrationChartOptions {
    /// The same options with another title.
    #[must_use]
    pub fn with_title(self, title: impl Into<String>) -> Self {
        CalibrationChartOptions {
            title: title.into(),
            ..self
        }
    }

    /// The same options with another acceptance threshold.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `threshold` is in −1..=1, the range of the
    /// coefficients.
    pub fn try_with_threshold(self, threshold: f64) -> Result<Self> {
        if !(-1.0..=1.0).contains(&threshold) {
            return Err(Error::ValueOutOfRange {
                field: "acceptance threshold",
                value: threshold,
                expected: "a value in -1..=1",
            });
        }
        Ok(CalibrationChartOptions { threshold, ..self })
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The acceptance threshold.
    pub const fn threshold(&self) -> f64 {
        self.threshold
    }
}

/// One coefficient of an item as drawn: its label, value and interval bounds, or why it has
/// none.
struct Drawn {
    label: &'static str,
    value: Option<f64>,
    bounds: Option<(f64, f64)>,
    why_not: &'static str,
}

/// Kappa of an item, or why there is none.
fn kappa(item: &ItemCalibration) -> Drawn {
    match item.kappa() {
        KappaOutcome::Estimated(k) => Drawn {
            label: "kappa",
            value: Some(k.value()).filter(|v| v.is_finite()),
            bounds: Some((k.interval().lower(), k.interval().upper()))
                .filter(|(l, u)| l.is_finite() && u.is_finite()),
            why_not: "",
        },
        KappaOutcome::OneCategory => Drawn {
            label: "kappa",
            value: None,
            bounds: None,
            why_not: "every compared answer the same",
        },
        _ => Drawn {
            label: "kappa",
            value: None,
            bounds: None,
            why_not: "no pairs",
        },
    }
}

/// AC1 (AC2 when weighted) of an item, or why there is none.
fn ac1(item: &ItemCalibration) -> Drawn {
    let outcome = item.ac1();
    let label = match outcome.estimate() {
        Some(e) if e.weighted() => "AC2",
        _ => "AC1",
    };
    let why_not = match outcome {
        AgreementOutcome::Estimated(_) => "",
        AgreementOutcome::OneCategory => "every compared answer the same",
        AgreementOutcome::SingleSubject => "one call only",
        _ => "no pairs",
    };
    Drawn {
        label,
        value: outcome.value().filter(|v| v.is_finite()),
        bounds: outcome
            .estimate()
            .and_then(|e| e.interval())
            .map(|i| (i.lower(), i.upper()))
            .filter(|(l, u)| l.is_finite() && u.is_finite()),
        why_not,
    }
}

/// A calibration report item by item: Cohen's kappa and Gwet's AC1 (AC2 for weighted items) of
/// the reviewers against the reference, each a point with its interval and its value on one
/// axis, the coefficient to read ([`ItemCalibration::coefficient_to_read`]) in bold, a dashed
/// line at the team's acceptance threshold, and per item the percent agreement, the pairs
/// left out for N/A, and whether the coefficient to read meets the threshold.
///
/// The values and intervals are the report's own. Where kappa collapses on an item nearly
/// always answered one way (the kappa paradox), the two points sit far apart and AC1 is the one
/// in bold. An item whose coefficients do not exist (one answer only, no pairs) says why in
/// place of its points; a report with no items says so.
///
/// # Examples
///
/// ```
/// use service_quality::charts::{CalibrationChartOptions, agreement_by_item};
/// use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
///
/// let mut session = Calibration::new();
/// for (call, lead, ana, ben) in [
///     ("c1", 1.0, 1.0, 1.0), ("c2", 1.0, 1.0, 0.0), ("c3", 0.0, 0.0, 0.0),
///     ("c4", 1.0, 1.0, 1.0), ("c5", 0.0, 1.0, 0.0), ("c6", 1.0, 1.0, 1.0),
/// ] {
///     for (reviewer, answer) in [("lead", lead), ("ana", ana), ("ben", ben)] {
///         session.add(call, "verification", reviewer, Some(answer))?;
///     }
/// }
/// let options = CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
/// let report = session.evaluate(&options)?;
/// let svg = agreement_by_item(&report, &CalibrationChartOptions::default());
/// assert!(svg.contains(">83% of 12 pairs agree</text>"));
/// assert!(svg.contains(">accept \u{2265} 0.60</text>"));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn agreement_by_item(report: &CalibrationReport, options: &CalibrationChartOptions) -> String {
    let items = report.items();
    let (top, row) = (84.0, 42.0);
    let (name_end, plot_start, plot_end) = (180.0, 190.0, 470.0);
    let (value_x, agreement_x) = (480.0, 590.0);
    let mut svg = Svg::new(810.0);
    legend(
        &mut svg,
        plot_start,
        40.0,
        &[
            (Swatch::Marker(Marker::Circle), BLUE, "Cohen's kappa"),
            (
                Swatch::Marker(Marker::Square),
                ORANGE,
                "Gwet's AC1 (AC2 when weighted)",
            ),
        ],
    );
    svg.text(
        plot_start,
        56.0,
        Anchor::Start,
        Style::NOTE,
        "in bold: the coefficient to read for the item",
    );
    if items.is_empty() {
        svg.text(
            plot_start,
            top + 16.0,
            Anchor::Start,
            Style::WARNING.class("message"),
            "nothing to draw: no items calibrated",
        );
        return svg.finish(&options.title, top + 30.0);
    }
    let rows: Vec<(&ItemCalibration, [Drawn; 2])> = items
        .iter()
        .map(|item| (item, [kappa(item), ac1(item)]))
        .collect();
    let lowest = rows
        .iter()
        .flat_map(|(_, c)| c.iter())
        .flat_map(|c| [c.value, c.bounds.map(|b| b.0)])
        .flatten()
        .chain([options.threshold])
        .fold(0.0_f64, f64::min);
    let lo = ((lowest / 0.2).floor() * 0.2).max(-1.0);
    let axis = Axis {
        scale: Linear::new((lo, 1.0), (plot_start, plot_end)),
        step: 0.2,
        suffix: "",
        title: "agreement beyond chance (0: chance, 1: perfect)",
    };
    let scale = axis.scale;
    let axis_y = top + row * rows.len() as f64 + 4.0;
    let below = axis.bottom(&mut svg, axis_y, Some(top));
    let threshold_x = scale.at(options.threshold);
    svg.line(
        (threshold_x, top - 4.0),
        (threshold_x, axis_y),
        VERMILLION,
        1.5,
        "5 4",
        "threshold",
    );
    let label = format!("accept \u{2265} {}", fixed(options.threshold, 2));
    let half = super::kit::text_width(&label, SMALL) / 2.0;
    svg.text(
        threshold_x.clamp(plot_start + half, plot_end - half),
        top - 8.0,
        Anchor::Middle,
        Style::WARNING.class("threshold-label"),
        &label,
    );
    let mut undefined: Vec<String> = Vec::new();
    for (i, (item, coefficients)) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        svg.label_centred(
            name_end,
            y + row / 2.0,
            Anchor::End,
            Style::NORMAL.class("name"),
            item.item(),
            name_end - 10.0,
            2,
        );
        let read_ac1 = item.coefficient_to_read() == Coefficient::Gwet;
        for (j, (c, colour, marker)) in coefficients
            .iter()
            .zip([(BLUE, Marker::Circle), (ORANGE, Marker::Square)])
            .map(|(c, (colour, marker))| (c, colour, marker))
            .enumerate()
        {
            let centre = y + 13.0 + 16.0 * j as f64;
            let read = (j == 1) == read_ac1;
            match c.value {
                Some(value) => {
                    let x = scale.at(value);
                    if let Some((l, u)) = c.bounds {
                        let (l, u) = (scale.at(l), scale.at(u));
                        svg.whisker(l, u, centre, colour);
                    }
                    svg.marker(marker, x, centre, 9.0, colour);
                    let style = if read {
                        Style::VALUE.bold()
                    } else {
                        Style::VALUE
                    };
                    let text = format!("{} {}", c.label, fixed(value, 2));
                    svg.text(value_x, centre + 4.0, Anchor::Start, style, &text);
                }
                None => {
                    let text = format!("no {}", c.label);
                    svg.text(value_x, centre + 4.0, Anchor::Start, Style::NOTE, &text);
                    undefined.push(format!("{} on {} ({})", c.label, item.item(), c.why_not));
                }
            }
        }
        let agreement = item.agreement();
        let first = match agreement.percent() {
            Some(percent) => format!(
                "{}% of {} pair{} agree",
                fixed(percent, 0),
                agreement.pairs(),
                if agreement.pairs() == 1 { "" } else { "s" }
            ),
            None => "no pairs compared".to_owned(),
        };
        let first = if agreement.not_applicable() > 0 {
            format!("{first} \u{b7} {} n/a", agreement.not_applicable())
        } else {
            first
        };
        svg.text(agreement_x, y + 17.0, Anchor::Start, Style::NOTE, &first);
        let (style, verdict) = match item.value_to_read() {
            Some(v) if v >= options.threshold => (Style::NOTE, "meets the threshold"),
            Some(_) => (Style::WARNING.bold(), "below the threshold: recalibrate"),
            None => (Style::NOTE, "nothing to read"),
        };
        svg.text(agreement_x, y + 33.0, Anchor::Start, style, verdict);
    }
    let level = rows
        .iter()
        .find_map(|(item, _)| item.kappa().kappa().map(|k| k.interval().level()))
        .map_or(String::new(), |l| format!("{}% ", level_text(l)));
    let mut footer = vec![
        format!(
            "whiskers: the report's {level}intervals (kappa: asymptotic standard error; AC1: \
             Gwet's); pairs with an N/A on either side are left out"
        ),
        format!(
            "the coefficient to read is AC1 where one answer makes up {}% or more of an item's \
             answers (kappa then understates agreement) or kappa does not exist, and kappa \
             elsewhere",
            fixed(100.0 * SKEWED_PREVALENCE, 0)
        ),
    ];
    if !undefined.is_empty() {
        footer.push(format!("undefined: {}", undefined.join("; ")));
    }
    let end = notes_under(&mut svg, below, &footer);
    svg.finish(&options.title, end + 4.0)
}
