//! The scoring kernel shared by [`Case::score`](crate::Case::score) and the
//! Monte Carlo draws: the same functions, in the same order, so that a draw
//! with nothing uncertain reproduces the point posterior bit for bit.

use crate::domain::case::Case;
use crate::domain::evidence::Evidence;
use crate::domain::weighting::{Weighting, ln};
use crate::numeric::exp;
use crate::scoring::verdict::Status;
use std::collections::HashMap;

/// What scoring needs of an item besides its likelihoods.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemModel {
    /// Reliability, after source, credibility and discount.
    pub(crate) r: f64,
    /// `ln chance` when given; otherwise the mean of the likelihoods is used.
    pub(crate) ln_chance: Option<f64>,
    /// The `observed` confidence, when given.
    pub(crate) observed: Option<f64>,
}

/// The dependence groups of a case as scoring sees them (docs/model.md section
/// 2, step 3): for every group with items, `1 - rho` and its members.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Layout {
    /// The groups that have items, in the case's order of groups.
    pub(crate) groups: Vec<Members>,
    /// For every item, the position of its group in `groups`, if any.
    pub(crate) group_of: Vec<Option<usize>>,
}

/// The items of one dependence group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Members {
    /// `1 - rho`: the factor from one rank's weight to the next.
    pub(crate) keep: f64,
    /// Positions of the items in the case, sorted by item id (the order
    /// that breaks ties between equal penalties).
    pub(crate) items: Vec<usize>,
}

impl Case {
    /// The dependence groups of the case, as scoring uses them.
    pub(crate) fn layout(&self) -> Layout {
        let position: HashMap<&str, usize> = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.groups.len()];
        for (i, e) in self.evidence.iter().enumerate() {
            if let Some(&g) = e
                .fields
                .group
                .as_ref()
                .and_then(|g| position.get(g.as_str()))
            {
                members[g].push(i);
            }
        }
        let mut layout = Layout {
            groups: Vec::new(),
            group_of: vec![None; self.evidence.len()],
        };
        for (g, mut items) in members.into_iter().enumerate() {
            if items.is_empty() {
                continue;
            }
            items.sort_by(|&a, &b| {
                self.evidence[a]
                    .id
                    .as_str()
                    .cmp(self.evidence[b].id.as_str())
            });
            for &i in &items {
                layout.group_of[i] = Some(layout.groups.len());
            }
            let rho = self.groups.get(g).map_or(0.0, |x| x.correlation.get());
            layout.groups.push(Members {
                keep: 1.0 - rho,
                items,
            });
        }
        layout
    }

    /// One more item, checked as the last item of the case against the
    /// context the case keeps (O(the item), not O(the case)), with its
    /// effective log-likelihoods `ln l''` and model. The case is unchanged.
    pub(crate) fn with_item(
        &self,
        item: &crate::format::raw::RawEvidence,
    ) -> Result<(Evidence, Vec<f64>, ItemModel), crate::error::Error> {
        let e = crate::format::validate::item(self, item)?;
        let model = self.item_model(&e);
        let mut row: Vec<f64> = e
            .fields
            .likelihoods
            .iter()
            .map(|l| l.midpoint().get().ln())
            .collect();
        effective_row(self.weighting, &mut row, &model);
        Ok((e, row, model))
    }

    /// The point model of an item of the case, or of one checked against
    /// it.
    fn item_model(&self, e: &Evidence) -> ItemModel {
        ItemModel {
            r: self.reliability_of(e).get(),
            ln_chance: e.fields.chance.map(|c| c.midpoint().get().ln()),
            observed: e.fields.observed.map(|q| q.midpoint().get()),
        }
    }

    /// The point model of every item.
    pub(crate) fn item_models(&self) -> Vec<ItemModel> {
        self.evidence
            .iter()
            .enumerate()
            .map(|(i, e)| ItemModel {
                r: self.reliability_at(i).map_or(1.0, crate::Reliability::get),
                ln_chance: e.fields.chance.map(|c| c.midpoint().get().ln()),
                observed: e.fields.observed.map(|q| q.midpoint().get()),
            })
            .collect()
    }

    /// Every item's effective log-likelihoods `ln l''`, item-major
    /// (`e * H + h`), from the given item models.
    pub(crate) fn effective_rows(&self, models: &[ItemModel]) -> Vec<f64> {
        let n = self.hypotheses.len();
        let mut effective = Vec::with_capacity(self.evidence.len() * n);
        for (e, m) in self.evidence.iter().zip(models) {
            let start = effective.len();
            effective.extend(e.fields.likelihoods.iter().map(|l| l.midpoint().get().ln()));
            if let Some(row) = effective.get_mut(start..) {
                effective_row(self.weighting, row, m);
            }
        }
        effective
    }
}

