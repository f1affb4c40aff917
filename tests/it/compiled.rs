//! The compiled and batch scorer against the exact path (`Case::score`),
//! which sums the same terms exactly: a second method for the same numbers.

use approx::assert_relative_eq;
use attrib::{Batch, Case, Evidence};

/// A case with `h` hypotheses and `e` items from a fixed sequence, with
/// reliabilities, soft observations and a group so every rule is exercised.
fn case(h: usize, e: usize, seed: u64) -> Case {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut b = Case::builder().group("g", 0.5);
    for k in 0..h {
        b = b.hypothesis(format!("h{k}"), format!("H{k}"));
    }
    for i in 0..e {
        let mut item = Evidence::builder(format!("e{i}"));
        for k in 0..h {
            // likelihoods spread over 300 decades, some exactly 0.5
            let l = if next() < 0.1 {
                0.5
            } else {
                10f64.powf(-300.0 * next().powi(8))
            };
            item = item.likelihood(format!("h{k}"), l);
        }
        if i % 3 == 0 {
            item = item.reliability(next());
        }
        if i % 5 == 0 {
            item = item.observed(0.5 + next() / 2.0);
        }
        if i % 4 == 0 {
            item = item.group("g");
        }
        b = b.evidence(item);
    }
    b.build().unwrap()
}

#[test]
fn compiled_agrees_with_the_exact_path() {
    for (h, e, seed) in [
        (2, 1, 1),
        (3, 10, 2),
        (5, 100, 3),
        (16, 1000, 4),
        (3, 5000, 5),
    ] {
        let c = case(h, e, seed);
        let exact = c.score().unwrap();
        let mut post = vec![0.0; h];
        let leader = c.compile().unwrap().score_into(&mut post).unwrap();
        assert_eq!(leader, c.hypothesis_index(exact.leader().id()).unwrap());
        for (p, q) in post.iter().zip(exact.probabilities()) {
            // plain f64 sums of e terms against the exact sum: e ulps at most
            assert!(
                (p - q.get()).abs() <= 1e-15 * e as f64 * (1.0 + q.get()),
                "{h}x{e}: {p} vs {q}"
            );
        }
        let (status, l2) = c.compile().unwrap().status().unwrap();
        assert_eq!(status, exact.verdict().status());
        assert_eq!(l2, leader);
    }
}

#[test]
fn batch_equals_scoring_each_case_bit_for_bit() {
    let cases: Vec<_> = (0..40)
        .map(|i| case(4, 10 + i * 7, 100 + i as u64))
        .collect();
    let mut batch = Batch::new(["h0", "h1", "h2", "h3"]).unwrap();
    for c in &cases {
        batch.push(&c.compile().unwrap()).unwrap();
    }
    assert_eq!(batch.len(), 40);
    let mut out = vec![0.0; 40 * 4];
    let mut leaders = vec![None; 40];
    assert_eq!(batch.score_into(&mut out, &mut leaders).unwrap(), 0);
    for ((c, row), leader) in cases.iter().zip(out.chunks(4)).zip(&leaders) {
        let mut one = [0.0; 4];
        let l = c.compile().unwrap().score_into(&mut one).unwrap();
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(row), bits(&one));
        assert_eq!(*leader, Some(l));
    }
}

