//! Words as evidence (docs/model.md section 11, issue 20): a case in words
//! scores exactly as its banded twin, Monte Carlo of a word stays in its
//! band, words and scales survive a round trip (through a codebook too),
//! and every bad scale or word is rejected with the item, field and scale.

use attrib::{Case, Evidence, MonteCarlo, Scales};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/fixtures")
        .join(name)
}

/// The case file with every word replaced by its band (read on `scales`,
/// the case's default unless the word names its scale), and no scale
/// fields: the banded twin.
fn banded(v: &Value, scales: &Scales) -> Value {
    let band = |x: &Value| match x {
        Value::String(text) => {
            let b = scales.read(text, None).unwrap().band();
            let (lo, hi) = b.bounds();
            if b.is_range() {
                serde_json::json!([lo.get(), hi.get()])
            } else {
                serde_json::json!(lo.get())
            }
        }
        other => other.clone(),
    };
    let mut out = v.clone();
    let obj = out.as_object_mut().unwrap();
    obj.remove("scale");
    obj.remove("scales");
    for e in obj["evidence"].as_array_mut().unwrap() {
        let e = e.as_object_mut().unwrap();
        if let Some(ls) = e.get_mut("likelihoods") {
            for (_, l) in ls.as_object_mut().unwrap() {
                *l = band(l);
            }
        }
        for f in ["reliability", "chance", "observed"] {
            if let Some(x) = e.get_mut(f) {
                *x = band(x);
            }
        }
    }
    if let Some(sources) = obj.get_mut("sources") {
        for s in sources.as_array_mut().unwrap() {
            if let Some(r) = s.get_mut("reliability") {
                *r = band(r);
            }
        }
    }
    out
}

#[test]
fn a_case_in_words_scores_exactly_as_its_banded_twin() {
    for name in [
        "words-plain.json",
        "words-codebook-a.json",
        "words-codebook-b.json",
    ] {
        let case = Case::from_path(fixture(name)).unwrap();
        // The case as read, self-contained (its codebook merged in).
        let written: Value = serde_json::from_str(&case.to_json().unwrap()).unwrap();
        let twin = Case::from_json(&banded(&written, case.scales()).to_string()).unwrap();
        let (a, b) = (case.score().unwrap(), twin.score().unwrap());
        assert_eq!(a.probabilities(), b.probabilities(), "{name}");
        assert_eq!(a.ln_probabilities(), b.ln_probabilities(), "{name}");
        for (x, y) in case.evidence().iter().zip(twin.evidence()) {
            assert_eq!(x.likelihoods(), y.likelihoods(), "{name}");
            assert_eq!(x.chance(), y.chance(), "{name}");
            assert_eq!(x.observed(), y.observed(), "{name}");
        }
        assert!(twin.evidence().iter().all(|e| e.words().is_empty()));
    }
}

#[test]
fn a_word_scores_at_its_midpoint() {
    let words = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood_word("a", "very unlikely")
                .likelihood("b", 0.5)
                .chance_word("likely")
                .observed_word("kent: probable"),
        )
        .build()
        .unwrap();
    let numbers = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood_range("a", 0.05, 0.20)
                .likelihood("b", 0.5)
                .chance_range(0.55, 0.80)
                .observed_range(0.63, 0.87),
        )
        .build()
        .unwrap();
    assert_eq!(
        words.score().unwrap().probabilities(),
        numbers.score().unwrap().probabilities()
    );
    // midpoint low + (high - low) / 2
    assert_eq!(
        words.evidence()[0].likelihoods()[0].midpoint().get(),
        0.05 + (0.20 - 0.05) / 2.0
    );
}

#[test]
fn monte_carlo_of_a_one_word_case_stays_inside_the_band() {
    // One item, P(E | a) "likely" = [0.55, 0.80], P(E | b) = 0.5, an even
    // prior: every draw's posterior of a is l / (l + 0.5).
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood_word("a", "likely")
                .likelihood("b", 0.5),
        )
        .build()
        .unwrap();
    let sim = MonteCarlo::new().draws(4_000).seed(3).run(&case).unwrap();
    let i = sim.interval("a").unwrap();
    let (lo, hi) = (0.55 / 1.05, 0.80 / 1.30);
    for q in [i.q05, i.q50, i.q95, i.mean] {
        assert!(q.get() >= lo && q.get() <= hi, "{i:?} outside [{lo}, {hi}]");
    }
    // and it spreads over the band: uniform l, so q05 and q95 near its ends
    assert!(
        i.q05.get() < 0.55 / 1.05 + 0.02 && i.q95.get() > 0.80 / 1.30 - 0.02,
        "{i:?}"
    );
}

