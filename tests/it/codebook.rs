//! Codebooks (docs/model.md section 9) and perspectives (section 10): what a
//! case inherits, how a kind's defaults give way to an item's own values,
//! the self-contained round trip, every rejection, and posteriors worked
//! out by hand.
//!
//! The codebook in `tests/data/codebook/codebook.json` has hypotheses
//! `a`, `b`, `other` and two kinds:
//!
//! - `seen`: `l = (0.9, 0.1, 0.2)`, source `jim` (reliability 0.8);
//!   `chance` = mean `l` = 0.4. With `r = 0.8`:
//!   `l' = 0.8 l + 0.2 * 0.4 = (0.80, 0.16, 0.24)`.
//! - `heard`: `l = (0.6, 0.4, 0.5)`, reliability 0.5, chance 0.3, observed
//!   0.9, credibility "2", group `witnesses`.
//!   `l' = 0.5 l + 0.5 * 0.3 = (0.45, 0.35, 0.40)`;
//!   `l'' = 0.9 l' + 0.1 (1 - l') = 0.8 l' + 0.1 = (0.46, 0.38, 0.42)`.
//!
//! No value asserted here depends on a dependence group of more than one
//! item.

use attrib::{
    Case, Codebook, Credibility, CredibilityGrade, Error, Evidence, Perspective,
    PerspectiveBuilder, Status,
};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/codebook")
        .join(name)
}

fn p(case: &Case, h: &str) -> f64 {
    case.score().unwrap().probability(h).unwrap().get()
}

fn close(x: f64, y: f64) {
    assert!((x - y).abs() < 1e-12, "{x} != {y}");
}

