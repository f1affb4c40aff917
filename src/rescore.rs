//! Rescoring a case after a small change, in time proportional to the
//! change rather than to the case: the engine of leave-one-out and of the
//! break-even searches.
//!
//! The case is scored once; its per-hypothesis totals are exact sums
//! ([`Sums`]), so taking an item's terms out and putting others in gives
//! the very totals that scoring the changed case from scratch would give,
//! bit for bit. An item outside any group changes only its own terms; an
//! item inside a dependence group changes the ranks, and so the terms, of
//! its group (docs/model.md section 2, step 3), which is ranked anew.

use crate::case::Case;
use crate::engine::{self, GroupScratch, ItemModel, Layout, Sums};
use crate::sum::ExactSum;

/// A scored case, ready to be rescored after small changes.
#[derive(Debug)]
pub(crate) struct Rescorer<'a> {
    pub(crate) case: &'a Case,
    pub(crate) n: usize,
    models: Vec<ItemModel>,
    pub(crate) layout: Layout,
    /// The stated likelihoods' logs (midpoints), item-major.
    raw: Vec<f64>,
    /// Effective log-likelihoods `ln l''`, item-major.
    effective: Vec<f64>,
    /// Terms `-w p`, item-major.
    terms: Vec<f64>,
    /// Per hypothesis, the exact total of every term.
    sums: Sums,
    pub(crate) ln_prior: Vec<f64>,
    pub(crate) threshold: f64,
    scratch: ExactSum,
    ranking: GroupScratch,
}

impl<'a> Rescorer<'a> {
    /// Scores `case` (with its items' point models) and keeps what
    /// rescoring needs.
    pub(crate) fn new(case: &'a Case) -> Rescorer<'a> {
        let n = case.hypotheses.len();
        let models = case.item_models();
        let raw: Vec<f64> = case
            .evidence
            .iter()
            .flat_map(|e| e.likelihoods.iter().map(|l| l.midpoint().get().ln()))
            .collect();
        let effective = case.effective_rows(&models);
        let layout = case.layout();
        let mut terms = vec![0.0; effective.len()];
        let mut weights = vec![0.0; effective.len()];
        engine::all_terms(&layout, &effective, n, &mut weights, &mut terms);
        let mut sums = Sums::new(n);
        for t in terms.chunks_exact(n.max(1)) {
            sums.add(t);
        }
        Rescorer {
            case,
            n,
            models,
            layout,
            raw,
            effective,
            terms,
            sums,
            ln_prior: case.prior.ln_relative.clone(),
            threshold: case.threshold().get(),
            scratch: ExactSum::default(),
            ranking: GroupScratch::default(),
        }
    }

    /// The joint log-probabilities of the case as it stands, into `out`.
    pub(crate) fn joint(&mut self, out: &mut [f64]) {
        self.sums.joint(&self.ln_prior, &mut self.scratch, out);
    }

    /// For every item, the joint log-probabilities `ln prior(h) + sum of
    /// terms` of the case without it, item-major: exactly what scoring the
    /// case without the item gives.
    ///
    /// An item outside any group: its terms are taken out of the totals.
    /// An item inside a group of `k`: for each hypothesis the group's
    /// members are ranked once, and the total without the member of rank
    /// `r` is the group's terms before `r` (weights `w_j`) plus its terms
    /// after `r` moved up one rank (weights `w_{j-1}`), from exact prefix
    /// and suffix sums. O(E H log k) in all.
    pub(crate) fn leave_one_out(&mut self) -> Vec<f64> {
        let n = self.n;
        let items = self.case.evidence.len();
        let mut out = vec![f64::NEG_INFINITY; items * n];
        for i in 0..items {
            if self.layout.group_of.get(i).copied().flatten().is_some() {
                continue;
            }
            let t = &self.terms[i * n..(i + 1) * n];
            self.sums.remove(t);
            self.sums.joint(
                &self.ln_prior,
                &mut self.scratch,
                &mut out[i * n..(i + 1) * n],
            );
            self.sums.add(t);
        }
        let mut pen = Vec::new();
        let mut order: Vec<usize> = Vec::new();
        let mut suffix: Vec<(ExactSum, usize)> = Vec::new();
        for g in &self.layout.groups {
            let k = g.items.len();
            // The totals without the group.
            let mut rest = self.sums.clone();
            for &i in &g.items {
                rest.remove(&self.terms[i * n..(i + 1) * n]);
            }
            pen.clear();
            pen.resize(k * n, 0.0);
            for (m, &i) in g.items.iter().enumerate() {
                engine::penalties_row(
                    &self.effective[i * n..(i + 1) * n],
                    &mut pen[m * n..(m + 1) * n],
                );
            }
            let mut weights = Vec::with_capacity(k);
            let mut w = 1.0;
            for _ in 0..k {
                weights.push(w);
                w *= g.keep;
            }
            for h in 0..n {
                order.clear();
                order.extend(0..k);
                order.sort_unstable_by(|&a, &b| {
                    pen[b * n + h].total_cmp(&pen[a * n + h]).then(a.cmp(&b))
                });
                // suffix[r]: the terms of ranks after r, each moved up one rank.
                suffix.resize_with(k, Default::default);
                let mut acc = ExactSum::default();
                let mut gone = 0;
                for r in (0..k).rev() {
                    suffix[r].0.copy_from(&acc);
                    suffix[r].1 = gone;
                    if r >= 1 {
                        add_term(
                            &mut acc,
                            &mut gone,
                            engine::term(weights[r - 1], pen[order[r] * n + h]),
                        );
                    }
                }
                let mut prefix = ExactSum::default();
                let mut prefix_gone = 0;
                let prior = self.ln_prior[h];
                for r in 0..k {
                    let i = g.items[order[r]];
                    let eliminated = rest.eliminated(h) + prefix_gone + suffix[r].1 > 0
                        || prior == f64::NEG_INFINITY;
                    out[i * n + h] = if eliminated {
                        f64::NEG_INFINITY
                    } else {
                        let s = &mut self.scratch;
                        s.copy_from(rest.sum(h));
                        s.add_sum(&prefix);
                        s.add_sum(&suffix[r].0);
                        s.add(prior);
                        s.value()
                    };
                    add_term(
                        &mut prefix,
                        &mut prefix_gone,
                        engine::term(weights[r], pen[order[r] * n + h]),
                    );
                }
            }
        }
        out
    }

    /// The verdict's outcome (the leader's position when the case is
    /// attributed, `None` when it is insufficient or contradictory) with the
    /// reliability of some items changed: see [`Rescorer::joint_with`].
    pub(crate) fn outcome_with(&mut self, changes: &[(usize, f64)]) -> Option<usize> {
        let mut joint = vec![0.0; self.n];
        self.joint_with(changes, &mut joint);
        outcome_of(&joint, self.threshold)
    }

    /// The joint log-probabilities, into `out`, with the reliability of
    /// some items changed: `(item, reliability)`. The changed items' terms
    /// are recomputed, their groups ranked anew, and the totals restored
    /// afterwards.
    pub(crate) fn joint_with(&mut self, changes: &[(usize, f64)], out: &mut [f64]) {
        let n = self.n;
        // Effective rows of the changed items, in a copy only where changed.
        let mut rows: Vec<(usize, Vec<f64>)> = Vec::with_capacity(changes.len());
        for &(i, r) in changes {
            let Some(model) = self.models.get(i) else {
                continue;
            };
            let mut row = self.raw[i * n..(i + 1) * n].to_vec();
            engine::effective_row(self.case.weighting, &mut row, &ItemModel { r, ..*model });
            rows.push((i, row));
        }
        let row_of = |i: usize, rows: &[(usize, Vec<f64>)], effective: &'_ [f64]| -> Vec<f64> {
            match rows.iter().find(|(j, _)| *j == i) {
                Some((_, r)) => r.clone(),
                None => effective[i * n..(i + 1) * n].to_vec(),
            }
        };
        // New terms of every item that changes: the changed items outside
        // groups, and every member of a group with a changed item.
        let mut new_terms: Vec<(usize, Vec<f64>)> = Vec::new();
        let mut groups: Vec<usize> = Vec::new();
        for (i, row) in &rows {
            match self.layout.group_of.get(*i).copied().flatten() {
                None => {
                    let mut t = vec![0.0; n];
                    engine::terms_row(row, &mut t);
                    new_terms.push((*i, t));
                }
                Some(g) => {
                    if !groups.contains(&g) {
                        groups.push(g);
                    }
                }
            }
        }
        for &g in &groups {
            let members = &self.layout.groups[g];
            let member_rows: Vec<Vec<f64>> = members
                .items
                .iter()
                .map(|&i| row_of(i, &rows, &self.effective))
                .collect();
            let index = engine::Members {
                keep: members.keep,
                items: (0..members.items.len()).collect(),
            };
            self.ranking
                .rank(&index, n, |m| member_rows.get(m).map(Vec::as_slice));
            for (m, &i) in members.items.iter().enumerate() {
                new_terms.push((i, self.ranking.terms[m * n..(m + 1) * n].to_vec()));
            }
        }
        for (i, t) in &new_terms {
            self.sums.remove(&self.terms[i * n..(i + 1) * n]);
            self.sums.add(t);
        }
        self.joint(out);
        for (i, t) in &new_terms {
            self.sums.remove(t);
            self.sums.add(&self.terms[i * n..(i + 1) * n]);
        }
    }
}

