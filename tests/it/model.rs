//! Hand-computed references for every rule of docs/model.md sections 1-5, and
//! textbook cases. Each expected value is worked out in the comment above
//! it, independently of the code.

use approx::assert_relative_eq;
use attrib::{Case, CaseBuilder, CredibilityGrade, Evidence, SourceGrade, Status, Weighting};

fn two() -> CaseBuilder {
    Case::builder().hypothesis("a", "A").hypothesis("b", "B")
}

fn p(case: &Case, h: &str) -> f64 {
    case.score().unwrap().probability(h).unwrap().get()
}

#[test]
fn cab_problem() {
    // Tversky & Kahneman (1982): 85 % of cabs are Green, 15 % Blue; a
    // witness who is right 80 % of the time says Blue.
    // P(Blue | says Blue) = 0.15 * 0.8 / (0.15 * 0.8 + 0.85 * 0.2) = 0.12 / 0.29 = 0.41379...
    let case = Case::builder()
        .hypothesis("blue", "Blue")
        .hypothesis("green", "Green")
        .prior("blue", 0.15)
        .prior("green", 0.85)
        .evidence(
            Evidence::builder("witness")
                .likelihood("blue", 0.8)
                .likelihood("green", 0.2),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "blue"), 12.0 / 29.0, max_relative = 1e-15);
    assert_relative_eq!(p(&case, "green"), 17.0 / 29.0, max_relative = 1e-15);
}

#[test]
fn monty_hall() {
    // Contestant picks door 1; host opens door 3. P(opens 3 | car at 1) = 1/2,
    // P(opens 3 | car at 2) = 1, P(opens 3 | car at 3) = 0. Posterior 1/3, 2/3, 0.
    let case = Case::builder()
        .hypothesis("d1", "Door 1")
        .hypothesis("d2", "Door 2")
        .hypothesis("d3", "Door 3")
        .evidence(
            Evidence::builder("opens-3")
                .likelihood("d1", 0.5)
                .likelihood("d2", 1.0)
                .likelihood("d3", 0.0),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "d1"), 1.0 / 3.0, max_relative = 1e-15);
    assert_relative_eq!(p(&case, "d2"), 2.0 / 3.0, max_relative = 1e-15);
    assert_eq!(p(&case, "d3"), 0.0);
}

#[test]
fn prior_weights_are_normalised() {
    // {a: 2, b: 1, c: 1} -> 0.5, 0.25, 0.25; with likelihoods (0.1, 0.2, 0.6)
    // the joint is (0.05, 0.05, 0.15), so the posterior is (0.2, 0.2, 0.6).
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .prior("a", 2.0)
        .prior("b", 1.0)
        .prior("c", 1.0)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.1)
                .likelihood("b", 0.2)
                .likelihood("c", 0.6),
        )
        .build()
        .unwrap();
    assert_eq!(case.prior().probabilities()[0].get(), 0.5);
    assert_relative_eq!(p(&case, "a"), 0.2, max_relative = 1e-15);
    assert_relative_eq!(p(&case, "b"), 0.2, max_relative = 1e-15);
    assert_relative_eq!(p(&case, "c"), 0.6, max_relative = 1e-15);
}

#[test]
fn no_prior_means_uniform() {
    // Uniform prior and likelihoods (0.3, 0.1): posterior 0.75, 0.25.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.3)
                .likelihood("b", 0.1),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.75, max_relative = 1e-15);
}

#[test]
fn zero_prior_weight_keeps_a_hypothesis_out() {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .prior("a", 1.0)
        .prior("b", 1.0)
        .prior("c", 0.0)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.1)
                .likelihood("b", 0.3)
                .likelihood("c", 1.0),
        )
        .build()
        .unwrap();
    assert_eq!(p(&case, "c"), 0.0);
    assert_relative_eq!(p(&case, "b"), 0.75, max_relative = 1e-15);
}

#[test]
fn mixture_with_default_chance() {
    // l = (0.9, 0.1), r = 0.5, chance = mean = 0.5:
    // l' = (0.45 + 0.25, 0.05 + 0.25) = (0.7, 0.3) -> posterior 0.7.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .reliability(0.5),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.7, max_relative = 1e-15);
}

