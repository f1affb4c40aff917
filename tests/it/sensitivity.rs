//! Sensitivity and uncertainty (docs/model.md section 6 and issue #3), against
//! values worked out by hand or in closed form.

use approx::assert_relative_eq;
use attrib::{Case, CaseBuilder, Evidence, MonteCarlo, Status};

fn two() -> CaseBuilder {
    Case::builder().hypothesis("a", "A").hypothesis("b", "B")
}

#[test]
fn leave_one_out_by_hand() {
    // e1: ratio 0.9 / 0.1 = 9; e2: 0.6 / 0.4 = 1.5; together odds 13.5 -> 13.5 / 14.5.
    // Without e1: 0.6; without e2: 0.9.
    let case = two()
        .threshold(0.85)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4),
        )
        .build()
        .unwrap();
    assert_relative_eq!(
        case.score().unwrap().probability("a").unwrap().get(),
        13.5 / 14.5,
        max_relative = 1e-15
    );
    let loo = attrib::LeaveOneOut::of(&case).unwrap();
    assert_eq!(loo.len(), 2);
    assert_eq!(loo[0].evidence().as_str(), "e1");
    assert_relative_eq!(
        loo[0].probability("a").unwrap().get(),
        0.6,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        loo[1].probability("a").unwrap().get(),
        0.9,
        max_relative = 1e-15
    );
    // 13.5/14.5 = 0.931 >= 0.85: attributed; without e1 (0.6) it is not: a linchpin.
    assert!(loo[0].verdict_changed() && !loo[0].leader_changed() && loo[0].is_linchpin());
    // without e2, 0.9 >= 0.85 still attributed: not a linchpin.
    assert!(!loo[1].is_linchpin());
}

#[test]
fn leave_one_out_reranks_the_group() {
    // Three items of ratio 3 in a group with rho = 1: against b only the
    // most damning counts, so odds 3. Without any one of them the other two
    // still give odds 3: copies of one report count once.
    let mut b = two().group("g", 1.0);
    for id in ["x", "y", "z"] {
        b = b.evidence(
            Evidence::builder(id)
                .likelihood("a", 0.9)
                .likelihood("b", 0.3)
                .group("g"),
        );
    }
    let loo = attrib::LeaveOneOut::of(&b.build().unwrap()).unwrap();
    for l in &loo {
        assert_relative_eq!(
            l.probability("a").unwrap().get(),
            0.75,
            max_relative = 1e-14
        );
    }
}

#[test]
fn leave_one_out_finds_a_change_of_leader() {
    // e1 favours a strongly (0.9 vs 0.1), e2 and e3 favour b mildly (0.4 vs 0.6 each):
    // odds 9 * (2/3)^2 = 4: a leads. Without e1, b leads.
    let case = two()
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.4)
                .likelihood("b", 0.6),
        )
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.4)
                .likelihood("b", 0.6),
        )
        .build()
        .unwrap();
    assert_relative_eq!(
        case.score().unwrap().probability("a").unwrap().get(),
        0.8,
        max_relative = 1e-14
    );
    let loo = attrib::LeaveOneOut::of(&case).unwrap();
    assert!(loo[0].leader_changed());
    assert_eq!(loo[0].leader().as_str(), "b");
    assert!(!loo[1].leader_changed() && !loo[2].leader_changed());
}

#[test]
fn break_even_of_a_source_by_hand() {
    // Two items (1, 0) from one fully reliable source, discount d: each
    // l' = ((1 + d) / 2, (1 - d) / 2), odds ((1 + d) / (1 - d))^2, which reaches
    // 19 (posterior 0.95) at d = (sqrt 19 - 1) / (sqrt 19 + 1) = 0.626789006...
    let case = two()
        .source("intel", "Intelligence", 1.0)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("intel"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("intel"),
        )
        .build()
        .unwrap();
    assert_eq!(case.score().unwrap().verdict().status(), Status::Attributed);
    let d = attrib::BreakEven::source("intel")
        .run(&case)
        .unwrap()
        .unwrap()
        .get();
    let s = 19f64.sqrt();
    assert!((d - (s - 1.0) / (s + 1.0)).abs() < 1e-6, "{d}");
    // and at that discount the verdict has changed
    let v = case
        .discount_source("intel", d)
        .unwrap()
        .score()
        .unwrap()
        .verdict();
    assert_eq!(v.status(), Status::Insufficient);
}