/// Adds a term to an exact sum and a count of eliminations.
fn add_term(sum: &mut ExactSum, gone: &mut usize, t: f64) {
    if t == f64::NEG_INFINITY {
        *gone += 1;
    } else if t != 0.0 {
        sum.add(t);
    }
}

/// The verdict's outcome of joint log-probabilities: the leader's position
/// when attributed; `None` when insufficient or contradictory.
pub(crate) fn outcome_of(ln_joint: &[f64], threshold: f64) -> Option<usize> {
    let nz = engine::normalise(ln_joint)?;
    match engine::status(ln_joint, &nz, threshold) {
        crate::verdict::Status::Attributed => Some(nz.leader),
        crate::verdict::Status::Insufficient => None,
    }
}

impl Case {
    /// The point models of the items, with item `i`'s reliability set to `r`.
    pub(crate) fn item_models_with(&self, i: usize, r: f64) -> Vec<ItemModel> {
        let mut models = self.item_models();
        if let Some(m) = models.get_mut(i) {
            m.r = r;
        }
        models
    }

    /// The reliability of item `i` as scoring uses it, with the discount of
    /// its source and its own discount replaced where given: the same
    /// product, in the same order, as [`Case::reliability_with`] on a case
    /// whose discounts were set so.
    pub(crate) fn reliability_discounted(
        &self,
        i: usize,
        source_discount: Option<f64>,
        item_discount: Option<f64>,
    ) -> f64 {
        let Some(e) = self.evidence.get(i) else {
            return 1.0;
        };
        let base = match e.reliability {
            Some(r) => r.midpoint().get(),
            None => {
                let source = self.source_of(i).map_or(1.0, |s| s.reliability().get());
                source * e.credibility.map_or(1.0, |c| c.value().get())
            }
        };
        let sd = source_discount
            .unwrap_or_else(|| self.source_of(i).map_or(1.0, |s| s.discount().get()));
        let id = item_discount.unwrap_or_else(|| e.discount().get());
        (base * sd * id).clamp(0.0, 1.0)
    }
}