#[test]
fn mixture_with_explicit_chance() {
    // l = (0.9, 0.1), r = 0.5, chance = 0.2:
    // l' = (0.45 + 0.1, 0.05 + 0.1) = (0.55, 0.15) -> 0.55 / 0.7 = 11/14.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .reliability(0.5)
                .chance(0.2),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 11.0 / 14.0, max_relative = 1e-15);
}

#[test]
fn default_chance_is_the_mean_over_hypotheses() {
    // Three hypotheses, l = (0.9, 0.3, 0.0), r = 0.5: chance = 0.4,
    // l' = (0.45 + 0.2, 0.15 + 0.2, 0.2) = (0.65, 0.35, 0.2) -> / 1.2.
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.3)
                .likelihood("c", 0.0)
                .reliability(0.5),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.65 / 1.2, max_relative = 1e-14);
    assert_relative_eq!(p(&case, "c"), 0.2 / 1.2, max_relative = 1e-14);
}

#[test]
fn mixture_softens_zeros_but_chance_zero_does_not() {
    // r = 0.9, l = (1, 0), chance = 0.5: l' = (0.95, 0.05): b survives.
    let soft = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .reliability(0.9),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&soft, "b"), 0.05, max_relative = 1e-14);
    // chance = 0: l' = (0.9, 0): b is eliminated, exactly.
    let hard = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .reliability(0.9)
                .chance(0.0),
        )
        .build()
        .unwrap();
    assert_eq!(p(&hard, "b"), 0.0);
    assert_eq!(p(&hard, "a"), 1.0);
}

#[test]
fn tempered_weighting() {
    // l = (0.81, 0.09), r = 0.5: l' = (0.9, 0.3) -> 0.75.
    let case = two()
        .weighting(Weighting::Tempered)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.81)
                .likelihood("b", 0.09)
                .reliability(0.5),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.75, max_relative = 1e-14);
}

#[test]
fn tempered_zero_to_the_zero_is_one() {
    // r = 0 under tempering: 0^0 = 1 and 0.5^0 = 1, so the item is a no-op.
    let case = two()
        .weighting(Weighting::Tempered)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0)
                .reliability(0.0),
        )
        .build()
        .unwrap();
    assert_eq!(p(&case, "a"), 0.5);
    // r > 0 keeps a zero a zero: b eliminated.
    let case = two()
        .weighting(Weighting::Tempered)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0)
                .reliability(0.1),
        )
        .build()
        .unwrap();
    assert_eq!(p(&case, "b"), 0.0);
}

#[test]
fn soft_observation() {
    // l = (0.8, 0.2), q = 0.75: l'' = (0.6 + 0.05, 0.15 + 0.2) = (0.65, 0.35).
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2)
                .observed(0.75),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.65, max_relative = 1e-14);
}

#[test]
fn reliability_then_observation_in_that_order() {
    // l = (1, 0), r = 0.8, chance 0.5: l' = (0.9, 0.1); q = 0.9:
    // l'' = (0.81 + 0.01, 0.09 + 0.09) = (0.82, 0.18).
    // (The other order, q first then r, would give 0.8 * 0.9 + 0.2 * 0.5 = 0.82
    //  for a but 0.8 * 0.1 + 0.1 = 0.18 for b too: the same here by symmetry,
    //  so also check an asymmetric chance: chance 0.2:
    //  l' = (0.84, 0.04); l'' = (0.756 + 0.016, 0.036 + 0.096) = (0.772, 0.132).)
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .reliability(0.8)
                .observed(0.9),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.82, max_relative = 1e-14);
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .reliability(0.8)
                .chance(0.2)
                .observed(0.9),
        )
        .build()
        .unwrap();
    // Reversed order would be: q first: (0.9, 0.1); then r with chance 0.2:
    // (0.72 + 0.04, 0.08 + 0.04) = (0.76, 0.12) -> 0.8636..., not 0.772 / 0.904.
    assert_relative_eq!(p(&case, "a"), 0.772 / 0.904, max_relative = 1e-14);
}

