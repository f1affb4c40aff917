//! Extreme cases: many items, likelihoods down to 1e-300 and below, checked
//! against closed forms and against a second, direct computation.

use approx::assert_relative_eq;
use attrib::{Case, Evidence};
use std::f64::consts::LN_10;

/// `10^-k`, correctly rounded (parsed from its decimal form).
fn ten_to_minus(k: u32) -> f64 {
    format!("1e-{k}").parse().unwrap()
}

#[test]
fn ten_thousand_items_down_to_1e_300() {
    // Item i: l(a) = 10^-(300 - i % 7), l(b) = 10^-(300 - i % 5), l(c) = 0.5.
    // ln(l(a) / l(b)) = (i % 7 - i % 5) ln 10, and over i < 10 000:
    // sum i % 7 = 1428 * 21 + (0 + 1 + 2 + 3) = 29 994, sum i % 5 = 2000 * 10 = 20 000,
    // so ln odds(a : b) = 9 994 ln 10.
    // ln(l(a) / l(c)) = -(300 - i % 7) ln 10 - ln 0.5, summed:
    // -(3 000 000 - 29 994) ln 10 + 10 000 ln 2.
    let mut b = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C");
    for i in 0..10_000u32 {
        b = b.evidence(
            Evidence::builder(format!("e{i}"))
                .likelihood("a", ten_to_minus(300 - i % 7))
                .likelihood("b", ten_to_minus(300 - i % 5))
                .likelihood("c", 0.5),
        );
    }
    let post = b.build().unwrap().score().unwrap();
    assert_relative_eq!(
        post.ln_odds("a", "b").unwrap(),
        9_994.0 * LN_10,
        max_relative = 1e-12
    );
    let a_vs_c = -(3_000_000.0 - 29_994.0) * LN_10 + 10_000.0 * 2f64.ln();
    assert_relative_eq!(
        post.ln_odds("a", "c").unwrap(),
        a_vs_c,
        max_relative = 1e-12
    );
    // c leads overwhelmingly: its posterior is 1, the others underflow to 0
    // but keep their logs.
    assert_eq!(post.leader().id().as_str(), "c");
    assert_eq!(post.probability("c").unwrap().get(), 1.0);
    assert_eq!(post.probability("a").unwrap().get(), 0.0);
    assert_relative_eq!(
        post.ln_probability("a").unwrap(),
        a_vs_c,
        max_relative = 1e-12
    );
    for ln in post.ln_probabilities() {
        assert!(!ln.is_nan());
    }
    // the ledger still adds up, item by item
    let w = post.ledger().weight("e3", "a", "b").unwrap().get();
    assert_relative_eq!(w, 10.0 * (3.0 - 3.0), epsilon = 1e-9);
    let w = post.ledger().weight("e6", "a", "b").unwrap().get();
    assert_relative_eq!(w, 10.0 * (6.0 - 1.0), max_relative = 1e-12);
}

#[test]
fn many_items_agree_with_a_direct_sum() {
    // 10 000 items with likelihoods spread over 300 decades, from a fixed
    // linear congruential sequence; the reference is the plain sum of
    // ln(l_a / l_b), computed here directly in a different order.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut b = Case::builder().hypothesis("a", "A").hypothesis("b", "B");
    let mut reference = 0.0;
    let mut pairs = Vec::new();
    for i in 0..10_000 {
        let la = 10f64.powf(-300.0 * next()).max(1e-300);
        let lb = 10f64.powf(-300.0 * next()).max(1e-300);
        pairs.push((la, lb));
        b = b.evidence(
            Evidence::builder(format!("e{i}"))
                .likelihood("a", la)
                .likelihood("b", lb),
        );
    }
    for (la, lb) in pairs.iter().rev() {
        reference += (la / lb).ln();
    }
    let post = b.build().unwrap().score().unwrap();
    let got = post.ln_odds("a", "b").unwrap();
    // the direct sum itself carries up to ~1e4 roundings of ~700: 1e-9 relative is generous
    assert_relative_eq!(got, reference, max_relative = 1e-9);
    let sum: f64 = post.probabilities().iter().map(|p| p.get()).sum();
    assert_eq!(sum, 1.0);
}

#[test]
fn subnormal_likelihoods() {
    // l = (5e-324, 1): ln odds = ln(5e-324) = -1074 ln 2.
    let post = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 5e-324)
                .likelihood("b", 1.0),
        )
        .build()
        .unwrap()
        .score()
        .unwrap();
    assert_relative_eq!(
        post.ln_odds("a", "b").unwrap(),
        -1074.0 * 2f64.ln(),
        max_relative = 1e-15
    );
    assert_eq!(post.probability("b").unwrap().get(), 1.0);
    // The mean of (5e-324, 0) underflows in f64; with reliability 0 the item
    // must still be a no-op, not a contradiction.
    let post = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 5e-324)
                .likelihood("b", 0.0)
                .reliability(0.0),
        )
        .build()
        .unwrap()
        .score()
        .unwrap();
    assert_eq!(post.probability("a").unwrap().get(), 0.5);
}

#[test]
fn certain_likelihoods_with_soft_observation() {
    // l = (1, 0), q = 0.99: l'' = (0.99 * 1 + 0.01 * 0, 0.99 * 0 + 0.01 * 1)
    // = (0.99, 0.01): neither is eliminated, posterior 0.99.
    let post = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .observed(0.99),
        )
        .build()
        .unwrap()
        .score()
        .unwrap();
    assert_relative_eq!(
        post.probability("a").unwrap().get(),
        0.99,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        post.probability("b").unwrap().get(),
        0.01,
        max_relative = 1e-13
    );
}
