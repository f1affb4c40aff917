//! The case file (docs/model.md sections 7, 9 and 10), read and written in
//! one place: the file as written ([`raw`]), the builders that fill the
//! same raw shapes from Rust code, the one validation that turns them into
//! the domain types (a codebook merged in before it), and writing a case
//! back. The domain types know nothing of this layer.
//!
//! Data flows one way: JSON text (or a builder) to the raw shapes, the
//! raw shapes to a validated [`Case`](crate::Case), which keeps the
//! look-up context its validation built so that an item added later
//! ([`Compiled::add`](crate::Compiled::add), a value-of-information
//! candidate) is checked against it in O(the item).

pub(crate) mod builder;
pub(crate) mod check;
#[cfg(feature = "json")]
pub(crate) mod codebook;
pub(crate) mod evidence_builder;
pub(crate) mod file;
pub(crate) mod forgiving;
#[cfg(feature = "json")]
pub(crate) mod json;
pub(crate) mod perspective;
pub(crate) mod raw;
pub(crate) mod validate;
pub(crate) mod write;
