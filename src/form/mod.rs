//! Your own scorecards: forms defined at run time, with items of their own answer types,
//! weights or points, sections, "not applicable" answers, critical items, bonuses, conditional
//! items and items kept for reporting only.
//!
//! Every QA team scores its own form. A [`Form`] is that form as data: built in code or loaded
//! from JSON (every field validated on load, errors naming the item and the field), evaluated
//! through the same scoring kernel as the built-in models, summarised per agent or team by a
//! [`FormSummary`] that refuses to mix forms or versions. The JSON format is described field by
//! field by a JSON Schema (draft 2020-12) shipped with the crate as `schema/form.schema.json`
//! and as [`SCHEMA`], for editors and for checking forms before they reach the crate.
//!
//! The rules, shared with every model of the crate (see [`Scorecard`](crate::Scorecard)):
//!
//! - each answer normalises to 0–100: a rating `100 × (r − min) / (max − min)`, yes 100 and no 0,
//!   a choice `100 × points / best points`;
//! - an N/A answer leaves the weighted mean ([`NotApplicableRule::LeaveOut`], the default) or
//!   counts as 100 ([`NotApplicableRule::FullMarks`]); with no scored item of positive weight
//!   answered there is *nothing to score* under either rule, an outcome rather than an error;
//! - the overall score is the weighted mean of the counted items, or, when the form's sections
//!   carry weights, the weighted mean of the section scores;
//! - in a [points form](Scoring::Points) each item counts by the points its best answer earns,
//!   so the score is `100 × (points earned − points deducted) / points possible` over the items
//!   that apply, never below 0; an item whose answers deduct points (a yes/no item with negative
//!   points, or choices worth 0 or less) takes them off, and [`Evaluation::points`] reports the
//!   raw points;
//! - a critical item that was answered and scored below its pass mark fails the evaluation, and
//!   the [`CriticalRule`] decides what that does to the score; a critical item
//!   [scoped to its section](CriticalScope::Section) fails only its section, which the
//!   section's rule zeroes or caps, and the evaluation still passes; a section marked critical
//!   makes each of its scored items critical;
//! - a [bonus](ItemRole::Bonus) item (or every item of a bonus section) earns a bonus reported
//!   beside the score by [`Evaluation::bonus`], never inside it, so the score stays in 0..=100;
//!   an item [kept for reporting](ItemRole::NotScored) is checked and tallied but never scored;
//! - an item with a [`Condition`] applies only when another item has one of some answers or a
//!   declared context field one of some values; otherwise it is N/A by rule;
//! - the coaching focus is the first failed critical item in form order (of the form, then of a
//!   section), otherwise the weakest answered item with a positive weight.
//!
//! # Two averages
//!
//! A [`FormSummary`] gives the mean of the reviews' scores ([`mean_overall`](FormSummary::mean_overall),
//! what QA products call the internal quality score) and the mean of the items' means
//! ([`mean_of_item_means`](FormSummary::mean_of_item_means)). They answer different questions
//! and differ when reviews answer different items. Two reviews of a form with greeting and
//! resolution (yes/no, resolution may be N/A): the first answers greeting yes and resolution no
//! and scores 50; the second answers greeting yes and resolution N/A and scores 100. The mean
//! score is (50 + 100) / 2 = 75. The item means are greeting 100 (two answers) and resolution 0
//! (one answer), and their mean is 50: the one resolution answered went badly, which the mean
//! score half hides because the second review never asked. A team lead reads the mean score for
//! "how good were our reviews" and the item means for "what do we do badly".
//!
//! A critical item's pass mark must lie above the lowest score an answer can get (0, or the
//! worst choice's share of the best), or the item could never fail: such a form is refused when
//! it is built. Every form has a [`Fingerprint`] of everything that affects how it scores, and a
//! [`FormSummary`] merges only with a summary of the same fingerprint, so results from before
//! and after a change of weight, pass mark or rule are never mixed, even when the version was
//! not bumped.
//!
//! # Examples
//!
//! The worked example: greeting 1–5, verification yes/no and critical, resolution 1–5 counting
//! double, tone 1–5 where N/A is allowed.
//!
//! ```
//! use service_quality::{Band, CriticalRule, Scale};
//! use service_quality::form::{Answer, Answers, Form, Item};
//!
//! let form = Form::builder("call_review", 1)
//!     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
//!     .item(Item::yes_no("verification")?.with_critical(service_quality::form::DEFAULT_PASS_MARK))
//!     .item(Item::scale("resolution", Scale::ONE_TO_FIVE)?.try_with_weight(2.0)?)
//!     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?.with_not_applicable(true))
//!     .build()?;
//!
//! let answers = Answers::from(vec![
//!     Answer::Rating(4), Answer::Yes, Answer::Rating(3), Answer::NotApplicable,
//! ]);
//! let evaluation = answers.evaluate(&form)?;
//! // (75 + 100 + 2 × 50) / 4
//! assert_eq!(evaluation.overall().map(|s| s.get()), Some(68.75));
//! assert_eq!(evaluation.band(), Some(Band::NeedsImprovement));
//! assert_eq!(evaluation.focus().map(|i| i.key()), Some("resolution"));
//!
//! // Verification "no" with the rule "set to zero": 0, failed, coached on verification.
//! let zero = form.clone().with_critical_rule(CriticalRule::ScoreZero);
//! let failed = Answers::from(vec![
//!     Answer::Rating(4), Answer::No, Answer::Rating(3), Answer::NotApplicable,
//! ]);
//! let evaluation = failed.evaluate(&zero)?;
//! assert_eq!(evaluation.overall().map(|s| s.get()), Some(0.0));
//! assert!(evaluation.critical_failed());
//! assert_eq!(evaluation.focus().map(|i| i.key()), Some("verification"));
//!
//! // "Flag only": (75 + 0 + 2 × 50) / 4, still failed.
//! let flag = form.with_critical_rule(CriticalRule::FlagOnly);
//! let evaluation = failed.evaluate(&flag)?;
//! assert_eq!(evaluation.overall().map(|s| s.get()), Some(43.75));
//! assert!(evaluation.critical_failed());
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! The same form as JSON:
//!
//! ```json
//! {
//!   "key": "call_review", "version": 1,
//!   "items": [
//!     {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}},
//!     {"key": "verification", "answer": "yes_no", "critical": true},
//!     {"key": "resolution", "answer": {"scale": {"min": 1, "max": 5}}, "weight": 2},
//!     {"key": "tone", "answer": {"scale": {"min": 1, "max": 5}}, "not_applicable": true}
//!   ]
//! }
//! ```