/// Batches of odd shapes, scored runs of cases at a time: runs of small
/// cases (fewer items than the kernel's 32 lanes, stored item by item;
/// 2 to 8 hypotheses, one vector addition per item, and 17), runs broken by a case
/// of another size, empty cases, items added after compiling, a
/// contradictory case, and more cases than one run holds, bit for bit what
/// `Compiled::score_into` gives case by case.
#[test]
fn batch_of_odd_shapes_equals_scoring_each_case_bit_for_bit() {
    let contradictory = |h: usize| {
        let mut b = Case::builder();
        for k in 0..h {
            b = b.hypothesis(format!("h{k}"), format!("H{k}"));
        }
        for k in 0..h {
            let mut item = Evidence::builder(format!("z{k}"));
            for j in 0..h {
                item = item.likelihood(format!("h{j}"), if j == k { 0.0 } else { 1.0 });
            }
            b = b.evidence(item);
        }
        b.build().unwrap()
    };
    for h in [2, 3, 4, 5, 8, 17] {
        let mut compiled = Vec::new();
        for i in 0..203 {
            // mostly runs of one small size, broken by others now and then
            let e = match i % 37 {
                0 => 0,
                5 => 31,
                11 => 32,
                12 => 33,
                20 => 100,
                29 => 1,
                _ if i < 120 => 16,
                _ => 7,
            };
            let mut c = if i == 77 {
                contradictory(h).compile().unwrap()
            } else {
                case(h, e, 1000 + i as u64).compile().unwrap()
            };
            if i % 50 == 3 {
                let mut item = Evidence::builder("late");
                for k in 0..h {
                    item = item.likelihood(format!("h{k}"), 0.1 + 0.8 * (k as f64 / h as f64));
                }
                c.add(item).unwrap();
            }
            compiled.push(c);
        }
        let mut batch = Batch::for_case(&compiled[0]);
        for c in &compiled {
            batch.push(c).unwrap();
        }
        let mut out = vec![f64::NAN; compiled.len() * h];
        let mut leaders = vec![Some(usize::MAX); compiled.len()];
        assert_eq!(batch.score_into(&mut out, &mut leaders).unwrap(), 1, "{h}");
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for (i, ((c, row), leader)) in compiled.iter().zip(out.chunks(h)).zip(&leaders).enumerate()
        {
            let mut one = vec![0.0; h];
            match c.score_into(&mut one) {
                Ok(l) => {
                    assert_eq!(bits(row), bits(&one), "{h} hypotheses, case {i}");
                    assert_eq!(*leader, Some(l), "{h} hypotheses, case {i}");
                }
                Err(e) => {
                    assert_eq!(e.kind(), attrib::ErrorKind::Contradictory);
                    assert_eq!(i, 77);
                    assert_eq!(*leader, None);
                    assert!(row.iter().all(|&x| x == 0.0));
                }
            }
        }
    }
}

#[test]
fn adding_an_item_equals_compiling_it_in() {
    let base = case(3, 50, 9);
    let item = || {
        Evidence::builder("late")
            .likelihood("h0", 0.7)
            .likelihood("h1", 0.2)
            .likelihood("h2", 0.1)
            .reliability(0.8)
    };
    let mut incremental = base.compile().unwrap();
    incremental.add(item()).unwrap();
    // the same case with the item compiled in: rebuild through the file format
    let mut v: serde_json::Value = serde_json::from_str(&base.to_json().unwrap()).unwrap();
    v["evidence"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "late", "description": "",
            "likelihoods": {"h0": 0.7, "h1": 0.2, "h2": 0.1}, "reliability": 0.8
        }));
    let full = Case::from_json(&v.to_string()).unwrap();
    let (mut p, mut q) = ([0.0; 3], [0.0; 3]);
    incremental.score_into(&mut p).unwrap();
    full.compile().unwrap().score_into(&mut q).unwrap();
    for (a, b) in p.iter().zip(&q) {
        assert_relative_eq!(*a, *b, max_relative = 1e-13);
    }
}

