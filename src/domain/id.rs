//! Ids of hypotheses, evidence items, sources, groups, evidence kinds and
//! perspectives.
//!
//! An id is a non-empty string without control characters, bidirectional
//! controls (`U+202A`..`U+202E`, `U+2066`..`U+2069`, `U+200E`, `U+200F`,
//! `U+061C`: the characters rustc refuses in source code, which can make an
//! id read as another) or zero-width characters (`U+200B`..`U+200D`,
//! `U+2060`, `U+FEFF`, `U+180E`: an id that looks like another but is not).
//! Each kind has its own type so that a source id cannot be passed where a
//! hypothesis id is meant. Ids are kept exactly as given: nothing is
//! trimmed or folded; a case compares them in NFC, so that two ids that
//! differ only in their Unicode form are an error
//! ([`ErrorKind::Equivalent`](crate::ErrorKind::Equivalent)).

use crate::error::Detail;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;

fn check(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        Err("it is empty")
    } else if id.chars().any(char::is_control) {
        Err("it contains a control character")
    } else if id.chars().any(is_bidi_control) {
        Err("it contains a bidirectional control character, which can make it read as another id")
    } else if id.chars().any(is_zero_width) {
        Err("it contains a zero-width character, which makes it look like another id")
    } else {
        Ok(())
    }
}

/// The bidirectional controls rustc refuses in source code
/// (`text_direction_codepoint_in_literal`): embeddings, overrides,
/// isolates, and the marks.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that take no width: an id with one looks like the id
/// without it.
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Makes an id from a non-empty string without control characters,
            /// bidirectional controls or zero-width characters (see the
            /// module's docs).
            ///
            /// # Errors
            ///
            /// [`ErrorKind::InvalidId`](crate::ErrorKind::InvalidId) when the string is empty or contains a
            /// control character, a bidirectional control or a zero-width
            /// character.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use attrib::domain::", stringify!($name), ";")]
            ///
            #[doc = concat!("let id = ", stringify!($name), "::new(\"", $example, "\")?;")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\"\").is_err());")]
            /// # Ok::<(), attrib::Error>(())
            /// ```
            pub fn new(id: impl Into<String>) -> Result<Self, Error> {
                let id = id.into();
                match check(&id) {
                    Ok(()) => Ok($name(id)),
                    Err(reason) => Err(Error::from(Detail::InvalidId {
                        item: Item::Value,
                        id,
                        reason,
                    })),
                }
            }

            /// The id as a string slice.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("assert_eq!(attrib::domain::", stringify!($name), "::new(\"x\")?.as_str(), \"x\");")]
            /// # Ok::<(), attrib::Error>(())
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self, Error> {
                $name::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self, Error> {
                $name::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// The id of a hypothesis, such as `government`.
    HypothesisId,
    "government"
);
id_type!(
    /// The id of an evidence item, such as `helicopter-overhead`.
    EvidenceId,
    "helicopter-overhead"
);
id_type!(
    /// The id of a source, such as `local-witnesses`.
    SourceId,
    "local-witnesses"
);
id_type!(
    /// The id of a dependence group, such as `witnesses`.
    GroupId,
    "witnesses"
);
id_type!(
    /// The id of an evidence kind of a [`Codebook`](crate::Codebook), such
    /// as `aircraft-drop-corroborated` (docs/model.md section 9).
    KindId,
    "aircraft-drop-corroborated"
);
id_type!(
    /// The id of a [`Perspective`](crate::Perspective), such as `sceptic`
    /// (docs/model.md section 10).
    PerspectiveId,
    "sceptic"
);

id_type!(
    /// The id of a [`Scale`](crate::Scale) of words, such as `icd-203` or
    /// `jim-wording` (docs/model.md section 11).
    ScaleId,
    "jim-wording"
);

impl ScaleId {
    /// The id of a built-in scale: a constant, non-empty and without
    /// control characters, so valid by construction.
    pub(crate) fn builtin(id: &'static str) -> ScaleId {
        ScaleId(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_control_characters() {
        assert!(HypothesisId::new("").is_err());
        assert!(EvidenceId::new("a\nb").is_err());
        assert!(SourceId::new("\u{0}").is_err());
        assert!(GroupId::new("g 1").is_ok());
        assert!(KindId::new("").is_err());
        assert!(PerspectiveId::new("p\tq").is_err());
    }

    #[test]
    fn rejects_bidi_controls_and_zero_width_characters() {
        // `isil` and an override that shows `lisi` reversed as `isil`
        let e = HypothesisId::new("\u{202E}lisi").unwrap_err();
        assert!(e.to_string().contains("bidirectional control"), "{e}");
        assert!(e.to_string().contains("\\u{202e}"), "{e}");
        for c in ['\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}'] {
            assert!(EvidenceId::new(format!("e{c}")).is_err(), "{c:?}");
        }
        let e = HypothesisId::new("gov\u{200D}").unwrap_err();
        assert!(e.to_string().contains("zero-width"), "{e}");
        for c in ['\u{200B}', '\u{200C}', '\u{2060}', '\u{FEFF}'] {
            assert!(SourceId::new(format!("s{c}")).is_err(), "{c:?}");
        }
        // right-to-left letters are ids like any other
        assert!(HypothesisId::new("الأسد").is_ok());
        assert!(HypothesisId::new("café").is_ok());
    }

    #[test]
    fn keeps_the_string_as_given() {
        assert_eq!(HypothesisId::new(" a ").unwrap().as_str(), " a ");
    }

    #[test]
    fn message() {
        let e = HypothesisId::new("").unwrap_err();
        assert_eq!(e.to_string(), "id \"\" is not valid: it is empty");
    }
}
