//! The result types as a downstream crate sees them through serde: each
//! serialises to its documented JSON shape, with values checked by hand on
//! small cases, and the ones that implement `Deserialize` round-trip.

use attrib::analysis::Interval;
use attrib::scoring::{Decibans, Enfsi, Strength};
use attrib::{Case, Evidence, MonteCarlo, Posterior, Status, Verdict, Warning};
use serde_json::{Value, json};

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

/// One item, 0.9 against 0.1, uniform prior over two hypotheses.
fn one_item() -> std::result::Result<Case, attrib::Error> {
    Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .build()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[test]
fn posterior_by_hand() -> Result {
    let post: Posterior = one_item()?.score()?;
    let v = serde_json::to_value(&post)?;
    let keys: Vec<&str> = v
        .as_object()
        .ok_or("object")?
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "bayes_factors",
            "leader",
            "ledger",
            "ln_posterior",
            "posterior",
            "verdict",
            "words"
        ]
    );
    // 0.9 / (0.9 + 0.1), computed in log space: within an ulp of 0.9
    assert!((f(&v["posterior"]["a"]) - 0.9).abs() <= f64::EPSILON);
    assert!((f(&v["posterior"]["b"]) - 0.1).abs() <= f64::EPSILON);
    assert!((f(&v["ln_posterior"]["a"]) - 0.9f64.ln()).abs() < 1e-15);
    assert_eq!(
        v["words"],
        json!({"a": "very likely", "b": "very unlikely"})
    );
    assert_eq!(v["leader"], "a");
    // the Bayes factor, a against b: 9, so 10 log10 9 dB, weak support
    let bf = &v["bayes_factors"]["b"];
    assert!((f(&bf["ln"]) - 9f64.ln()).abs() < 1e-15);
    assert!((f(&bf["decibans"]) - 10.0 * 9f64.log10()).abs() < 1e-12);
    assert_eq!(bf["enfsi"], "weak support");
    assert!(v["bayes_factors"].get("a").is_none());
    // the ledger: one row, leader against the rival
    assert_eq!(v["ledger"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["ledger"][0]["evidence"], "e");
    assert!((f(&v["ledger"][0]["decibans"]["b"]) - 10.0 * 9f64.log10()).abs() < 1e-12);
    assert_eq!(v["verdict"]["status"], "insufficient");
    Ok(())
}

#[test]
fn an_eliminated_hypothesis_is_null_not_infinite() -> Result {
    let post = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.0),
        )
        .build()?
        .score()?;
    let v = serde_json::to_value(&post)?;
    assert_eq!(v["posterior"]["b"], 0.0);
    assert!(v["ln_posterior"]["b"].is_null());
    assert!(v["ledger"][0]["decibans"]["b"].is_null());
    assert!(v["bayes_factors"]["b"]["ln"].is_null());
    assert!(v["bayes_factors"]["b"]["decibans"].is_null());
    assert_eq!(v["bayes_factors"]["b"]["enfsi"], "extremely strong support");
    // and it is still valid JSON text
    let text = serde_json::to_string(&post)?;
    assert!(!text.contains("inf") && !text.contains("NaN"));
    Ok(())
}

#[test]
fn ledger_and_entries() -> Result {
    let post = one_item()?.score()?;
    let v = serde_json::to_value(post.ledger())?;
    let w = 10.0 * 9f64.log10();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert!((f(&v[0]["decibans"]["b"]) - w).abs() < 1e-12);
    let entries: Vec<_> = post.ledger().entries().collect();
    let e = serde_json::to_value(&entries)?;
    assert_eq!(e[0]["evidence"], "e");
    assert_eq!(e[0]["for"], "a");
    assert_eq!(e[0]["against"], "b");
    assert!((f(&e[0]["decibans"]) - w).abs() < 1e-12);
    assert_eq!(e[1]["for"], "b");
    assert!((f(&e[1]["decibans"]) + w).abs() < 1e-12);
    Ok(())
}