/// Turns a row of `ln l` (one per hypothesis) into `ln l''` in place
/// (docs/model.md section 2, steps 1 and 2).
pub(crate) fn effective_row(w: Weighting, row: &mut [f64], m: &ItemModel) {
    let weigher = ln::Weigher::new(w, m.r, || m.ln_chance.unwrap_or_else(|| ln::mean(row)));
    match m.observed {
        Some(q) if q != 1.0 => {
            for x in row.iter_mut() {
                *x = ln::observe(weigher.apply(*x), q);
            }
        }
        _ => {
            if !matches!(weigher, ln::Weigher::Same) {
                for x in row.iter_mut() {
                    *x = weigher.apply(*x);
                }
            }
        }
    }
}

/// Writes an item's penalties `p(h) = max_k ln l''(k) - ln l''(h)` into
/// `out` (docs/model.md section 2, step 3): `>= 0`, and `+inf` where the item
/// eliminates `h`.
#[inline(always)]
pub(crate) fn penalties_row(row: &[f64], out: &mut [f64]) {
    let m = row_max(row);
    for (p, &x) in out.iter_mut().zip(row) {
        *p = penalty(x, m);
    }
}

/// The penalty of a value `x` of `ln l''` in a row whose largest value is
/// `m` ([`row_max`]): `m - x`, and `+inf` where `x` or `m` is `-inf`.
#[inline(always)]
pub(crate) fn penalty(x: f64, m: f64) -> f64 {
    if x == f64::NEG_INFINITY || m == f64::NEG_INFINITY {
        f64::INFINITY
    } else {
        m - x
    }
}

/// The largest value of a row, `-inf` for an empty one, NaN ignored (as
/// `f64::max` folds it), in eight lanes that the compiler vectorises: the
/// maximum is exact, so the lanes give the fold's value (a zero of
/// either sign gives the same penalties).
#[inline(always)]
pub(crate) fn row_max(row: &[f64]) -> f64 {
    let mut lanes = [f64::NEG_INFINITY; 8];
    let mut chunks = row.chunks_exact(8);
    for chunk in &mut chunks {
        for (l, &x) in lanes.iter_mut().zip(chunk) {
            *l = if x > *l { x } else { *l };
        }
    }
    let rest = chunks.remainder().iter().chain(&lanes);
    rest.fold(f64::NEG_INFINITY, |m, &x| if x > m { x } else { m })
}

/// The term `-w p` that a penalty `p` with weight `w` adds to
/// `ln post(h)`: `-inf` for an infinite penalty of positive weight, and 0
/// for a weight of 0 (a dropped term) or a penalty of 0.
#[inline(always)]
pub(crate) fn term(w: f64, p: f64) -> f64 {
    if w == 0.0 || p == 0.0 { 0.0 } else { -(w * p) }
}

/// Writes an independent item's terms `-p(h)` (weight 1) into `out`.
#[inline(always)]
pub(crate) fn terms_row(row: &[f64], out: &mut [f64]) {
    penalties_row(row, out);
    for t in out.iter_mut() {
        *t = term(1.0, *t);
    }
}

/// Ranks the penalties of one dependence group, hypothesis by hypothesis,
/// and writes each member's rank weight `w_j = keep^j` and term `-w_j p`
/// (docs/model.md section 2, step 3).
///
/// `pen` holds the members' penalties, member-major (`m * n + h`), with the
/// members in id order; `weights` and `terms` have the same layout. For
/// each hypothesis the members are taken in decreasing order of penalty,
/// equal penalties in id order. `order` is scratch space.
pub(crate) fn rank_group(
    keep: f64,
    pen: &[f64],
    n: usize,
    order: &mut Vec<usize>,
    weights: &mut [f64],
    terms: &mut [f64],
) {
    if n == 0 {
        return;
    }
    let k = pen.len() / n;
    for h in 0..n {
        order.clear();
        order.extend(0..k);
        order.sort_unstable_by(|&a, &b| pen[b * n + h].total_cmp(&pen[a * n + h]).then(a.cmp(&b)));
        let mut w = 1.0;
        for &m in order.iter() {
            let at = m * n + h;
            weights[at] = w;
            terms[at] = term(w, pen[at]);
            w *= keep;
        }
    }
}

