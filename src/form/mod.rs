//! Your own scorecards: forms defined at run time, with items of their own answer types,
//! weights, sections, "not applicable" answers and any number of critical items.
//!
//! Every QA team scores its own form. A [`Form`] is that form as data: built in code or loaded
//! from JSON (every field validated on load, errors naming the item and the field), evaluated
//! through the same scoring kernel as the built-in models, summarised per agent or team by a
//! [`FormSummary`] that refuses to mix forms or versions.
//!
//! The rules, shared with every model of the crate (see [`Scorecard`](crate::Scorecard)):
//!
//! - each answer normalises to 0–100: a rating `100 × (r − min) / (max − min)`, yes 100 and no 0,
//!   a choice `100 × points / best points`;
//! - an N/A answer leaves the weighted mean ([`NotApplicableRule::LeaveOut`], the default) or
//!   counts as 100 ([`NotApplicableRule::FullMarks`]); with no item of positive weight answered
//!   there is *nothing to score* under either rule, an outcome rather than an error;
//! - the overall score is the weighted mean of the counted items, or, when the form's sections
//!   carry weights, the weighted mean of the section scores;
//! - a critical item that was answered and scored below its pass mark fails the evaluation, and
//!   the [`CriticalRule`] decides what that does to the score;
//! - the coaching focus is the first failed critical item in form order, otherwise the weakest
//!   answered item with a positive weight.
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

mod answer;
mod evaluation;
mod fingerprint;
mod item;
mod summary;

pub use answer::{Answer, Answers, Tokens};
pub use evaluation::{Evaluation, ItemResult};
pub use fingerprint::Fingerprint;
pub use item::{AnswerType, Choice, DEFAULT_PASS_MARK, Item, Section};
pub use summary::FormSummary;

use crate::scoring::kernel::Rules;
use crate::scoring::names::closest;
use crate::scoring::{BandThresholds, CriticalRule, Error, NotApplicableRule, Result};
use item::{first_repeat, form_error};

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
    /// How the kernel groups the items: one group of every item, or one per weighted section.
    groups: Vec<Group>,
    /// The items of each section, in form order (empty without sections).
    section_items: Vec<Vec<usize>>,
    /// The fingerprint and its parts, kept up to date by every change of a scoring part.
    prints: fingerprint::Prints,
}

/// Items the kernel averages together, and the group's weight.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    weight: f64,
    items: Vec<usize>,
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

    /// Checks the parts together and builds the form.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] naming the item (or section) and field: an empty form key, no
    /// items, an item key used twice, a section key used twice, an item naming an undeclared
    /// section, some sections weighted and others not, an item without a section when
    /// sections are weighted, nothing that could be scored (no item, or no weighted section,
    /// with a positive weight), or a critical item whose pass mark no answer can fall below (0,
    /// or at most the worst choice's score), which could never fail.
    pub fn build(self) -> Result<Form> {
        let FormBuilder {
            key,
            version,
            name,
            items,
            sections,
            rules,
        } = self;
        if key.trim().is_empty() {
            return Err(form_error(None, "form key", "''", "a key with some text"));
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
        let mut section_items: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
        for (i, item) in items.iter().enumerate() {
            match (item.section(), sections.is_empty()) {
                (Some(s), _) => {
                    let at = sections.iter().position(|d| d.key() == s);
                    let slot = at.and_then(|at| section_items.get_mut(at));
                    let Some(slot) = slot else {
                        let declared: Vec<&str> = sections.iter().map(Section::key).collect();
                        return Err(form_error(
                            Some(item.key()),
                            "section",
                            &format!("'{s}'"),
                            &format!("one of the form's sections: {}", declared.join(", ")),
                        ));
                    };
                    slot.push(i);
                }
                (None, false) if weighted > 0 => {
                    return Err(form_error(
                        Some(item.key()),
                        "section",
                        "missing",
                        "a section, since the form's sections are weighted",
                    ));
                }
                (None, _) => {}
            }
        }
        if items.is_empty() {
            return Err(form_error(None, "items", "empty", "at least one item"));
        }
        // A critical item whose pass mark no answer can fall below would never fail: a pass
        // mark of 0, or one at or below the worst choice's score.
        let never_fails = items.iter().find_map(|item| {
            let pass_mark = item.pass_mark()?;
            let lowest = item.lowest_score();
            (pass_mark <= lowest).then_some((item, pass_mark, lowest))
        });
        if let Some((item, pass_mark, lowest)) = never_fails {
            return Err(form_error(
                Some(item.key()),
                "pass_mark",
                &pass_mark.get().to_string(),
                &format!(
                    "a pass mark above {}, the lowest score an answer can get, or the critical \
                     item can never fail",
                    lowest.get()
                ),
            ));
        }
        let form = Form::assemble(key, version, name, items, sections, section_items, rules);
        let scorable = form.groups.iter().any(|g| {
            g.weight > 0.0
                && g.items
                    .iter()
                    .any(|&i| form.items.get(i).is_some_and(|item| item.weight() > 0.0))
        });
        if !scorable {
            // Say which weights are at fault: the items' own, or the sections holding them.
            let value = match form.items.len() {
                _ if form.items.iter().any(|item| item.weight() > 0.0) => {
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

impl Form {
    /// A form from parts already checked together: the kernel's groups are one per section
    /// when the sections are weighted, otherwise one of every item.
    fn assemble(
        key: String,
        version: u32,
        name: Option<String>,
        items: Vec<Item>,
        sections: Vec<Section>,
        section_items: Vec<Vec<usize>>,
        rules: Rules,
    ) -> Form {
        let weighted = sections.iter().any(|s| s.weight().is_some());
        let groups = if weighted {
            sections
                .iter()
                .zip(&section_items)
                .map(|(s, items)| Group {
                    weight: s.weight().unwrap_or(0.0),
                    items: items.clone(),
                })
                .collect()
        } else {
            vec![Group {
                weight: 1.0,
                items: (0..items.len()).collect(),
            }]
        };
        let mut form = Form {
            name: name.unwrap_or_else(|| key.clone()),
            key,
            version,
            items,
            sections,
            rules,
            groups,
            section_items,
            prints: fingerprint::Prints::default(),
        };
        form.prints = fingerprint::Prints::of(&form);
        form
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
        let key = key.into();
        let rules = *policy.rules();
        Form::assemble(key, version, None, items, Vec::new(), Vec::new(), rules)
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::item::serde_impls::{RawItem, RawSection};
    use super::{Form, Item, Section};
    use crate::scoring::{BandThresholds, CriticalRule, NotApplicableRule};

    /// `{"key": ..., "version": 1, "name": ..., "sections": [...], "items": [...],
    /// "bands": {...}, "critical_rule": ..., "not_applicable_rule": ...}`; everything after the
    /// items may be left out.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawForm {
        key: String,
        version: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
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

    impl Serialize for Form {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            RawForm {
                key: self.key.clone(),
                version: self.version,
                name: (self.name != self.key).then(|| self.name.clone()),
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
                    .bands(raw.bands)
                    .critical_rule(raw.critical_rule)
                    .not_applicable_rule(raw.not_applicable_rule);
                if let Some(name) = raw.name {
                    builder = builder.name(name);
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
