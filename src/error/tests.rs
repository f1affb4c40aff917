//! The messages, the kinds and the locations of errors.

use super::*;

#[test]
fn out_of_range_message_names_item_field_value_and_range() {
    let e = Error::from(Detail::OutOfRange {
        item: Item::Evidence("e3".into()),
        field: "reliability".into(),
        value: 1.2,
        expected: "0..=1",
    });
    assert_eq!(
        e.to_string(),
        "evidence 'e3': reliability is 1.2, must be in 0..=1"
    );
}

#[test]
fn stand_alone_value_has_no_prefix() {
    let e = Error::from(Detail::OutOfRange {
        item: Item::Value,
        field: "probability".into(),
        value: f64::NAN,
        expected: "0..=1",
    });
    assert_eq!(e.to_string(), "probability is NaN, must be in 0..=1");
}

#[test]
fn batch_and_length_messages() {
    let e = |c: Option<&str>, b: Option<&str>| {
        Error::from(Detail::HypothesisMismatch {
            position: if b.is_some() { 2 } else { 3 },
            case: c.map(String::from),
            batch: b.map(String::from),
        })
    };
    assert_eq!(
        e(Some("y"), Some("b")).to_string(),
        "batch: case hypothesis #2 is 'y', the batch's is 'b'"
    );
    assert_eq!(
        e(None, Some("b")).to_string(),
        "batch: the case has no hypothesis #2, the batch's is 'b'"
    );
    assert_eq!(
        e(Some("y"), None).to_string(),
        "batch: case hypothesis #3 is 'y', the batch has only 2 hypotheses"
    );
    let l = Error::from(Detail::Length {
        what: "output (one place per hypothesis)",
        got: 2,
        expected: 3,
    });
    assert_eq!(
        l.to_string(),
        "output (one place per hypothesis) has length 2, must have length 3"
    );
}

#[test]
fn contradictory_lists_items() {
    let e = Error::from(Detail::Contradictory {
        items: vec!["a".into(), "b".into()],
    });
    assert_eq!(
        e.to_string(),
        "case: the evidence is contradictory, it eliminates every hypothesis; items responsible: 'a', 'b'"
    );
}

#[test]
fn new_items_read_like_the_old() {
    assert_eq!(Item::Kind("k".into()).to_string(), "kind 'k'");
    assert_eq!(Item::KindAt(2).to_string(), "kind #2");
    assert_eq!(Item::Perspective("p".into()).to_string(), "perspective 'p'");
    assert_eq!(Item::PerspectiveAt(1).to_string(), "perspective #1");
    assert_eq!(Item::Codebook.to_string(), "codebook");
}

#[test]
#[cfg(feature = "json")]
fn file_errors_name_the_file_once() {
    let inner = Error::from(Detail::Missing {
        item: Item::Prior,
        field: "weight for 'a'".into(),
    });
    let e = inner.clone().in_file("x.json");
    assert_eq!(e.to_string(), "x.json: prior: weight for 'a' is missing");
    assert_eq!(e.file(), Some("x.json"));
    assert_eq!(e.kind(), ErrorKind::Missing);
    assert_eq!(e.item(), Some(&Item::Prior));
    // the location is not a cause: nothing behind a missing weight
    assert!(std::error::Error::source(&e).is_none());
    assert_eq!(e.clone().in_file("y.json"), e);
    let twice = Error::from(Detail::DefinedTwice {
        what: "source",
        id: "jim".into(),
        codebook: "codebook.json".into(),
        case_file: "x.json".into(),
    });
    assert_eq!(
        twice.clone().in_file("x.json").to_string(),
        "source 'jim' is defined both in codebook 'codebook.json' and in case file 'x.json'"
    );
}

/// Characters that must never reach a message unescaped: controls, the
/// line and paragraph separators, and the bidi overrides and isolates.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[test]
fn quoted_escapes_what_does_not_print() {
    let q = |s: &str| Quoted(s).to_string();
    assert_eq!(q("c\rrelation"), r"c\rrelation");
    assert_eq!(q("a\nb\tc\0d"), r"a\nb\tc\0d");
    assert_eq!(q("red\u{1b}[31m"), r"red\u{1b}[31m");
    assert_eq!(q("\u{7f}\u{85}"), r"\u{7f}\u{85}");
    assert_eq!(q("abc\u{202e}fed"), r"abc\u{202e}fed");
    assert_eq!(
        q("\u{202a}\u{202b}\u{202c}\u{202d}"),
        r"\u{202a}\u{202b}\u{202c}\u{202d}"
    );
    assert_eq!(q("\u{2066}x\u{2069}"), r"\u{2066}x\u{2069}");
    assert_eq!(q("\u{2067}\u{2068}"), r"\u{2067}\u{2068}");
    assert_eq!(q("line\u{2028}para\u{2029}"), r"line\u{2028}para\u{2029}");
    assert_eq!(q("zero\u{200b}width"), r"zero\u{200b}width");
    // a combining mark is escaped only where it would join the quote
    assert_eq!(q("\u{301}e"), r"\u{301}e");
    assert_eq!(q("e\u{301}"), "e\u{301}");
}