#[test]
fn monte_carlo_draws_chance_and_observed_in_their_bands() {
    // The likelihoods are fixed; only `observed` is uncertain, so the
    // posterior moves, and it stays between its values at the band's ends.
    let at = |q: &str| {
        Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .evidence(
                Evidence::builder("e")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1)
                    .observed_word(q),
            )
            .build()
            .unwrap()
    };
    let case = at("unlikely"); // [0.20, 0.45]
    let sim = MonteCarlo::new().draws(4_000).seed(5).run(&case).unwrap();
    let i = sim.interval("a").unwrap();
    let ends = |q: f64| {
        Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .evidence(
                Evidence::builder("e")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1)
                    .observed(q),
            )
            .build()
            .unwrap()
            .score()
            .unwrap()
            .probability("a")
            .unwrap()
            .get()
    };
    let (lo, hi) = (ends(0.20), ends(0.45));
    assert!(
        i.q05.get() >= lo && i.q95.get() <= hi && i.q95.get() > i.q05.get(),
        "{i:?} [{lo}, {hi}]"
    );
}

#[cfg(feature = "rayon")]
#[test]
fn words_draw_the_same_with_one_and_two_threads() {
    let case = Case::from_path(fixture("words-plain.json")).unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| MonteCarlo::new().draws(5_000).seed(11).run(&case).unwrap())
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn a_case_in_words_reads_and_writes_back_as_written() {
    let text = std::fs::read_to_string(fixture("words-plain.json")).unwrap();
    let case = Case::from_json(&text).unwrap();
    let mut written: Value = serde_json::from_str(&case.to_json().unwrap()).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    // Every field as written (an item's empty description is written out,
    // as for any case).
    for e in written["evidence"].as_array_mut().unwrap() {
        assert_eq!(
            e.as_object_mut().unwrap().remove("description"),
            Some(Value::from(""))
        );
    }
    assert_eq!(written["evidence"], original["evidence"]);
    assert_eq!(written["sources"], original["sources"]);
    assert_eq!(written["scale"], original["scale"]);
    assert_eq!(written["scales"], original["scales"]);
    assert_eq!(written["standards"], original["standards"]);
    assert_eq!(written["standard"], original["standard"]);
    let again = Case::from_json(&case.to_json().unwrap()).unwrap();
    assert_eq!(again, case);
}

#[test]
fn a_case_read_through_a_codebook_is_written_with_the_scales_it_used() {
    for name in ["words-codebook-a.json", "words-codebook-b.json"] {
        let case = Case::from_path(fixture(name)).unwrap();
        let json = case.to_json().unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert!(v.get("codebook").is_none());
        assert_eq!(v["scales"][0]["id"], "jim-wording", "{name}");
        let again = Case::from_json(&json).unwrap();
        assert_eq!(again, case, "{name}");
        assert_eq!(again.to_json().unwrap(), json, "{name}");
        assert_eq!(
            again.score().unwrap().probabilities(),
            case.score().unwrap().probabilities()
        );
    }
    // The kind's word keeps the codebook's scale in a case whose default
    // differs, and the item shows the kind's quote.
    let a = Case::from_path(fixture("words-codebook-a.json")).unwrap();
    let crater = &a.evidence()[0];
    let w = crater.words().likelihood(0).unwrap();
    assert_eq!(
        (w.scale().as_str(), w.word()),
        ("jim-wording", "most likely")
    );
    assert_eq!(
        crater.quote(),
        Some("the damage was consistent with a barrel bomb")
    );
    assert_eq!(
        a.evidence()[1].quote(),
        Some("a second crater, the same pattern")
    );
    assert_eq!(a.standard().map(|s| s.id()), Some("criminal"));
    assert_eq!(a.threshold().get(), 0.99);
}