fn message(name: &str) -> String {
    match Case::from_path(data(name)) {
        Ok(_) => panic!("{name} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_codebook_reads_on_its_own() {
    let cb = Codebook::from_path(data("codebook.json")).unwrap();
    assert_eq!(cb.title(), Some("Test method"));
    let h: Vec<&str> = cb.hypotheses().iter().map(|h| h.as_str()).collect();
    assert_eq!(h, ["a", "b", "other"]);
    assert_eq!(cb.threshold().map(|t| t.get()), Some(0.9));
    assert_eq!(cb.sources().len(), 2);
    assert_eq!(cb.sources()[1].reliability().get(), 0.675); // Admiralty C
    assert_eq!(cb.groups()[0].label(), Some("Residents"));
    let heard = cb.kind("heard").unwrap();
    assert_eq!(heard.reliability().map(|r| r.midpoint().get()), Some(0.5));
    assert_eq!(heard.group().map(|g| g.as_str()), Some("witnesses"));
    assert_eq!(cb.kind("seen").unwrap().references(), ["kind-ref"]);
    assert_eq!(cb.perspectives().len(), 2);
    assert_eq!(cb.rationale(), Some("fixed before any case was scored"));
    assert_eq!(cb.references(), ["method-ref"]);
}

#[test]
fn a_case_inherits_sources_groups_perspectives_and_threshold() {
    let case = Case::from_path(data("inherit.json")).unwrap();
    let sources: Vec<&str> = case.sources().iter().map(|s| s.id().as_str()).collect();
    assert_eq!(sources, ["jim", "press", "local"]);
    let groups: Vec<&str> = case.groups().iter().map(|g| g.id().as_str()).collect();
    assert_eq!(groups, ["witnesses", "own"]);
    let perspectives: Vec<&str> = case
        .perspectives()
        .iter()
        .map(|p| p.id().as_str())
        .collect();
    assert_eq!(perspectives, ["sceptic", "no-witnesses", "e3-out"]);
    // the case sets no threshold: the codebook's
    assert_eq!(case.threshold().get(), 0.9);
    // the perspective keeps its rationale and references
    let sceptic = &case.perspectives()[0];
    assert_eq!(
        sceptic.rationale(),
        Some("its findings rest on one member state's intelligence")
    );
    assert_eq!(sceptic.references(), ["perspective-ref"]);
}

#[test]
fn kind_defaults_and_item_overrides() {
    let case = Case::from_path(data("inherit.json")).unwrap();
    let e = case.evidence();
    let l = |i: usize| -> Vec<f64> {
        e[i].likelihoods()
            .iter()
            .map(|l| l.midpoint().get())
            .collect()
    };

    // e1: everything from the kind but its own rationale and references
    assert_eq!(e[0].kind().map(|k| k.as_str()), Some("seen"));
    assert_eq!(e[0].description(), "Seen by a witness");
    assert_eq!(l(0), [0.9, 0.1, 0.2]);
    assert_eq!(e[0].source().map(|s| s.as_str()), Some("jim"));
    assert_eq!(e[0].rationale(), Some("case-specific reason"));
    assert_eq!(e[0].references(), ["case-ref"]);
    assert_eq!(case.reliability("e1").unwrap().get(), 0.8);

    // e2: its own description and source
    assert_eq!(e[1].description(), "Seen by a councillor");
    assert_eq!(e[1].source().map(|s| s.as_str()), Some("local"));
    assert_eq!(e[1].rationale(), None);
    assert_eq!(
        case.reliability(case.evidence()[1].id()).unwrap().get(),
        0.6
    );

    // e3: every default of `heard`
    assert_eq!(e[2].description(), "Heard by a witness");
    assert_eq!(l(2), [0.6, 0.4, 0.5]);
    assert_eq!(e[2].reliability().map(|r| r.midpoint().get()), Some(0.5));
    assert_eq!(e[2].chance().map(|c| c.midpoint().get()), Some(0.3));
    assert_eq!(e[2].observed().map(|q| q.midpoint().get()), Some(0.9));
    assert_eq!(
        e[2].credibility(),
        Some(Credibility::Grade(CredibilityGrade::ProbablyTrue))
    );
    assert_eq!(e[2].group().map(|g| g.as_str()), Some("witnesses"));
    assert_eq!(e[2].source(), None);

    // e4: every default of `heard` overridden
    assert_eq!(e[3].description(), "Heard, and recorded");
    assert_eq!(l(3), [0.6, 0.4, 0.5]);
    assert_eq!(e[3].reliability().map(|r| r.midpoint().get()), Some(0.9));
    assert_eq!(e[3].chance().map(|c| c.midpoint().get()), Some(0.5));
    assert_eq!(e[3].observed().map(|q| q.midpoint().get()), Some(1.0));
    assert!(matches!(e[3].credibility(), Some(Credibility::Value(v)) if v.get() == 0.5));
    assert_eq!(e[3].group().map(|g| g.as_str()), Some("own"));
    assert_eq!(e[3].source().map(|s| s.as_str()), Some("jim"));

    // e5: no kind, its own likelihoods
    assert_eq!(e[4].kind(), None);
    assert_eq!(l(4), [0.5, 0.5, 0.25]);
}

/// Effective likelihoods of the items of `inherit.json` (mixture):
/// - e1: `(0.80, 0.16, 0.24)` (see the module docs);
/// - e2: `r = 0.6` (source `local`): `0.6 l + 0.4 * 0.4 = (0.70, 0.22, 0.28)`;
/// - e3: `(0.46, 0.38, 0.42)` (see the module docs);
/// - e4: `r = 0.9` (its own), chance 0.5: `0.9 l + 0.05 = (0.59, 0.41, 0.50)`;
/// - e5: `r = 1`: `(0.5, 0.5, 0.25)`.
const E1: [f64; 3] = [0.80, 0.16, 0.24];
const E2: [f64; 3] = [0.70, 0.22, 0.28];
const E3: [f64; 3] = [0.46, 0.38, 0.42];
const E4: [f64; 3] = [0.59, 0.41, 0.50];
const E5: [f64; 3] = [0.5, 0.5, 0.25];

/// The posterior of `a` from a uniform prior and these items.
fn posterior_a(items: &[[f64; 3]]) -> f64 {
    let joint: Vec<f64> = (0..3)
        .map(|h| items.iter().map(|l| l[h]).product())
        .collect();
    joint[0] / joint.iter().sum::<f64>()
}

#[test]
fn inherited_items_score_by_hand() {
    let case = Case::from_path(data("inherit.json")).unwrap();
    // a: 0.8 * 0.7 * 0.46 * 0.59 * 0.5, and so on for b and other.
    close(p(&case, "a"), posterior_a(&[E1, E2, E3, E4, E5]));
}

#[test]
fn evidence_and_kind_discounts() {
    let case = Case::from_path(data("inherit.json")).unwrap();
    // e3-out: e3 at reliability 0 gives l' = 0.3 for every hypothesis, and
    // l'' = 0.8 * 0.3 + 0.1 = 0.34: it no longer discriminates.
    let out = case.perspective("e3-out").unwrap();
    assert_eq!(out.evidence()[2].discount().get(), 0.0);
    close(p(&out, "a"), posterior_a(&[E1, E2, E4, E5]));
    // no-witnesses: every `heard` item (e3 and e4) at reliability 0.
    let deaf = case.perspective("no-witnesses").unwrap();
    assert_eq!(deaf.evidence()[3].discount().get(), 0.0);
    assert_eq!(
        deaf.reliability(deaf.evidence()[3].id()).unwrap().get(),
        0.0
    );
    close(p(&deaf, "a"), posterior_a(&[E1, E2, E5]));
    // The likelihoods never change.
    assert_eq!(
        deaf.evidence()[3].likelihoods(),
        case.evidence()[3].likelihoods()
    );
}

#[test]
fn source_discount_prior_and_threshold_by_hand() {
    let case = Case::from_path(data("score.json")).unwrap();
    // base: l' = (0.80, 0.16, 0.24), sum 1.2: (2/3, 2/15, 1/5); threshold 0.9
    let post = case.score().unwrap();
    close(post.probability("a").unwrap().get(), 2.0 / 3.0);
    close(post.probability("other").unwrap().get(), 0.2);
    assert_eq!(post.verdict().status(), Status::Insufficient);
    // sceptic: r = 0.8 * 0.5 = 0.4: l' = 0.4 l + 0.6 * 0.4 = (0.60, 0.28, 0.32),
    // sum 1.2: (1/2, 7/30, 4/15)
    let sceptic = case.perspective("sceptic").unwrap();
    close(p(&sceptic, "a"), 0.5);
    close(p(&sceptic, "b"), 7.0 / 30.0);
    assert_eq!(sceptic.threshold().get(), 0.9);
    // lenient: prior (1, 2, 1) replaces the uniform one; threshold 0.5.
    // a: 0.8 * 1, b: 0.16 * 2, other: 0.24 * 1; sum 1.36: (10/17, 4/17, 3/17)
    let lenient = case.perspective("lenient").unwrap();
    let post = lenient.score().unwrap();
    close(post.probability("a").unwrap().get(), 10.0 / 17.0);
    close(post.probability("b").unwrap().get(), 4.0 / 17.0);
    assert_eq!(post.verdict().status(), Status::Attributed);
    assert_eq!(post.verdict().threshold().get(), 0.5);
    // the Bayes factor is the evidence's alone: 0.8 / 0.16 = 5
    close(post.bayes_factor("b").unwrap(), 5.0);
    // A perspective's case carries no perspectives; base is the case.
    assert!(lenient.perspectives().is_empty());
    assert_eq!(case.perspective("base").unwrap(), case);
}

#[test]
fn a_discount_on_an_unused_kind_is_dropped() {
    // score.json has no `heard` item: no-witnesses keeps no kind discount,
    // and changes nothing.
    let case = Case::from_path(data("score.json")).unwrap();
    let deaf = &case.perspectives()[1];
    assert_eq!(deaf.id().as_str(), "no-witnesses");
    assert!(deaf.kind_discounts().is_empty());
    close(
        p(&case.perspective("no-witnesses").unwrap(), "a"),
        2.0 / 3.0,
    );
}

#[test]
fn to_json_is_self_contained_and_reads_back_equal() {
    for name in ["inherit.json", "score.json"] {
        let case = Case::from_path(data(name)).unwrap();
        let text = case.to_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("codebook").is_none(), "{name}");
        assert_eq!(v["threshold"], 0.9, "{name}");
        for e in v["evidence"].as_array().unwrap() {
            assert!(e["likelihoods"].is_object(), "{name}: {e}");
        }
        assert_eq!(v["evidence"][0]["kind"], "seen");
        assert_eq!(v["sources"][0]["id"], "jim");
        assert_eq!(v["perspectives"][0]["id"], "sceptic");
        // from text, and from a file in a folder without the codebook
        assert_eq!(Case::from_json(&text).unwrap(), case, "{name}");
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("codebook-round-trip");
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join(name);
        std::fs::write(&copy, &text).unwrap();
        assert_eq!(Case::from_path(&copy).unwrap(), case, "{name}");
        // and a perspective's case is self-contained too
        let sceptic = case.perspective("sceptic").unwrap();
        assert_eq!(
            Case::from_json(&sceptic.to_json().unwrap()).unwrap(),
            sceptic
        );
    }
}

#[test]
fn without_a_codebook_kind_is_a_label() {
    let case = Case::from_json(
        r#"{"version": 1,
            "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "evidence": [{"id": "e", "kind": "anything", "description": "",
                          "likelihoods": {"a": 0.9, "b": 0.1}}],
            "perspectives": [{"id": "p", "discount": {"kinds": {"anything": 0.5}}}]}"#,
    )
    .unwrap();
    assert_eq!(
        case.evidence()[0].kind().map(|k| k.as_str()),
        Some("anything")
    );
    // r = 1, l' = l: P(a) = 0.9; with the kind at half trust,
    // l' = 0.5 l + 0.5 * 0.5 = (0.7, 0.3)
    close(p(&case, "a"), 0.9);
    close(p(&case.perspective("p").unwrap(), "a"), 0.7);
    // without the codebook a kind alone gives no likelihoods
    let err = Case::from_json(
        r#"{"version": 1,
            "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "evidence": [{"id": "e", "kind": "anything"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "evidence 'e': likelihood for 'a' is missing"
    );
}