/// Every item's terms and rank weights, item-major, from the effective
/// log-likelihoods `effective` (item-major): weight 1 outside any group,
/// the rank weight inside one.
pub(crate) fn all_terms(
    layout: &Layout,
    effective: &[f64],
    n: usize,
    weights: &mut [f64],
    terms: &mut [f64],
) {
    for ((row, w), t) in effective
        .chunks_exact(n)
        .zip(weights.chunks_exact_mut(n))
        .zip(terms.chunks_exact_mut(n))
    {
        terms_row(row, t);
        w.fill(1.0);
    }
    let mut scratch = GroupScratch::default();
    for g in &layout.groups {
        scratch.rank(g, n, |i| effective.get(i * n..(i + 1) * n));
        for (m, &i) in g.items.iter().enumerate() {
            let range = i * n..(i + 1) * n;
            if let (Some(w), Some(t)) = (weights.get_mut(range.clone()), terms.get_mut(range)) {
                w.copy_from_slice(&scratch.weights[m * n..(m + 1) * n]);
                t.copy_from_slice(&scratch.terms[m * n..(m + 1) * n]);
            }
        }
    }
}

/// Reusable buffers for ranking one group.
#[derive(Debug, Clone, Default)]
pub(crate) struct GroupScratch {
    pen: Vec<f64>,
    order: Vec<usize>,
    /// The members' rank weights, member-major, after [`GroupScratch::rank`].
    pub(crate) weights: Vec<f64>,
    /// The members' terms, member-major, after [`GroupScratch::rank`].
    pub(crate) terms: Vec<f64>,
}

impl GroupScratch {
    /// Ranks group `g`, whose member `i`'s effective row `row(i)` gives
    /// (rows it does not give count as uninformative).
    pub(crate) fn rank<'r>(
        &mut self,
        g: &Members,
        n: usize,
        row: impl Fn(usize) -> Option<&'r [f64]>,
    ) {
        let k = g.items.len();
        self.pen.clear();
        self.pen.resize(k * n, 0.0);
        for (m, &i) in g.items.iter().enumerate() {
            if let Some(r) = row(i) {
                penalties_row(r, &mut self.pen[m * n..(m + 1) * n]);
            }
        }
        self.weights.clear();
        self.weights.resize(k * n, 0.0);
        self.terms.clear();
        self.terms.resize(k * n, 0.0);
        rank_group(
            g.keep,
            &self.pen,
            n,
            &mut self.order,
            &mut self.weights,
            &mut self.terms,
        );
    }
}

/// The normalisation of a vector of joint log-probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Normalised {
    /// Highest joint, first on a tie.
    pub(crate) leader: usize,
    /// `1 + sum_{k != leader} exp(x_k - x_leader)`.
    pub(crate) norm: f64,
}

/// The leader of joint log-probabilities and its value: the first place
/// of the largest (by `>`, so a NaN never displaces a leader), or `None`
/// when there is no place or the largest is `-inf` (every hypothesis
/// eliminated). Every normalising path takes its leader here. Always
/// inlined, so that it is compiled for its caller's instruction set.
#[inline(always)]
pub(crate) fn leader(ln_joint: &[f64]) -> Option<(usize, f64)> {
    let mut leader = 0;
    for (h, &x) in ln_joint.iter().enumerate() {
        if x > ln_joint[leader] {
            leader = h;
        }
    }
    let top = *ln_joint.get(leader)?;
    (top != f64::NEG_INFINITY).then_some((leader, top))
}

/// `None` when every hypothesis is eliminated.
///
/// The rivals' `exp(x - top)` are taken [`RIVALS_AT_ONCE`] at a time by
/// [`exp::exp_in_place`] (the bits of `f64::exp`) and summed in order from
/// `-0.0`, skipping the leader, as every normalising path does.
pub(crate) fn normalise(ln_joint: &[f64]) -> Option<Normalised> {
    let (leader, top) = leader(ln_joint)?;
    let mut rest = -0.0;
    let mut buffer = [0.0; RIVALS_AT_ONCE];
    for (c, xs) in ln_joint.chunks(RIVALS_AT_ONCE).enumerate() {
        let first = c * RIVALS_AT_ONCE;
        let e = &mut buffer[..xs.len()];
        for (k, (o, &x)) in e.iter_mut().zip(xs).enumerate() {
            // the leader's place: exp(-inf) is 0, and certain at once
            *o = if first + k == leader {
                f64::NEG_INFINITY
            } else {
                x - top
            };
        }
        exp::exp_in_place(e);
        for (k, &v) in e.iter().enumerate() {
            if first + k != leader {
                rest += v;
            }
        }
    }
    Some(Normalised {
        leader,
        norm: 1.0 + rest,
    })
}

