//! The service triangle: customer, human agent and technology working together.

use crate::proud::Scenario;
use crate::scoring::macros::named_enum;

named_enum! {
    /// Who acts at a step of a service journey: the three corners of the service triangle.
    pub enum Actor as "journey actor", expecting "one of: customer, agent, technology" {
        /// The customer.
        Customer,
        /// A human agent.
        Agent,
        /// An AI assistant or other technology (a bot, an IVR, a self-service page).
        Technology,
    }
}

/// A hand-off between two actors in a journey, and whether the context travelled with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Handoff {
    /// Who handed the customer over.
    pub from: Actor,
    /// Who took the customer on.
    pub to: Actor,
    /// Whether what the customer had already said went along, so they need not repeat it.
    pub context_kept: bool,
}

/// A customer's journey through the service triangle, as its hand-offs in order.
///
/// A hand-off that drops the context makes the customer start again: an ownership failure,
/// reported in PROUD terms as [`Scenario::PassedOnAndRestarted`] against
/// [`Principle::Ownership`](crate::proud::Principle::Ownership).
///
/// # Examples
///
/// ```
/// use service_quality::practices::{Actor, Handoff, Journey};
/// use service_quality::proud::{Principle, Scenario};
///
/// let journey = Journey::new(vec![
///     Handoff { from: Actor::Technology, to: Actor::Agent, context_kept: false },
///     Handoff { from: Actor::Agent, to: Actor::Agent, context_kept: true },
/// ]);
/// let failures: Vec<_> = journey.ownership_failures().collect();
/// assert_eq!(failures, [(0, Scenario::PassedOnAndRestarted)]);
/// assert_eq!(failures[0].1.principle(), Principle::Ownership);
/// assert!(!journey.is_seamless());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Journey {
    handoffs: Vec<Handoff>,
}

impl Journey {
    /// A journey with the given hand-offs, in order.
    pub const fn new(handoffs: Vec<Handoff>) -> Self {
        Journey { handoffs }
    }

    /// The hand-offs.
    pub fn handoffs(&self) -> &[Handoff] {
        &self.handoffs
    }

    /// Each hand-off that dropped the context, by position, as the PROUD failure it causes.
    pub fn ownership_failures(&self) -> impl Iterator<Item = (usize, Scenario)> + '_ {
        self.handoffs
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.context_kept)
            .map(|(i, _)| (i, Scenario::PassedOnAndRestarted))
    }

    /// Whether every hand-off kept the context.
    pub fn is_seamless(&self) -> bool {
        self.handoffs.iter().all(|h| h.context_kept)
    }

    /// Whether a customer who started with technology reached a human agent.
    pub fn reached_a_person(&self) -> bool {
        self.handoffs.iter().any(|h| h.to == Actor::Agent)
    }
}
