//! The seven practices of exceptional service, as a self-audit with next actions. The practices
//! and their examples are the source's; the next actions are this crate's.

use crate::scoring::macros::dimension_enum;

dimension_enum! {
    /// One of the seven practices organisations known for exceptional service share.
    pub enum Practice as "service practice",
        expecting "one of: purpose_over_checklist, empowerment, hire_for_attitude, wow_stories, \
                   response_targets, innovation_from_everyone, service_triangle"
    {
        /// Staff may step away from a routine task when a customer's need calls for it.
        PurposeOverChecklist(
            "Purpose over checklist",
            "The purpose of serving the customer outranks the routine: staff may leave a \
             task when a customer needs them.",
        ),
        /// Staff have real power to interpret and decide what great service is.
        Empowerment(
            "Empowerment",
            "Staff can interpret what great service means in the moment and act on it.",
        ),
        /// People are hired for attitude as well as skill.
        HireForAttitude(
            "Hire for attitude",
            "Attitude is stable in adults, so recruiting screens for a liking for people as \
             well as for skills.",
        ),
        /// "Wow" stories are shared regularly.
        WowStories(
            "Wow stories",
            "Stories of exceptional service are collected and shared often, so everyone \
             sees what it looks like; one hotel group shares one twice a week.",
        ),
        /// Response-time targets are reviewed as expectations rise.
        ResponseTargets(
            "Response-time targets",
            "What was fast enough two years ago is not fast enough now, so targets are \
             revisited.",
        ),
        /// Innovation comes from everyone, not only from product teams.
        InnovationFromEveryone(
            "Innovation from everyone",
            "Anyone can improve the service; one insurer's staff hold over 1,000 patents, 28 \
             of them from one security guard.",
        ),
        /// Customer, human agent and AI or other technology work together, not as
        /// alternatives (the source; see [`Journey`](super::Journey)).
        ServiceTriangle(
            "Service triangle",
            "People and technology serve together: a customer can move from an AI assistant \
             to a person, the assistant keeps helping that person behind the scenes, and \
             customers may arrive with assistants of their own.",
        ),
    }
}

impl Practice {
    /// Concrete next steps for an organisation weak on this practice (this crate's
    /// suggestions, not the source's).
    pub const fn next_actions(self) -> &'static [&'static str] {
        match self {
            Practice::PurposeOverChecklist => &[
                "tell staff in writing that a customer's need outranks the task list",
                "review one recent case where a routine blocked a customer, and change it",
            ],
            Practice::Empowerment => &[
                "set a spending or goodwill limit staff can use without asking",
                "agree that managers do not overturn good-faith decisions within it",
            ],
            Practice::HireForAttitude => &[
                "add a structured question on customer orientation to every interview",
                "score attitude and skill separately and never let skill alone carry a hire",
            ],
            Practice::WowStories => &[
                "collect one story of exceptional service a week",
                "share the best twice a week across every site",
            ],
            Practice::ResponseTargets => &[
                "compare each response-time target with what customers get elsewhere today",
                "re-set targets at least once a year",
            ],
            Practice::InnovationFromEveryone => &[
                "give every employee a simple way to submit an idea and see what happened to it",
                "recognise ideas about service and process, not only about products",
            ],
            Practice::ServiceTriangle => &[
                "let a customer move from an automated channel to a person without starting again",
                "keep the assistant helping the agent after the hand-off, not only before it",
                "make sure customers who come through their own AI assistant are served as well",
            ],
        }
    }
}
