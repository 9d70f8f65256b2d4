//! Reports people read: Markdown and plain-text renderings of the crate's results.
//!
//! [`Render`] is implemented for a PROUD [`Verdict`], a leadership [`ProfileReport`], a 360
//! [`Report`] and a breakdown [`Triage`]. Markdown suits chat tools, tickets and wikis; plain
//! text suits terminals, logs and e-mail.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::proud::{Assessment, ProudPolicy};
//! use service_quality::render::Render;
//!
//! let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?
//!     .evaluate(&ProudPolicy::default())?;
//! let md = verdict.to_markdown();
//! assert!(md.contains("| Deliver | 25 |"));
//! assert!(md.contains("**Overall 65.0, needs improvement**"));
//! let text = verdict.to_text();
//! assert!(text.lines().any(|l| l.starts_with("Deliver ") && l.ends_with(" 25")));
//! # Ok::<(), service_quality::Error>(())
//! ```

use crate::breakdown::{CauseList, Triage};
use crate::leadership::ProfileReport;
use crate::proud::{FirstHurdle, Verdict};
use crate::review::{RaterRole, Report, Visibility};
use crate::scoring::{Dimension, Score, Scorecard};

/// Renders a result for people.
pub trait Render {
    /// A Markdown rendering: a heading, tables and a summary line.
    fn to_markdown(&self) -> String;
    /// A plain-text rendering with aligned columns.
    fn to_text(&self) -> String;
}

/// A small table, rendered either way; the first column is left-aligned, the rest right-aligned.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn markdown(&self) -> String {
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let mut out = line(&self.headers);
        let rule: Vec<String> = (0..self.headers.len())
            .map(|i| {
                if i == 0 {
                    "---".to_owned()
                } else {
                    "---:".to_owned()
                }
            })
            .collect();
        out.push_str(&format!("|{}|\n", rule.join("|")));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }

    fn text(&self) -> String {
        let width = |i: usize| {
            self.rows
                .iter()
                .chain([&self.headers])
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.headers.len()).map(width).collect();
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, &w))| {
                    if i == 0 {
                        format!("{c:<w$}")
                    } else {
                        format!("{c:>w$}")
                    }
                })
                .collect();
            format!("{}\n", parts.join("  ").trim_end())
        };
        let mut out = line(&self.headers);
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

fn scores_table<D: Dimension>(label: &str, card: &Scorecard<D>) -> Table {
    let mut table = Table::new(&[label, "score"]);
    for (d, score) in card.scores() {
        table.row(vec![d.name().to_owned(), score_text(score, 0)]);
    }
    table
}

/// A score with `decimals` decimals, or `n/a`.
fn score_text(score: Option<Score>, decimals: usize) -> String {
    score.map_or_else(|| "n/a".to_owned(), |s| format!("{:.decimals$}", s.get()))
}

/// "Overall 65.0, needs improvement", or "nothing to score" when everything was N/A.
fn overall_text(overall: Option<Score>, band: Option<crate::scoring::Band>) -> String {
    match (overall, band) {
        (Some(o), Some(b)) => format!("Overall {:.1}, {}", o.get(), b.name()),
        (Some(o), None) => format!("Overall {:.1}", o.get()),
        _ => "Nothing to score".to_owned(),
    }
}

/// "coach on Deliver", or nothing to coach on.
fn focus_text<D: Dimension>(focus: Option<D>) -> String {
    focus.map_or_else(
        || "nothing to coach on".to_owned(),
        |d| format!("coach on {}", d.name()),
    )
}

fn hurdle(verdict: &Verdict) -> String {
    match verdict.first_hurdle() {
        FirstHurdle::Passed => "first hurdle passed".to_owned(),
        FirstHurdle::Failed { reaction: Some(r) } => {
            format!("FAILED the first hurdle (customer reaction: {r})")
        }
        FirstHurdle::Failed { reaction: None } => "FAILED the first hurdle".to_owned(),
        FirstHurdle::NotApplied => "no first hurdle tested".to_owned(),
    }
}

/// The lines under a PROUD verdict that the observer recorded beside the ratings: how the
/// customer was made to feel and the failure scenarios seen, each naming its principle.
fn observed(verdict: &Verdict) -> String {
    let mut out = String::new();
    if let Some(feeling) = verdict.feeling() {
        out.push_str(&format!(
            "How the customer was made to feel: {:.0} of 100.\n",
            feeling.get()
        ));
    }
    let scenarios: Vec<String> = verdict
        .scenarios()
        .map(|s| format!("\"{}\" ({})", s.description(), s.principle().letter()))
        .collect();
    if !scenarios.is_empty() {
        out.push_str(&format!("Observed: {}.\n", scenarios.join("; ")));
    }
    if verdict.conflicting_scenarios().next().is_some() {
        out.push_str(
            "The observer recorded a first-hurdle failure that the P rating does not show: check \
             the rating.\n",
        );
    }
    out
}

impl Render for Verdict {
    fn to_markdown(&self) -> String {
        format!(
            "## PROUD scorecard\n\n{}\n**{}**. {}; {}.\n{}",
            scores_table("principle", self.scorecard()).markdown(),
            overall_text(self.overall(), self.band()),
            hurdle(self),
            focus_text(self.focus()),
            observed(self)
        )
    }

    fn to_text(&self) -> String {
        format!(
            "PROUD scorecard\n\n{}\n{}. {}; {}.\n{}",
            scores_table("principle", self.scorecard()).text(),
            overall_text(self.overall(), self.band()),
            hurdle(self),
            focus_text(self.focus()),
            observed(self)
        )
    }
}

