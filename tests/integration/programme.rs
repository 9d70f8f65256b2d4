//! The QA programme: sampling plans and draws, sample sizes, grading the graders, disputes that
//! correct the team's totals, and automatic scoring beside people.

mod automatic;
mod disputes;