#[test]
fn verdict_shape_and_round_trip() -> Result {
    let attributed = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.99)
                .likelihood("b", 0.01),
        )
        .build()?
        .score()?
        .verdict();
    let v = serde_json::to_value(&attributed)?;
    assert_eq!(v["status"], "attributed");
    assert_eq!(v["hypothesis"], "a");
    assert_eq!(v["leader"], "a");
    assert_eq!(v["threshold"], 0.95);
    assert!((f(&v["probability"]) - 0.99).abs() < 1e-15);
    let back: Verdict = serde_json::from_value(v)?;
    assert_eq!(back, attributed);

    let insufficient = one_item()?.score()?.verdict();
    let v = serde_json::to_value(&insufficient)?;
    assert_eq!(
        v,
        json!({"status": "insufficient", "hypothesis": null, "threshold": 0.95,
               "probability": insufficient.probability().get(), "leader": "a"})
    );
    let back: Verdict = serde_json::from_str(&serde_json::to_string(&insufficient)?)?;
    assert_eq!(back, insufficient);
    Ok(())
}

#[test]
fn a_verdict_that_contradicts_itself_is_rejected() {
    let bad = [
        // attributed to someone other than the leader
        json!({"status": "attributed", "hypothesis": "b", "threshold": 0.9, "probability": 0.95, "leader": "a"}),
        // attributed to nobody
        json!({"status": "attributed", "hypothesis": null, "threshold": 0.9, "probability": 0.95, "leader": "a"}),
        // insufficient, yet naming a hypothesis
        json!({"status": "insufficient", "hypothesis": "a", "threshold": 0.9, "probability": 0.5, "leader": "a"}),
        // not probabilities
        json!({"status": "insufficient", "hypothesis": null, "threshold": 1.5, "probability": 0.5, "leader": "a"}),
        json!({"status": "insufficient", "hypothesis": null, "threshold": 0.9, "probability": -0.1, "leader": "a"}),
        // unknown status, unknown field, missing field
        json!({"status": "maybe", "hypothesis": null, "threshold": 0.9, "probability": 0.5, "leader": "a"}),
        json!({"status": "insufficient", "hypothesis": null, "threshold": 0.9, "probability": 0.5, "leader": "a", "x": 1}),
        json!({"status": "insufficient", "hypothesis": null, "threshold": 0.9, "probability": 0.5}),
    ];
    for v in bad {
        assert!(serde_json::from_value::<Verdict>(v.clone()).is_err(), "{v}");
    }
}

#[test]
fn status_round_trips() -> Result {
    for s in [Status::Attributed, Status::Insufficient] {
        let v = serde_json::to_value(s)?;
        assert_eq!(v, s.as_str());
        assert_eq!(serde_json::from_value::<Status>(v)?, s);
    }
    assert!(serde_json::from_str::<Status>("\"Attributed\"").is_err());
    Ok(())
}

#[test]
fn simulation_shape() -> Result {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .likelihood_concentration(20.0)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .build()?;
    let sim = MonteCarlo::new().draws(500).seed(11).run(&case)?;
    let v = serde_json::to_value(&sim)?;
    assert_eq!(v["draws"], 500);
    assert_eq!(v["seed"], 11);
    assert_eq!(v["contradictory_draws"], 0);
    assert_eq!(f(&v["leader_holds"]), sim.leader_holds());
    assert_eq!(f(&v["verdict_holds"]), sim.verdict_holds());
    for h in ["a", "b"] {
        let i = sim.interval(h).ok_or("interval")?;
        let back: Interval = serde_json::from_value(v["posterior"][h].clone())?;
        assert_eq!(back, i);
    }
    // the two posteriors of each draw sum to 1, so do the medians' mirror
    assert!((f(&v["posterior"]["a"]["q05"]) + f(&v["posterior"]["b"]["q95"]) - 1.0).abs() < 1e-12);
    Ok(())
}

