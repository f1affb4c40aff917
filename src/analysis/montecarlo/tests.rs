//! Unit tests of the Monte Carlo module, which reach its private parts
//! (the plan, the workspace, the quantiles): type 7 quantiles, the
//! Dirichlet prior's mean, a replayed draw against its fast sums, spans,
//! batches and a block drawn in pieces against the plain draws, and the
//! draws against the sums of their logarithms.

use super::simulation::quantiles;
use super::*;
use crate::numeric::ln_row;

/// A case of `n` hypotheses (`h0`, `h1`, ...) and `items` items (`e0`,
/// ...), every likelihood a range `range(item, hypothesis, l)` for `l`
/// in `[0.01, 0.99)` from [`crate::numeric::bits53`]`(seed)`, each item
/// then given what `finish(item, builder)` adds.
fn ranged_case(
    n: usize,
    items: usize,
    seed: u64,
    range: impl Fn(usize, usize, f64) -> (f64, f64),
    finish: impl Fn(usize, crate::EvidenceBuilder) -> crate::EvidenceBuilder,
) -> Case {
    let mut b = Case::builder();
    for h in 0..n {
        b = b.hypothesis(format!("h{h}"), format!("H {h}"));
    }
    let mut bits = crate::numeric::bits53(seed);
    for i in 0..items {
        let mut item = crate::Evidence::builder(format!("e{i}"));
        for h in 0..n {
            let l = 0.01 + 0.98 * (bits() as f64 / (1u64 << 53) as f64);
            let (low, high) = range(i, h, l);
            item = item.likelihood_range(format!("h{h}"), low, high);
        }
        b = b.evidence(finish(i, item));
    }
    b.build().expect("a valid case")
}

/// The random cases of the fuzzing corpus (`fuzz/corpus/case_score`,
/// `seed-random-00.json` to `-20`), each with every likelihood held
/// with concentration 20 and the prior with concentration 10: the
/// case's number (a seed for it), its file and its JSON.
#[cfg(feature = "json")]
fn uncertain_corpus() -> impl Iterator<Item = (u64, std::path::PathBuf, serde_json::Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/case_score");
    (0..21u64).map(move |i| {
        let path = dir.join(format!("seed-random-{i:02}.json"));
        let text = std::fs::read_to_string(&path).expect("the corpus is in the repository");
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        v["uncertainty"] = serde_json::json!({
            "likelihood_concentration": 20.0,
            "prior_concentration": 10.0
        });
        (i, path, v)
    })
}

#[test]
fn quantiles_type_7() {
    // numpy.quantile([1, 2, 3, 4], [0.05, 0.5, 0.95]) = [1.15, 2.5, 3.85]
    // (given in another order: the quantiles sort them)
    let [q05, q50, q95] = quantiles(&mut [3.0, 1.0, 4.0, 2.0], [0.05, 0.5, 0.95]);
    assert!((q05 - 1.15).abs() < 1e-15);
    assert_eq!(q50, 2.5);
    assert!((q95 - 3.85).abs() < 1e-15);
    assert_eq!(quantiles(&mut [7.0], [0.05, 0.95]), [7.0, 7.0]);
    assert!(quantiles(&mut [], [0.5])[0].is_nan());
    // Two quantiles between the same two values: 0.3 and 0.4 of
    // [10, 20] are 13 and 14; 1 is the largest.
    let [a, b, top] = quantiles(&mut [20.0, 10.0], [0.3, 0.4, 1.0]);
    assert!(
        (a - 13.0).abs() < 1e-12 && (b - 14.0).abs() < 1e-12,
        "{a} {b}"
    );
    assert_eq!(top, 20.0);
}

#[test]
fn quantiles_by_selection_are_those_of_the_sorted_values() {
    // Columns with ties and values of both signs, against the type 7
    // formula on a sorted copy, bit for bit.
    let mut next = crate::numeric::bits53(7);
    for len in [1, 2, 3, 5, 20, 256, 257] {
        for _ in 0..50 {
            let mut column: Vec<f64> = (0..len)
                .map(|_| ((next() % 40) as f64 - 10.0) / 7.0)
                .collect();
            let mut sorted = column.clone();
            sorted.sort_by(f64::total_cmp);
            let ps = [0.0, 0.05, 0.25, 0.5, 0.95, 1.0];
            let got = quantiles(&mut column, ps);
            for (&q, p) in got.iter().zip(ps) {
                let h = (len - 1) as f64 * p;
                let lo = h.floor() as usize;
                let above = sorted.get(lo + 1).copied().unwrap_or(sorted[lo]);
                let want = sorted[lo] + (h - lo as f64) * (above - sorted[lo]);
                assert_eq!(q.to_bits(), want.to_bits(), "len {len}, p {p}");
            }
        }
    }
}

