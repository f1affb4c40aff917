//! Why a command failed, and the exit status that says so.

use attrib::{Error, ErrorKind};
use std::fmt;
use std::path::Path;

/// A failed command: a library error (with the file it concerns, where the
/// library's message does not name it), a command line that asks for what
/// cannot be had, or output that could not be written.
#[derive(Debug)]
pub(crate) enum Failure {
    Library { at: Option<String>, error: Error },
    Usage(String),
    Output(String),
}

impl Failure {
    /// A library error about the file `path`, named in front of the message.
    pub(crate) fn at(path: &Path) -> impl Fn(Error) -> Failure + Copy + '_ {
        move |error| Failure::Library {
            at: Some(path.display().to_string()),
            error,
        }
    }

    /// The exit status (README, "Exit status"): 1 the input is invalid, 2
    /// the command line is, 3 a file cannot be read, 4 the evidence is
    /// contradictory, 5 the output cannot be written.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Output(_) => 5,
            Failure::Library { error, .. } => match error.kind() {
                ErrorKind::Io
                | ErrorKind::TooLarge
                | ErrorKind::NotText
                | ErrorKind::NotRegular
                | ErrorKind::Path => 3,
                ErrorKind::Contradictory => 4,
                _ if error.is_usage() => 2,
                _ if error.is_output() => 5,
                _ => 1,
            },
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Library { at: None, error }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Library {
                at: Some(at),
                error,
            } => write!(f, "{at}: {error}"),
            Failure::Library { at: None, error } => write!(f, "{error}"),
            Failure::Usage(message) | Failure::Output(message) => f.write_str(message),
        }
    }
}