#[test]
fn break_even_of_an_item_by_hand() {
    // One item (1, 0), reliability 1, threshold 0.95: posterior (1 + d) / 2
    // reaches 0.95 at d = 0.9.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0),
        )
        .build()
        .unwrap();
    let d = attrib::BreakEven::evidence("e")
        .run(&case)
        .unwrap()
        .unwrap()
        .get();
    assert!((d - 0.9).abs() < 1e-6, "{d}");
}

#[test]
fn break_even_is_none_when_nothing_changes() {
    // The source's items are not needed: a second, independent item attributes
    // the case on its own ((1, 0) with reliability 1 eliminates b).
    let case = two()
        .source("intel", "Intelligence", 0.9)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("intel"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .chance(0.0),
        )
        .build()
        .unwrap();
    assert_eq!(attrib::BreakEven::source("intel").run(&case).unwrap(), None);
    assert!(attrib::BreakEven::source("nobody").run(&case).is_err());
    assert!(attrib::BreakEven::evidence("nobody").run(&case).is_err());
}

#[test]
fn value_of_information_by_hand() {
    // Prior 0.5 / 0.5. Candidate l = (0.8, 0.2): P(E) = 0.5.
    // If seen, posterior (0.8, 0.2); if not, (0.2, 0.8): both entropy
    // H(0.2) = -(0.2 log2 0.2 + 0.8 log2 0.8) = 0.7219280948873623 bits.
    // Reduction 1 - 0.72193 = 0.27807190511263766 bits. Neither branch
    // reaches 0.95: the verdict never changes.
    let case = two().build().unwrap();
    let v = attrib::InformationValue::of(
        &case,
        vec![
            Evidence::builder("c")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2),
        ],
    )
    .unwrap();
    assert_relative_eq!(v[0].probability.get(), 0.5, max_relative = 1e-15);
    assert_relative_eq!(
        v[0].entropy_reduction,
        1.0 - 0.7219280948873623,
        max_relative = 1e-12
    );
    assert_eq!(v[0].verdict_change.get(), 0.0);
    // With threshold 0.75 the seen branch attributes to a (0.8) and the unseen
    // branch to b: the verdict changes with probability 1.
    let case = two().threshold(0.75).build().unwrap();
    let v = attrib::InformationValue::of(
        &case,
        vec![
            Evidence::builder("c")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2),
        ],
    )
    .unwrap();
    assert_relative_eq!(v[0].verdict_change.get(), 1.0, max_relative = 1e-15);
    // A bad candidate is rejected with its name and field.
    let err = attrib::InformationValue::of(
        &case,
        vec![
            Evidence::builder("bad")
                .likelihood("a", 2.0)
                .likelihood("b", 0.2),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "evidence 'bad': likelihood for 'a' is 2, must be in 0..=1"
    );
}

#[test]
fn value_of_information_of_a_copy_in_a_group() {
    // The case: one report x (0.8, 0.2) in a group with rho = 1: post(a) = 0.8.
    // A candidate copy of x: P(made) = 0.8 * 0.8 + 0.2 * 0.2 = 0.68 either
    // way. Independent, it would move the odds to 16 or to 1; in the group
    // it cannot add to x when made (rank 1, weight 0), so it is worth less.
    let case = two()
        .group("g", 1.0)
        .evidence(
            Evidence::builder("x")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2)
                .group("g"),
        )
        .build()
        .unwrap();
    let copy = |id: &str| {
        Evidence::builder(id)
            .likelihood("a", 0.8)
            .likelihood("b", 0.2)
    };
    let v =
        attrib::InformationValue::of(&case, vec![copy("free"), copy("tied").group("g")]).unwrap();
    let get = |id: &str| v.iter().find(|x| x.evidence.as_str() == id).unwrap();
    let (free, tied) = (get("free"), get("tied"));
    assert_relative_eq!(free.probability.get(), 0.68, max_relative = 1e-14);
    assert_relative_eq!(tied.probability.get(), 0.68, max_relative = 1e-14);
    // Independent: entropy 0.8 -> 16/17 when made, 0.5 when not.
    let h2 = |p: f64| -(p * p.log2() + (1.0 - p) * (1.0 - p).log2());
    let expected = h2(0.8) - (0.68 * h2(16.0 / 17.0) + 0.32 * h2(0.5));
    assert_relative_eq!(free.entropy_reduction, expected, max_relative = 1e-12);
    // In the group: 0.8 stays 0.8 when made; when not made the complement
    // (0.2, 0.8) ranks first against a: odds 4 / 4 = 1. The expected entropy
    // 0.68 h(0.8) + 0.32 h(0.5) exceeds h(0.8): clamped to 0.
    assert_eq!(tied.entropy_reduction, 0.0);
}