impl ProfileReport {
    fn summary(&self) -> String {
        let style = self.style().map_or_else(
            || "no style: an index is missing".to_owned(),
            |s| format!("{s}. {}", s.description()),
        );
        format!(
            "Leadership index {}, management index {}: {style}",
            score_text(self.leadership_index(), 0),
            score_text(self.management_index(), 0),
        )
    }
}

impl Render for ProfileReport {
    fn to_markdown(&self) -> String {
        format!(
            "## Leadership profile ({})\n\n{}\n{}\n{}\n",
            self.position().name(),
            scores_table("V.E.D. area", self.leadership()).markdown(),
            scores_table("management function", self.management()).markdown(),
            self.summary()
        )
    }

    fn to_text(&self) -> String {
        format!(
            "Leadership profile ({})\n\n{}\n{}\n{}\n",
            self.position().name(),
            scores_table("V.E.D. area", self.leadership()).text(),
            scores_table("management function", self.management()).text(),
            self.summary()
        )
    }
}

fn review_tables<D: Dimension>(report: &Report<D>) -> (Table, Table) {
    let mut scores = Table::new(&["dimension", "self", "observers", "gap", "note"]);
    let spots: Vec<D> = report.blind_spots().map(|(d, _)| d).collect();
    let strengths: Vec<D> = report.hidden_strengths().map(|(d, _)| d).collect();
    for d in D::iter() {
        let observers = report
            .observers()
            .shown()
            .map_or("withheld".to_owned(), |g| format!("{:.0}", g.mean(d).get()));
        let gap = report.gap(d).map_or("-".to_owned(), |g| format!("{g:+.0}"));
        let note = if spots.contains(&d) {
            "blind spot"
        } else if strengths.contains(&d) {
            "hidden strength"
        } else {
            ""
        };
        scores.row(vec![
            d.name().to_owned(),
            format!("{:.0}", report.self_score(d).get()),
            observers,
            gap,
            note.to_owned(),
        ]);
    }
    let mut groups = Table::new(&["rater group", "raters", "overall"]);
    let all = [("all observers", report.observers())];
    let roles = RaterRole::iter().map(|r| (r.name(), report.role(r)));
    for (name, view) in all.into_iter().chain(roles) {
        let (raters, overall) = match view {
            Visibility::Shown(g) => (g.raters().to_string(), format!("{:.0}", g.overall().get())),
            Visibility::Withheld => ("-".to_owned(), "not shown".to_owned()),
        };
        groups.row(vec![name.to_owned(), raters, overall]);
    }
    (scores, groups)
}

const ANONYMITY_NOTE: &str = "Groups too small to keep raters anonymous are withheld; their ratings still count in the \
     all-observers figures when those are shown.";

impl<D: Dimension> Render for Report<D> {
    fn to_markdown(&self) -> String {
        let (scores, groups) = review_tables(self);
        format!(
            "## 360 review: {}\n\n{}\n{}\n_{}_\n",
            D::KIND,
            scores.markdown(),
            groups.markdown(),
            ANONYMITY_NOTE
        )
    }

    fn to_text(&self) -> String {
        let (scores, groups) = review_tables(self);
        format!(
            "360 review: {}\n\n{}\n{}\n{}\n",
            D::KIND,
            scores.text(),
            groups.text(),
            ANONYMITY_NOTE
        )
    }
}

fn pareto_table<L: CauseList>(triage: &Triage<L>) -> Table {
    let mut table = Table::new(&["cause", "share", "cumulative", "vital few"]);
    let vital = triage.vital_few().len();
    let causes = triage.ranking().causes();
    for (i, (cause, share, cumulative)) in triage.ranking().cumulative().enumerate() {
        table.row(vec![
            causes.name(cause).to_owned(),
            format!("{:.1}%", 100.0 * share),
            format!("{:.1}%", 100.0 * cumulative),
            if i < vital { "yes" } else { "" }.to_owned(),
        ]);
    }
    table
}

fn triage_summary<L: CauseList>(triage: &Triage<L>) -> String {
    let start = triage.where_to_start();
    let name = triage.ranking().causes().name(start);
    let mut out = match L::as_builtin(start) {
        Some(cause) => format!("Start with {name}: {}", cause.fix()),
        None => format!("Start with {name}."),
    };
    if triage.unattributed() > 0 {
        let (n, apart) = (triage.attributed(), triage.unattributed());
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        out.push_str(&format!(
            "\n\nShares rest on {n} breakdown{}; {apart} more rated 1 on every cause (nothing \
             above the floor) counted apart.",
            plural(n)
        ));
    }
    for warning in triage.warnings() {
        out.push_str("\n\n");
        out.push_str(warning.message());
        out.push_str(" Ask: ");
        out.push_str(warning.question());
    }
    out
}

impl<L: CauseList> Render for Triage<L> {
    fn to_markdown(&self) -> String {
        format!(
            "## Service breakdowns: where to start\n\n{}\n{}\n",
            pareto_table(self).markdown(),
            triage_summary(self)
        )
    }

    fn to_text(&self) -> String {
        format!(
            "Service breakdowns: where to start\n\n{}\n{}\n",
            pareto_table(self).text(),
            triage_summary(self)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_keep_every_cell() {
        let mut t = Table::new(&["name", "n"]);
        t.row(vec!["a".into(), "10".into()]);
        t.row(vec!["longer".into(), "2".into()]);
        assert_eq!(t.text(), "name     n\na       10\nlonger   2\n");
        assert_eq!(
            t.markdown(),
            "| name | n |\n|---|---:|\n| a | 10 |\n| longer | 2 |\n"
        );
    }
}
