//! The model's types and the case file (docs/model.md sections 1, 2, 7, 9 and
//! 10): probabilities and ids, hypotheses and prior, sources and evidence, how
//! reliability bends a likelihood, codebooks and perspectives. Reading,
//! checking and writing them is the case-file layer's (`src/format/`).

pub mod admiralty;
pub(crate) mod case;
pub(crate) mod codebook;
pub(crate) mod evidence;
pub(crate) mod group;
pub(crate) mod hypothesis;
pub(crate) mod id;
pub(crate) mod lookup;
pub(crate) mod perspective;
pub(crate) mod prior;
pub(crate) mod probability;
pub(crate) mod source;
pub(crate) mod warning;
pub mod weighting;
pub(crate) mod words;
