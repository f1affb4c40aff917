//! Interoperation with other tools: Analysis of Competing Hypotheses matrices.

pub mod ach;