#[test]
fn from_json_refuses_a_case_that_names_a_codebook() {
    let text = std::fs::read_to_string(data("score.json")).unwrap();
    let err = Case::from_json(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "case: codebook cannot be used here: a case that names a codebook must be read with \
         `Case::from_path`, which resolves the codebook's path relative to the case file"
    );
}

#[test]
fn kind_errors_name_the_kind_the_case_file_and_the_hypothesis() {
    let file = |name: &str| data(name).display().to_string();
    assert_eq!(
        message("bad-both.json"),
        format!(
            "{}: evidence 'e1': give kind or likelihoods, not both",
            file("bad-both.json")
        )
    );
    assert_eq!(
        message("bad-unknown-kind.json"),
        format!(
            "{}: evidence 'e1': kind 'smelt' is not defined in codebook 'codebook.json'",
            file("bad-unknown-kind.json")
        )
    );
    assert_eq!(
        message("bad-missing-hypothesis.json"),
        format!(
            "{}: evidence 'e1': kind 'seen' of codebook 'codebook.json' has no likelihood \
             for the case's hypothesis 'c'",
            file("bad-missing-hypothesis.json")
        )
    );
    assert_eq!(
        message("bad-extra-hypothesis.json"),
        format!(
            "{}: evidence 'e1': kind 'seen' of codebook 'codebook.json' gives a likelihood \
             for 'b', which is not a hypothesis of the case",
            file("bad-extra-hypothesis.json")
        )
    );
}

