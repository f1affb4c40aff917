//! ACH interop (issue #7): the classic scores worked out by hand on a small
//! matrix, the rating mapping and the NA rule, malformed CSV, the CSV
//! reader's quoting, line endings and encodings, and the round trip from
//! matrix to case. proptest runs are seeded by the proptest defaults; each
//! property is named `prop_*`.

use approx::assert_relative_eq;
use attrib::ach::{AchMatrix, Level, Mapping, Rating};
use attrib::{Case, Error};
use proptest::prelude::*;

const SMALL: &str = "\
id,description,credibility,relevance,source,group,a,b,c
e1,d,High,High,,,CC,I,II
e2,d,Low,Medium,s,,C,II,NA
e3,d,Medium,Low,s,,N,I,C
";

#[test]
fn parc_scores_by_hand() {
    let c = AchMatrix::from_csv(SMALL).unwrap().classic();
    // II = -2, I = -1: a 0; b -1 - 2 - 1 = -4; c -2.
    assert_eq!(c.parc, [0.0, -4.0, -2.0]);
    // weights: e1 sqrt2 * sqrt2 = 2, e2 (1/sqrt2) * 1, e3 1 * (1/sqrt2):
    // b = -1 * 2 - 2 / sqrt2 - 1 / sqrt2 = -2 - 3 / sqrt2 = -4.1213203...; c = -2 * 2 = -4.
    assert_eq!(c.parc_weighted[0], 0.0);
    assert_relative_eq!(
        c.parc_weighted[1],
        -2.0 - 3.0 / 2f64.sqrt(),
        max_relative = 1e-15
    );
    assert_relative_eq!(c.parc_weighted[2], -4.0, max_relative = 1e-15);
}

#[test]
fn cach_scores_by_hand() {
    let c = AchMatrix::from_csv(SMALL).unwrap().classic();
    // II = 2, I = 1, times credibility weight (e1 High 2, e2 Low 0.5, e3 Medium 1):
    // b = 1 * 2 + 2 * 0.5 + 1 * 1 = 4; c = 2 * 2 = 4.
    assert_eq!(c.cach, [0.0, 4.0, 4.0]);
    // diagnosticity: minus unweighted points: e1 -(1 + 2), e2 -2, e3 -1.
    let d: Vec<f64> = c.cach_diagnosticity.iter().map(|(_, d)| *d).collect();
    assert_eq!(d, [-3.0, -2.0, -1.0]);
}

#[test]
fn open_synthesis_scores_by_hand() {
    let c = AchMatrix::from_csv(SMALL).unwrap().classic();
    // values: e1 (5, 2, 1), e2 (4, 1, NA -> 3), e3 (3, 2, 4).
    // inconsistency: b (3-2)^2 + (3-1)^2 + (3-2)^2 = 6; c (3-1)^2 = 4.
    assert_eq!(c.open_synthesis, [0.0, 6.0, 4.0]);
    // population standard deviations: sqrt(78/27), sqrt(42/27), sqrt(2/3)
    // (statistics.pstdev: 1.699673171197595, 1.247219128924647, 0.816496580927726)
    let d: Vec<f64> = c
        .open_synthesis_diagnosticity
        .iter()
        .map(|(_, d)| *d)
        .collect();
    assert_relative_eq!(d[0], (78.0f64 / 27.0).sqrt(), max_relative = 1e-15);
    assert_relative_eq!(d[1], (42.0f64 / 27.0).sqrt(), max_relative = 1e-15);
    assert_relative_eq!(d[2], (2.0f64 / 3.0).sqrt(), max_relative = 1e-15);
}

#[test]
fn rankings_by_hand() {
    let r = AchMatrix::from_csv(SMALL).unwrap().classic().rankings();
    assert_eq!(
        r[0],
        ("PARC ACH", vec!["a".to_string(), "c".into(), "b".into()])
    );
    assert_eq!(
        r[1],
        (
            "PARC ACH weighted",
            vec!["a".to_string(), "c".into(), "b".into()]
        )
    );
    // C-ACH: b and c tie at 4, in the matrix's order.
    assert_eq!(
        r[2],
        ("C-ACH", vec!["a".to_string(), "b".into(), "c".into()])
    );
    assert_eq!(
        r[3],
        (
            "Open Synthesis",
            vec!["a".to_string(), "c".into(), "b".into()]
        )
    );
}

