//! The integration tests, in one crate: one build and one link for all of
//! them, a module per concern (each module's header says what it checks).
//! A module that needs a feature is compiled only with it, as its own test
//! crate was (`cli`, `plot`, `json`), so `cargo test` with any set of
//! features runs what that set can. proptest keeps the failing cases it
//! finds in `tests/proptest-regressions/<module>.txt` (its default place for
//! a crate with a `main.rs`) and replays them first.
//!
//! Two test crates stand alone in `tests/`:
//!
//! - `fuzz_replay.rs` includes `fuzz/src/targets.rs`, which the published
//!   package leaves out (`exclude` in Cargo.toml), so it must be a target
//!   of its own that cargo can drop from the package.
//! - `cli_mutation.rs`, a seeded mutation fuzzer of the binary, is not part
//!   of `cargo test` (`test = false`): run it by name, `cargo test
//!   --all-features --test cli_mutation` (README, Fuzzing; `.ci/run` does).

mod ach;
mod cases;
#[cfg(feature = "plot")]
mod charts;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_progress;
mod codebook;
mod compiled;
mod containment;
#[cfg(all(feature = "json", feature = "ach", feature = "monte-carlo"))]
mod docs;
mod escaping;
#[cfg(feature = "json")]
mod first_hour;
#[cfg(feature = "json")]
mod hostile;
#[cfg(feature = "cli")]
mod hostile_cli;
#[cfg(all(feature = "json", feature = "plot", feature = "monte-carlo"))]
mod hostile_report;
mod large_text;
mod model;
mod precision;
mod progress;
mod properties;
#[cfg(feature = "json")]
mod reference;
mod rejections;
#[cfg(all(feature = "json", feature = "plot"))]
mod report;
mod sensitivity;
mod serde;
#[cfg(all(feature = "cli", feature = "monte-carlo"))]
mod sorted_json;
#[cfg(feature = "json")]
mod steps;
#[cfg(all(feature = "json", feature = "plot"))]
mod whatif;
#[cfg(all(feature = "json", feature = "monte-carlo"))]
mod words;