#[test]
fn interval_round_trips_and_checks_its_order() -> Result {
    let text = r#"{"mean":0.5,"q05":0.25,"q50":0.5,"q95":0.75}"#;
    let i: Interval = serde_json::from_str(text)?;
    assert_eq!(serde_json::to_string(&i)?, text);
    for bad in [
        r#"{"mean":0.5,"q05":0.6,"q50":0.5,"q95":0.75}"#,
        r#"{"mean":0.5,"q05":0.25,"q50":0.8,"q95":0.75}"#,
        r#"{"mean":1.5,"q05":0.25,"q50":0.5,"q95":0.75}"#,
        r#"{"mean":0.5,"q05":0.25,"q50":0.5}"#,
        r#"{"mean":0.5,"q05":0.25,"q50":0.5,"q95":0.75,"q99":0.8}"#,
    ] {
        assert!(serde_json::from_str::<Interval>(bad).is_err(), "{bad}");
    }
    Ok(())
}

#[test]
fn leave_one_out_by_hand() -> Result {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.99)
                .likelihood("b", 0.01),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4),
        )
        .build()?;
    let v = serde_json::to_value(attrib::LeaveOneOut::of(&case)?)?;
    // without e1: 0.6 / (0.6 + 0.4); insufficient, so e1 is a linchpin
    assert_eq!(v[0]["evidence"], "e1");
    assert!((f(&v[0]["posterior"]["a"]) - 0.6).abs() < 1e-15);
    assert_eq!(v[0]["leader"], "a");
    assert_eq!(v[0]["verdict"], "insufficient");
    assert_eq!(v[0]["linchpin"], true);
    // without e2: 0.99, still attributed
    assert!((f(&v[1]["posterior"]["a"]) - 0.99).abs() < 1e-15);
    assert_eq!(v[1]["verdict"], "attributed");
    assert_eq!(v[1]["linchpin"], false);
    Ok(())
}