#[test]
fn mapping_and_the_na_rule() {
    let case = AchMatrix::from_csv(SMALL)
        .unwrap()
        .to_case(&Mapping::default())
        .unwrap();
    let l = |i: usize, h: usize| case.evidence()[i].likelihoods()[h].midpoint().get();
    assert_eq!((l(0, 0), l(0, 1), l(0, 2)), (0.95, 0.2, 0.05));
    // NA: the mean over the hypotheses the item bears on, (0.80 + 0.05) / 2
    assert_relative_eq!(l(1, 2), 0.425, max_relative = 1e-15);
    // reliability: credibility x relevance factor
    assert_relative_eq!(
        case.reliability(case.evidence()[0].id()).unwrap().get(),
        0.875,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        case.reliability(case.evidence()[1].id()).unwrap().get(),
        0.325 * 0.75,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        case.reliability(case.evidence()[2].id()).unwrap().get(),
        0.675 * 0.5,
        max_relative = 1e-15
    );
    assert_eq!(case.evidence()[1].source().unwrap().as_str(), "s");
    // the posterior, from `tests/reference/model.py` on the case these rules
    // give (written out by hand in Python, not by this crate)
    let post = case.score().unwrap();
    assert_relative_eq!(
        post.probability("a").unwrap().get(),
        0.8085271283532587,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        post.probability("b").unwrap().get(),
        0.10634941165968627,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        post.probability("c").unwrap().get(),
        0.08512345998705496,
        max_relative = 1e-12
    );
}

#[test]
fn a_row_na_everywhere_is_left_out_and_overrides_apply() {
    let m = AchMatrix::from_csv(
        "id,description,credibility,relevance,a,b\ne1,d,High,High,C,I\ne2,d,High,High,NA,na\n",
    )
    .unwrap();
    let case = m.to_case(&Mapping::default()).unwrap();
    assert_eq!(case.evidence().len(), 1);
    let custom = Mapping::default()
        .likelihood(Rating::Consistent, 0.9)
        .credibility(Level::High, 1.0)
        .relevance(Level::High, 1.0);
    let case = m.to_case(&custom).unwrap();
    // reliability 1: the posterior is the likelihood ratio 0.9 / (0.9 + 0.2)
    assert_relative_eq!(
        case.score().unwrap().probability("a").unwrap().get(),
        0.9 / 1.1,
        max_relative = 1e-15
    );
    let err = m
        .to_case(&Mapping::default().likelihood(Rating::Neutral, 1.5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "likelihood of rating N is 1.5, must be in 0..=1"
    );
}

#[test]
fn groups_and_sources_become_the_cases() {
    let m = AchMatrix::from_csv(
        "id,description,credibility,relevance,source,group,a,b\n\
         e1,d,High,High,s,g,C,I\n\
         e2,d,High,High,s,g,C,I\n",
    )
    .unwrap();
    let case = m
        .to_case(&Mapping::default().group_correlation(1.0))
        .unwrap();
    assert_eq!(case.groups()[0].correlation().get(), 1.0);
    // two fully correlated items weigh as one
    let one = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne1,d,High,High,C,I\n")
        .unwrap()
        .to_case(&Mapping::default())
        .unwrap();
    assert_relative_eq!(
        case.score().unwrap().probability("a").unwrap().get(),
        one.score().unwrap().probability("a").unwrap().get(),
        max_relative = 1e-14
    );
}

fn error(csv: &str) -> String {
    AchMatrix::from_csv(csv).unwrap_err().to_string()
}

#[test]
fn malformed_csv_names_row_and_column() {
    assert_eq!(
        error("id,description,credibility,a,b\ne,d,High,C,I\n"),
        "row 1, column 'relevance': the required column 'relevance' is missing (required: id, description, credibility, relevance)"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,d,High,High,C,I\ne2,d,High,High,C,X\n"),
        "row 3, column 'b': rating is \"X\", must be one of CC, C, N, I, II, NA"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,d,High,High,C\n"),
        "row 2, column 'b': the row has 5 fields, the header 6"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,d,High,High,C,I,N\n"),
        "row 2, column 'b': the row has 7 fields, the header 6"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,d,Very,High,C,I\n"),
        "row 2, column 'credibility': level is \"Very\", must be one of High, Medium, Low"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,d,High,High,C,I\ne1,d,High,High,C,I\n"),
        "row 3, column 'id': the id 'e1' appears more than once"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a\ne1,d,High,High,C\n"),
        "row 1, column '(header)': an ACH matrix needs at least 2 hypothesis columns besides id, description, credibility, relevance, source, group, found 1"
    );
    assert_eq!(
        error(""),
        "row 1, column '(header)': the file is empty; it needs a header row"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,b\ne1,\"never closed,High,High,C,I\n"),
        "row 2, column '#2': a quoted field is never closed"
    );
    assert_eq!(
        error("id,description,credibility,relevance,a,a\ne1,d,High,High,C,I\n"),
        "row 1, column 'a': the column appears more than once"
    );
}

