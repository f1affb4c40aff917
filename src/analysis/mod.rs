//! Analysis (docs/model.md section 6 and the sensitivity analyses): incremental
//! rescoring, leave-one-out, break-even, value of information, conflict, Monte
//! Carlo, the data behind the charts, and the progress hook of long work.

pub(crate) mod chart;
pub(crate) mod montecarlo;
pub(crate) mod progress;
pub(crate) mod rescore;
pub(crate) mod sensitivity;
