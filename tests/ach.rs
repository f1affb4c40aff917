//! ACH interop (issue #7): the classic scores worked out by hand on a small
//! matrix, the rating mapping and the NA rule, malformed CSV, and the round
//! trip from matrix to case.

use approx::assert_relative_eq;
use attrib::Case;
use attrib::ach::{AchMatrix, Level, Mapping, Rating};

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
        case.reliability(0).unwrap().get(),
        0.875,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        case.reliability(1).unwrap().get(),
        0.325 * 0.75,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        case.reliability(2).unwrap().get(),
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