fn grouped(rho: f64) -> Case {
    let mut b = two().group("g", rho);
    for id in ["x", "y", "z"] {
        b = b.evidence(
            Evidence::builder(id)
                .likelihood("a", 0.9)
                .likelihood("b", 0.3)
                .group("g"),
        );
    }
    b.build().unwrap()
}

#[test]
fn dependence_groups() {
    // Three identical items with ratio 3 (0.9 / 0.3): no penalty against
    // a, ln 3 each against b. Ranked, the j-th weighs (1 - rho)^j.
    // rho = 0: 1 + 1 + 1 = 3 items, odds 27 -> 27/28.
    assert_relative_eq!(p(&grouped(0.0), "a"), 27.0 / 28.0, max_relative = 1e-14);
    // rho = 0.5: 1 + 0.5 + 0.25 = 1.75 items, odds 3^1.75.
    let s = 3f64.powf(1.75);
    assert_relative_eq!(p(&grouped(0.5), "a"), s / (1.0 + s), max_relative = 1e-14);
    // rho = 1: only the most damning item counts: odds 3 -> 0.75.
    assert_relative_eq!(p(&grouped(1.0), "a"), 0.75, max_relative = 1e-14);
}

#[test]
fn k_identical_items_weigh_the_geometric_sum() {
    // k copies of a 0.8 / 0.2 report weigh sum_{j<k} (1 - rho)^j reports.
    for (k, rho) in [
        (1, 0.3f64),
        (2, 0.3),
        (4, 0.3),
        (7, 0.9),
        (5, 0.0),
        (6, 1.0),
    ] {
        let mut b = two().group("g", rho);
        for i in 0..k {
            b = b.evidence(
                Evidence::builder(format!("copy{i}"))
                    .likelihood("a", 0.8)
                    .likelihood("b", 0.2)
                    .group("g"),
            );
        }
        let weight: f64 = (0..k).map(|j| (1.0 - rho).powi(j)).sum();
        let odds = 4f64.powf(weight);
        let got = p(&b.build().unwrap(), "a");
        assert_relative_eq!(got, odds / (1.0 + odds), max_relative = 1e-14);
        // never more than 1 / rho copies
        if rho > 0.0 {
            assert!(weight <= 1.0 / rho + 1e-12);
        }
    }
}

#[test]
fn opposite_items_in_a_group_do_not_discount_each_other() {
    // e1 (0.9, 0.1) and e3 (0.6, 0.3) point to a, e2 (0.2, 0.8) to b; rho = 0.5.
    // Against a: e2's ln 4 ranks first (weight 1), e1 and e3 have 0.
    // Against b: e1's ln 9 first (weight 1), e3's ln 2 second (weight 0.5),
    // e2's 0 third. ln odds a:b = (ln 9 + 0.5 ln 2) - ln 4: odds 9 sqrt 2 / 4.
    let case = two()
        .group("g", 0.5)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .group("g"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.2)
                .likelihood("b", 0.8)
                .group("g"),
        )
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.6)
                .likelihood("b", 0.3)
                .group("g"),
        )
        .build()
        .unwrap();
    let odds = 9.0 * 2f64.sqrt() / 4.0;
    assert_relative_eq!(p(&case, "a"), odds / (1.0 + odds), max_relative = 1e-14);
    let post = case.score().unwrap();
    assert_eq!(post.dependence_weight("e1", "b"), Some(1.0));
    assert_eq!(post.dependence_weight("e3", "b"), Some(0.5));
    assert_eq!(post.dependence_weight("e2", "b"), Some(0.25));
    assert_eq!(post.dependence_weight("e2", "a"), Some(1.0));
    // e1 and e3 tie at 0 against a: ranked by id, e1 before e3
    assert_eq!(post.dependence_weight("e1", "a"), Some(0.5));
    assert_eq!(post.dependence_weight("e3", "a"), Some(0.25));
    // The ledger: e3 for a against b is 0.5 * 10 log10 2 dB.
    let w = post.ledger().weight("e3", "a", "b").unwrap().get();
    assert_relative_eq!(w, 5.0 * 2f64.log10(), max_relative = 1e-14);
}