#[test]
fn quoting_line_endings_and_blank_lines() {
    let m = AchMatrix::from_csv(
        "\u{feff}id,description,credibility,relevance,a,b\r\n\r\ne1,\"said \"\"no\"\", then, yes\",h,m,cc,ii\r\n",
    )
    .unwrap();
    assert_eq!(m.rows()[0].description, "said \"no\", then, yes");
    assert_eq!(
        m.rows()[0].ratings,
        [Rating::VeryConsistent, Rating::VeryInconsistent]
    );
    assert_eq!(m.rows()[0].relevance, Level::Medium);
}

#[test]
fn matrix_to_case_round_trips_through_the_case_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cases/ach/sarmin.csv");
    let m = AchMatrix::from_csv(&std::fs::read_to_string(path).unwrap()).unwrap();
    let case = m.to_case(&Mapping::default()).unwrap();
    let back = Case::from_json(&case.to_json().unwrap()).unwrap();
    assert_eq!(back, case);
    // every likelihood is the mapping's value for its rating (or the NA mean)
    for (row, e) in m.rows().iter().zip(case.evidence()) {
        assert_eq!(row.id, e.id().as_str());
        for (r, l) in row.ratings.iter().zip(e.likelihoods()) {
            let expected = match r {
                Rating::VeryConsistent => 0.95,
                Rating::Consistent => 0.80,
                Rating::Neutral => 0.50,
                Rating::Inconsistent => 0.20,
                Rating::VeryInconsistent => 0.05,
                Rating::NotApplicable => continue,
            };
            assert_eq!(l.midpoint().get(), expected);
        }
    }
    assert_eq!(case.hypotheses().len(), 4);
}

#[test]
fn disagreement_is_explained_item_by_item() {
    // b is never inconsistent, a is once (weakly); but a is very consistent
    // with a strong item, which ACH counts do not see.
    let m = AchMatrix::from_csv(
        "id,description,credibility,relevance,a,b\n\
         strong,d,High,High,CC,N\n\
         weak,d,Low,Low,I,C\n",
    )
    .unwrap();
    let post = m.to_case(&Mapping::default()).unwrap().score().unwrap();
    assert_eq!(post.leader().id().as_str(), "a");
    assert!(m.classic().leaders().iter().all(|(_, h)| h == "b"));
    let notes = m.disagreements(&post);
    assert!(
        notes[0].starts_with("PARC ACH ranks 'b' first, the posterior ranks 'a' first"),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("'strong' is rated CC for a and N for b")),
        "{notes:?}"
    );
}

const HEADER: &str = "id,description,credibility,relevance,a,b\n";

fn bytes_error(csv: &[u8]) -> String {
    AchMatrix::from_csv_bytes(csv).unwrap_err().to_string()
}