#[test]
fn warnings_shape_and_round_trip() -> Result {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .source("s", "S", 0.8)
        .evidence(
            Evidence::builder("flat")
                .likelihood("a", 0.5)
                .likelihood("b", 0.5),
        )
        .evidence(
            Evidence::builder("x")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("s"),
        )
        .evidence(
            Evidence::builder("y")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2)
                .source("s"),
        )
        .build()?;
    let warnings = case.warnings();
    let v = serde_json::to_value(&warnings)?;
    let kinds: Vec<&str> = v
        .as_array()
        .ok_or("array")?
        .iter()
        .filter_map(|w| w["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"no-catch-all"));
    assert!(kinds.contains(&"non-discriminating"));
    assert!(kinds.contains(&"ungrouped-source"));
    for (w, j) in warnings.iter().zip(v.as_array().ok_or("array")?) {
        assert_eq!(j["message"], w.to_string());
        let back: Warning = serde_json::from_value(j.clone())?;
        assert_eq!(&back, w);
    }
    let ungrouped = v
        .as_array()
        .ok_or("array")?
        .iter()
        .find(|w| w["kind"] == "ungrouped-source")
        .ok_or("ungrouped")?;
    assert_eq!(ungrouped["source"], "s");
    assert_eq!(ungrouped["evidence"], json!(["x", "y"]));
    // the message is not needed to read one back; an empty id is rejected
    let w: Warning = serde_json::from_value(json!({"kind": "no-catch-all"}))?;
    assert_eq!(w, Warning::NoCatchAll);
    assert!(
        serde_json::from_value::<Warning>(json!({"kind": "non-discriminating", "evidence": ""}))
            .is_err()
    );
    assert!(serde_json::from_value::<Warning>(json!({"kind": "nonsense"})).is_err());
    Ok(())
}

#[test]
fn zero_prior_and_low_threshold_warnings_round_trip() -> Result {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("other", "Other")
        .prior("a", 0.0)
        .prior("other", 1.0)
        .threshold(0.25)
        .evidence(
            Evidence::builder("seen")
                .likelihood("a", 0.9)
                .likelihood("other", 0.1),
        )
        .build()?;
    let warnings = case.warnings();
    let v = serde_json::to_value(&warnings)?;
    assert_eq!(v[0]["kind"], "zero-prior-favoured");
    assert_eq!(v[0]["hypothesis"], "a");
    assert_eq!(v[0]["evidence"], "seen");
    assert_eq!(v[1]["kind"], "low-threshold");
    assert_eq!(v[1]["threshold"], 0.25);
    for (w, j) in warnings.iter().zip(v.as_array().ok_or("array")?) {
        assert_eq!(j["message"], w.to_string());
        let back: Warning = serde_json::from_value(j.clone())?;
        assert_eq!(&back, w);
    }
    assert!(
        serde_json::from_value::<Warning>(json!({"kind": "low-threshold", "threshold": 2}))
            .is_err()
    );
    Ok(())
}

#[test]
fn hypothesis_and_evidence_as_a_case_file_writes_them() -> Result {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("other", "Other")
        .source("s", "S", 0.8)
        .evidence(
            Evidence::builder("e")
                .description("seen")
                .likelihood("a", 0.9)
                .likelihood_range("other", 0.1, 0.3)
                .source("s")
                .rationale("why"),
        )
        .build()?;
    assert_eq!(
        serde_json::to_value(&case.hypotheses()[1])?,
        json!({"id": "other", "label": "Other"})
    );
    assert_eq!(
        serde_json::to_value(&case.evidence()[0])?,
        json!({"id": "e", "description": "seen", "likelihoods": [0.9, [0.1, 0.3]],
               "source": "s", "rationale": "why"})
    );
    Ok(())
}

#[test]
fn decibans_and_enfsi() -> Result {
    assert_eq!(serde_json::to_value(Decibans::new(-3.5)?)?, -3.5);
    assert!(serde_json::to_value(Decibans::new(f64::NEG_INFINITY)?)?.is_null());
    let (up, down) = (Decibans::new(30.0)?.enfsi(), Decibans::new(-30.0)?.enfsi());
    assert_ne!(up, down);
    assert_eq!(up, Enfsi::For(Strength::Strong));
    assert_eq!(down, Enfsi::Against(Strength::Strong));
    assert_eq!(serde_json::to_value(up)?, "strong support");
    assert_eq!(
        serde_json::to_value(down)?,
        "strong support for the alternative"
    );
    assert_eq!(down.words_for("a", "b"), "strong support for b over a");
    Ok(())
}

#[test]
fn charts_data_shapes() -> Result {
    let case = one_item()?;
    let t = serde_json::to_value(attrib::Trajectory::of(&case)?)?;
    assert_eq!(t["hypotheses"], json!(["a", "b"]));
    assert_eq!(t["steps"][0], json!([null, [0.5, 0.5]]));
    assert_eq!(t["steps"][1][0], "e");
    assert_eq!(t["threshold"], 0.95);
    let tornado = serde_json::to_value(attrib::Tornado::of(&case)?)?;
    assert_eq!(tornado["leader"], "a");
    assert_eq!(tornado["rows"][0]["evidence"], "e");
    assert_eq!(tornado["rows"][0]["without"], 0.5);
    Ok(())
}

#[test]
fn evidence_against_the_leader_is_not_called_support_for_it() -> Result {
    // The leader a wins on the prior; the item is 33 dB for b.
    let case = Case::builder()
        .title("Against")
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .prior("a", 1e6)
        .prior("b", 1.0)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.0005)
                .likelihood("b", 1.0),
        )
        .build()?;
    let post = case.score()?;
    assert_eq!(post.leader().id().as_str(), "a");
    let v = serde_json::to_value(&post)?;
    assert_eq!(
        v["bayes_factors"]["b"]["enfsi"],
        "strong support for the alternative"
    );
    let md = attrib::report::Report::new(&case).draws(50).markdown()?;
    assert!(md.contains("-33.0 dB (strong support for b)"), "{md}");
    assert!(!md.contains("-33.0 dB (strong support)"));
    Ok(())
}
