//! A form's fingerprint: a stable hash of everything that affects how it scores.

use core::fmt;
use core::str::FromStr;

use super::{AnswerType, CriticalScope, Form, Item, ItemRole, Scoring, Section};
use crate::scoring::random::Fnv1a;
use crate::scoring::{Band, Error};

/// A stable 64-bit fingerprint of everything that affects how a [`Form`] scores: its items in
/// order (key, answer type, choices and their points, weight, points, role, N/A permission,
/// pass mark and scope, section, condition), its sections (weight, bonus, criticality and its
/// rule), its scoring, its baseline and its rules (bands, N/A, critical failures). Names,
/// descriptions, the context fields' declarations, the form's key and its version are left
/// out: they change no score. Parts added in later releases are encoded only when they differ
/// from their defaults, so a form that does not use them keeps its fingerprint.
///
/// Summaries carry their form's fingerprint and refuse to merge with a summary of another one,
/// even under the same key and version, so a weight changed without a version bump cannot mix
/// old and new results. The value is the FNV-1a hash of a fixed encoding of those parts
/// (lengths and numbers little-endian, strings as UTF-8): the same on every platform and in
/// every release that does not say otherwise in its changelog. It shows as 16 hexadecimal
/// digits, which is also its JSON form.
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::{Form, Item};
///
/// let form = |weight| {
///     Form::builder("chat", 1)
///         .item(Item::scale("tone", Scale::ONE_TO_FIVE)?.try_with_weight(weight)?)
///         .build()
/// };
/// let (one, two) = (form(1.0)?, form(2.0)?);
/// assert_ne!(one.fingerprint(), two.fingerprint());
/// assert_eq!(one.fingerprint(), form(1.0)?.fingerprint());
/// assert_eq!(one.fingerprint().to_string().len(), 16);
/// assert_eq!(one.fingerprint().to_string().parse(), Ok(one.fingerprint()));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint as a number.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// A part's hash shown as a fingerprint (an item's, or the rules'), for the stored form of
    /// a summary.
    #[cfg(feature = "serde")]
    pub(crate) const fn from_part(part: u64) -> Self {
        Fingerprint(part)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for Fingerprint {
    type Err = Error;

    /// Reads 16 hexadecimal digits, as `Display` writes them.
    fn from_str(text: &str) -> Result<Self, Error> {
        let digits = text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
        match u64::from_str_radix(text, 16) {
            Ok(value) if digits => Ok(Fingerprint(value)),
            _ => Err(Error::invalid_text(
                "form fingerprint",
                text,
                "16 hexadecimal digits",
            )),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Fingerprint {
    /// Reads the text `Display` writes, with the same error as `FromStr`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A form's fingerprint and its parts: one per item, and one of the sections and rules, so a
/// mismatch can say what differs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Prints {
    pub(crate) items: Vec<u64>,
    pub(crate) rules: u64,
    pub(crate) whole: Fingerprint,
}

impl Prints {
    /// The prints of `form`'s parts as they stand.
    pub(crate) fn of(form: &Form) -> Prints {
        let items: Vec<u64> = form.items().iter().map(item_print).collect();
        let rules = rules_print(form);
        Prints {
            whole: whole(rules, &items),
            items,
            rules,
        }
    }
}

/// The whole fingerprint from its parts.
pub(crate) fn whole(rules: u64, items: &[u64]) -> Fingerprint {
    let mut h = Fnv::new();
    h.u64(rules);
    h.u64(items.len() as u64);
    for &item in items {
        h.u64(item);
    }
    Fingerprint(h.finish())
}

fn item_print(item: &Item) -> u64 {
    let mut h = Fnv::new();
    h.str(item.key());
    match item.answer_type() {
        AnswerType::Scale(scale) => {
            h.u8(1);
            h.u64(i64::from(scale.min()) as u64);
            h.u64(i64::from(scale.max()) as u64);
        }
        AnswerType::YesNo => h.u8(2),
        AnswerType::Choices(choices) => {
            h.u8(3);
            h.u64(choices.len() as u64);
            for choice in choices {
                h.str(choice.label());
                h.f64(choice.points());
            }
        }
    }
    h.f64(item.weight());
    h.u8(u8::from(item.allows_not_applicable()));
    match item.pass_mark() {
        Some(mark) => {
            h.u8(1);
            h.f64(mark.get());
        }
        None => h.u8(0),
    }
    match item.section() {
        Some(section) => {
            h.u8(1);
            h.str(section);
        }
        None => h.u8(0),
    }
    // What later releases added follows, each part tagged and written only when it differs
    // from its default, so a form that does not use it keeps the fingerprint it had before.
    if item.role() != ItemRole::Scored {
        h.u8(0x10);
        h.str(item.role().key());
    }
    if let Some(points) = item.points() {
        h.u8(0x11);
        h.f64(points);
    }
    if item.critical_scope() != CriticalScope::Form {
        h.u8(0x12);
        h.str(item.critical_scope().key());
    }
    if let Some(condition) = item.condition() {
        h.u8(0x13);
        match (condition.item_key(), condition.context_field()) {
            (Some(key), _) => {
                h.u8(1);
                h.str(key);
            }
            (None, field) => {
                h.u8(2);
                h.str(field.unwrap_or_default());
            }
        }
        h.u64(condition.values().len() as u64);
        for value in condition.values() {
            h.str(value);
        }
    }
    h.finish()
}

fn rules_print(form: &Form) -> u64 {
    let mut h = Fnv::new();
    h.u64(form.sections().len() as u64);
    for section in form.sections() {
        h.str(section.key());
        match section.weight() {
            Some(weight) => {
                h.u8(1);
                h.f64(weight);
            }
            None => h.u8(0),
        }
    }
    let bands = form.bands();
    for band in Band::iter() {
        h.f64(bands.opens(band).get());
    }
    h.str(form.not_applicable_rule().key());
    h.str(form.critical_rule().key());
    // Later additions, tagged and written only when they differ from their defaults (see
    // `item_print`).
    for (i, section) in form.sections().iter().enumerate() {
        let default = Section::new(section.key()).ok();
        let plain = default.is_some_and(|d| {
            (
                d.is_bonus(),
                d.pass_mark(),
                d.critical_scope(),
                d.critical_rule(),
            ) == (
                section.is_bonus(),
                section.pass_mark(),
                section.critical_scope(),
                section.critical_rule(),
            )
        });
        if plain {
            continue;
        }
        h.u8(0x20);
        h.u64(i as u64);
        h.u8(u8::from(section.is_bonus()));
        match section.pass_mark() {
            Some(mark) => {
                h.u8(1);
                h.f64(mark.get());
            }
            None => h.u8(0),
        }
        h.str(section.critical_scope().key());
        h.str(section.critical_rule().key());
    }
    if form.scoring() != Scoring::Weighted {
        h.u8(0x21);
        h.str(form.scoring().key());
    }
    if let Some(baseline) = form.baseline() {
        h.u8(0x22);
        h.f64(baseline.get());
    }
    h.finish()
}

/// The crate's FNV-1a ([`Fnv1a`]) with the encodings a fingerprint feeds it: a published,
/// fixed hash, so the fingerprint does not depend on the standard library's hasher.
struct Fnv(Fnv1a);

impl Fnv {
    const fn new() -> Self {
        Fnv(Fnv1a::new())
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn u8(&mut self, value: u8) {
        self.bytes(&[value]);
    }

    fn u64(&mut self, value: u64) {
        self.bytes(&value.to_le_bytes());
    }

    /// A number by its bits, with -0 read as 0 (they score alike).
    fn f64(&mut self, value: f64) {
        self.u64((value + 0.0).to_bits());
    }

    /// A string with its length first, so `"ab", "c"` and `"a", "bc"` differ.
    fn str(&mut self, text: &str) {
        self.u64(text.len() as u64);
        self.bytes(text.as_bytes());
    }

    const fn finish(&self) -> u64 {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back_and_bad_text_is_refused() {
        let print = Fingerprint(0x0123_4567_89ab_cdef);
        assert_eq!(print.to_string(), "0123456789abcdef");
        assert_eq!("0123456789ABCDEF".parse::<Fingerprint>(), Ok(print));
        for bad in [
            "",
            "123",
            "0123456789abcdeg",
            "+123456789abcdef",
            "0123456789abcdef0",
        ] {
            assert!(bad.parse::<Fingerprint>().is_err(), "{bad}");
        }
    }
}