/// Exponentials [`normalise`] takes together: two blocks of
/// [`exp::exp_in_place`], on the stack.
const RIVALS_AT_ONCE: usize = 16;

/// The posterior probability of `h`: `exp(x_h - x_leader) / norm`.
///
/// One exponential, by `f64::exp`: alone, libm's call is faster than a
/// block of [`exp::exp_in_place`] (whose bits are the same).
pub(crate) fn probability(ln_joint: &[f64], n: &Normalised, h: usize) -> f64 {
    let p = match ln_joint.get(h) {
        Some(&x) if x == f64::NEG_INFINITY => 0.0,
        Some(_) if h == n.leader => 1.0 / n.norm,
        Some(&x) => (x - ln_joint[n.leader]).exp() / n.norm,
        None => 0.0,
    };
    p.clamp(0.0, 1.0)
}

/// `ln post(h) = (x_h - x_leader) - ln(norm)`.
pub(crate) fn ln_probability(ln_joint: &[f64], n: &Normalised, h: usize) -> f64 {
    match ln_joint.get(h) {
        Some(_) if h == n.leader => -(n.norm - 1.0).ln_1p(),
        Some(&x) if x == f64::NEG_INFINITY => f64::NEG_INFINITY,
        Some(&x) => (x - ln_joint[n.leader]) - (n.norm - 1.0).ln_1p(),
        None => f64::NEG_INFINITY,
    }
}

/// The verdict's status (docs/model.md section 5): the leader reaches the
/// threshold and shares the lead with nobody. At threshold 1 the leader's
/// posterior must be exactly 1, so every rival must be eliminated: a rival
/// that survives at 1e-20 rounds the `f64` posterior to 1.0 but leaves the
/// exact one below it, and the reference (tests/reference/model.py) says
/// insufficient.
pub(crate) fn status(ln_joint: &[f64], n: &Normalised, threshold: f64) -> Status {
    let top = ln_joint[n.leader];
    let tied = ln_joint
        .iter()
        .enumerate()
        .any(|(k, &x)| k != n.leader && x == top);
    let rival_survives = || {
        ln_joint
            .iter()
            .enumerate()
            .any(|(k, &x)| k != n.leader && x != f64::NEG_INFINITY)
    };
    let reaches =
        probability(ln_joint, n, n.leader) >= threshold && !(threshold >= 1.0 && rival_survives());
    if reaches && !tied {
        Status::Attributed
    } else {
        Status::Insufficient
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalise` as it was written with one `f64::exp` a rival.
    fn with_libm(ln_joint: &[f64]) -> Option<Normalised> {
        let mut leader = 0;
        for (h, &x) in ln_joint.iter().enumerate() {
            if x > ln_joint[leader] {
                leader = h;
            }
        }
        let top = *ln_joint.get(leader)?;
        if top == f64::NEG_INFINITY {
            return None;
        }
        let rest: f64 = ln_joint
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != leader)
            .map(|(_, &x)| (x - top).exp())
            .sum();
        Some(Normalised {
            leader,
            norm: 1.0 + rest,
        })
    }

    #[test]
    fn normalise_has_the_bits_of_one_libm_exp_a_rival() {
        let mut next = crate::numeric::bits53(0x853c_49e6_748f_ea9b);
        // up to 40 hypotheses: several chunks of RIVALS_AT_ONCE and a part
        for round in 0..20_000 {
            let n = 1 + round % 40;
            let x: Vec<f64> = (0..n)
                .map(|_| match next() % 12 {
                    0 => f64::NEG_INFINITY,
                    1 => -745.0 - (next() % 100) as f64,
                    2 => 0.0,
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 5),
                })
                .collect();
            let (got, want) = (normalise(&x), with_libm(&x));
            assert_eq!(got.map(|n| n.leader), want.map(|n| n.leader), "{x:?}");
            assert_eq!(
                got.map(|n| n.norm.to_bits()),
                want.map(|n| n.norm.to_bits()),
                "{x:?}"
            );
        }
        assert_eq!(normalise(&[]), None);
        assert_eq!(normalise(&[f64::NEG_INFINITY; 20]), None);
    }
}