#[test]
fn an_id_defined_twice_names_both_places() {
    for (name, what, id) in [
        ("bad-source-twice.json", "source", "jim"),
        ("bad-group-twice.json", "group", "witnesses"),
        ("bad-perspective-twice.json", "perspective", "sceptic"),
    ] {
        let err = Case::from_path(data(name)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{what} '{id}' is defined both in codebook 'codebook.json' and in case file '{}'",
                data(name).display()
            )
        );
        assert_eq!(err.kind(), attrib::ErrorKind::DefinedTwice);
    }
}

#[test]
fn errors_in_the_codebook_name_both_files() {
    assert_eq!(
        message("bad-in-codebook.json"),
        format!(
            "{}: codebook 'bad-codebook.json': kind 'seen': likelihood for 'b' is 1.5, must be in 0..=1",
            data("bad-in-codebook.json").display()
        )
    );
    let msg = message("bad-missing-codebook.json");
    assert!(
        msg.starts_with(&format!(
            "{}: codebook 'no-such-codebook.json': cannot read '",
            data("bad-missing-codebook.json").display()
        )),
        "{msg}"
    );
    assert!(msg.contains("no-such-codebook.json"), "{msg}");
}

#[test]
fn a_bad_perspective_in_the_case_file_is_named() {
    assert_eq!(
        message("bad-perspective.json"),
        format!(
            "{}: perspective 'doubter': discount for source names 'nobody', which is not a declared source",
            data("bad-perspective.json").display()
        )
    );
}