#[test]
fn quoted_keeps_ordinary_text() {
    let q = |s: &str| Quoted(s).to_string();
    for text in [
        "",
        "government",
        "café",
        "الأسد",
        "مَرحبا",
        "Ærø 日本 😀",
        r"C:\cases\x.json",
        r#"it's "quoted""#,
        r"a\rb",
    ] {
        assert_eq!(q(text), text);
    }
    // escaping twice changes nothing
    let once = q("x\r\u{202e}\u{301}'\\y");
    assert_eq!(once, "x\\r\\u{202e}\u{301}'\\y");
    assert_eq!(q(&once), once);
}

#[test]
fn every_message_escapes_the_input_it_quotes() {
    let bad = "a\r\nb\t\u{1b}[2J\u{202e}\0";
    let shown = r"a\r\nb\t\u{1b}[2J\u{202e}\0";
    let s = || bad.to_string();
    let errors = vec![
        Error::from(Detail::OutOfRange {
            item: Item::Evidence(s()),
            field: format!("likelihood for '{bad}'"),
            value: 2.0,
            expected: "0..=1",
        }),
        Error::from(Detail::ReversedRange {
            item: Item::Source(s()),
            field: s(),
            low: 0.5,
            high: 0.2,
        }),
        Error::from(Detail::InvalidId {
            item: Item::HypothesisAt(1),
            id: s(),
            reason: "it contains a control character",
        }),
        Error::from(Detail::Duplicate {
            item: Item::Case,
            field: "hypothesis id".into(),
            id: s(),
        }),
        Error::from(Detail::UnknownReference {
            item: Item::Group(s()),
            field: "source".into(),
            id: s(),
            kind: "source",
        }),
        Error::from(Detail::Missing {
            item: Item::Prior,
            field: format!("weight for '{bad}'"),
        }),
        Error::from(Detail::InvalidGrade {
            item: Item::Source(s()),
            field: "admiralty",
            value: s(),
            expected: "A-F",
        }),
        Error::from(Detail::UnknownField {
            item: Item::Kind(s()),
            field: s(),
        }),
        Error::from(Detail::Contradictory {
            items: vec![s(), "ok".into()],
        }),
        Error::from(Detail::NotFound {
            item: Item::Perspective(s()),
        }),
        Error::from(Detail::Matrix {
            row: 2,
            column: s(),
            message: format!("the id '{bad}' appears more than once"),
        }),
        Error::from(Detail::Plot { message: s() }),
        Error::from(Detail::Io {
            path: s(),
            message: "not found".into(),
        }),
        Error::from(Detail::NotFound {
            item: Item::Hypothesis(s()),
        })
        .in_file(bad),
        Error::from(Detail::UnsupportedCodebookVersion { found: 2 }).in_codebook(bad),
        Error::from(Detail::Path {
            item: Item::Case,
            field: "codebook",
            path: s(),
            reason: "it is absolute",
        }),
        Error::from(Detail::DefinedTwice {
            what: "source",
            id: s(),
            codebook: s(),
            case_file: s(),
        }),
        Error::from(Detail::UnknownKind {
            item: Item::Evidence("e".into()),
            kind: s(),
            codebook: s(),
        }),
        Error::from(Detail::KindLacksHypothesis {
            item: Item::Evidence("e".into()),
            kind: s(),
            codebook: s(),
            hypothesis: s(),
        }),
        Error::from(Detail::KindExtraHypothesis {
            item: Item::Evidence("e".into()),
            kind: s(),
            codebook: s(),
            hypothesis: s(),
        }),
        Error::from(Detail::HypothesisMismatch {
            position: 1,
            case: Some(s()),
            batch: Some(s()),
        }),
        Error::from(Detail::Syntax {
            message: format!("unknown variant `{bad}`"),
            line: 1,
            column: 2,
        }),
    ];
    for e in &errors {
        let message = e.to_string();
        assert!(!message.chars().any(unsafe_char), "{message:?}");
        assert!(message.contains(shown), "{message}");
    }
    assert_eq!(
        errors[0].to_string(),
        format!("evidence '{shown}': likelihood for '{shown}' is 2, must be in 0..=1")
    );
    assert_eq!(
        errors[2].to_string(),
        format!("hypothesis #1: id \"{shown}\" is not valid: it contains a control character")
    );
    assert_eq!(
        errors[6].to_string(),
        format!("source '{shown}': admiralty is \"{shown}\", must be one of A-F")
    );
    assert_eq!(
        errors[13].to_string(),
        format!("{shown}: hypothesis '{shown}': not found in the case")
    );
    // the error keeps the input as given
    assert_eq!(errors[7].field(), Some(bad));
    assert_eq!(errors[7].kind(), ErrorKind::UnknownField);
}

