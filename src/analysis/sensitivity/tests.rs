//! Unit tests of the sensitivity module, which reach its private parts
//! (the break-even search's scan and bounds, the conflict measure's
//! marginals): the scan's effort at any size of case, the scan against
//! scoring every grid step, its bounds against every step scored, and
//! the marginal of every item in one pass against item by item.

use super::break_even::Discounted;
use super::search::{BREAK_EVEN_STEPS, Scan, Shape, grid, shape_of};
use crate::Evidence;
use crate::analysis::rescore::{Rescorer, outcome_of};
use crate::domain::case::Case;
use crate::domain::probability::Reliability;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A synthetic case as `benches/cases/generate.py` writes them for the
/// growth table (its own sequence, the same layout): 4 hypotheses,
/// likelihoods uniform in (0.01, 0.99), every third item from one of
/// four sources (reliabilities 0.8 to 0.2), every tenth in one of five
/// dependence groups of correlation 0.5.
fn synthetic(items: usize, seed: u64) -> Case {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
    };
    let hyps = ["h0", "h1", "h2", "other"];
    let mut b = Case::builder();
    for h in hyps {
        b = b.hypothesis(h, h);
    }
    for (k, r) in [0.8, 0.6, 0.4, 0.2].iter().enumerate() {
        b = b.source(format!("s{k}"), format!("S{k}"), *r);
    }
    for k in 0..5 {
        b = b.group(format!("g{k}"), 0.5);
    }
    for i in 0..items {
        let mut e = Evidence::builder(format!("e{i}"));
        for h in hyps {
            e = e.likelihood(h, next());
        }
        if i % 3 == 0 {
            e = e.source(format!("s{}", (i / 3) % 4));
        }
        if i % 10 == 0 {
            e = e.group(format!("g{}", (i / 10) % 5));
        }
        b = b.evidence(e);
    }
    b.build().unwrap()
}

/// Every source's break-even search on one rescorer: its result and
/// how many discounts it scored.
fn source_searches(case: &Case) -> Vec<(Option<Reliability>, usize)> {
    case.score().unwrap();
    let mut rescorer = Rescorer::new(case);
    (0..case.sources.len())
        .map(|s| {
            let items: Vec<usize> = (0..case.evidence.len())
                .filter(|&i| {
                    case.source_of(i)
                        .is_some_and(|x| x.id == case.sources[s].id)
                })
                .collect();
            case.discount_search_counted(&mut rescorer, &items, Discounted::Source)
        })
        .collect()
}

/// The scan scores about as many steps per search whatever the size
/// of the case: over every source's search of eight synthetic cases,
/// 30 000 items cost at most 1.3 times the steps of 1 000 (145 -> 152
/// steps with the bounds of [`Scan::gap`]). With bound 1 alone (the
/// joints' own ends, before) it was 652 -> 1 169, 1.79 times, and
/// 69 -> 96 -> 303 joint evaluations for the growth table's cases of
/// 10k, 100k and 300k items (README "growth").
#[test]
fn source_searches_score_about_as_many_steps_at_any_size() {
    let steps = |items: usize| -> usize {
        (1..=8)
            .flat_map(|seed| source_searches(&synthetic(items, seed)))
            .map(|(_, scanned)| scanned)
            .sum()
    };
    let (small, large) = (steps(1_000), steps(30_000));
    assert!(
        large as f64 <= 1.3 * small as f64,
        "{small} steps at 1 000 items, {large} at 30 000"
    );
}

/// The conflict measure's marginal of every item in one pass is the
/// marginal item by item, bit for bit, on the synthetic cases and on
/// one with an eliminated hypothesis.
#[test]
fn marginal_of_all_is_the_marginal_of_every_item() {
    let eliminating = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.7)
                .likelihood("b", 0.2)
                .likelihood("c", 0.0),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.1)
                .likelihood("b", 0.6)
                .likelihood("c", 0.3),
        )
        .build()
        .unwrap();
    let cases = [
        synthetic(10, 3),
        synthetic(1_000, 1),
        synthetic(20_000, 2),
        eliminating,
    ];
    for case in &cases {
        let post = case.score().unwrap();
        let prior = post.ln_prior_normalised();
        let all: Vec<usize> = (0..case.evidence.len()).collect();
        let one_by_one = post.ln_marginal(&prior, &all);
        assert!(one_by_one.is_finite());
        assert_eq!(
            post.ln_marginal_of_all(&prior).to_bits(),
            one_by_one.to_bits()
        );
    }
}