#[test]
fn compiled_errors() {
    let c = case(3, 5, 1);
    let mut compiled = c.compile().unwrap();
    let err = compiled.score_into(&mut [0.0; 2]).unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::Length);
    assert_eq!(
        err.to_string(),
        "output (one place per hypothesis) has length 2, must have length 3"
    );
    assert_eq!(
        err.to_string(),
        "output (one place per hypothesis) has length 2, must have length 3"
    );
    let err = compiled
        .add(
            Evidence::builder("y")
                .likelihood("h0", 1.5)
                .likelihood("h1", 0.5)
                .likelihood("h2", 0.5),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "evidence 'y': likelihood for 'h0' is 1.5, must be in 0..=1"
    );
    // the same number of hypotheses, other ids: refused, naming the first
    let mut batch = Batch::new(["h0", "b", "other"]).unwrap();
    assert_eq!(
        batch.push(&compiled).unwrap_err().to_string(),
        "batch: case hypothesis #2 is 'h1', the batch's is 'b'"
    );
    // the same ids in another order: refused too
    let mut batch = Batch::new(["h0", "h2", "h1"]).unwrap();
    assert!(batch.push(&compiled).is_err());
    let mut batch = Batch::new(["h0", "h1", "h2", "h3"]).unwrap();
    assert_eq!(
        batch.push(&compiled).unwrap_err().to_string(),
        "batch: the case has no hypothesis #4, the batch's is 'h3'"
    );
    let mut batch = Batch::new(["h0", "h1"]).unwrap();
    let err = batch.push(&compiled).unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::HypothesisMismatch);
    assert_eq!(
        err.to_string(),
        "batch: case hypothesis #3 is 'h2', the batch has only 2 hypotheses"
    );
    assert!(batch.is_empty());
    let mut batch = Batch::for_case(&compiled);
    batch.push(&compiled).unwrap();
    let err = batch.score_into(&mut [0.0; 4], &mut [None]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "output (cases times hypotheses) has length 4, must have length 3"
    );
    let err = batch.score_into(&mut [0.0; 3], &mut []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "leaders (one place per case) has length 0, must have length 1"
    );
    // bad batch hypotheses
    let err = Batch::new(["a"]).unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::TooFewHypotheses);
    assert_eq!(
        err.to_string(),
        "case: a case needs at least 2 hypotheses, found 1"
    );
    assert_eq!(
        Batch::new(["a", "b", "a"]).unwrap_err().to_string(),
        "batch hypothesis id 'a' appears more than once"
    );
    assert!(Batch::new(["a", ""]).is_err());
    // an added item keeps the case's rules: a duplicate id, an unknown group
    let err = compiled
        .add(
            Evidence::builder("e1")
                .likelihood("h0", 0.5)
                .likelihood("h1", 0.5)
                .likelihood("h2", 0.5),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case: evidence id 'e1' appears more than once"
    );
    let err = compiled
        .add(
            Evidence::builder("new")
                .likelihood("h0", 0.5)
                .likelihood("h1", 0.5)
                .likelihood("h2", 0.5)
                .group("nope"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "evidence 'new': group names 'nope', which is not a declared group"
    );
    compiled
        .add(
            Evidence::builder("new")
                .likelihood("h0", 0.5)
                .likelihood("h1", 0.5)
                .likelihood("h2", 0.5),
        )
        .unwrap();
    assert!(
        compiled
            .add(
                Evidence::builder("new")
                    .likelihood("h0", 0.5)
                    .likelihood("h1", 0.5)
                    .likelihood("h2", 0.5),
            )
            .is_err()
    );
}

#[test]
fn adding_to_a_group_reranks_it() {
    // Items added one by one into the group "g" must give what compiling
    // the whole case gives, up to the compiled path's plain f64 sums.
    let base = case(3, 40, 21);
    let mut incremental = base.compile().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&base.to_json().unwrap()).unwrap();
    let extra = [
        ("a-first", [0.9, 0.05, 0.3]),
        ("zz-last", [0.9, 0.05, 0.3]),
        ("m-mid", [0.01, 0.6, 0.6]),
        ("e12b", [1e-200, 0.5, 0.9]),
    ];
    for (id, l) in extra {
        incremental
            .add(
                Evidence::builder(id)
                    .likelihood("h0", l[0])
                    .likelihood("h1", l[1])
                    .likelihood("h2", l[2])
                    .group("g"),
            )
            .unwrap();
        v["evidence"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "id": id, "description": "", "group": "g",
                "likelihoods": {"h0": l[0], "h1": l[1], "h2": l[2]}
            }));
        let full = Case::from_json(&v.to_string()).unwrap();
        let exact = full.score().unwrap();
        let mut p = [0.0; 3];
        incremental.score_into(&mut p).unwrap();
        for (a, b) in p.iter().zip(exact.probabilities()) {
            assert!((a - b.get()).abs() <= 1e-12, "{id}: {a} vs {b}");
        }
    }
}

#[test]
fn adding_copies_to_a_group_by_hand() {
    // Three copies of a 0.8 / 0.2 report in a group with rho = 0.5: their
    // penalties against b, ln 4 each, weigh 1 + 0.5 + 0.25 = 1.75, so the
    // odds are 4^1.75 = 8 sqrt(2).
    let mut c = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .group("g", 0.5)
        .build()
        .unwrap()
        .compile()
        .unwrap();
    for id in ["r1", "r2", "r3"] {
        c.add(
            Evidence::builder(id)
                .likelihood("a", 0.8)
                .likelihood("b", 0.2)
                .group("g"),
        )
        .unwrap();
    }
    let mut post = [0.0; 2];
    c.score_into(&mut post).unwrap();
    let odds = 8.0 * 2f64.sqrt();
    assert_relative_eq!(post[0], odds / (1.0 + odds), max_relative = 1e-15);
}