fn rejected(json: &str) -> String {
    match Case::from_json(json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = r#""version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}]"#;

#[test]
fn every_bad_word_or_scale_is_rejected_with_item_field_and_scale() {
    let item = |l: &str| {
        format!(
            r#"{{{HEAD}, "evidence": [{{"id": "e1", "likelihoods": {{"a": {l}, "b": 0.5}}}}]}}"#
        )
    };
    let msg = rejected(&item(r#""very unlikly""#));
    assert!(
        msg.starts_with("evidence 'e1': likelihood for 'a' is \"very unlikly\", not a word of scale 'icd-203' (its words: almost no chance, "),
        "{msg}"
    );
    assert!(msg.ends_with("did you mean \"very unlikely\"?"), "{msg}");
    let msg = rejected(&item(r#""nato: likely""#));
    assert!(
        msg.contains("evidence 'e1'") && msg.contains("'nato'"),
        "{msg}"
    );
    // band outside [0, 1], band reversed, a word twice, a scale twice
    let scale = |words: &str| {
        format!(r#"{{{HEAD}, "scales": [{{"id": "s", "words": {words}}}], "evidence": []}}"#)
    };
    let msg = rejected(&scale(r#"{"w": [0.2, 1.5]}"#));
    assert!(msg.starts_with("scale 's': band of 'w'"), "{msg}");
    let msg = rejected(&scale(r#"{"w": [0.6, 0.2]}"#));
    assert!(msg.starts_with("scale 's': band of 'w'"), "{msg}");
    let msg = rejected(&scale(r#"{"w": 0.2, "W": 0.3}"#));
    assert_eq!(msg, "scale 's': word 'W' appears more than once");
    let msg = rejected(&format!(
        r#"{{{HEAD}, "scales": [{{"id": "s", "words": {{"w": 0.2}}}}, {{"id": "s", "words": {{"v": 0.2}}}}], "evidence": []}}"#
    ));
    assert!(msg.contains("scale id 's' appears more than once"), "{msg}");
    let msg = rejected(&format!(
        r#"{{{HEAD}, "scales": [{{"id": "kent", "words": {{"w": 0.2}}}}], "evidence": []}}"#
    ));
    assert!(
        msg.contains("scale id 'kent' appears more than once"),
        "{msg}"
    );
    let msg = rejected(&format!(r#"{{{HEAD}, "scale": "nato", "evidence": []}}"#));
    assert!(msg.contains("'nato'"), "{msg}");
    // a word on every other field, and on a source
    for field in ["reliability", "chance", "observed"] {
        let msg = rejected(&format!(
            r#"{{{HEAD}, "evidence": [{{"id": "e1", "likelihoods": {{"a": 0.5, "b": 0.5}}, "{field}": "perhaps"}}]}}"#
        ));
        assert!(
            msg.starts_with(&format!(
                "evidence 'e1': {field} is \"perhaps\", not a word of scale 'icd-203'"
            )),
            "{msg}"
        );
    }
    let msg = rejected(&format!(
        r#"{{{HEAD}, "sources": [{{"id": "s", "reliability": "perhaps"}}], "evidence": []}}"#
    ));
    assert!(
        msg.starts_with("source 's': reliability is \"perhaps\""),
        "{msg}"
    );
    // standards: unknown headline, an id twice, a threshold out of range
    let msg = rejected(&format!(r#"{{{HEAD}, "standard": "x", "evidence": []}}"#));
    assert_eq!(
        msg,
        "case: standard names 'x', which is not a declared standard"
    );
    let msg = rejected(&format!(
        r#"{{{HEAD}, "standards": [{{"id": "x", "threshold": 0.5}}, {{"id": "x", "threshold": 0.6}}], "evidence": []}}"#
    ));
    assert_eq!(msg, "case: standard id 'x' appears more than once");
    let msg = rejected(&format!(
        r#"{{{HEAD}, "standards": [{{"id": "x", "threshold": 1.5}}], "evidence": []}}"#
    ));
    assert_eq!(msg, "standard 'x': threshold is 1.5, must be in 0..=1");
}

#[test]
fn a_scale_defined_in_the_case_and_its_codebook_is_an_error() {
    let dir = std::env::temp_dir().join(format!("attrib-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("codebook-words.json"),
        dir.join("codebook-words.json"),
    )
    .unwrap();
    let case = dir.join("case.json");
    std::fs::write(
        &case,
        r#"{"version": 1, "codebook": "codebook-words.json",
            "scales": [{"id": "jim-wording", "words": {"w": 0.5}}],
            "hypotheses": [{"id": "government"}, {"id": "isil"}, {"id": "opposition"}, {"id": "other"}],
            "evidence": []}"#,
    )
    .unwrap();
    let msg = Case::from_path(&case).unwrap_err().to_string();
    assert!(
        msg.contains("scale") && msg.contains("jim-wording"),
        "{msg}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The scales a proptest picks words from.
const SCALES: [&str; 2] = ["icd-203", "kent"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any case, with any likelihoods replaced by words of any scale,
    /// scores as its banded twin, bit for bit.
    #[test]
    fn any_case_in_words_scores_as_its_banded_twin(
        n in 2usize..5,
        items in proptest::collection::vec(
            proptest::collection::vec((any::<bool>(), 0usize..2, 0usize..7, 0.01f64..1.0), 4),
            1..6,
        ),
    ) {
        let scales = Scales::builtin();
        let mut words = Case::builder();
        let mut numbers = Case::builder();
        for h in 0..n {
            words = words.hypothesis(format!("h{h}"), "");
            numbers = numbers.hypothesis(format!("h{h}"), "");
        }
        for (i, ls) in items.iter().enumerate() {
            let mut w = Evidence::builder(format!("e{i}"));
            let mut b = Evidence::builder(format!("e{i}"));
            for (h, (as_word, scale, k, x)) in ls.iter().take(n).enumerate() {
                let h = format!("h{h}");
                if *as_word {
                    let scale = scales.get(SCALES[*scale]).unwrap();
                    let (word, band) = scale.words().nth(*k % scale.words().count()).unwrap();
                    w = w.likelihood_word(&h, format!("{}: {word}", scale.id()));
                    let (lo, hi) = band.bounds();
                    b = b.likelihood_range(&h, lo.get(), hi.get());
                } else {
                    w = w.likelihood(&h, *x);
                    b = b.likelihood(&h, *x);
                }
            }
            words = words.evidence(w);
            numbers = numbers.evidence(b);
        }
        let (words, numbers) = (words.build(), numbers.build());
        match (words, numbers) {
            (Ok(w), Ok(b)) => match (w.score(), b.score()) {
                (Ok(pw), Ok(pb)) => prop_assert_eq!(pw.probabilities(), pb.probabilities()),
                (Err(ew), Err(eb)) => prop_assert_eq!(ew.to_string(), eb.to_string()),
                (x, y) => prop_assert!(false, "{:?} against {:?}", x.is_ok(), y.is_ok()),
            },
            (Err(ew), Err(eb)) => prop_assert_eq!(ew.to_string(), eb.to_string()),
            (x, y) => prop_assert!(false, "{:?} against {:?}", x.is_ok(), y.is_ok()),
        }
    }
}

#[test]
fn a_declared_word_keeps_its_capitals_wherever_it_is_shown_or_written() {
    let text = r#"{"version": 1,
        "hypotheses": [{"id": "a"}, {"id": "b"}],
        "scales": [{"id": "mine", "label": "Mine",
                    "words": {"Most Likely": [0.8, 0.95], "Consistent With": [0.6, 0.7]},
                    "synonyms": {"Highly Probable": "Most Likely"}}],
        "scale": "mine",
        "evidence": [{"id": "e1", "likelihoods": {"a": "most likely", "b": "HIGHLY probable"}}]}"#;
    let case = Case::from_json(text).unwrap();
    let scale = case.scales().declared().next().unwrap();
    let words: Vec<&str> = scale.words().map(|(w, _)| w).collect();
    assert_eq!(words, ["Most Likely", "Consistent With"]);
    assert_eq!(scale.synonyms("most likely"), ["Highly Probable"]);
    // Matching still folds case and spaces; the match names the declared word
    // and keeps the item's own text.
    let w = case.evidence()[0].words().likelihood(1).unwrap();
    assert_eq!((w.word(), w.written()), ("Most Likely", "HIGHLY probable"));
    let written: Value = serde_json::from_str(&case.to_json().unwrap()).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(written["scales"], original["scales"]);
    assert_eq!(
        written["evidence"][0]["likelihoods"],
        original["evidence"][0]["likelihoods"]
    );
}