/// The JSON Schema (draft 2020-12) of the form format, as shipped in
/// `schema/form.schema.json`: every field, its type, range and meaning. A form that fails it is
/// refused by the crate too; a form that passes it can still be refused for a relation between
/// fields the schema cannot express (unique keys, sections and items that exist, a scale's
/// minimum below its maximum, points that suit the form's scoring, conditions without cycles).
///
/// The schema in full:
#[doc = concat!("```json\n", include_str!("../../schema/form.schema.json"), "\n```")]
pub const SCHEMA: &str = include_str!("../../schema/form.schema.json");

mod answer;
mod evaluation;
mod fingerprint;
mod item;
mod summary;

pub use answer::{Answer, Answers, Tokens};
pub use evaluation::{Evaluation, ItemResult, Points};
pub use fingerprint::Fingerprint;
pub use item::{
    AnswerType, Choice, Condition, CriticalScope, DEFAULT_PASS_MARK, Item, ItemRole, Section,
};
pub use summary::{FormSummary, StoredForm};

use crate::scoring::kernel::{GroupRule, Rules};
use crate::scoring::macros::named_enum;
use crate::scoring::names::closest;
use crate::scoring::{BandThresholds, CriticalRule, Error, NotApplicableRule, Result, Score};
use item::{Subject, first_repeat, form_error};

named_enum! {
    /// How a form's items count towards its score.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Choice, Form, Item, Scoring};
    ///
    /// assert_eq!(Scoring::default(), Scoring::Weighted);
    /// assert_eq!("points".parse::<Scoring>()?, Scoring::Points);
    ///
    /// // Greeting worth 4 points, an outcome of 6, 3 or 0, and talking over the customer
    /// // deducting 5.
    /// let form = Form::builder("points_review", 1)
    ///     .scoring(Scoring::Points)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?.try_with_points(4.0)?)
    ///     .item(Item::choices("outcome", vec![
    ///         Choice::new("Resolved", 6.0)?,
    ///         Choice::new("Follow-up", 3.0)?,
    ///         Choice::new("Unresolved", 0.0)?,
    ///     ])?)
    ///     .item(Item::yes_no("interrupted")?.try_with_points(-5.0)?)
    ///     .build()?;
    /// // Greeting 4 earns 3 of 4, follow-up 3 of 6: 6 of 10 points.
    /// let calm = Answers::from(vec![Answer::Rating(4), Answer::Choice(1), Answer::No]);
    /// assert_eq!(calm.evaluate(&form)?.overall().map(|s| s.get()), Some(60.0));
    /// // Interrupting takes 5 off: 1 of 10.
    /// let rushed = Answers::from(vec![Answer::Rating(4), Answer::Choice(1), Answer::Yes]);
    /// let evaluation = rushed.evaluate(&form)?;
    /// assert_eq!(evaluation.overall().map(|s| s.get()), Some(10.0));
    /// assert_eq!(evaluation.points().map(|p| (p.earned(), p.possible())), Some((1.0, 10.0)));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Scoring as "scoring" {
        /// Each answer normalises to 0–100 and the score is the weighted mean, by the items'
        /// weights (and the sections' when they have them). The default.
        #[default]
        Weighted,
        /// Each answer earns points (a choice's points, a rating's share of the item's points,
        /// the item's points for "yes"), and some answers deduct them; the score is `100 ×
        /// (points earned − points deducted) / points possible` over the items that apply,
        /// never below 0. N/A removes an item's points from the points possible. A weighted form
        /// whose weights equal its items' points scores the same.
        Points,
    }
}

