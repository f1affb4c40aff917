//! Sensitivity: what carries a verdict and what would change it.
//! Leave-one-out, break-even discounts, value of information and conflict.
//!
//! This file names the module's files and hands on their public names;
//! the work is in files by responsibility:
//!
//! - `leave_one_out`: the case without each item in turn ([`LeaveOneOut`]),
//!   its JSON, and its entry points on a [`Case`](crate::Case);
//! - `search`: the break-even search over any joints of a discount `d`
//!   (what is known of their shape, the grid scan with its bounds,
//!   the bisection), which knows nothing of sources or items;
//! - `break_even`: what a search discounts ([`BreakEven`]: a source, an
//!   item, a set of items, a step) and the entry points on a case that
//!   build its joints on a shared rescorer and run the search;
//! - `information`: the value of a candidate observation
//!   ([`InformationValue`]): entropy, logs normalised (which `conflict`
//!   takes too), and a candidate that joins a dependence group;
//! - `conflict`: the conflict measure of the evidence and of pairs of
//!   items on a [`Posterior`](crate::Posterior) ([`CONFLICT_ITEMS`]);
//! - `tests`: the unit tests of the module.

mod break_even;
mod conflict;
mod information;
mod leave_one_out;
mod search;
#[cfg(test)]
mod tests;

pub use break_even::BreakEven;
pub use conflict::CONFLICT_ITEMS;
pub use information::InformationValue;
pub use leave_one_out::LeaveOneOut;