#[test]
fn conflict_by_hand() {
    // Uniform prior; x = (0.9, 0.1), z = (0.1, 0.9): P(x) = P(z) = 0.5,
    // P(x, z) = 0.5 (0.09) + 0.5 (0.09) = 0.09: conflict ln(0.25 / 0.09) > 0.
    // Agreeing items x, y = (0.8, 0.2): P(y) = 0.5, P(x, y) = 0.5 (0.72 + 0.02)
    // = 0.37: conflict ln(0.25 / 0.37) < 0.
    let post = two()
        .evidence(
            Evidence::builder("x")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .evidence(
            Evidence::builder("y")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2),
        )
        .evidence(
            Evidence::builder("z")
                .likelihood("a", 0.1)
                .likelihood("b", 0.9),
        )
        .build()
        .unwrap()
        .score()
        .unwrap();
    let pairs = post.pairwise_conflict();
    let find = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| p.0.as_str() == a && p.1.as_str() == b)
            .unwrap()
            .2
    };
    assert_relative_eq!(find("x", "z"), (0.25f64 / 0.09).ln(), max_relative = 1e-13);
    assert_relative_eq!(find("x", "y"), (0.25f64 / 0.37).ln(), max_relative = 1e-13);
    // All three: P(x)P(y)P(z) = 0.125; P(x, y, z) = 0.5 (0.072 + 0.018) = 0.045.
    assert_relative_eq!(
        post.conflict(),
        (0.125f64 / 0.045).ln(),
        max_relative = 1e-13
    );
}

#[test]
fn monte_carlo_range_matches_closed_form() {
    // l(a) ~ U(0.6, 0.9), l(b) = 0.3: post(a) = x / (x + 0.3), monotone in x.
    // mean = (1 / 0.3) * int_0.6^0.9 x / (x + 0.3) dx = 1 - ln(4/3) = 0.712318;
    // quantiles at x = 0.615, 0.75, 0.885: 0.672131, 0.714286, 0.746835.
    // The spread of post(a) is ~0.022; with 40 000 draws the mean's standard
    // error is ~1.1e-4 (tolerance 1e-3), and the quantiles' ~2e-4 (tolerance 2e-3).
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood_range("a", 0.6, 0.9)
                .likelihood("b", 0.3),
        )
        .build()
        .unwrap();
    let sim = MonteCarlo::new()
        .draws(40_000)
        .seed(20150821)
        .run(&case)
        .unwrap();
    let a = sim.interval("a").unwrap();
    assert!(
        (a.mean.get() - (1.0 - (4.0f64 / 3.0).ln())).abs() < 1e-3,
        "{a:?}"
    );
    assert!((a.q05.get() - 0.615 / 0.915).abs() < 2e-3, "{a:?}");
    assert!((a.q50.get() - 0.75 / 1.05).abs() < 2e-3, "{a:?}");
    assert!((a.q95.get() - 0.885 / 1.185).abs() < 2e-3, "{a:?}");
    assert_eq!(sim.leader_holds(), 1.0);
}

#[test]
fn monte_carlo_with_nothing_uncertain_is_the_point_posterior_exactly() {
    // Ranges collapsed to points ([x, x]) and no concentration.
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("other", "Other")
        .source("s", "S", 0.7)
        .group("g", 0.4)
        .evidence(
            Evidence::builder("e1")
                .likelihood_range("a", 0.7, 0.7)
                .likelihood("b", 0.2)
                .likelihood("other", 0.1)
                .reliability_range(0.8, 0.8)
                .group("g"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.5)
                .likelihood("b", 0.4)
                .likelihood("other", 0.3)
                .source("s")
                .observed(0.9)
                .group("g"),
        )
        .build()
        .unwrap();
    let point = case.score().unwrap();
    let sim = MonteCarlo::new().draws(600).seed(1).run(&case).unwrap();
    for (h, p) in point.hypotheses().iter().zip(point.probabilities()) {
        let i = sim.interval(h.id()).unwrap();
        for q in [i.mean, i.q05, i.q50, i.q95] {
            assert_eq!(q.get().to_bits(), p.get().to_bits(), "{}", h.id());
        }
    }
    assert_eq!(sim.leader_holds(), 1.0);
    assert_eq!(sim.verdict_holds(), 1.0);
}