/// A scorecard defined at run time: a key, a version, ordered [`Item`]s, optional
/// [`Section`]s, and the rules for bands, N/A and critical failures.
///
/// Build one with [`Form::builder`] or deserialise it; both validate the same way. The key and
/// version identify the form in summaries, which refuse to merge across forms or versions.
/// See the [module docs](self) for the rules and a worked example.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    key: String,
    version: u32,
    name: String,
    items: Vec<Item>,
    sections: Vec<Section>,
    rules: Rules,
    scoring: Scoring,
    baseline: Option<Score>,
    /// The context fields conditions may look at.
    context: Vec<String>,
    /// How the kernel groups the items: one group of every item, or one per section.
    groups: Vec<Group>,
    /// The items of each section, in form order (empty without sections).
    section_items: Vec<Vec<usize>>,
    /// Per item, what the declarations make of it (its role, weight for the kernel, critical
    /// mark and scope, condition), worked out once when the form is built.
    plan: Vec<Plan>,
    /// Whether the form scores as a flat weighted mean: one group of weight 1, no conditions,
    /// no deductions and no failures scoped to a section, so the kernel's one-pass path gives
    /// the same result, bit for bit, faster.
    flat: bool,
    /// The fingerprint and its parts, kept up to date by every change of a scoring part.
    prints: fingerprint::Prints,
}

/// Items the kernel averages together, and how the group counts.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    rule: GroupRule,
    items: Vec<usize>,
}

/// One item as the form scores it, its section's declarations applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub(crate) role: ItemRole,
    /// The weight the kernel gives it: its weight (weighted form) or points possible (points
    /// form) when scored, 0 otherwise.
    pub(crate) weight: f64,
    /// Its pass mark, its own or its section's, and what a failure fails.
    pub(crate) critical: Option<(Score, CriticalScope)>,
    /// Its condition, with the values read as answers.
    condition: Option<Compiled>,
    /// The items above it in its chain of conditions, the topmost first.
    chain: Vec<usize>,
}

impl Plan {
    /// Whether the item is critical to its section only.
    pub(crate) const fn fails_section(&self) -> bool {
        matches!(self.critical, Some((_, CriticalScope::Section)))
    }
}

/// A condition checked against the form when it was built.
#[derive(Debug, Clone, PartialEq)]
enum Compiled {
    Item { index: usize, answers: Vec<Answer> },
    Context { field: String, values: Vec<String> },
}

impl Form {
    /// Starts a form with key `key` (what summaries and stored answers name it by) and
    /// `version` (bump it whenever items or rules change, so old and new results are not
    /// mixed).
    pub fn builder(key: impl Into<String>, version: u32) -> FormBuilder {
        FormBuilder {
            key: key.into(),
            version,
            name: None,
            items: Vec::new(),
            sections: Vec::new(),
            rules: Rules::default(),
            scoring: Scoring::Weighted,
            baseline: None,
            context: Vec::new(),
        }
    }

    /// The form's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The form's version.
    pub const fn version(&self) -> u32 {
        self.version
    }

    /// The name to show people (the key unless one was given).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The items, in form order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item with key `key`, if any.
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.find(key).ok().map(|(_, item)| item)
    }

    /// The sections, in the order declared.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The band thresholds.
    pub const fn bands(&self) -> BandThresholds {
        self.rules.bands
    }

    /// What a failed critical item does to the score.
    pub const fn critical_rule(&self) -> CriticalRule {
        self.rules.critical
    }

    /// What N/A does to the mean.
    pub const fn not_applicable_rule(&self) -> NotApplicableRule {
        self.rules.not_applicable
    }

    /// The same form with other band thresholds.
    pub fn with_bands(mut self, bands: BandThresholds) -> Self {
        self.rules.bands = bands;
        self.prints = fingerprint::Prints::of(&self);
        self
    }

    /// The same form with another rule for critical failures.
    pub fn with_critical_rule(mut self, critical: CriticalRule) -> Self {
        self.rules.critical = critical;
        self.prints = fingerprint::Prints::of(&self);
        self
    }

    /// The same form with another rule for N/A.
    pub fn with_not_applicable_rule(mut self, not_applicable: NotApplicableRule) -> Self {
        self.rules.not_applicable = not_applicable;
        self.prints = fingerprint::Prints::of(&self);
        self
    }

    /// How its items count: by weight or by points.
    pub const fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// The score at or above which a review counts as a pass in summaries' pass rate, if set.
    pub const fn baseline(&self) -> Option<Score> {
        self.baseline
    }

    /// Whether any item earns a bonus (by its own role or its section's).
    pub fn has_bonus(&self) -> bool {
        self.plan.iter().any(|p| p.role == ItemRole::Bonus)
    }

    /// The context fields its conditions may look at.
    pub fn context_fields(&self) -> &[String] {
        &self.context
    }

    /// The form's [`Fingerprint`]: a stable hash of everything that affects how it scores.
    pub fn fingerprint(&self) -> Fingerprint {
        self.prints.whole
    }

    /// The fingerprint with its parts (per item, and of the sections and rules).
    pub(crate) const fn prints(&self) -> &fingerprint::Prints {
        &self.prints
    }

    /// The item with key `key` and its position: an exact match, or failing that one that
    /// differs only in ASCII case.
    pub(crate) fn find(&self, key: &str) -> Result<(usize, &Item)> {
        let exact = self.items.iter().position(|i| i.key() == key);
        let index = exact.or_else(|| {
            self.items
                .iter()
                .position(|i| i.key().eq_ignore_ascii_case(key.trim()))
        });
        match index.and_then(|i| self.items.get(i).map(|item| (i, item))) {
            Some(found) => Ok(found),
            None => Err(Error::UnknownName {
                kind: "item",
                value: key.to_owned(),
                expected: "an item of the form".to_owned(),
                closest: closest(key, self.items.iter().map(Item::key)).map(Box::from),
            }),
        }
    }

    pub(crate) const fn rules(&self) -> &Rules {
        &self.rules
    }
}

