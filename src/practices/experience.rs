//! The experience a customer takes away, and passes on.

use crate::scoring::macros::named_enum;

named_enum! {
    /// The experience a customer takes away, for word of mouth: customers pass on a poor
    /// experience, and a wow moment, to other people (the source); that an ordinary one is
    /// rarely mentioned is this crate's reading, not the source's claim.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::practices::Experience;
    ///
    /// assert!(Experience::Poor.is_passed_on() && Experience::Wow.is_passed_on());
    /// assert!(!Experience::Ordinary.is_passed_on());
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Experience as "customer experience", expecting "one of: poor, ordinary, wow" {
        /// Worse than the customer expected, or than the alternative.
        Poor,
        /// As expected: nothing to tell anyone.
        Ordinary,
        /// A memorable moment beyond what was expected.
        Wow,
    }
}

impl Experience {
    /// Whether customers tend to tell other people about it: a poor experience and a wow
    /// moment are both passed on (the source); an ordinary one is not (this crate's default).
    pub const fn is_passed_on(self) -> bool {
        !matches!(self, Experience::Ordinary)
    }

    /// What the customer is likely to tell others.
    pub const fn word_of_mouth(self) -> &'static str {
        match self {
            Experience::Poor => {
                "tells friends and colleagues about it: each poor experience reaches more \
                 people than the one customer"
            }
            Experience::Ordinary => "has nothing much to tell anyone",
            Experience::Wow => {
                "tells other people about it: a wow moment is passed on, and brings the \
                 service to people who were not there"
            }
        }
    }
}