#[test]
fn elimination_inside_a_group() {
    // rho = 1. e1 (0.5, 0, 0.25), e2 (0.8, 0.4, 0.1).
    // Against a: no penalty. Against b: e1's +inf ranks first: b is out.
    // Against c: e1 ln 2, e2 ln 8; only the larger counts: ln 8.
    // Posterior: a 8/9, b 0, c 1/9.
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .group("g", 1.0)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0)
                .likelihood("c", 0.25)
                .group("g"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.8)
                .likelihood("b", 0.4)
                .likelihood("c", 0.1)
                .group("g"),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 8.0 / 9.0, max_relative = 1e-14);
    assert_eq!(p(&case, "b"), 0.0);
    assert_relative_eq!(p(&case, "c"), 1.0 / 9.0, max_relative = 1e-14);
    let post = case.score().unwrap();
    // e2's ln 2 against b has weight 0: it is dropped, not inf * 0.
    assert_eq!(post.dependence_weight("e2", "b"), Some(0.0));
    assert_eq!(post.dependence_weight("e1", "c"), Some(0.0));
}

#[test]
fn adding_a_weak_item_to_a_group_never_counts_against_the_strong_ones() {
    // The old rule's flaw: a weak item added to a group of strong ones
    // lowered the weight of the whole group. Here two strong items (ratio
    // 9) and a weak one (ratio 1.1) in a group with rho = 0.5: the strong
    // ones keep weights 1 and 0.5 against b, and the weak one adds 0.25 ln 1.1.
    let strong = |id: &str| {
        Evidence::builder(id)
            .likelihood("a", 0.9)
            .likelihood("b", 0.1)
            .group("g")
    };
    let two_strong = two()
        .group("g", 0.5)
        .evidence(strong("s1"))
        .evidence(strong("s2"));
    let with_weak = two_strong.clone().evidence(
        Evidence::builder("w")
            .likelihood("a", 0.55)
            .likelihood("b", 0.5)
            .group("g"),
    );
    let (before, after) = (
        p(&two_strong.build().unwrap(), "a"),
        p(&with_weak.build().unwrap(), "a"),
    );
    let odds = |x: f64| x / (1.0 - x);
    assert_relative_eq!(odds(before), 9f64.powf(1.5), max_relative = 1e-13);
    assert_relative_eq!(
        odds(after),
        9f64.powf(1.5) * 1.1f64.powf(0.25),
        max_relative = 1e-13
    );
    assert!(after > before);
}

#[test]
fn source_reliability_times_credibility() {
    // B (0.875) x "3" (0.675) = 0.590625; l = (1, 0), chance 0.5:
    // l' = (0.590625 + 0.409375 / 2, 0.409375 / 2) = (0.7953125, 0.2046875).
    let case = two()
        .source_grade("s", "S", SourceGrade::B)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("s")
                .credibility_grade(CredibilityGrade::PossiblyTrue),
        )
        .build()
        .unwrap();
    assert_relative_eq!(
        case.reliability("e").unwrap().get(),
        0.590625,
        max_relative = 1e-15
    );
    assert_relative_eq!(p(&case, "a"), 0.7953125, max_relative = 1e-14);
}

#[test]
fn own_reliability_overrides_source_and_credibility() {
    // r = 0.2 given on the item: l' = (0.2 + 0.4, 0.4) = (0.6, 0.4).
    let case = two()
        .source_grade("s", "S", SourceGrade::A)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("s")
                .credibility(0.9)
                .reliability(0.2),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.6, max_relative = 1e-14);
}

#[test]
fn credibility_without_source() {
    // no source: 1 x credibility 0.5; l = (1, 0): l' = (0.75, 0.25).
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .credibility(0.5),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.75, max_relative = 1e-14);
}