#[test]
fn dirichlet_draws_have_the_prior_as_mean() {
    // Dirichlet(k0 p): the normalised Gammas have mean p and variance
    // p (1 - p) / (k0 + 1); 100 000 draws, 5 standard errors.
    use rand::SeedableRng;
    let p = [0.5, 0.3, 0.15, 0.05];
    let k0 = 8.0;
    let mut rng = Stream::seed_from_u64(2013);
    let n = 100_000;
    let mut sums = [0.0; 4];
    for _ in 0..n {
        let g: Vec<f64> = p
            .iter()
            .map(|&q| sample::ln_gamma(&mut rng, k0 * q).exp())
            .collect();
        let total: f64 = g.iter().sum();
        for (s, x) in sums.iter_mut().zip(&g) {
            *s += x / total;
        }
    }
    for (s, &q) in sums.iter().zip(&p) {
        let mean = s / n as f64;
        let se = (q * (1.0 - q) / (k0 + 1.0) / n as f64).sqrt();
        assert!((mean - q).abs() < 5.0 * se, "{mean} vs {q}");
    }
}

/// A draw whose fast sums are refused replays its terms into exact sums;
/// both give the same posteriors, bit for bit, which shows the replay
/// draws exactly the terms the draw drew (groups re-ranked, ranges,
/// source reliabilities and the Dirichlet prior included).
#[cfg(feature = "json")]
#[test]
fn a_replayed_draw_gives_what_the_fast_sums_gave() {
    let mut checked = 0;
    for (i, path, v) in uncertain_corpus() {
        let Ok(case) = Case::from_json(&v.to_string()) else {
            continue;
        };
        let Ok(plan) = Plan::new(&case) else {
            continue;
        };
        let n = plan.n;
        let mut fast = plan.workspace();
        let mut replayed = plan.workspace();
        replayed.always_replay = true;
        for chunk in 0..3 {
            let mut a = vec![0.0; CHUNK * n];
            let mut b = vec![0.0; CHUNK * n];
            let mut ma = vec![(0, Status::Insufficient); CHUNK];
            let mut mb = ma.clone();
            plan.run_chunk(i, chunk, &mut fast, &mut a, &mut ma);
            plan.run_chunk(i, chunk, &mut replayed, &mut b, &mut mb);
            let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b), "{} chunk {chunk}", path.display());
            assert_eq!(ma, mb, "{} chunk {chunk}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} corpus cases were scored");
}

/// Runs three chunks of `case` in one span and batches of 64 draws,
/// in spans of 64 items and batches of 5 draws, and those again with
/// every draw replayed; asserts that the posteriors and marks are the
/// same bits. Gives false where the case cannot be drawn.
#[cfg(feature = "json")]
fn spans_agree(case: &Case, seed: u64, label: &str) -> bool {
    let Ok(mut whole) = Plan::new(case) else {
        return false;
    };
    whole.span = 1 << 20;
    let n = whole.n;
    let mut spans = Plan::new(case).expect("a plan, as above");
    (spans.span, spans.together) = (ln_row::BLOCK, 5);
    assert!(spans.spans().count() >= 3, "{label}");
    let mut a_ws = whole.workspace();
    let mut b_ws = spans.workspace();
    let mut c_ws = spans.workspace();
    c_ws.always_replay = true;
    for chunk in 0..3 {
        let runs = [
            (&whole, &mut a_ws),
            (&spans, &mut b_ws),
            (&spans, &mut c_ws),
        ];
        let got: Vec<_> = runs
            .into_iter()
            .map(|(plan, ws)| {
                let mut out = vec![0.0; CHUNK * n];
                let mut marks = vec![(0, Status::Insufficient); CHUNK];
                plan.run_chunk(seed, chunk, ws, &mut out, &mut marks);
                let bits: Vec<u64> = out.iter().map(|x| x.to_bits()).collect();
                (bits, marks)
            })
            .collect();
        assert_eq!(got[0], got[1], "{label} chunk {chunk}");
        assert_eq!(got[0], got[2], "{label} chunk {chunk}");
    }
    true
}

