//! The model's types and the case file (docs/model.md sections 1, 2, 7, 9 and
//! 10): probabilities and ids, hypotheses and prior, sources and evidence, how
//! reliability bends a likelihood, codebooks, perspectives and words of
//! estimative probability (section 11). Reading, checking and writing them
//! is the case-file layer's (`src/format/`); the builders live there too.
//!
//! The types a user names most ([`Case`], [`Evidence`], [`Probability`],
//! ...) are also at the crate root; the rest live here.
//!
//! ```
//! use attrib::domain::{Case, HypothesisId, Warning};
//!
//! let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
//! let ids: Vec<&HypothesisId> = case.hypotheses().iter().map(|h| h.id()).collect();
//! assert_eq!(ids[1].as_str(), "b");
//! assert!(case.warnings().iter().any(|w| matches!(w, Warning::NoCatchAll)));
//! # Ok::<(), attrib::Error>(())
//! ```

pub mod admiralty;
pub(crate) mod case;
pub(crate) mod codebook;
pub(crate) mod evidence;
pub(crate) mod group;
pub(crate) mod hypothesis;
pub(crate) mod id;
pub(crate) mod lookalike;
pub(crate) mod lookup;
pub(crate) mod part;
pub(crate) mod perspective;
pub(crate) mod prior;
pub(crate) mod probability;
pub(crate) mod source;
pub(crate) mod standard;
pub(crate) mod step;
pub(crate) mod warning;
pub mod weighting;
pub(crate) mod words;

pub use admiralty::{CredibilityGrade, SourceGrade};
pub use case::{Case, DEFAULT_THRESHOLD, FORMAT_VERSION, Uncertainty};
pub use codebook::{Codebook, Kind};
pub use evidence::{Credibility, Evidence};
pub use group::Group;
pub use hypothesis::Hypothesis;
pub use id::{EvidenceId, GroupId, HypothesisId, KindId, PerspectiveId, ScaleId, SourceId};
pub use perspective::{BASE, Perspective};
pub use prior::Prior;
pub use probability::{Concentration, Correlation, Estimate, Probability, Reliability, Weight};
pub use source::{Source, SourceReliability};
pub use standard::Standard;
pub use step::ChainStep;
pub use warning::{CasePart, TextField, Warning};
pub use weighting::Weighting;
pub use words::{ItemWords, Scale, ScaleBuilder, Scales, Word};