/// Collects a form's parts and checks them together; see [`Form::builder`].
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::{Form, Item, Section};
///
/// let form = Form::builder("store_visit", 2)
///     .name("Store visit")
///     .section(Section::new("welcome")?.try_with_weight(1.0)?)
///     .section(Section::new("checkout")?.try_with_weight(3.0)?)
///     .item(Item::scale("greeted", Scale::ONE_TO_FIVE)?.with_section("welcome"))
///     .item(Item::yes_no("receipt_offered")?.with_section("checkout"))
///     .build()?;
/// assert_eq!(form.items().len(), 2);
///
/// let err = Form::builder("store_visit", 2)
///     .item(Item::scale("greeted", Scale::ONE_TO_FIVE)?)
///     .item(Item::yes_no("greeted")?)
///     .build()
///     .unwrap_err();
/// assert_eq!(err.to_string(), "key of item 'greeted' is used twice, expected each item key once");
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a form builder does nothing until `build` is called"]
pub struct FormBuilder {
    key: String,
    version: u32,
    name: Option<String>,
    items: Vec<Item>,
    sections: Vec<Section>,
    rules: Rules,
    scoring: Scoring,
    baseline: Option<Score>,
    context: Vec<String>,
}

impl FormBuilder {
    /// A name to show people.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds the next item.
    pub fn item(mut self, item: Item) -> Self {
        self.items.push(item);
        self
    }

    /// Adds items in order.
    pub fn items(mut self, items: impl IntoIterator<Item = Item>) -> Self {
        self.items.extend(items);
        self
    }

    /// Declares a section (items name it by key).
    pub fn section(mut self, section: Section) -> Self {
        self.sections.push(section);
        self
    }

    /// Band thresholds (default 50, 70, 85).
    pub fn bands(mut self, bands: BandThresholds) -> Self {
        self.rules.bands = bands;
        self
    }

    /// What a failed critical item does to the score (default: cap at the failed item).
    pub fn critical_rule(mut self, critical: CriticalRule) -> Self {
        self.rules.critical = critical;
        self
    }

    /// What N/A does to the mean (default: leave it out).
    pub fn not_applicable_rule(mut self, not_applicable: NotApplicableRule) -> Self {
        self.rules.not_applicable = not_applicable;
        self
    }

    /// How items count: by weight (the default) or by points.
    pub fn scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// The score at or above which a review passes, for summaries' pass rate (say 80).
    pub fn baseline(mut self, baseline: Score) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// Declares a context field (`"channel"`, `"contact_type"`) that conditions may look at;
    /// evaluations then carry its value (see [`Answers::with_field`]).
    pub fn context_field(mut self, field: impl Into<String>) -> Self {
        self.context.push(field.into());
        self
    }