/// A random small case for [`prop_scan_is_scoring_every_step`]: up to
/// four hypotheses, up to ten items (likelihoods, reliability, maybe an
/// observation step, maybe one of two groups), a weighting, a
/// threshold, and which items a search discounts.
fn small_case() -> impl Strategy<Value = (Case, Vec<usize>)> {
    let item = |h: usize| {
        (
            prop::collection::vec(0.0..=1.0f64, h),
            0.0..=1.0f64,
            prop::option::of(0.0..=1.0f64),
            0..4usize,
            any::<bool>(),
        )
    };
    (2..5usize)
        .prop_flat_map(move |h| {
            (
                prop::collection::vec(item(h), 1..10),
                any::<bool>(),
                0.3..0.99f64,
                [0.0..=1.0f64, 0.0..=1.0f64],
            )
        })
        .prop_map(|(items, tempered, threshold, rho)| {
            let h = items[0].0.len();
            let mut b = Case::builder()
                .threshold(threshold)
                .group("g0", rho[0])
                .group("g1", rho[1])
                .weighting(if tempered {
                    crate::Weighting::Tempered
                } else {
                    crate::Weighting::Mixture
                });
            for k in 0..h {
                b = b.hypothesis(format!("h{k}"), "H");
            }
            let mut chosen = Vec::new();
            for (i, (ls, r, q, group, discounted)) in items.into_iter().enumerate() {
                let mut e = Evidence::builder(format!("e{i}")).reliability(r);
                for (k, l) in ls.into_iter().enumerate() {
                    e = e.likelihood(format!("h{k}"), l);
                }
                if let Some(q) = q {
                    e = e.observed(q);
                }
                if group < 2 {
                    e = e.group(format!("g{group}"));
                }
                b = b.evidence(e);
                if discounted {
                    chosen.push(i);
                }
            }
            (b.build().unwrap(), chosen)
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

    /// The scan of a [`Shape::Monotone`] search finds what scoring
    /// every grid step finds ([`Shape::Unknown`]): the same first step
    /// where the outcome differs (the bisection after it is the same),
    /// on the same rescorer, bit for bit.
    #[test]
    fn prop_scan_is_scoring_every_step((case, items) in small_case()) {
        proptest::prop_assume!(!items.is_empty() && case.score().is_ok());
        let mut rescorer = Rescorer::new(&case);
        proptest::prop_assume!(shape_of(&rescorer, &items) == Shape::Monotone);
        let (scan, _) =
            case.discount_search_shaped(&mut rescorer, &items, Discounted::Items, Shape::Monotone);
        let (every, _) =
            case.discount_search_shaped(&mut rescorer, &items, Discounted::Items, Shape::Unknown);
        proptest::prop_assert_eq!(scan, every);
    }

    /// The bounds themselves: between any two neighbouring steps the
    /// scan has scored (both ends and some chosen at random), every
    /// grid step's difference of joints, scored plainly, is at least
    /// what [`Scan::gap`] bounds it by, and where
    /// [`Scan::proves_same`] holds every grid step between has the
    /// outcome at 1.
    #[test]
    fn prop_gaps_bound_every_step(
        (case, items) in small_case(),
        picks in prop::collection::vec(1..BREAK_EVEN_STEPS, 0..4),
    ) {
        proptest::prop_assume!(!items.is_empty() && case.score().is_ok());
        let mut rescorer = Rescorer::new(&case);
        proptest::prop_assume!(shape_of(&rescorer, &items) == Shape::Monotone);
        let (threshold, slack, n) = (rescorer.threshold, rescorer.slack(), rescorer.n);
        let mut joint = case.discounted_joint(&mut rescorer, &items, Discounted::Items);
        let every: Vec<Vec<f64>> = (0..=BREAK_EVEN_STEPS)
            .map(|i| {
                let mut j = vec![0.0; n];
                joint(grid(i), &mut j, None);
                j
            })
            .collect();
        let reference = outcome_of(&every[0], threshold);
        let mut scan = Scan { joint: &mut joint, reference, threshold, slack, n, seen: BTreeMap::new() };
        for i in [0, BREAK_EVEN_STEPS].into_iter().chain(picks) {
            scan.score(i);
        }
        let steps: Vec<usize> = scan.seen.keys().copied().collect();
        for w in steps.windows(2) {
            let (a, b) = (w[0], w[1]);
            for (x, y) in (0..n).flat_map(|x| (0..n).map(move |y| (x, y))).filter(|(x, y)| x != y) {
                let g = scan.gap(x, y, a, b);
                for (i, j) in every.iter().enumerate().take(b + 1).skip(a) {
                    if j[y] != f64::NEG_INFINITY {
                        proptest::prop_assert!(j[x] - j[y] >= g, "step {i} in {a}..={b}: J{x} - J{y} = {} < {g}", j[x] - j[y]);
                    }
                }
            }
            if scan.proves_same(a, b) {
                for j in &every[a..=b] {
                    proptest::prop_assert_eq!(outcome_of(j, threshold), reference);
                }
            }
        }
    }
}
