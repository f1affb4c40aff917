//! The case files shipped under `examples/cases/`: each reads, round-trips,
//! is documented item by item, and scores to the values an independent
//! implementation of docs/model.md gives (`tests/reference/model.py`).

use approx::assert_relative_eq;
use attrib::Case;
use std::path::{Path, PathBuf};

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn all() -> Vec<(PathBuf, Case)> {
    let mut files = Vec::new();
    case_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases"),
        &mut files,
    );
    files.sort();
    assert!(!files.is_empty());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let case = Case::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, case)
        })
        .collect()
}

#[test]
fn every_case_file_reads_scores_and_round_trips() {
    for (path, case) in all() {
        let post = case
            .score()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let sum: f64 = post.probabilities().iter().map(|p| p.get()).sum();
        assert!((sum - 1.0).abs() < 1e-14, "{}", path.display());
        assert_eq!(Case::from_json(&case.to_json().unwrap()).unwrap(), case);
    }
}

#[test]
fn every_item_has_a_rationale_and_public_sources() {
    for (path, case) in all() {
        assert!(case.title().is_some() && case.date().is_some() && case.place().is_some());
        for e in case.evidence() {
            let at = format!("{}: {}", path.display(), e.id());
            assert!(
                e.rationale().is_some_and(|r| r.len() > 20),
                "{at}: rationale"
            );
            assert!(!e.references().is_empty(), "{at}: sources");
            assert!(!e.description().is_empty(), "{at}: description");
        }
        assert!(
            case.hypotheses().iter().any(|h| h.is_catch_all()),
            "{}: catch-all",
            path.display()
        );
    }
}

#[test]
fn jim_cases_use_the_agreed_hypothesis_ids() {
    for (path, case) in all() {
        if !path.to_string_lossy().contains("/jim/") {
            continue;
        }
        for h in case.hypotheses() {
            assert!(
                ["government", "isil", "opposition", "other", "staged"].contains(&h.id().as_str()),
                "{}: {}",
                path.display(),
                h.id()
            );
        }
    }
}

/// Posteriors from the independent implementation,
/// `python3 tests/reference/model.py examples/cases/jim/FILE.json`.
const REFERENCE: &[(&str, &[(&str, f64)])] = &[
    (
        "al-tamanah-2014-04-29",
        &[
            ("government", 0.5851310042508128),
            ("isil", 0.022130218663504328),
            ("opposition", 0.09950013073117307),
            ("other", 0.29323864635450975),
        ],
    ),
    (
        "al-tamanah-2014-05-25",
        &[
            ("government", 0.5467408627605491),
            ("isil", 0.02539183201314014),
            ("opposition", 0.11178302681396907),
            ("other", 0.3160842784123417),
        ],
    ),
    (
        "binnish-2015-03-24",
        &[
            ("government", 0.7380130383819212),
            ("isil", 0.012190172593778711),
            ("opposition", 0.04959053993989914),
            ("other", 0.20020624908440104),
        ],
    ),
    (
        "kafr-zita-2014-04-11",
        &[
            ("government", 0.8357640360587735),
            ("isil", 0.011127854284993584),
            ("opposition", 0.037586330721310866),
            ("other", 0.11552177893492209),
        ],
    ),
    (
        "kafr-zita-2014-04-18",
        &[
            ("government", 0.7923211202837281),
            ("isil", 0.015650542563011655),
            ("opposition", 0.04379087516858723),
            ("other", 0.148237461984673),
        ],
    ),
    (
        "khan-shaykhun-2017-04-04",
        &[
            ("government", 0.9122941627239424),
            ("isil", 0.0027411955499429676),
            ("opposition", 0.01440216127037316),
            ("staged", 0.05781030899237156),
            ("other", 0.012752171463369915),
        ],
    ),
    (
        "marea-2015-08-21",
        &[
            ("government", 0.04106042797037944),
            ("isil", 0.9423222145850223),
            ("opposition", 0.0063180787507397035),
            ("other", 0.010299278693858513),
        ],
    ),
    (
        "qmenas-2015-03-16",
        &[
            ("government", 0.8774558491784767),
            ("isil", 0.005848086555414983),
            ("opposition", 0.027566382653083036),
            ("other", 0.08912968161302522),
        ],
    ),
    (
        "sarmin-2015-03-16",
        &[
            ("government", 0.8755922642669068),
            ("isil", 0.008308568446374018),
            ("opposition", 0.02042949487019331),
            ("other", 0.0956696724165257),
        ],
    ),
    (
        "talmenes-2014-04-21",
        &[
            ("government", 0.9300732792036533),
            ("isil", 0.003526157120518648),
            ("opposition", 0.016618855937213187),
            ("other", 0.04978170773861479),
        ],
    ),
    (
        "umm-hawsh-2016-09-15",
        &[
            ("government", 0.059853352309921816),
            ("isil", 0.7473788522077071),
            ("opposition", 0.14113314420816056),
            ("other", 0.051634651274210665),
        ],
    ),
];

#[test]
fn every_jim_case_matches_the_reference_implementation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim");
    let mut seen = 0;
    for (stem, expected) in REFERENCE {
        let text = std::fs::read_to_string(dir.join(format!("{stem}.json"))).unwrap();
        let post = Case::from_json(&text).unwrap().score().unwrap();
        for (h, p) in *expected {
            assert_relative_eq!(post.probability(h).unwrap().get(), *p, max_relative = 1e-12);
        }
        seen += 1;
    }
    let mut files = Vec::new();
    case_files(&dir, &mut files);
    assert_eq!(seen, files.len(), "every JIM case file has a reference");
}

/// The verdict attrib gives each JIM case, as the README's table states:
/// (case, leader, attributed). The JIM's own verdicts are in
/// `examples/jim.rs`.
const VERDICTS: &[(&str, &str, bool)] = &[
    ("kafr-zita-2014-04-11", "government", false),
    ("kafr-zita-2014-04-18", "government", false),
    ("talmenes-2014-04-21", "government", false),
    ("al-tamanah-2014-04-29", "government", false),
    ("al-tamanah-2014-05-25", "government", false),
    ("sarmin-2015-03-16", "government", false),
    ("qmenas-2015-03-16", "government", false),
    ("binnish-2015-03-24", "government", false),
    ("marea-2015-08-21", "isil", false),
    ("umm-hawsh-2016-09-15", "isil", false),
    ("khan-shaykhun-2017-04-04", "government", false),
];

#[test]
fn every_jim_case_gets_the_stated_verdict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim");
    for (stem, leader, attributed) in VERDICTS {
        let text = std::fs::read_to_string(dir.join(format!("{stem}.json"))).unwrap();
        let v = Case::from_json(&text).unwrap().score().unwrap().verdict();
        assert_eq!(v.leader().as_str(), *leader, "{stem}");
        assert_eq!(
            v.status() == attrib::Status::Attributed,
            *attributed,
            "{stem}"
        );
    }
    assert_eq!(VERDICTS.len(), 11);
}