#[test]
fn contradictions_are_reported() {
    let c = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.0)
                .likelihood("b", 1.0),
        )
        .build()
        .unwrap();
    let compiled = c.compile().unwrap();
    let err = compiled.score_into(&mut [0.0; 2]).unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::Contradictory);
    assert_eq!(err.responsible(), ["e1", "e2"]);
    let mut batch = Batch::new(["a", "b"]).unwrap();
    batch.push(&compiled).unwrap();
    let fine = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .build()
        .unwrap()
        .compile()
        .unwrap();
    batch.push(&fine).unwrap();
    let mut out = [1.0; 4];
    let mut leaders = [Some(7); 2];
    assert_eq!(batch.score_into(&mut out, &mut leaders).unwrap(), 1);
    assert_eq!(out, [0.0, 0.0, 0.5, 0.5]);
    assert_eq!(leaders, [None, Some(0)]);
}

#[test]
fn contradictions_from_added_items_name_them() {
    // e1 eliminates b; the added item eliminates a; "late" in a group too.
    let c = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .hypothesis("c", "C")
        .prior("a", 1.0)
        .prior("b", 1.0)
        .prior("c", 0.0)
        .group("g", 0.5)
        .evidence(
            Evidence::builder("e1")
                .description("a long description that the compiled case does not keep")
                .rationale("nor this")
                .likelihood("a", 1.0)
                .likelihood("b", 0.0)
                .likelihood("c", 0.5),
        )
        .evidence(
            Evidence::builder("e0")
                .likelihood("a", 0.5)
                .likelihood("b", 0.5)
                .likelihood("c", 0.0),
        )
        .build()
        .unwrap();
    let mut compiled = c.compile().unwrap();
    let mut post = [0.0; 3];
    assert_eq!(compiled.score_into(&mut post).unwrap(), 0);
    assert_eq!(post, [1.0, 0.0, 0.0]);
    compiled
        .add(
            Evidence::builder("late")
                .likelihood("a", 0.0)
                .likelihood("b", 0.5)
                .likelihood("c", 0.5)
                .group("g"),
        )
        .unwrap();
    // e0 eliminates only c, which the prior already rules out: not named
    assert_eq!(
        compiled.score_into(&mut post).unwrap_err().responsible(),
        ["e1", "late"]
    );
}

/// `cases` cases of `h` hypotheses and `e` items: ln likelihoods from a
/// fixed sequence over 30 decades, with an occasional exact 0 likelihood.
fn ln_likelihoods(cases: usize, h: usize, e: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..cases * e * h)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            if u < 0.002 {
                f64::NEG_INFINITY
            } else {
                -69.0 * u.powi(4)
            }
        })
        .collect()
}

/// The case whose items have the likelihoods `exp(ln_l)`, item-major.
fn case_of(ln_l: &[f64], h: usize, prior: Option<&[f64]>) -> Case {
    let mut b = Case::builder();
    for k in 0..h {
        b = b.hypothesis(format!("h{k}"), format!("H{k}"));
        if let Some(p) = prior {
            b = b.prior(format!("h{k}"), p[k].exp());
        }
    }
    for (i, row) in ln_l.chunks_exact(h).enumerate() {
        let mut item = Evidence::builder(format!("e{i}"));
        for (k, l) in row.iter().enumerate() {
            item = item.likelihood(format!("h{k}"), l.exp());
        }
        b = b.evidence(item);
    }
    b.build().unwrap()
}

#[test]
fn ln_likelihoods_agree_with_the_exact_path() {
    let (cases, h, e) = (200, 4, 20);
    let ln_l = ln_likelihoods(cases, h, e, 11);
    let priors: Vec<f64> = (0..cases * h).map(|i| -((i % 7) as f64) / 3.0).collect();
    for per_case in [false, true] {
        let prior = per_case.then_some(priors.as_slice());
        let mut out = vec![f64::NAN; cases * h];
        let contradictory = attrib::score_ln_likelihoods(&ln_l, h, e, prior, &mut out).unwrap();
        let mut expected_contradictory = 0;
        for c in 0..cases {
            let rows = &ln_l[c * e * h..(c + 1) * e * h];
            let case = case_of(rows, h, prior.map(|p| &p[c * h..(c + 1) * h]));
            let got = &out[c * h..(c + 1) * h];
            match case.score() {
                Ok(post) => {
                    for (p, q) in got.iter().zip(post.probabilities()) {
                        assert!((p - q.get()).abs() < 1e-12, "case {c}: {p} against {q}");
                    }
                }
                Err(e) if e.is_contradiction() => {
                    expected_contradictory += 1;
                    assert_eq!(got, [0.0; 4]);
                }
                Err(other) => panic!("case {c}: {other}"),
            }
        }
        assert_eq!(contradictory, expected_contradictory);
    }
}

