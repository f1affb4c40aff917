//! Analysis (docs/model.md section 6 and the sensitivity analyses): incremental
//! rescoring, leave-one-out, break-even, value of information, conflict, Monte
//! Carlo, and the data behind the charts.

pub(crate) mod chart;
pub(crate) mod ln_row;
pub(crate) mod montecarlo;
pub(crate) mod rescore;
pub(crate) mod sample;
pub(crate) mod sensitivity;