#[test]
fn source_discount() {
    // source 0.8, discount 0.5 -> r = 0.4; l = (1, 0): l' = (0.7, 0.3).
    let case = two()
        .source("intel", "Intelligence", 0.8)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("intel"),
        )
        .build()
        .unwrap()
        .discount_source("intel", 0.5)
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.7, max_relative = 1e-14);
    // A discount of 0 makes the source's items uninformative.
    let gone = case.discount_source("intel", 0.0).unwrap();
    assert_eq!(p(&gone, "a"), 0.5);
}

#[test]
fn admiralty_f_and_6_are_neutral() {
    // F (0.5) x 6 (0.5) = 0.25; l = (1, 0): l' = (0.625, 0.375).
    let case = two()
        .source_grade("s", "S", SourceGrade::F)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .source("s")
                .credibility_grade(CredibilityGrade::CannotBeJudged),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.625, max_relative = 1e-14);
}

#[test]
fn ranges_score_at_their_midpoint() {
    // likelihood a in [0.6, 0.9] -> 0.75, b = 0.25: posterior 0.75.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood_range("a", 0.6, 0.9)
                .likelihood("b", 0.25),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.75, max_relative = 1e-14);
    // reliability in [0.4, 0.6] -> 0.5 with l = (1, 0): (0.75, 0.25).
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .reliability_range(0.4, 0.6),
        )
        .build()
        .unwrap();
    assert_relative_eq!(p(&case, "a"), 0.75, max_relative = 1e-14);
}

#[test]
fn elimination_is_exact() {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0)
                .likelihood("c", 0.5),
        )
        .build()
        .unwrap();
    let post = case.score().unwrap();
    assert_eq!(post.probability("b").unwrap().get(), 0.0);
    assert_eq!(post.ln_probability("b").unwrap(), f64::NEG_INFINITY);
    assert_eq!(post.probability("a").unwrap().get(), 0.5);
}

#[test]
fn contradiction_names_the_items() {
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0),
        )
        .evidence(
            Evidence::builder("harmless")
                .likelihood("a", 0.5)
                .likelihood("b", 0.5),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.0)
                .likelihood("b", 1.0),
        )
        .build()
        .unwrap();
    let err = case.score().unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::Contradictory);
    assert_eq!(err.responsible(), ["e1", "e2"]);
    assert!(err.to_string().contains("'e1', 'e2'"));
}

#[test]
fn contradiction_counts_only_hypotheses_the_prior_allows() {
    // prior excludes a; e1 eliminates b: contradictory, and only e1 is to blame
    // (e2 eliminates a, which the prior had already excluded).
    let case = two()
        .prior("a", 0.0)
        .prior("b", 1.0)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.0)
                .likelihood("b", 0.5),
        )
        .build()
        .unwrap();
    assert_eq!(case.score().unwrap_err().responsible(), ["e1"]);
}

#[test]
fn observed_zero_can_make_an_item_impossible() {
    // l = (1, 1), q = 0: l'' = (0, 0): this item alone eliminates everything.
    let case = two()
        .evidence(
            Evidence::builder("never")
                .likelihood("a", 1.0)
                .likelihood("b", 1.0)
                .observed(0.0),
        )
        .build()
        .unwrap();
    assert_eq!(case.score().unwrap_err().responsible(), ["never"]);
}

#[test]
fn verdict_against_threshold() {
    // (0.99, 0.01): 0.99 >= 0.95 -> attributed.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.99)
                .likelihood("b", 0.01),
        )
        .build()
        .unwrap();
    let v = case.score().unwrap().verdict();
    assert_eq!(v.status(), Status::Attributed);
    assert_eq!(v.hypothesis().unwrap().as_str(), "a");
    // (0.9, 0.1): 0.9 < 0.95 -> insufficient, but 0.9 >= 0.85 attributes.
    let case = two()
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .build()
        .unwrap();
    assert_eq!(
        case.score().unwrap().verdict().status(),
        Status::Insufficient
    );
    let lower = two()
        .threshold(0.85)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .build()
        .unwrap();
    assert_eq!(
        lower.score().unwrap().verdict().status(),
        Status::Attributed
    );
}