#[test]
fn a_quoted_field_holds_a_comma_a_line_break_and_a_quote() {
    // Five lines, four records: the quoted description spans lines 2 and 3.
    let csv = "id,description,credibility,relevance,a,b\n\
               e1,\"one, \"\"two\"\"\nthree\",High,Low,C,I\n\
               e2,\"  padded  \",Low,High,II,CC\n\
               e3,d,High,High,C,X\n";
    let err = error(csv);
    // Rows are records, not lines: e3 is on line 5 but is row 4.
    assert_eq!(
        err,
        "row 4, column 'b': rating is \"X\", must be one of CC, C, N, I, II, NA"
    );
    let m = AchMatrix::from_csv(&csv.replace(",X\n", ",N\n")).unwrap();
    assert_eq!(m.rows().len(), 3);
    assert_eq!(m.rows()[0].description, "one, \"two\"\nthree");
    assert_eq!(m.rows()[0].credibility, Level::High);
    assert_eq!(m.rows()[0].relevance, Level::Low);
    assert_eq!(
        m.rows()[0].ratings,
        [Rating::Consistent, Rating::Inconsistent]
    );
    // quoted or not, cells are trimmed
    assert_eq!(m.rows()[1].description, "padded");
    assert_eq!(m.rows()[2].ratings, [Rating::Consistent, Rating::Neutral]);
}

#[test]
fn crlf_and_cr_line_endings_read_as_lf() {
    let lf = "id,description,credibility,relevance,source,a,b\n\
              e1,d,High,High,s,C,I\n\
              e2,\"x, y\",Low,Medium,,N,II\n";
    let expected = AchMatrix::from_csv(lf).unwrap();
    assert_eq!(expected.rows()[1].description, "x, y");
    assert_eq!(expected.rows()[1].source, None);
    let crlf = lf.replace('\n', "\r\n");
    assert_eq!(AchMatrix::from_csv(&crlf).unwrap(), expected);
    let cr = lf.replace('\n', "\r");
    assert_eq!(AchMatrix::from_csv(&cr).unwrap(), expected);
    // no final line break, blank and CRLF lines between rows
    let mixed = "id,description,credibility,relevance,source,a,b\r\n\r\n\
                 e1,d,High,High,s,C,I\n  \n\
                 e2,\"x, y\",Low,Medium,,N,II";
    assert_eq!(AchMatrix::from_csv(mixed).unwrap(), expected);
    // a line break inside quotes is kept as written, CRLF included
    let m = AchMatrix::from_csv(&format!("{HEADER}e1,\"one\r\ntwo\",H,H,C,I\r\n")).unwrap();
    assert_eq!(m.rows()[0].description, "one\r\ntwo");
}

