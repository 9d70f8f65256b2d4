//! The QA programme: calendar days and periods, sampling plans and their draws, sample sizes and
//! power, grading the graders, disputes that correct the team's totals, and automatic scoring
//! beside people.

mod automatic;
mod calendar;
mod disputes;
mod graders;
mod sample_size;
mod sampling;