#[test]
fn threshold_edge_is_inclusive() {
    // prior (2, 1, 1) gives posteriors 1/2, 1/4, 1/4, exact in binary; with
    // threshold 0.5 the leader reaches it exactly and the case is attributed
    // (the threshold is "at least").
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .prior("a", 2.0)
        .prior("b", 1.0)
        .prior("c", 1.0)
        .threshold(0.5)
        .build()
        .unwrap();
    let v = case.score().unwrap().verdict();
    assert_eq!(v.probability().get(), 0.5);
    assert_eq!(v.status(), Status::Attributed);
    // 19 : 1 is 0.95 in exact arithmetic; in f64 it is within an ulp (it is
    // 0.9500000000000001 even as 1 / (1 + 1/19)), which the docs say.
    let case = two().prior("a", 19.0).prior("b", 1.0).build().unwrap();
    let v = case.score().unwrap().verdict();
    assert_relative_eq!(v.probability().get(), 0.95, max_relative = 2.3e-16);
}

#[test]
fn a_tie_is_never_attributed() {
    let case = two().threshold(0.5).build().unwrap();
    let v = case.score().unwrap().verdict();
    assert_eq!(v.probability().get(), 0.5);
    assert_eq!(v.status(), Status::Insufficient);
}

#[test]
fn bayes_factor_and_ledger() {
    // Two items: ratios 0.9/0.3 = 3 and 0.5/0.25 = 2 for a against b; with
    // prior 1 : 4 the posterior odds are 6 / 4 = 1.5.
    let case = two()
        .prior("a", 1.0)
        .prior("b", 4.0)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.3),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.5)
                .likelihood("b", 0.25),
        )
        .build()
        .unwrap();
    let post = case.score().unwrap();
    assert_eq!(post.leader().id().as_str(), "a");
    assert_relative_eq!(post.bayes_factor("b").unwrap(), 6.0, max_relative = 1e-14);
    assert_relative_eq!(
        post.probability("a").unwrap().get(),
        0.6,
        max_relative = 1e-14
    );
    let ledger = post.ledger();
    let db = |x: f64| 10.0 * x.log10();
    assert_relative_eq!(
        ledger.weight("e1", "a", "b").unwrap().get(),
        db(3.0),
        max_relative = 1e-14
    );
    assert_relative_eq!(
        ledger.weight("e2", "b", "a").unwrap().get(),
        -db(2.0),
        max_relative = 1e-14
    );
    assert_relative_eq!(
        ledger.prior_weight("a", "b").unwrap().get(),
        db(0.25),
        max_relative = 1e-14
    );
    assert_relative_eq!(
        ledger.total("a", "b").unwrap().get(),
        db(1.5),
        max_relative = 1e-13
    );
}

#[test]
fn ledger_weights_carry_the_rank_weights() {
    // rho = 1 with 3 identical items: against b only the first by id (x)
    // counts, so x carries 10 log10 3 dB and y and z nothing.
    let post = grouped(1.0).score().unwrap();
    let l = post.ledger();
    assert_relative_eq!(
        l.weight("x", "a", "b").unwrap().get(),
        10.0 * 3f64.log10(),
        max_relative = 1e-14
    );
    assert_eq!(l.weight("y", "a", "b").unwrap().get(), 0.0);
    assert_eq!(l.weight("z", "a", "b").unwrap().get(), 0.0);
    // rho = 0.5: x, y and z carry 1, 0.5 and 0.25 of 10 log10 3 dB, and with
    // the prior (0 dB) they add up to the posterior log-odds.
    let post = grouped(0.5).score().unwrap();
    let l = post.ledger();
    let unit = 10.0 * 3f64.log10();
    let ws: Vec<f64> = ["x", "y", "z"]
        .iter()
        .map(|e| l.weight(e, "a", "b").unwrap().get())
        .collect();
    assert_relative_eq!(ws[0], unit, max_relative = 1e-14);
    assert_relative_eq!(ws[1], 0.5 * unit, max_relative = 1e-14);
    assert_relative_eq!(ws[2], 0.25 * unit, max_relative = 1e-14);
    assert_relative_eq!(
        l.total("a", "b").unwrap().get(),
        1.75 * unit,
        max_relative = 1e-14
    );
}