#[test]
fn monte_carlo_with_ranges_a_hair_wide_is_the_point_posterior_at_any_reliability() {
    // Every likelihood a range [l, l (1 + 1e-12)] (0 stays a point), at
    // reliabilities from 1e-9 to 1 - 1e-9: each draw's mixture (taken in
    // linear space within a draw, docs/model.md section 6) must give the
    // point posterior (mixed in log space, section 2) to 1e-10. The rows
    // reach l = 0, l = 1 and a chance given; a row of likelihoods near
    // 1e-300 mixes in log space instead; tempered weighting never mixes.
    let w = 1e-13;
    let hair = |b: attrib::EvidenceBuilder, h: &str, l: f64| {
        if l == 0.0 {
            b.likelihood(h, 0.0)
        } else {
            b.likelihood_range(h, l, (l * (1.0 + 1e-12)).min(1.0))
        }
    };
    for weighting in [attrib::Weighting::Mixture, attrib::Weighting::Tempered] {
        let mut builder = Case::builder()
            .weighting(weighting)
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .hypothesis("c", "C");
        let rows: [([f64; 3], f64); 6] = [
            ([0.9, 0.2, 0.5], 0.8),
            ([0.0, 0.7, 0.3], 0.5),
            ([1.0 - w, 0.4, 0.1], 1e-9),
            ([0.3, 0.6, 0.2], 1.0 - 1e-9),
            ([1e-300, 3e-300, 2e-300], 0.7),
            ([0.8, 0.1, 0.45], 0.9),
        ];
        for (i, (ls, r)) in rows.iter().enumerate() {
            let mut e = Evidence::builder(format!("e{i}")).reliability(*r);
            for (h, &l) in ["a", "b", "c"].iter().zip(ls) {
                e = hair(e, h, l);
            }
            if i == 5 {
                e = e.chance(0.35);
            }
            builder = builder.evidence(e);
        }
        let case = builder.build().unwrap();
        let point = case.score().unwrap();
        let sim = MonteCarlo::new()
            .draws(130)
            .seed(7)
            .keep_draws(true)
            .run(&case)
            .unwrap();
        for draw in sim.draws().unwrap().chunks(3) {
            for (p, q) in point.probabilities().iter().zip(draw) {
                assert!((p.get() - q).abs() < 1e-10, "{weighting:?}: {p:?} vs {q}");
            }
        }
    }
}

fn concentrated(k: f64) -> Case {
    two()
        .likelihood_concentration(k)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.8)
                .likelihood("b", 0.3),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.6)
                .likelihood("b", 0.2),
        )
        .build()
        .unwrap()
}

#[test]
fn a_larger_concentration_narrows_the_interval() {
    let width = |k: f64| {
        let i = MonteCarlo::new()
            .draws(4_000)
            .seed(3)
            .run(&concentrated(k))
            .unwrap()
            .interval("a")
            .unwrap();
        i.q95.get() - i.q05.get()
    };
    let (w5, w50, w500) = (width(5.0), width(50.0), width(500.0));
    assert!(w5 > w50 && w50 > w500, "{w5} {w50} {w500}");
}

#[test]
fn quantiles_are_ordered_and_the_same_seed_gives_the_same_result() {
    for seed in 0..8 {
        let case = concentrated(1.0 + seed as f64 * 7.0);
        let sim = MonteCarlo::new()
            .draws(1_000)
            .seed(seed)
            .run(&case)
            .unwrap();
        for i in sim.intervals() {
            assert!(i.q05 <= i.q50 && i.q50 <= i.q95, "{i:?}");
            assert!(
                i.q05 <= i.mean && i.mean <= i.q95 || sim.draw_count() < 20,
                "{i:?}"
            );
        }
        let again = MonteCarlo::new()
            .draws(1_000)
            .seed(seed)
            .run(&case)
            .unwrap();
        assert_eq!(sim, again);
        let other = MonteCarlo::new()
            .draws(1_000)
            .seed(seed + 100)
            .run(&case)
            .unwrap();
        assert_ne!(sim, other);
    }
}