/// Neither the spans nor the number of draws made together change a
/// bit: every draw takes its random numbers from its own stream, item
/// by item, and its product blocks end at the same items. The corpus
/// cases, each item copied to some 400 items (so several spans of 64
/// items, groups with many members), with ranges, Beta likelihoods,
/// drawn reliabilities, chances and observed confidences, sources and
/// a drawn prior; and cases of 400 items of ranges or Beta likelihoods
/// at reliability 1 and 0.8 (rows read from the block of ranges,
/// mixtures fixed, or drawn item by item).
#[cfg(feature = "json")]
#[test]
fn spans_and_batches_do_not_change_a_bit() {
    use crate::Evidence;
    let mut checked = 0;
    for (i, path, mut v) in uncertain_corpus() {
        let items = v["evidence"].as_array().cloned().unwrap_or_default();
        let copies = (0..400usize.div_ceil(items.len().max(1))).flat_map(|k| {
            items.iter().map(move |e| {
                let mut e = e.clone();
                e["id"] = format!("{}-{k}", e["id"].as_str().unwrap_or("e")).into();
                e
            })
        });
        v["evidence"] = copies.collect();
        if let Ok(case) = Case::from_json(&v.to_string())
            && spans_agree(&case, i, &path.display().to_string())
        {
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} corpus cases were scored");
    for (ranges, r) in [(true, 1.0), (true, 0.8), (false, 1.0), (false, 0.8)] {
        let mut b = Case::builder().likelihood_concentration(20.0);
        for h in 0..4 {
            b = b.hypothesis(format!("h{h}"), format!("H {h}"));
        }
        for i in 0..400 {
            let mut item = Evidence::builder(format!("e{i}"));
            for h in 0..4 {
                let l = 0.05 + 0.9 * (((i * 7 + h * 13) % 31) as f64 / 31.0);
                item = match ranges {
                    true => item.likelihood_range(format!("h{h}"), 0.8 * l, 0.8 * l + 0.2),
                    false => item.likelihood(format!("h{h}"), l),
                };
            }
            if r != 1.0 {
                item = item.reliability(r);
            }
            b = b.evidence(item);
        }
        let case = b.build().expect("a valid case");
        assert!(spans_agree(&case, 7, &format!("ranges {ranges} r {r}")));
    }
}

/// Where every item's mixture is fixed, each span's block of ranges is
/// drawn piece by piece as it is weighed ([`Plan::weigh_and_add`]);
/// the same plan without its fixed mixtures draws the span's whole
/// block first, then takes each row's mixture ([`Plan::mix_rows`]),
/// then the products. The two give the same draws, bit for bit, with
/// blocks refused (two rows of values near 1e-200, whose products
/// underflow), a point chance, items at reliability 1 among those at
/// 0.8, a row count that is not a multiple of the block, several spans
/// each drawn in every draw of a batch (16 x 1 100), and the replay of
/// every draw.
#[test]
fn a_block_drawn_in_pieces_gives_the_draws_of_the_whole_block() {
    let tiny = |i: usize| [10, 11, 130, 131].contains(&(i % 512));
    let cases = [
        (16, 300, 0.8),
        (5, 150, 0.7),
        (3, 200, 1.0),
        (12, 100, 0.9),
        (16, 1100, 0.8),
    ];
    for (n, items, r) in cases {
        let range = |i: usize, _: usize, l: f64| match tiny(i) {
            true => (1e-200 * l, 2e-200 * l),
            false => (0.8 * l, 0.8 * l + 0.2),
        };
        let case = ranged_case(n, items, 80, range, |i, mut item| {
            if r != 1.0 && i % 7 != 3 {
                item = item.reliability(r);
            }
            if i % 11 == 5 {
                item = item.chance(0.3);
            }
            item
        });
        let fused = Plan::new(&case).expect("a plan");
        assert!(fused.fixed_mixes.is_some(), "{n} x {items}");
        let mut whole = Plan::new(&case).expect("a plan");
        whole.fixed_mixes = None;
        let spans = fused.spans().count();
        assert_eq!(spans > 1, items > 1000, "{n} x {items}: {spans} spans");
        let mut refused = 0;
        for replay in [false, true] {
            let (mut a, mut b) = (fused.workspace(), whole.workspace());
            a.always_replay = replay;
            b.always_replay = replay;
            for chunk in 0..2 {
                let mut pa = vec![0.0; CHUNK * n];
                let mut pb = pa.clone();
                let mut ma = vec![(0, Status::Insufficient); CHUNK];
                let mut mb = ma.clone();
                fused.run_chunk(3, chunk, &mut a, &mut pa, &mut ma);
                whole.run_chunk(3, chunk, &mut b, &mut pb, &mut mb);
                let differ = pa
                    .iter()
                    .zip(&pb)
                    .position(|(x, y)| x.to_bits() != y.to_bits());
                assert_eq!(differ, None, "{n} x {items} chunk {chunk}");
                assert_eq!(ma, mb);
                assert_eq!(a.singles, b.singles);
                refused += a.singles.len();
            }
        }
        // The blocks with two rows of tiny values (a product below
        // 1e-400) were refused, to be taken item by item: those of the
        // last span, in the last draw of each of the four chunks run
        // (`singles` holds the span drawn last), 64 items each, or as
        // many as the case has left.
        let last = fused.spans().last().expect("a span");
        let blocks: usize = last
            .step_by(ln_row::BLOCK)
            .map(|start| start..items.min(start + ln_row::BLOCK))
            .filter(|block| block.clone().any(tiny))
            .map(|block| block.len())
            .sum();
        assert!(blocks > 0, "{n} x {items}");
        assert_eq!(refused, 4 * blocks, "{n} x {items}");
    }
}

/// The posteriors of every draw of a case of ranges, each worked out
/// again from its draws: the same uniforms, from the same streams, the
/// mixture and the logarithms taken value by value with the C
/// library's `ln`, each hypothesis's sum exact. The run takes its
/// items in blocks ([`ln_row::Products`]), and item by item where a
/// block is refused (an item with a range near 1e-300); at reliability
/// 1 and 0.8, every draw's posteriors agree within `4e-14 + 4 eps |ln
/// p|`, relatively (`eps = 2^-52`; measured: 2.5 such units at most).
#[test]
fn the_draws_are_the_sums_of_their_logarithms() {
    use crate::numeric::sum::ExactSum;
    let (n, items) = (4, 300);
    for r in [1.0, 0.8] {
        let range = |i: usize, h: usize, l: f64| match (i, h) {
            (100, 2) => (1e-300, 2e-300),
            _ => (0.8 * l, 0.8 * l + 0.2),
        };
        let case = ranged_case(n, items, 26, range, |_, item| match r {
            1.0 => item,
            _ => item.reliability(r),
        });
        let seed = 5;
        let sim = MonteCarlo::new()
            .draws(CHUNK)
            .seed(seed)
            .keep_draws(true)
            .run(&case)
            .expect("runs");
        let kept = sim.draws().expect("kept");
        let plan = Plan::new(&case).expect("a plan");
        let mut units = vec![0.0; n * items];
        let mut worst: f64 = 0.0;
        for (draw, post) in kept.chunks(n).enumerate() {
            let mut rng = stream(seed, draw);
            let ranges = &plan.ranges;
            sample::uniforms(
                &mut rng,
                &ranges.low,
                &ranges.width,
                &ranges.high,
                &mut units,
            );
            let mut sums = vec![ExactSum::default(); n];
            for row in units.chunks(n) {
                let c = row.iter().sum::<f64>() / n as f64;
                for (s, &l) in sums.iter_mut().zip(row) {
                    s.add((r * l + (1.0 - r) * c).ln());
                }
            }
            let joint: Vec<f64> = sums.iter().map(ExactSum::value).collect();
            let top = joint.iter().fold(f64::NEG_INFINITY, |a, &x| a.max(x));
            let norm: f64 = joint.iter().map(|&x| (x - top).exp()).sum();
            for (&got, &x) in post.iter().zip(&joint) {
                // Relatively, against a bound of a few ulp of the
                // posterior's logarithm (itself rounded: a posterior
                // of 1e-300 has a logarithm of -690, of ulp 1.1e-13).
                let ln_want = (x - top) - norm.ln();
                let error = (got.ln() - ln_want).abs();
                worst = worst.max(error / (1e-14 + f64::EPSILON * ln_want.abs()));
            }
        }
        assert!(worst < 4.0, "r {r}: worst {worst}");
        // Some posteriors are far from 0 and 1, where bits would show.
        assert!(kept.iter().any(|&p| (0.01..0.99).contains(&p)), "r {r}");
    }
}