#[test]
fn ledger_of_eliminated_pairs() {
    let post = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.5)
                .likelihood("b", 0.0)
                .likelihood("c", 0.0),
        )
        .build()
        .unwrap()
        .score()
        .unwrap();
    let l = post.ledger();
    assert_eq!(l.weight("e", "a", "b").unwrap().get(), f64::INFINITY);
    assert_eq!(l.weight("e", "b", "a").unwrap().get(), f64::NEG_INFINITY);
    assert_eq!(l.weight("e", "b", "c"), None);
    assert_eq!(post.bayes_factor("b"), Some(f64::INFINITY));
}

#[test]
fn warnings() {
    use attrib::Warning;
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .source("s", "S", 0.9)
        .group("g", 0.5)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("s"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("s"),
        )
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("s")
                .group("g"),
        )
        .evidence(
            Evidence::builder("flat")
                .likelihood("a", 0.4)
                .likelihood("b", 0.4),
        )
        .build()
        .unwrap();
    let w = case.warnings();
    assert_eq!(w.len(), 3, "{w:?}");
    assert_eq!(w[0], Warning::NoCatchAll);
    assert!(
        matches!(&w[1], Warning::NonDiscriminating { evidence } if evidence.as_str() == "flat")
    );
    match &w[2] {
        Warning::UngroupedSource { source, evidence } => {
            assert_eq!(source.as_str(), "s");
            let ids: Vec<&str> = evidence.iter().map(|e| e.as_str()).collect();
            assert_eq!(ids, ["e1", "e2"]);
        }
        other => panic!("unexpected {other:?}"),
    }
    // A catch-all silences the first warning.
    let ok = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("other", "Anyone else")
        .build()
        .unwrap();
    assert!(ok.warnings().is_empty());
}

#[test]
fn warns_of_a_zero_prior_that_an_item_favours() {
    use attrib::Warning;
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("other", "Other")
        .prior("a", 0.0)
        .prior("b", 0.0)
        .prior("other", 1.0)
        // favours nobody at a: a is not the largest
        .evidence(
            Evidence::builder("low")
                .likelihood("a", 0.1)
                .likelihood("b", 0.1)
                .likelihood("other", 0.9),
        )
        // favours a (a range, by its midpoint) and b jointly
        .evidence(
            Evidence::builder("both")
                .likelihood_range("a", 0.6, 1.0)
                .likelihood("b", 0.8)
                .likelihood("other", 0.2),
        )
        .build()
        .unwrap();
    let w = case.warnings();
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(
        w[0].to_string(),
        "hypothesis 'a': prior 0, yet evidence 'both' favours it; a prior of 0 stays 0 whatever the evidence says"
    );
    assert!(
        matches!(&w[1], Warning::ZeroPriorFavoured { hypothesis, evidence }
        if hypothesis.as_str() == "b" && evidence.as_str() == "both")
    );
    // a flat item favours nobody; a hypothesis with a prior above 0 is fine
    let quiet = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("other", "Other")
        .prior("a", 0.0)
        .prior("other", 1.0)
        .evidence(
            Evidence::builder("flat")
                .likelihood("a", 0.5)
                .likelihood("other", 0.5),
        )
        .build()
        .unwrap();
    assert!(
        !quiet
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::ZeroPriorFavoured { .. })),
    );
}

#[test]
fn warns_of_a_threshold_below_one_half() {
    use attrib::Warning;
    let at = |t: f64| {
        Case::builder()
            .hypothesis("a", "A")
            .hypothesis("other", "Other")
            .threshold(t)
            .build()
            .unwrap()
            .warnings()
    };
    assert_eq!(
        at(0.0)[0].to_string(),
        "threshold 0 is below 0.5: a leader can be attributed though it is not more probable than not (a threshold of 0 attributes any unique leader)"
    );
    assert!(matches!(&at(0.49)[0], Warning::LowThreshold { threshold } if threshold.get() == 0.49));
    assert!(at(0.5).is_empty());
    assert!(at(0.95).is_empty());
}
