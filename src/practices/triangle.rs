//! The service triangle: customer, human agent and technology working together.
//!
//! From the source: the customer, the human agent and AI or other technology work together,
//! not as alternatives; a customer who starts with an AI assistant can move to a person, and the
//! AI goes on helping the agent behind the scenes after the hand-off; and customers may bring AI
//! assistants of their own. This crate's default: a hand-off should carry the context (what the
//! customer has already said), and one that drops it is an ownership failure in PROUD terms.

use crate::proud::Scenario;
use crate::scoring::macros::named_enum;

named_enum! {
    /// Who acts at a step of a service journey: the three corners of the service triangle
    /// (customer, agent, technology), and the customer's own AI assistant.
    ///
    /// ```
    /// use service_quality::practices::Actor;
    ///
    /// assert!(Actor::CustomerAssistant.acts_for_customer());
    /// assert!(!Actor::Technology.acts_for_customer());
    /// assert_eq!("customer_assistant".parse::<Actor>()?, Actor::CustomerAssistant);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum Actor as "journey actor",
        expecting "one of: customer, agent, technology, customer_assistant"
    {
        /// The customer.
        Customer,
        /// A human agent.
        Agent,
        /// The organisation's AI assistant or other technology (a bot, an IVR, a self-service
        /// page).
        Technology,
        /// An AI assistant the customer brought, acting for them: the source notes that
        /// customers may come with AI of their own. It speaks for the customer, so what it has
        /// said is the customer's context.
        CustomerAssistant,
    }
}

impl Actor {
    /// Whether the actor speaks for the customer: the customer, or their own assistant.
    pub const fn acts_for_customer(self) -> bool {
        matches!(self, Actor::Customer | Actor::CustomerAssistant)
    }
}

/// A hand-off between two actors in a journey: whether the context travelled with it and, for a
/// hand-off to a person, whether technology went on helping them.
///
/// ```
/// use service_quality::practices::{Actor, Handoff};
///
/// // A bot passes the customer to a person, with the conversation so far, and keeps
/// // suggesting answers to the agent.
/// let handoff = Handoff {
///     from: Actor::Technology,
///     to: Actor::Agent,
///     context_kept: true,
///     agent_assisted: true,
/// };
/// assert!(handoff.to_a_person() && !handoff.leaves_agent_alone());
/// ```
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
    /// For a hand-off from technology to a human agent: whether technology went on helping the
    /// agent after it (the source: the AI keeps helping behind the scenes). Not read for any
    /// other hand-off.
    pub agent_assisted: bool,
}

impl Handoff {
    /// Whether the customer was handed to a human agent.
    pub const fn to_a_person(&self) -> bool {
        matches!(self.to, Actor::Agent)
    }

    /// Whether technology handed the customer to a person and then left that person without
    /// its help: the triangle turned into alternatives. A hand-off between people (a customer
    /// calling an agent, one agent passing to another) leaves nobody alone in this sense.
    pub const fn leaves_agent_alone(&self) -> bool {
        matches!(self.from, Actor::Technology) && self.to_a_person() && !self.agent_assisted
    }
}

/// A customer's journey through the service triangle, as its hand-offs in order.
///
/// Two things are checked, each with its provenance:
///
/// - people and technology work together (the source): after a hand-off to a person, the AI
///   keeps helping the agent; [`agents_left_alone`](Journey::agents_left_alone) lists the
///   hand-offs where it did not, and [`works_together`](Journey::works_together) says whether
///   there were none;
/// - a hand-off carries the context (this crate's default): one that drops it makes the
///   customer start again, an ownership failure reported in PROUD terms as
///   [`Scenario::PassedOnAndRestarted`] against
///   [`Principle::Ownership`](crate::proud::Principle::Ownership)
///   ([`ownership_failures`](Journey::ownership_failures), [`is_seamless`](Journey::is_seamless)).
///
/// # Examples
///
/// ```
/// use service_quality::practices::{Actor, Handoff, Journey};
/// use service_quality::proud::{Principle, Scenario};
///
/// let journey = Journey::new(vec![
///     // The customer's own assistant opens the conversation with the organisation's bot.
///     Handoff {
///         from: Actor::CustomerAssistant,
///         to: Actor::Technology,
///         context_kept: true,
///         agent_assisted: false,
///     },
///     // The bot passes it to a person without the history, and stops helping.
///     Handoff { from: Actor::Technology, to: Actor::Agent, context_kept: false, agent_assisted: false },
/// ]);
/// let failures: Vec<_> = journey.ownership_failures().collect();
/// assert_eq!(failures, [(1, Scenario::PassedOnAndRestarted)]);
/// assert_eq!(failures[0].1.principle(), Principle::Ownership);
/// assert!(!journey.is_seamless());
/// assert_eq!(journey.agents_left_alone().collect::<Vec<_>>(), [1]);
/// assert!(!journey.works_together());
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

    /// Each hand-off that dropped the context, by position, as the PROUD failure it causes
    /// (this crate's default rule).
    pub fn ownership_failures(&self) -> impl Iterator<Item = (usize, Scenario)> + '_ {
        self.handoffs
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.context_kept)
            .map(|(i, _)| (i, Scenario::PassedOnAndRestarted))
    }

    /// Whether every hand-off kept the context (this crate's default rule).
    pub fn is_seamless(&self) -> bool {
        self.handoffs.iter().all(|h| h.context_kept)
    }

    /// Each hand-off to a person after which technology stopped helping them, by position
    /// ([`Handoff::leaves_agent_alone`]).
    pub fn agents_left_alone(&self) -> impl Iterator<Item = usize> + '_ {
        self.handoffs
            .iter()
            .enumerate()
            .filter(|(_, h)| h.leaves_agent_alone())
            .map(|(i, _)| i)
    }

    /// Whether people and technology worked together (the source): after every hand-off to a
    /// person, technology went on helping them. A journey that never reached a person has
    /// nothing to check and works together.
    pub fn works_together(&self) -> bool {
        self.agents_left_alone().next().is_none()
    }

    /// Whether the customer reached a human agent.
    pub fn reached_a_person(&self) -> bool {
        self.handoffs.iter().any(Handoff::to_a_person)
    }

    /// Whether the customer's own AI assistant took part in the journey.
    pub fn customer_brought_assistant(&self) -> bool {
        self.handoffs
            .iter()
            .any(|h| h.from == Actor::CustomerAssistant || h.to == Actor::CustomerAssistant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handoff(from: Actor, to: Actor, agent_assisted: bool) -> Handoff {
        Handoff {
            from,
            to,
            context_kept: true,
            agent_assisted,
        }
    }

    #[test]
    fn only_a_handoff_to_a_person_can_leave_them_alone() {
        assert!(handoff(Actor::Technology, Actor::Agent, false).leaves_agent_alone());
        assert!(!handoff(Actor::Technology, Actor::Agent, true).leaves_agent_alone());
        for to in [Actor::Customer, Actor::Technology, Actor::CustomerAssistant] {
            assert!(
                !handoff(Actor::Agent, to, false).leaves_agent_alone(),
                "{to}"
            );
        }
    }

    #[test]
    fn every_actor_but_the_customers_own_acts_for_the_organisation() {
        let for_customer: Vec<Actor> = Actor::iter().filter(|a| a.acts_for_customer()).collect();
        assert_eq!(for_customer, [Actor::Customer, Actor::CustomerAssistant]);
    }
}