#[test]
fn a_row_with_too_few_or_too_many_fields_is_named() {
    // The first missing column, or the last column, is named.
    let few = format!("{HEADER}e1,d,High,High,C,I\ne2,\"d,\nd\",High,High\n");
    assert_eq!(
        error(&few),
        "row 3, column 'a': the row has 4 fields, the header 6"
    );
    // a trailing comma is one field more
    let many = format!("{HEADER}e1,d,High,High,C,I\ne2,d,High,High,C,I,\n");
    assert_eq!(
        error(&many),
        "row 3, column 'b': the row has 7 fields, the header 6"
    );
    let one = format!("{HEADER}e1,d,High,High,C,I\ne2\n");
    assert_eq!(
        error(&one),
        "row 3, column 'description': the row has 1 fields, the header 6"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_named_by_row_and_column() {
    // 0xff is never UTF-8: offset 0 of the field.
    let mut bad = format!("{HEADER}e1,d,High,High,C,I\n").into_bytes();
    bad.extend_from_slice(b"e2,d,High,High,C,\xffI\n");
    assert_eq!(
        bytes_error(&bad),
        "row 3, column 'b': the field is not UTF-8 text (invalid byte at offset 0 of the field); save the file as UTF-8"
    );
    // Latin-1 "caf\xe9": three good bytes, then one that starts no UTF-8 sequence.
    let latin1 = b"id,description,credibility,relevance,a,b\ne1,caf\xe9,High,High,C,I\n";
    assert_eq!(
        bytes_error(latin1),
        "row 2, column 'description': the field is not UTF-8 text (invalid byte at offset 3 of the field); save the file as UTF-8"
    );
    // In the header, the column is named by its position; "ab" then a
    // two-byte sequence cut short.
    let header = b"id,description,credibility,relevance,a,ab\xc3\ne1,d,High,High,C,I\n";
    assert_eq!(
        bytes_error(header),
        "row 1, column '#6': the field is not UTF-8 text (invalid byte at offset 2 of the field); save the file as UTF-8"
    );
    // UTF-8 bytes read as the text does, byte order mark included.
    let good = "\u{feff}id,description,credibility,relevance,a,b\ne1,café,High,High,C,I\n";
    let m = AchMatrix::from_csv_bytes(good.as_bytes()).unwrap();
    assert_eq!(m, AchMatrix::from_csv(good).unwrap());
    assert_eq!(m.rows()[0].description, "café");
}

#[test]
fn an_empty_file_needs_a_header() {
    let empty = "row 1, column '(header)': the file is empty; it needs a header row";
    for csv in ["", "\u{feff}", "\n", "\r\n\r\n", "  \n\t\n"] {
        assert_eq!(error(csv), empty, "{csv:?}");
    }
    assert_eq!(bytes_error(b""), empty);
}

#[test]
fn a_header_only_file_has_no_rows() {
    for csv in [
        "id,description,credibility,relevance,a,b",
        "id,description,credibility,relevance,a,b\n",
        "id,description,credibility,relevance,a,b\r\n\r\n",
    ] {
        let m = AchMatrix::from_csv(csv).unwrap();
        assert_eq!(m.hypotheses(), ["a", "b"], "{csv:?}");
        assert!(m.rows().is_empty(), "{csv:?}");
        // no rows: every classic score is 0
        assert_eq!(m.classic().parc, [0.0, 0.0]);
        assert_eq!(m.classic().open_synthesis, [0.0, 0.0]);
    }
}

#[test]
fn unclosed_quotes_and_stray_quotes() {
    assert_eq!(
        error("id,\"description,credibility,relevance,a,b\ne1,d,High,High,C,I\n"),
        "row 1, column '#2': a quoted field is never closed"
    );
    // "I"" is a quote inside a field that is never closed
    assert_eq!(
        error(&format!("{HEADER}e1,d,High,High,C,\"I\"\"\n")),
        "row 2, column '#6': a quoted field is never closed"
    );
    // The whole file is read first: a quote never closed is reported before
    // the bad rating of an earlier row; blank lines are no rows.
    assert_eq!(
        error(&format!(
            "{HEADER}e1,d,High,High,C,X\n\r\n  \ne2,\"d,High,High,C,I\n"
        )),
        "row 3, column '#2': a quoted field is never closed"
    );
    // a quoted field closed at the very end of the file
    let m = AchMatrix::from_csv(&format!("{HEADER}e1,d,High,High,C,\"I\"")).unwrap();
    assert_eq!(m.rows()[0].ratings[1], Rating::Inconsistent);
    // an empty quoted field is empty
    assert_eq!(
        error(&format!("{HEADER}e1,d,High,High,C,\"\"\n")),
        "row 2, column 'b': rating is \"\", must be one of CC, C, N, I, II, NA"
    );
    // a quote inside an unquoted field is kept as it stands
    let m = AchMatrix::from_csv(&format!("{HEADER}e1,say \"no\" twice,High,High,C,I\n")).unwrap();
    assert_eq!(m.rows()[0].description, "say \"no\" twice");
}

/// The error of a malformed matrix names a row, from 1.
fn names_a_row(r: Result<AchMatrix, Error>) -> Result<(), TestCaseError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == attrib::ErrorKind::Matrix => {
            // "row R, column 'C': message", R counted from 1
            let text = e.to_string();
            let row: usize = text
                .strip_prefix("row ")
                .and_then(|t| t.split(',').next())
                .and_then(|r| r.parse().ok())
                .ok_or_else(|| TestCaseError::fail(format!("no row in: {text}")))?;
            prop_assert!(row >= 1);
            prop_assert!(!text.ends_with("': "));
            Ok(())
        }
        Err(e) => Err(TestCaseError::fail(format!("not a matrix error: {e}"))),
    }
}

/// Bytes a CSV reader finds hard: separators, quotes, line breaks, spaces,
/// ratings and levels, and bytes that are not UTF-8.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop::sample::select(b",,\"\"\n\r CINHLe1\xff\xc3\xa9".to_vec()),
        0..200,
    )
}