#[test]
fn ln_likelihoods_shared_prior_is_every_row() {
    let (cases, h, e) = (5, 3, 4);
    let ln_l = ln_likelihoods(cases, h, e, 3);
    let shared = [0.0, -1.0, -2.0];
    let every: Vec<f64> = shared.iter().copied().cycle().take(cases * h).collect();
    let mut a = vec![0.0; cases * h];
    let mut b = vec![0.0; cases * h];
    attrib::score_ln_likelihoods(&ln_l, h, e, Some(&shared), &mut a).unwrap();
    attrib::score_ln_likelihoods(&ln_l, h, e, Some(&every), &mut b).unwrap();
    assert_eq!(a, b);
    // no items: the posterior is the prior
    let mut p = [0.0; 3];
    attrib::score_ln_likelihoods(&[], 3, 0, Some(&shared), &mut p).unwrap();
    let z: f64 = shared.iter().map(|x: &f64| x.exp()).sum();
    for (x, s) in p.iter().zip(shared) {
        assert!((x - s.exp() / z).abs() < 1e-15);
    }
}

#[test]
fn ln_likelihoods_reject_nan_infinity_and_bad_lengths() {
    let mut ln_l = vec![-1.0; 2 * 3 * 2];
    let mut out = [0.0; 4];
    // [case 1, item 2, hypothesis 1], and [case 1, item 0, hypothesis 1]
    let (at, other) = (6 + 2 * 2 + 1, 6 + 1);
    ln_l[at] = f64::NAN;
    let e = attrib::score_ln_likelihoods(&ln_l, 2, 3, None, &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ln_likelihoods[1, 2, 1] is NaN, must be in -inf..+inf (a finite natural log, or -inf to eliminate)"
    );
    ln_l[at] = f64::INFINITY;
    let e = attrib::score_ln_likelihoods(&ln_l, 2, 3, None, &mut out).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("ln_likelihoods[1, 2, 1] is inf, must be in"),
        "{e}"
    );
    ln_l[at] = f64::MAX;
    ln_l[other] = f64::MAX;
    let e = attrib::score_ln_likelihoods(&ln_l, 2, 3, None, &mut out).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the sum of ln_likelihoods[1] is inf"),
        "{e}"
    );
    let ln_l = vec![-1.0; 12];
    let e = attrib::score_ln_likelihoods(&ln_l, 2, 4, None, &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ln_likelihoods length is 12, must be in cases * items * hypotheses"
    );
    let e = attrib::score_ln_likelihoods(&ln_l, 2, 3, Some(&[0.0; 3]), &mut out).unwrap_err();
    assert!(e.to_string().starts_with("ln_prior length is 3"), "{e}");
    let e =
        attrib::score_ln_likelihoods(&ln_l, 2, 3, Some(&[0.0, f64::NAN]), &mut out).unwrap_err();
    assert!(e.to_string().starts_with("ln_prior[1] is NaN"), "{e}");
    let e = attrib::score_ln_likelihoods(&ln_l, 0, 3, None, &mut out).unwrap_err();
    assert!(e.to_string().starts_with("hypotheses is 0"), "{e}");
    let e = attrib::score_ln_likelihoods(&ln_l, 3, 3, None, &mut out).unwrap_err();
    assert!(e.to_string().starts_with("output length is 4"), "{e}");
    // -inf everywhere is contradictory, not an error
    let ln_l = vec![f64::NEG_INFINITY; 12];
    assert_eq!(
        attrib::score_ln_likelihoods(&ln_l, 2, 3, None, &mut out).unwrap(),
        2
    );
    assert_eq!(out, [0.0; 4]);
}