    /// Checks the parts together and builds the form.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] naming the item (or section) and field, and what was allowed:
    ///
    /// - keys: an empty form key, no items, an item key, section key or context field used
    ///   twice, an item naming an undeclared section (the message lists the declared ones);
    /// - weights: some sections weighted and others not, an item without a section when
    ///   sections are weighted, nothing that could be scored (no scored item, or no weighted
    ///   section, with a positive weight or points);
    /// - points: points on a scored item of a weighted form, deductions in a weighted form,
    ///   a rating or yes/no item without points in a points form, a weight other than 1 where
    ///   points count, weighted sections in a points form, a bonus worth nothing or taking
    ///   points away, a scored choice item whose choices are all worth 0;
    /// - criticals: a critical bonus or unscored item, a failure scoped to a section on an item
    ///   without one, a pass mark no answer can fall below (0, or at most the worst choice's
    ///   score), which could never fail;
    /// - conditions: a condition on an unknown item or an undeclared context field, a value
    ///   that is not an answer the item accepts, no values, or a chain of conditions that leads
    ///   back to the item.
    pub fn build(self) -> Result<Form> {
        let FormBuilder {
            key,
            version,
            name,
            items,
            sections,
            rules,
            scoring,
            baseline,
            context,
        } = self;
        if key.trim().is_empty() {
            return Err(form_error(None, "form key", "''", "a key with some text"));
        }
        if items.is_empty() {
            return Err(form_error(None, "items", "empty", "at least one item"));
        }
        if let Some(item) = first_repeat(items.iter().map(Item::key)).and_then(|i| items.get(i)) {
            return Err(form_error(
                Some(item.key()),
                "key",
                "used twice",
                "each item key once",
            ));
        }
        let sections_by_key = sections.iter().map(Section::key);
        if let Some(section) = first_repeat(sections_by_key).and_then(|i| sections.get(i)) {
            return Err(form_error(
                None,
                "section key",
                &format!("'{}' used twice", section.key()),
                "each section key once",
            ));
        }
        let fields = context.iter().map(|f| f.trim().to_ascii_lowercase());
        if let Some(field) = first_repeat(fields).and_then(|i| context.get(i)) {
            return Err(form_error(
                None,
                "context",
                &format!("'{field}' used twice"),
                "each context field once",
            ));
        }
        let weighted = sections.iter().filter(|s| s.weight().is_some()).count();
        if weighted != 0 && weighted != sections.len() {
            let unweighted = sections.iter().find(|s| s.weight().is_none());
            return Err(form_error(
                None,
                "weight",
                &format!(
                    "missing for section '{}'",
                    unweighted.map_or("", Section::key)
                ),
                "a weight on every section once one has one",
            ));
        }
        if scoring == Scoring::Points && weighted > 0 {
            let first = sections.first().map_or("", Section::key);
            return Err(form_error(
                None,
                "weight",
                &format!("given for section '{first}' of a points form"),
                "no section weights in a points form (its sections count by their points)",
            ));
        }
        let section_items = place_in_sections(&items, &sections, weighted > 0)?;
        let mut plan = Vec::with_capacity(items.len());
        for item in &items {
            let section = item
                .section()
                .and_then(|s| sections.iter().find(|d| d.key() == s));
            plan.push(plan_item(item, section, scoring)?);
        }
        compile_conditions(&items, &context, &mut plan)?;
        let form = Form {
            name: name.unwrap_or_else(|| key.clone()),
            key,
            version,
            groups: Vec::new(),
            items,
            sections,
            rules,
            scoring,
            baseline,
            context,
            section_items,
            plan,
            flat: false,
            prints: fingerprint::Prints::default(),
        }
        .grouped();
        let scorable = form.groups.iter().any(|g| {
            g.rule.weight.is_none_or(|w| w > 0.0)
                && g.items
                    .iter()
                    .any(|&i| form.plan.get(i).is_some_and(|p| p.weight > 0.0))
        });
        if !scorable {
            // Say which weights are at fault: the items' own, or the sections holding them.
            let value = match form.items.len() {
                _ if form.plan.iter().any(|p| p.weight > 0.0) => {
                    "0 for every section that holds a weighted item".to_owned()
                }
                1 => "0 for the form's one item".to_owned(),
                n => format!("0 for all {n} items"),
            };
            return Err(form_error(
                None,
                "weight",
                &value,
                "at least one item that counts towards the score",
            ));
        }
        Ok(form)
    }
}

/// The items of each section, in form order, checking that every section named is declared
/// and that every item has one when sections are weighted.
fn place_in_sections(
    items: &[Item],
    sections: &[Section],
    weighted: bool,
) -> Result<Vec<Vec<usize>>> {
    let mut section_items: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, item) in items.iter().enumerate() {
        match item.section() {
            Some(s) => {
                let at = sections.iter().position(|d| d.key() == s);
                let Some(slot) = at.and_then(|at| section_items.get_mut(at)) else {
                    let declared: Vec<&str> = sections.iter().map(Section::key).collect();
                    let expected = if declared.is_empty() {
                        "a declared section, and the form declares none".to_owned()
                    } else {
                        format!("one of the form's sections: {}", declared.join(", "))
                    };
                    return Err(form_error(
                        Some(item.key()),
                        "section",
                        &format!("'{s}'"),
                        &expected,
                    ));
                };
                slot.push(i);
            }
            None if weighted => {
                return Err(form_error(
                    Some(item.key()),
                    "section",
                    "missing",
                    "a section, since the form's sections are weighted",
                ));
            }
            None => {}
        }
    }
    Ok(section_items)
}