/// A field written as a CSV writer quotes it.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn prop_arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        names_a_row(AchMatrix::from_csv_bytes(&bytes))?;
    }

    #[test]
    fn prop_csv_like_rows_never_panic(rows in csv_like()) {
        // after a good header, so that the rows are read too
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(&rows);
        names_a_row(AchMatrix::from_csv_bytes(&bytes))?;
        names_a_row(AchMatrix::from_csv_bytes(&rows))?;
    }

    #[test]
    fn prop_quoted_descriptions_read_back(
        descriptions in prop::collection::vec("[a-z ,\"\r\n]{0,12}", 1..6)
    ) {
        let mut csv = HEADER.to_string();
        for (i, d) in descriptions.iter().enumerate() {
            csv.push_str(&format!("e{i},{},High,Low,C,I\r\n", quoted(d)));
        }
        let m = AchMatrix::from_csv(&csv).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read: Vec<&str> = m.rows().iter().map(|r| r.description.as_str()).collect();
        let expected: Vec<&str> = descriptions.iter().map(|d| d.trim()).collect();
        prop_assert_eq!(read, expected);
    }
}

#[test]
fn disagreements_match_rows_to_items_past_a_row_left_out() {
    // `gap` is NA everywhere, so the case has no item for it: `strong`
    // comes after it in the rows and must still be weighed as itself.
    // By hand: High x High is r = 0.875, the chance the row's mean
    // (0.95 + 0.5) / 2 = 0.725, so l'(a) = 0.875 * 0.95 + 0.125 * 0.725 =
    // 0.921875 and l'(b) = 0.875 * 0.5 + 0.090625 = 0.528125: 10 log10 of
    // their ratio is 2.419 dB for a.
    let m = AchMatrix::from_csv(
        "id,description,credibility,relevance,source,a,b\n\
         gap,d,High,High,s2,NA,NA\n\
         weak,d,Low,Low,s2,I,C\n\
         strong,d,High,High,s1,CC,N\n\
         also,d,Low,Low,s1,N,N\n\
         lone,d,Low,Low,s3,N,N\n",
    )
    .unwrap();
    let case = m.to_case(&Mapping::default()).unwrap();
    assert_eq!(case.evidence().len(), 4);
    let post = case.score().unwrap();
    let notes = m.disagreements(&post);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("'strong' is rated CC for a and N for b")
                && n.contains("weighs it +2.4 dB for a")),
        "{notes:?}"
    );
    // the sources' notes in the order the sources first appear (s2, then
    // s1), each listing its rows; s3 has one row and no note
    let sources: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("reports of source"))
        .collect();
    assert_eq!(sources.len(), 2, "{notes:?}");
    assert!(
        sources[0].starts_with("2 reports of source 's2' (gap, weak)"),
        "{sources:?}"
    );
    assert!(
        sources[1].starts_with("2 reports of source 's1' (strong, also)"),
        "{sources:?}"
    );
}

#[test]
fn disagreements_find_the_rows_of_a_posterior_in_another_order() {
    // The same rows in reverse order make the same case up to the order
    // of its items, so every item weighs the same: the notes on the
    // matrix must be the same whichever of the two posteriors they read
    // (the second one cannot be matched row by row, and is looked up by id).
    let rows = [
        "gap,d,High,High,s2,NA,NA",
        "weak,d,Low,Low,s2,I,C",
        "strong,d,High,High,s1,CC,N",
        "mid,d,Medium,High,s1,C,N",
        "also,d,Low,Low,s1,N,N",
    ];
    let header = "id,description,credibility,relevance,source,a,b\n";
    let forward = format!("{header}{}\n", rows.join("\n"));
    let mut back = rows;
    back.reverse();
    let backward = format!("{header}{}\n", back.join("\n"));
    let m = AchMatrix::from_csv(&forward).unwrap();
    let mb = AchMatrix::from_csv(&backward).unwrap();
    let post = m.to_case(&Mapping::default()).unwrap().score().unwrap();
    let post_b = mb.to_case(&Mapping::default()).unwrap().score().unwrap();
    let notes = m.disagreements(&post);
    assert!(notes.iter().any(|n| n.contains("'strong'")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("'mid'")), "{notes:?}");
    assert_eq!(m.disagreements(&post_b), notes);
}
