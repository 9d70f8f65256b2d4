//! The value of an in-person or assisted visit against buying online.

use super::experience::Experience;
use crate::scoring::macros::named_enum;

named_enum! {
    /// How an in-person or assisted purchase compared with buying online, on one factor.
    #[derive(PartialOrd, Ord)]
    pub enum VersusOnline as "comparison with online", expecting "one of: worse, same, better" {
        /// Worse than online.
        Worse,
        /// No different.
        Same,
        /// Better than online.
        Better,
    }
}

named_enum! {
    /// A factor on which a visit is judged against the online alternative.
    #[non_exhaustive]
    pub enum Factor as "channel factor",
        expecting "one of: price, service, convenience, wait, wow"
    {
        /// What it cost.
        Price,
        /// The advice and help of a person who knows the product: what a customer pays more
        /// than the online price for (the source).
        Service,
        /// How easy and pleasant it was (pressure to buy extras makes it worse).
        Convenience,
        /// How long until the customer had what they came for, working.
        Wait,
        /// A memorable moment: what a person can give that a website cannot.
        Wow,
    }
}

/// One visit judged against buying online.
///
/// # The rule
///
/// From the source: a shop visit whose customer paid more than online for the advice and
/// service, was annoyed (pressure to buy insurance) and was still left waiting for a working
/// product gave no reason to come back; and "wow" moments are what in-person service can offer
/// and online cannot. The source gives no rule for other visits; this one is this crate's:
///
/// - each factor on which the visit beat online is a reason to come back, and so is a wow
///   moment;
/// - each factor on which it lost is a reason against, except that a higher price is not held
///   against a visit whose advice and service beat online: that is the premium the customer
///   paid for ([`ChannelVerdict::premium_justified`]);
/// - the customer comes back when the reasons to come back outnumber the reasons against.
///
/// So service can outweigh price, and a wow moment counts, but a wow moment does not outweigh
/// everything else on its own. The verdict lists the reasons either way, and the
/// [`Experience`] it leaves the customer with.
///
/// # Examples
///
/// The visit from the source: dearer than online, no better advice or service for the money,
/// annoying (pressure to buy insurance) and still waiting for a working product, with nothing
/// memorable.
///
/// ```
/// use service_quality::practices::{ChannelVisit, VersusOnline::*, Experience, Factor};
///
/// let visit = ChannelVisit {
///     price: Worse,
///     service: Worse,
///     convenience: Worse,
///     wait: Worse,
///     wow: false,
/// };
/// let verdict = visit.evaluate();
/// assert!(!verdict.comes_back());
/// assert_eq!(
///     verdict.against(),
///     [Factor::Price, Factor::Service, Factor::Convenience, Factor::Wait]
/// );
/// assert!(verdict.explanation().contains("no reason to come back"));
/// assert_eq!(verdict.experience(), Experience::Poor); // and the customer will say so
///
/// // The visit the customer paid more for: real advice, and a moment to remember.
/// let worth_it = ChannelVisit { price: Worse, service: Better, convenience: Same, wait: Same, wow: true };
/// let verdict = worth_it.evaluate();
/// assert!(verdict.comes_back() && verdict.premium_justified());
/// assert_eq!(verdict.reasons_for(), [Factor::Service, Factor::Wow]);
/// assert!(verdict.against().is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ChannelVisit {
    /// Price against online.
    pub price: VersusOnline,
    /// Advice and service against online.
    pub service: VersusOnline,
    /// Convenience against online.
    pub convenience: VersusOnline,
    /// Wait against online.
    pub wait: VersusOnline,
    /// Whether there was a "wow" moment.
    pub wow: bool,
}

impl ChannelVisit {
    /// The verdict on the visit, under the rule above.
    pub fn evaluate(&self) -> ChannelVerdict {
        let factors = [
            (Factor::Price, self.price),
            (Factor::Service, self.service),
            (Factor::Convenience, self.convenience),
            (Factor::Wait, self.wait),
        ];
        let premium_justified =
            self.price == VersusOnline::Worse && self.service == VersusOnline::Better;
        let pick = |c: VersusOnline| -> Vec<Factor> {
            factors
                .iter()
                .filter(|(_, v)| *v == c)
                .map(|(f, _)| *f)
                .collect()
        };
        let mut reasons_for = pick(VersusOnline::Better);
        if self.wow {
            reasons_for.push(Factor::Wow);
        }
        let mut against = pick(VersusOnline::Worse);
        if premium_justified {
            against.retain(|&f| f != Factor::Price);
        }
        let comes_back = reasons_for.len() > against.len();
        ChannelVerdict {
            comes_back,
            reasons_for,
            against,
            premium_justified,
        }
    }
}

/// Whether a customer would come back to the in-person channel, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ChannelVerdict {
    comes_back: bool,
    reasons_for: Vec<Factor>,
    against: Vec<Factor>,
    premium_justified: bool,
}

impl ChannelVerdict {
    /// Whether the customer would come back.
    pub const fn comes_back(&self) -> bool {
        self.comes_back
    }

    /// Factors in favour of the visit (including a wow moment).
    pub fn reasons_for(&self) -> &[Factor] {
        &self.reasons_for
    }

    /// Factors held against the visit: those on which it lost to online, except a higher
    /// price paid for better service.
    pub fn against(&self) -> &[Factor] {
        &self.against
    }

    /// Whether the visit cost more than online but gave better advice and service, so the
    /// price was the premium for that service and not held against it (this crate's rule, from
    /// the source's customer who paid more than online for advice and service).
    pub const fn premium_justified(&self) -> bool {
        self.premium_justified
    }

    /// The experience the visit leaves the customer with: [`Experience::Wow`] when there was
    /// a wow moment, [`Experience::Poor`] when more factors were held against the visit than it
    /// beat online on, [`Experience::Ordinary`] otherwise (this crate's rule).
    pub fn experience(&self) -> Experience {
        let better = self
            .reasons_for
            .iter()
            .filter(|&&f| f != Factor::Wow)
            .count();
        if self.reasons_for.contains(&Factor::Wow) {
            Experience::Wow
        } else if self.against.len() > better {
            Experience::Poor
        } else {
            Experience::Ordinary
        }
    }

    /// The verdict in a sentence.
    pub fn explanation(&self) -> String {
        let list = |fs: &mut dyn Iterator<Item = &Factor>| {
            fs.map(|f| f.to_string()).collect::<Vec<_>>().join(", ")
        };
        let better = list(&mut self.reasons_for.iter().filter(|&&f| f != Factor::Wow));
        let wow = self.reasons_for.contains(&Factor::Wow);
        let in_favour = match (better.is_empty(), wow) {
            (false, false) => format!("better than online on {better}"),
            (false, true) => format!("better than online on {better}, and a wow moment"),
            (true, true) => "a wow moment".to_owned(),
            (true, false) => String::new(),
        };
        let against = list(&mut self.against.iter());
        let premium = if self.premium_justified {
            "; dearer than online, but the service was worth the difference"
        } else {
            ""
        };
        match (self.comes_back, in_favour.is_empty()) {
            (true, _) => format!("Likely to come back: {in_favour}{premium}."),
            (false, true) => format!(
                "Unlikely to come back: no reason to come back, and worse than online on {}.",
                if against.is_empty() {
                    "nothing either"
                } else {
                    &against
                }
            ),
            (false, false) => format!(
                "Unlikely to come back: {in_favour}, but worse than online on \
                 {against}{premium}."
            ),
        }
    }
}