/// What `item` is once its `section`'s declarations apply, checked against the form's
/// `scoring`: its role, its weight for the kernel and its critical mark.
fn plan_item(item: &Item, section: Option<&Section>, scoring: Scoring) -> Result<Plan> {
    let key = Some(item.key());
    let role = match item.role() {
        ItemRole::Scored if section.is_some_and(Section::is_bonus) => ItemRole::Bonus,
        role => role,
    };
    let own = item.pass_mark().map(|mark| (mark, item.critical_scope()));
    let inherited = section
        .filter(|_| role == ItemRole::Scored)
        .and_then(|s| s.pass_mark().map(|mark| (mark, s.critical_scope())));
    let critical = own.or(inherited);
    if let (Some(_), ItemRole::Bonus | ItemRole::NotScored) = (own, role) {
        return Err(form_error(
            key,
            "critical",
            &format!("true on a {} item", role.key().replace('_', " ")),
            "a scored item (a bonus or unscored item cannot fail)",
        ));
    }
    if let (Some((_, CriticalScope::Section)), None) = (critical, section) {
        return Err(form_error(
            key,
            "critical_scope",
            "section",
            "an item in a section (this one has none)",
        ));
    }
    if let Some((pass_mark, _)) = critical {
        // A pass mark no answer can fall below would never fail.
        let lowest = item.lowest_score();
        if pass_mark <= lowest {
            return Err(form_error(
                key,
                "pass_mark",
                &pass_mark.get().to_string(),
                &format!(
                    "a pass mark above {}, the lowest score an answer can get, or the critical \
                     item can never fail",
                    lowest.get()
                ),
            ));
        }
    }
    let points_count = role == ItemRole::Bonus || scoring == Scoring::Points;
    // Exactly the default weight, 1: any other was given on purpose and would be ignored.
    let weighted = item.weight().to_bits() != 1.0_f64.to_bits();
    if (role != ItemRole::Scored || points_count) && weighted {
        return Err(form_error(
            key,
            "weight",
            &item.weight().to_string(),
            "no weight where points count or nothing counts (a points form, a bonus or an \
             unscored item)",
        ));
    }
    let weight = match (role, scoring) {
        (ItemRole::Scored, Scoring::Weighted) => {
            if let Some(points) = item.points() {
                return Err(form_error(
                    key,
                    "points",
                    &points.to_string(),
                    "no points on a scored item of a weighted form (its weight says how much it \
                     counts; points are for bonus items and points forms)",
                ));
            }
            check_earns(item)?;
            item.weight()
        }
        (ItemRole::Scored, _) => {
            let unpriced =
                !matches!(item.answer_type(), AnswerType::Choices(_)) && item.points().is_none();
            if unpriced {
                return Err(form_error(
                    key,
                    "points",
                    "missing",
                    "the points its best answer earns, in a points form",
                ));
            }
            if !item.has_points() {
                return Err(form_error(
                    key,
                    "points",
                    "0 for every answer",
                    "an item whose answers earn or deduct points",
                ));
            }
            item.possible()
        }
        (ItemRole::Bonus, _) => {
            if !item.has_points() || item.deducts() {
                return Err(form_error(
                    key,
                    "points",
                    &item
                        .points()
                        .map_or_else(|| "none".to_owned(), |p| p.to_string()),
                    "points above 0 for a bonus item's best answer (a bonus never takes away)",
                ));
            }
            0.0
        }
        (_, _) => {
            if let Some(points) = item.points() {
                return Err(form_error(
                    key,
                    "points",
                    &points.to_string(),
                    "no points on an unscored item",
                ));
            }
            0.0
        }
    };
    Ok(Plan {
        role,
        weight,
        critical,
        condition: None,
        chain: Vec::new(),
    })
}

/// A scored item of a weighted form has a best answer worth something and deducts nothing.
fn check_earns(item: &Item) -> Result<()> {
    let AnswerType::Choices(choices) = item.answer_type() else {
        return Ok(());
    };
    if item.deducts() {
        let worst = choices.iter().map(Choice::points).fold(0.0, f64::min);
        return Err(form_error(
            Some(item.key()),
            "points",
            &format!("{worst} for a choice"),
            "points >= 0 in a weighted form (a points form can deduct)",
        ));
    }
    if !item.has_points() {
        return Err(form_error(
            Some(item.key()),
            "choices",
            "all worth 0 points",
            "at least one choice worth points",
        ));
    }
    Ok(())
}

/// Reads every item's condition against the form, and works out each item's chain of
/// conditions, refusing chains that lead back to their item.
fn compile_conditions(items: &[Item], context: &[String], plan: &mut [Plan]) -> Result<()> {
    for (item, slot) in items.iter().zip(plan.iter_mut()) {
        if let Some(condition) = item.condition() {
            slot.condition = Some(compile(item, condition, items, context)?);
        }
    }
    // Each item's chain: follow conditions on items upwards; meeting an item already on the
    // chain (the item itself, or one above it) is a cycle, named from where it closes.
    let parent = |i: usize| match plan.get(i).and_then(|p| p.condition.as_ref()) {
        Some(Compiled::Item { index, .. }) => Some(*index),
        _ => None,
    };
    let mut chains = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        let mut chain: Vec<usize> = Vec::new();
        let mut at = parent(i);
        while let Some(above) = at {
            let seen = core::iter::once(&i).chain(&chain).position(|&c| c == above);
            if let Some(start) = seen {
                // The cycle runs from `above`'s first place on the walk back to it.
                let walk = core::iter::once(&i).chain(&chain).skip(start);
                let mut path: Vec<&str> =
                    walk.filter_map(|&c| items.get(c).map(Item::key)).collect();
                let closing = items.get(above).map_or("", Item::key);
                path.push(closing);
                return Err(form_error(
                    Some(closing),
                    "applies_when",
                    &format!("a cycle: {}", path.join(" -> ")),
                    "conditions that do not lead back to the item",
                ));
            }
            chain.push(above);
            at = parent(above);
        }
        chain.reverse();
        chains.push(chain);
    }
    for (slot, chain) in plan.iter_mut().zip(chains) {
        slot.chain = chain;
    }
    Ok(())
}