#[test]
fn absolute_and_parent_paths_are_refused() {
    assert_eq!(
        message("bad-absolute.json"),
        format!(
            "{}: case: codebook is '/etc/passwd', which is not allowed: it is an absolute path; \
             give a path relative to the case file's folder",
            data("bad-absolute.json").display()
        )
    );
    // even a `..` that comes back into the folder
    assert_eq!(
        message("bad-parent.json"),
        format!(
            "{}: case: codebook is '../codebook/codebook.json', which is not allowed: it has a \
             '..' component; the codebook must be in the case file's folder or below it",
            data("bad-parent.json").display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("codebook-symlink");
    let _ = std::fs::remove_dir_all(&root);
    let cases = root.join("cases");
    let outside = root.join("outside");
    std::fs::create_dir_all(cases.join("books")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let codebook = std::fs::read(data("codebook.json")).unwrap();
    std::fs::write(outside.join("codebook.json"), &codebook).unwrap();
    std::fs::write(cases.join("books/codebook.json"), &codebook).unwrap();
    symlink(outside.join("codebook.json"), cases.join("link.json")).unwrap();
    symlink(&outside, cases.join("dir-link")).unwrap();
    symlink("books/codebook.json", cases.join("inside-link.json")).unwrap();
    let score = std::fs::read_to_string(data("score.json")).unwrap();
    let with = |name: &str, codebook: &str| {
        let path = cases.join(name);
        std::fs::write(
            &path,
            score.replace("\"codebook.json\"", &format!("\"{codebook}\"")),
        )
        .unwrap();
        path
    };

    for (name, codebook) in [
        ("file-link.json", "link.json"),
        ("dir-link.json", "dir-link/codebook.json"),
    ] {
        let path = with(name, codebook);
        let err = Case::from_path(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: case: codebook is '{codebook}', which is not allowed: it leads out of the \
                 case file's folder (through a symbolic link)",
                path.display()
            )
        );
    }
    // a subfolder, and a link that stays inside the folder, are fine
    let below = Case::from_path(with("below.json", "books/codebook.json")).unwrap();
    let linked = Case::from_path(with("inside.json", "inside-link.json")).unwrap();
    assert_eq!(below, linked);
    close(p(&below, "a"), 2.0 / 3.0);
}

/// One item, l = (0.9, 0.1), from a source of reliability 0.8, under the
/// mixture model with chance = mean l = 0.5:
/// base `l' = (0.8 * 0.9 + 0.2 * 0.5, 0.8 * 0.1 + 0.2 * 0.5) = (0.82, 0.18)`.
fn one_item(p: PerspectiveBuilder) -> Result<Case, Error> {
    Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .source("jim", "JIM", 0.8)
        .evidence(
            Evidence::builder("e")
                .kind("finding")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("jim"),
        )
        .perspective(p)
        .build()
}

#[test]
fn perspectives_in_rust_by_hand() {
    let case = one_item(Perspective::builder("half").discount_source("jim", 0.5)).unwrap();
    close(p(&case, "a"), 0.82);
    // r = 0.4: l' = (0.4 * 0.9 + 0.6 * 0.5, 0.4 * 0.1 + 0.6 * 0.5) = (0.66, 0.34)
    close(p(&case.perspective("half").unwrap(), "a"), 0.66);

    // the same through the item, and through its kind
    for p_ in [
        Perspective::builder("half").discount_evidence("e", 0.5),
        Perspective::builder("half").discount_kind("finding", 0.5),
    ] {
        let case = one_item(p_).unwrap();
        close(p(&case.perspective("half").unwrap(), "a"), 0.66);
    }

    // reliability 0: l' = (0.5, 0.5): the prior, here (1, 3), is all there is
    let case = one_item(
        Perspective::builder("none")
            .discount_source("jim", 0.0)
            .prior("a", 1.0)
            .prior("b", 3.0)
            .threshold(0.75),
    )
    .unwrap();
    let none = case.perspective("none").unwrap();
    close(p(&none, "a"), 0.25);
    let verdict = none.score().unwrap().verdict();
    assert_eq!(verdict.status(), Status::Attributed);
    assert_eq!(verdict.hypothesis().map(|h| h.as_str()), Some("b"));
}

#[test]
fn every_perspective_error() {
    let msg = |p: PerspectiveBuilder| one_item(p).unwrap_err().to_string();
    let b = Perspective::builder;
    assert_eq!(
        msg(b("sceptic").discount_source("nobody", 0.5)),
        "perspective 'sceptic': discount for source names 'nobody', which is not a declared source"
    );
    assert_eq!(
        msg(b("sceptic").discount_source("jim", 1.5)),
        "perspective 'sceptic': discount for source 'jim' is 1.5, must be in 0..=1"
    );
    assert_eq!(
        msg(b("sceptic")
            .discount_source("jim", 0.5)
            .discount_source("jim", 0.4)),
        "perspective 'sceptic': discount for source 'jim' appears more than once"
    );
    assert_eq!(
        msg(b("sceptic").discount_evidence("e9", 0.5)),
        "perspective 'sceptic': discount for evidence names 'e9', which is not a declared evidence item"
    );
    assert_eq!(
        msg(b("sceptic").discount_evidence("e", f64::NEG_INFINITY)),
        "perspective 'sceptic': discount for evidence 'e' is -inf, must be in 0..=1"
    );
    assert_eq!(
        msg(b("sceptic").discount_kind("rumour", 0.5)),
        "perspective 'sceptic': discount for kind names 'rumour', which is not a declared kind"
    );
    assert_eq!(
        msg(b("sceptic").discount_kind("finding", 2.0)),
        "perspective 'sceptic': discount for kind 'finding' is 2, must be in 0..=1"
    );
    assert_eq!(
        msg(b("sceptic").prior("a", 1.0).prior("z", 1.0)),
        "perspective 'sceptic': prior weight names 'z', which is not a declared hypothesis"
    );
    assert_eq!(
        msg(b("sceptic").prior("a", 1.0)),
        "perspective 'sceptic': prior weight for 'b' is missing"
    );
    assert_eq!(
        msg(b("sceptic").prior("a", 0.0).prior("b", 0.0)),
        "perspective 'sceptic': every prior weight is 0, at least one must be positive"
    );
    assert_eq!(
        msg(b("sceptic").prior("a", -1.0).prior("b", 1.0)),
        "perspective 'sceptic': prior weight for 'a' is -1, must be in 0..infinity (finite)"
    );
    assert_eq!(
        msg(b("sceptic").threshold(1.01)),
        "perspective 'sceptic': threshold is 1.01, must be in 0..=1"
    );
    assert_eq!(
        msg(b("base")),
        "perspective #1: id \"base\" is not valid: it is reserved for the case as written"
    );
    // a duplicate id, in a case file
    let err = Case::from_json(
        r#"{"version": 1,
            "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "evidence": [],
            "perspectives": [{"id": "p"}, {"id": "p", "threshold": 0.5}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case: perspective id 'p' appears more than once"
    );
    // an unknown field, in a perspective and in its discount
    let err = Case::from_json(
        r#"{"version": 1,
            "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "evidence": [],
            "perspectives": [{"id": "p", "discount": {"source": {"x": 1}}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "perspective 'p': unknown field 'source'; did you mean 'sources'?"
    );
    // an unknown perspective
    let case = one_item(b("half")).unwrap();
    assert_eq!(
        case.perspective("sceptic").unwrap_err().to_string(),
        "perspective 'sceptic': not found in the case"
    );
}

#[test]
fn leaving_an_item_out_keeps_the_perspectives_valid() {
    let case = Case::from_path(data("inherit.json")).unwrap();
    // e3 is discounted by e3-out; e3 and e4 are the only `heard` items
    let smaller = case
        .without_evidence("e3")
        .unwrap()
        .without_evidence("e4")
        .unwrap();
    let out = smaller
        .perspectives()
        .iter()
        .find(|p| p.id().as_str() == "e3-out")
        .unwrap();
    assert!(out.evidence_discounts().is_empty());
    let deaf = smaller
        .perspectives()
        .iter()
        .find(|p| p.id().as_str() == "no-witnesses")
        .unwrap();
    assert!(deaf.kind_discounts().is_empty());
    let text = smaller.to_json().unwrap();
    assert_eq!(Case::from_json(&text).unwrap(), smaller);
}

#[test]
fn a_case_inherits_the_codebook_uncertainty_unless_it_gives_its_own() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("codebook-uncertainty");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("book.json"),
        r#"{"version": 1, "hypotheses": ["a", "b"],
            "uncertainty": {"likelihood_concentration": 20},
            "kinds": [{"id": "k", "likelihoods": {"a": 0.8, "b": 0.2}}]}"#,
    )
    .unwrap();
    let case = |extra: &str| {
        format!(
            r#"{{"version": 1, "codebook": "book.json", {extra}
                "hypotheses": [{{"id": "a"}}, {{"id": "b"}}],
                "evidence": [{{"id": "e", "kind": "k"}}]}}"#
        )
    };
    std::fs::write(root.join("inherits.json"), case("")).unwrap();
    std::fs::write(
        root.join("own.json"),
        case(r#""uncertainty": {"likelihood_concentration": 5},"#),
    )
    .unwrap();
    let k = |name: &str| {
        Case::from_path(root.join(name))
            .unwrap()
            .uncertainty()
            .likelihood_concentration()
            .map(|k| k.get())
    };
    assert_eq!(k("inherits.json"), Some(20.0));
    assert_eq!(k("own.json"), Some(5.0));
    let err = attrib::Codebook::from_json(
        r#"{"version": 1, "hypotheses": ["a", "b"], "uncertainty": {"likelihood_concentration": 0}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "codebook: uncertainty.likelihood_concentration is 0, must be in 0<..infinity (finite)"
    );
}
