//! The width of text tables, shared by the posterior's table and the
//! ledger (and the Monte Carlo summary).

/// The widest, in characters, that a text table pads a column to; a longer
/// id or heading overflows its column. Without a cap, an id longer than
/// `u16::MAX` characters made the formatter panic ("Formatting argument
/// out of range"; found by `tests/cli_mutation.rs`).
pub(crate) const MAX_COLUMN: usize = 100;