/// `item`'s condition read against the form's items and context fields.
fn compile(
    item: &Item,
    condition: &Condition,
    items: &[Item],
    context: &[String],
) -> Result<Compiled> {
    let key = Some(item.key());
    if condition.values().is_empty() {
        return Err(form_error(
            key,
            "applies_when",
            &format!("{condition}(no values)"),
            "at least one value",
        ));
    }
    match condition.subject() {
        Subject::Item(target) => {
            let found = items
                .iter()
                .enumerate()
                .find(|(_, i)| i.key() == target.as_str());
            let Some((index, of)) = found else {
                let near = closest(target, items.iter().map(Item::key));
                return Err(form_error(
                    key,
                    "applies_when",
                    &format!("a condition on '{target}'"),
                    &format!(
                        "a condition on an item of the form{}",
                        near.map(|n| format!(" (closest: '{n}')"))
                            .unwrap_or_default()
                    ),
                ));
            };
            let tokens = Tokens::default();
            let answers = condition
                .values()
                .iter()
                .map(|value| {
                    read_condition_value(&tokens, of, value).map_err(|_| {
                        form_error(
                            key,
                            "applies_when",
                            &format!("'{value}' for item '{target}'"),
                            &format!("{} or n/a", of.answer_type().expected()),
                        )
                    })
                })
                .collect::<Result<Vec<Answer>>>()?;
            Ok(Compiled::Item { index, answers })
        }
        Subject::Context(field) => {
            let declared = context
                .iter()
                .find(|f| f.trim().eq_ignore_ascii_case(field.trim()));
            let Some(declared) = declared else {
                let expected = if context.is_empty() {
                    "a declared context field, and the form declares none".to_owned()
                } else {
                    format!("one of the form's context fields: {}", context.join(", "))
                };
                return Err(form_error(
                    key,
                    "applies_when",
                    &format!("a condition on context field '{field}'"),
                    &expected,
                ));
            };
            Ok(Compiled::Context {
                field: declared.clone(),
                values: condition
                    .values()
                    .iter()
                    .map(|v| v.trim().to_owned())
                    .collect(),
            })
        }
    }
}

/// A condition's value read as an answer to `item`: N/A whether or not the item allows it (an
/// item may depend on another not arising), otherwise as a cell would be read.
fn read_condition_value(tokens: &Tokens, item: &Item, value: &str) -> Result<Answer> {
    if tokens.is_not_applicable(value) {
        return Ok(Answer::NotApplicable);
    }
    tokens.read(item, value)
}

impl Form {
    /// The form with its kernel groups: one per section when the sections are weighted, or
    /// when sections must be scored apart (a points form's sections, or failures scoped to a
    /// section); otherwise one group of every item. Its fingerprint is worked out last.
    fn grouped(mut self) -> Form {
        let by_section =
            self.scoring == Scoring::Points || self.plan.iter().any(Plan::fails_section);
        let weighted = self.sections.iter().any(|s| s.weight().is_some());
        self.groups = if weighted || (by_section && !self.sections.is_empty()) {
            let mut groups: Vec<Group> = self
                .sections
                .iter()
                .zip(&self.section_items)
                .map(|(s, items)| Group {
                    rule: GroupRule {
                        weight: s.weight().filter(|_| weighted),
                        on_failure: s.critical_rule(),
                    },
                    items: items.clone(),
                })
                .collect();
            let loose: Vec<usize> = (0..self.items.len())
                .filter(|&i| {
                    self.items
                        .get(i)
                        .is_some_and(|item| item.section().is_none())
                })
                .collect();
            if !loose.is_empty() {
                groups.push(Group {
                    rule: GroupRule {
                        weight: None,
                        on_failure: CriticalRule::CapAtFailedItem,
                    },
                    items: loose,
                });
            }
            groups
        } else {
            vec![Group {
                rule: GroupRule::weighted(1.0),
                items: (0..self.items.len()).collect(),
            }]
        };
        self.flat = self.scoring == Scoring::Weighted
            && matches!(self.groups.as_slice(), [g] if g.rule == GroupRule::weighted(1.0))
            && self
                .plan
                .iter()
                .all(|p| p.condition.is_none() && !p.fails_section());
        self.prints = fingerprint::Prints::of(&self);
        self
    }

    /// Whether the form scores as a flat weighted mean (see the field).
    pub(crate) const fn is_flat(&self) -> bool {
        self.flat
    }

    /// Every item with what the form makes of it, in form order.
    pub(crate) fn planned(&self) -> impl Iterator<Item = (&Item, &Plan)> {
        self.items.iter().zip(&self.plan)
    }

    /// What the form makes of item `i`.
    pub(crate) fn plan(&self, i: usize) -> Option<&Plan> {
        self.plan.get(i)
    }

    /// Whether item `i` applies to `answers`: every condition up its chain holds, each item
    /// above counting as N/A where it does not apply itself.
    ///
    /// # Errors
    ///
    /// [`Error::Missing`] when a condition looks at a context field the answers lack.
    pub(crate) fn applies(&self, i: usize, answers: &Answers) -> Result<bool> {
        let Some(plan) = self.plan.get(i).filter(|p| p.condition.is_some()) else {
            return Ok(true);
        };
        let mut holds = true;
        for &k in plan.chain.iter().chain(core::iter::once(&i)) {
            holds = match self.plan.get(k).and_then(|p| p.condition.as_ref()) {
                None => true,
                Some(Compiled::Context { field, values }) => {
                    let value = answers.field(field).ok_or_else(|| Error::Missing {
                        what: "context field",
                        key: field.clone(),
                    })?;
                    values.iter().any(|v| v.eq_ignore_ascii_case(value.trim()))
                }
                Some(Compiled::Item {
                    index,
                    answers: when,
                }) => {
                    let answer = match answers.get(*index) {
                        Some(&answer) if holds => answer,
                        _ => Answer::NotApplicable,
                    };
                    when.contains(&answer)
                }
            };
        }
        Ok(holds)
    }

