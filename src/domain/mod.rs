//! The model's types and the case file (docs/model.md sections 1, 2, 7, 9 and
//! 10): probabilities and ids, hypotheses and prior, sources and evidence, how
//! reliability bends a likelihood, and reading and checking case files,
//! codebooks and perspectives.

pub mod admiralty;
pub(crate) mod builder;
pub(crate) mod case;
pub(crate) mod codebook;
pub(crate) mod evidence;
pub(crate) mod file;
pub(crate) mod group;
pub(crate) mod hypothesis;
pub(crate) mod id;
pub(crate) mod perspective;
pub(crate) mod prior;
pub(crate) mod probability;
pub(crate) mod source;
pub(crate) mod validate;
pub(crate) mod warning;
pub mod weighting;
pub(crate) mod words;