#[test]
fn dirichlet_prior_draws_centre_on_the_prior() {
    // No evidence, prior (0.6, 0.4) drawn from Dirichlet(k0 * prior) with
    // k0 = 10: post(a) ~ Beta(6, 4), mean 0.6, variance 0.24 / 11; with
    // 20 000 draws the mean's standard error is 1.04e-3 (tolerance 5e-3).
    let case = two()
        .prior("a", 0.6)
        .prior("b", 0.4)
        .prior_concentration(10.0)
        .build()
        .unwrap();
    let sim = MonteCarlo::new().draws(20_000).seed(12).run(&case).unwrap();
    let a = sim.interval("a").unwrap();
    assert!((a.mean.get() - 0.6).abs() < 5e-3, "{a:?}");
    // Beta(6, 4) median 0.6069 (regularised incomplete beta; scipy.stats.beta(6, 4).median())
    assert!((a.q50.get() - 0.6069).abs() < 1e-2, "{a:?}");
}

#[test]
fn zero_draws_is_an_error() {
    let err = MonteCarlo::new()
        .draws(0)
        .run(&two().build().unwrap())
        .unwrap_err();
    assert_eq!(err.to_string(), "draws is 0, must be in 1..");
}

#[test]
fn source_ranges_are_drawn_once_per_draw_for_all_its_items() {
    // A source with reliability in [0, 1] and two items (1, 0): each draw
    // gives both items the same r, so post(a) = ((1 + r) / (1 - r))^2 / (1 + ...)
    // is a function of one uniform draw: its median is at r = 0.5, where
    // the odds are 9 and post(a) = 0.9.
    let case = Case::from_json(
        r#"{
        "version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "sources": [{"id": "s", "reliability": [0.0, 1.0]}],
        "evidence": [
            {"id": "e1", "description": "d", "likelihoods": {"a": 1, "b": 0}, "source": "s"},
            {"id": "e2", "description": "d", "likelihoods": {"a": 1, "b": 0}, "source": "s"}
        ]
    }"#,
    )
    .unwrap();
    // point: r = 0.5 -> 0.9
    assert_relative_eq!(
        case.score().unwrap().probability("a").unwrap().get(),
        0.9,
        max_relative = 1e-14
    );
    let a = MonteCarlo::new()
        .draws(20_001)
        .seed(4)
        .run(&case)
        .unwrap()
        .interval("a")
        .unwrap();
    assert!((a.q50.get() - 0.9).abs() < 0.01, "{a:?}");
    // If each item drew its own r, the median would be lower: the two
    // draws' odds multiply and do not move together. Check the spread is
    // that of one draw: q05 at r = 0.05, odds (1.05 / 0.95)^2 = 1.2216 -> 0.5499.
    assert!((a.q05.get() - 1.2216 / 2.2216).abs() < 0.01, "{a:?}");
}

#[cfg(feature = "rayon")]
#[test]
fn the_same_seed_gives_the_same_result_with_one_and_two_threads() {
    let case = concentrated(20.0);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| MonteCarlo::new().draws(5_000).seed(77).run(&case).unwrap())
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn break_even_of_a_source_without_items_is_none() {
    // Nothing to discount: the verdict cannot change (a regression: the
    // incremental search once indexed an empty cache here).
    let case = two()
        .source("idle", "A source no item names", 0.9)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.99)
                .likelihood("b", 0.01),
        )
        .build()
        .unwrap();
    assert_eq!(attrib::BreakEven::source("idle").run(&case).unwrap(), None);
}