    /// A compile-time model's policy as a run-time form: one item per dimension (its key, name
    /// and description, rated on the policy's scale, with its weight, pass mark and N/A
    /// permission) and the policy's rules. It evaluates every set of ratings exactly as the
    /// policy does, so a model defined in code can be exported as JSON, edited by a QA team,
    /// and read back.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form};
    /// use service_quality::proud::{Assessment, ProudPolicy};
    ///
    /// let policy = ProudPolicy::default();
    /// let form = Form::from_policy("proud", 1, &policy);
    /// assert_eq!(form.items()[0].key(), "polite_and_professional");
    ///
    /// let answers: Answers = [4, 5, 3, 4, 2].into_iter().map(Answer::Rating).collect();
    /// let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?.evaluate(&policy)?;
    /// assert_eq!(answers.evaluate(&form)?.overall(), verdict.overall());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_policy<D: crate::scoring::Dimension>(
        key: impl Into<String>,
        version: u32,
        policy: &crate::scoring::Policy<D>,
    ) -> Form {
        let items = D::iter()
            .map(|d| Item::for_dimension(d, policy))
            .collect::<Vec<_>>();
        // A policy is checked by its own types (unique keys, a positive weight, one scale), so
        // its items are planned as they are, without the builder's checks: a pass mark of 0,
        // which a policy accepts, is carried over rather than refused here.
        let plan = items
            .iter()
            .map(|item| Plan {
                role: ItemRole::Scored,
                weight: item.weight(),
                critical: item.pass_mark().map(|mark| (mark, CriticalScope::Form)),
                condition: None,
                chain: Vec::new(),
            })
            .collect();
        let key = key.into();
        Form {
            name: key.clone(),
            key,
            version,
            items,
            sections: Vec::new(),
            rules: *policy.rules(),
            scoring: Scoring::Weighted,
            baseline: None,
            context: Vec::new(),
            groups: Vec::new(),
            section_items: Vec::new(),
            plan,
            flat: false,
            prints: fingerprint::Prints::default(),
        }
        .grouped()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::item::serde_impls::{RawItem, RawSection};
    use super::{Form, Item, Scoring, Section};
    use crate::scoring::{BandThresholds, CriticalRule, NotApplicableRule, Score};

    /// `{"key": ..., "version": 1, "name": ..., "scoring": "points", "baseline": 80,
    /// "context": ["channel"], "sections": [...], "items": [...], "bands": {...},
    /// "critical_rule": ..., "not_applicable_rule": ...}`; everything but the key, version and
    /// items may be left out. The shipped JSON Schema (`schema/form.schema.json`) describes it.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawForm {
        key: String,
        version: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "is_weighted")]
        scoring: Scoring,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        baseline: Option<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        context: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sections: Vec<RawSection>,
        items: Vec<RawItem>,
        #[serde(default)]
        bands: BandThresholds,
        #[serde(default)]
        critical_rule: CriticalRule,
        #[serde(default)]
        not_applicable_rule: NotApplicableRule,
    }

    fn is_weighted(scoring: &Scoring) -> bool {
        *scoring == Scoring::Weighted
    }

    impl Serialize for Form {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            RawForm {
                key: self.key.clone(),
                version: self.version,
                name: (self.name != self.key).then(|| self.name.clone()),
                scoring: self.scoring,
                baseline: self.baseline.map(Score::get),
                context: self.context.clone(),
                sections: self.sections.iter().map(RawSection::from).collect(),
                items: self.items.iter().map(RawItem::from).collect(),
                bands: self.bands(),
                critical_rule: self.critical_rule(),
                not_applicable_rule: self.not_applicable_rule(),
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Form {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let raw = RawForm::deserialize(deserializer)?;
            let build = || {
                let mut builder = Form::builder(raw.key, raw.version)
                    .scoring(raw.scoring)
                    .bands(raw.bands)
                    .critical_rule(raw.critical_rule)
                    .not_applicable_rule(raw.not_applicable_rule);
                if let Some(name) = raw.name {
                    builder = builder.name(name);
                }
                if let Some(baseline) = raw.baseline {
                    let baseline = Score::new(baseline).map_err(|_| {
                        super::form_error(
                            None,
                            "baseline",
                            &baseline.to_string(),
                            "a score in 0..=100",
                        )
                    })?;
                    builder = builder.baseline(baseline);
                }
                for field in raw.context {
                    builder = builder.context_field(field);
                }
                for section in raw.sections {
                    builder = builder.section(Section::try_from(section)?);
                }
                for item in raw.items {
                    builder = builder.item(Item::try_from(item)?);
                }
                builder.build()
            };
            build().map_err(D::Error::custom)
        }
    }
}