#[test]
fn arabic_and_accented_ids_are_quoted_as_given() {
    let e = Error::from(Detail::Duplicate {
        item: Item::Case,
        field: "hypothesis id".into(),
        id: "الأسد".into(),
    });
    assert_eq!(
        e.to_string(),
        "case: hypothesis id 'الأسد' appears more than once"
    );
    let e = Error::from(Detail::UnknownReference {
        item: Item::Evidence("témoin".into()),
        field: "source".into(),
        id: "مَصدر".into(),
        kind: "source",
    });
    assert_eq!(
        e.to_string(),
        "evidence 'témoin': source names 'مَصدر', which is not a declared source"
    );
}

#[test]
fn at_moves_context() {
    let e = Error::from(Detail::OutOfRange {
        item: Item::Value,
        field: "probability".into(),
        value: -1.0,
        expected: "0..=1",
    })
    .at(&Item::Source("s".into()), "reliability");
    assert_eq!(
        e.to_string(),
        "source 's': reliability is -1, must be in 0..=1"
    );
}

#[test]
fn every_kind_has_one_meaning_and_one_group() {
    let groups = |e: &Error| {
        [
            e.is_value(),
            e.is_structure(),
            e.is_file(),
            e.is_contradiction(),
            e.is_usage(),
            e.is_matrix(),
            e.is_output(),
        ]
        .iter()
        .filter(|g| **g)
        .count()
    };
    let weighting = Error::from(Detail::InvalidWeighting {
        item: Item::Case,
        field: "weighting",
        value: "linear".into(),
        expected: "\"mixture\", \"tempered\"",
    });
    assert_eq!(weighting.kind(), ErrorKind::InvalidWeighting);
    assert_eq!(
        weighting.to_string(),
        "case: weighting is \"linear\", must be one of \"mixture\", \"tempered\""
    );
    let buffer = Error::from(Detail::BufferLength {
        item: Item::Value,
        field: "output length".into(),
        value: 5.0,
        expected: "multiples of the number of hypotheses",
    });
    assert_eq!(buffer.kind(), ErrorKind::Length);
    assert!(buffer.is_usage());
    let written = Error::from(Detail::Serialize {
        what: "the case as JSON",
        message: "key must be a string".into(),
    });
    assert_eq!(
        written.to_string(),
        "cannot write the case as JSON: key must be a string"
    );
    assert!(written.is_output());
    let big = Error::from(Detail::TooLarge {
        path: "big.json".into(),
        cap: 10,
    });
    assert_eq!(
        big.to_string(),
        "cannot read 'big.json': it is larger than 10 bytes, the most attrib reads"
    );
    assert_eq!(big.file(), Some("big.json"));
    for e in [weighting, buffer, written, big] {
        assert_eq!(groups(&e), 1, "{e}");
    }
}

#[test]
fn io_errors_keep_their_source() {
    let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    let e = Error::from(Detail::Io {
        path: "x.json".into(),
        message: io.to_string(),
    })
    .with_source(io);
    let source = std::error::Error::source(&e).unwrap();
    let io = source.downcast_ref::<std::io::Error>().unwrap();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(e.to_string(), "cannot read 'x.json': no such file");
    // a file already named is not named again
    assert_eq!(e.clone().in_file("case.json").to_string(), e.to_string());
    // but a codebook that cannot be read is named behind the case file
    assert_eq!(
        e.in_codebook("book.json").in_file("case.json").to_string(),
        "case.json: codebook 'book.json': cannot read 'x.json': no such file"
    );
}

#[test]
fn debug_shows_the_message() {
    let e = Error::from(Detail::Missing {
        item: Item::Prior,
        field: "weight for 'a'".into(),
    });
    assert_eq!(format!("{e:?}"), "prior: weight for 'a' is missing");
    let parts = format!("{e:#?}");
    assert!(parts.contains("kind: Missing"), "{parts}");
    assert!(parts.contains("field: Some("), "{parts}");
}