/// An absurd number of draws is an error, quickly, not an abort.
#[test]
fn absurd_draws_are_an_error_not_an_abort() {
    let case = attrib::Case::builder()
        .hypothesis("a", "A")
        .hypothesis("other", "Other")
        .likelihood_concentration(20.0)
        .evidence(
            attrib::Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("other", 0.2),
        )
        .build()
        .unwrap();
    let start = std::time::Instant::now();
    for draws in [usize::MAX, usize::MAX / 2, usize::MAX / 4] {
        let err = attrib::MonteCarlo::new()
            .draws(draws)
            .run(&case)
            .unwrap_err();
        assert!(
            err.kind() == attrib::ErrorKind::Unsupported && err.field() == Some("draws"),
            "{err:?}"
        );
        assert!(
            err.to_string().starts_with("draws cannot be used here: "),
            "{err}"
        );
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

/// `break_even_sources` (one scoring shared by every search) gives what
/// `break_even_source` gives source by source, on every JIM case and on
/// the random cases of the fuzz corpus (sources with grades, ranges,
/// discounts and groups).
#[cfg(feature = "json")]
#[test]
fn all_sources_at_once_equal_each_source_alone() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("examples/cases/jim"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "codebook.json")
        })
        .collect();
    for i in 0..21 {
        paths.push(root.join(format!("fuzz/corpus/case_score/seed-random-{i:02}.json")));
    }
    let mut sources = 0;
    for path in &paths {
        let Ok(case) = Case::from_path(path) else {
            continue;
        };
        let Ok(all) = attrib::BreakEven::every_source(&case) else {
            assert!(case.score().is_err(), "{}", path.display());
            continue;
        };
        assert_eq!(all.len(), case.sources().len(), "{}", path.display());
        for (s, (id, d)) in case.sources().iter().zip(&all) {
            assert_eq!(id, s.id(), "{}", path.display());
            assert_eq!(
                *d,
                attrib::BreakEven::source(id).run(&case).unwrap(),
                "{} {id}",
                path.display()
            );
            sources += 1;
        }
    }
    assert!(sources > 40, "only {sources} sources compared");
}

#[test]
fn break_even_of_one_item_bisects_to_the_solved_discount() {
    // Three hypotheses, uniform prior, threshold 0.6, one item (0.9, 0.2,
    // 0.1): chance 0.4, so l'(h) = 0.4 + d (l(h) - 0.4) sums to 1.2 for
    // every d and post(a) = (0.4 + 0.5 d) / 1.2 reaches 0.6 at d = 0.64
    // exactly. The search (bisection of 0..1, proven monotone) lands
    // within 1e-6 below it, where the verdict has changed.
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .threshold(0.6)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.2)
                .likelihood("c", 0.1),
        )
        .build()
        .unwrap();
    let d = attrib::BreakEven::evidence("e")
        .run(&case)
        .unwrap()
        .unwrap()
        .get();
    assert!(d <= 0.64 && 0.64 - d < 1e-6, "{d}");
    let status = |d: f64| {
        case.discount_evidence("e", d)
            .unwrap()
            .score()
            .unwrap()
            .verdict()
            .status()
    };
    assert_eq!(status(d), Status::Insufficient);
    assert_eq!(status(d + 1e-6), Status::Attributed);
}

#[test]
fn break_even_finds_a_change_between_two_unchanged_ends() {
    // Two items of a source pull different ways: at full trust (d = 1) and
    // at none (d = 0) the case is insufficient (threshold 0.9), in between
    // it is attributed (found by a plain scan in Python over 1 000 steps:
    // from d = 0.147 to d = 0.98). The scan that bounds whole intervals by
    // their ends must still find the first change below 1, as scoring
    // every step from scratch does.
    let item = |id: &str, l: [f64; 3]| {
        Evidence::builder(id)
            .likelihood("a", l[0])
            .likelihood("b", l[1])
            .likelihood("c", l[2])
    };
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .threshold(0.9)
        .source("s", "S", 1.0)
        .evidence(item("e1", [0.01, 0.5, 0.1]).source("s"))
        .evidence(item("e2", [0.01, 0.01, 1.0]).source("s"))
        .evidence(item("f1", [0.5, 0.5, 0.01]))
        .evidence(item("f2", [0.1, 0.7, 0.3]))
        .build()
        .unwrap();
    let outcome = |d: f64| {
        case.discount_source("s", d)
            .unwrap()
            .score()
            .unwrap()
            .verdict()
            .hypothesis()
            .cloned()
    };
    assert_eq!(outcome(1.0), None);
    assert_eq!(outcome(0.0), None);
    let d = attrib::BreakEven::source("s")
        .run(&case)
        .unwrap()
        .unwrap()
        .get();
    assert!(d > 0.98 && d < 0.981, "{d}");
    assert_ne!(outcome(d), None);
    assert_eq!(outcome(d + 1e-6), None);
}
