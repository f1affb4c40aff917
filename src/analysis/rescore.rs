//! Rescoring a case after a small change, in time proportional to the
//! change rather than to the case: the engine of leave-one-out and of the
//! break-even searches.
//!
//! The case is scored once; its per-hypothesis totals are exact sums
//! ([`LogTotals`]), so taking an item's terms out and putting others in gives
//! the very totals that scoring the changed case from scratch would give,
//! bit for bit. An item outside any group changes only its own terms; an
//! item inside a dependence group changes the ranks, and so the terms, of
//! its group (docs/model.md section 2, step 3), which is ranked anew.

use crate::domain::case::Case;
use crate::numeric::totals::{LogTotal, LogTotals};
use crate::scoring::engine::{self, GroupScratch, ItemModel, Layout};

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
    sums: LogTotals,
    pub(crate) ln_prior: Vec<f64>,
    pub(crate) threshold: f64,
    ranking: GroupScratch,
    /// Buffers of [`Rescorer::joint_with`], reused across calls.
    changed_rows: Vec<f64>,
    new_terms: Vec<f64>,
    /// The items whose old terms `old` holds, per hypothesis.
    old_items: Vec<usize>,
    old: LogTotals,
    /// Per group, built on first use: its members' penalties and, per
    /// hypothesis, their ranking.
    group_cache: Vec<Option<GroupCache>>,
    /// Per item, its position among its group's members.
    member_of: Vec<Option<usize>>,
}

/// A group's penalties (member-major) and, per hypothesis, its members in
/// rank order (`order[h * k..(h + 1) * k]`).
#[derive(Debug)]
struct GroupCache {
    pen: Vec<f64>,
    order: Vec<usize>,
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
            .flat_map(|e| e.fields.likelihoods.iter().map(|l| l.midpoint().get().ln()))
            .collect();
        let effective = case.effective_rows(&models);
        let layout = case.layout();
        let mut terms = vec![0.0; effective.len()];
        let mut weights = vec![0.0; effective.len()];
        engine::all_terms(&layout, &effective, n, &mut weights, &mut terms);
        let mut sums = LogTotals::exact(n);
        for t in terms.chunks_exact(n.max(1)) {
            sums.add(t);
        }
        let groups = layout.groups.len();
        let mut member_of = vec![None; case.evidence.len()];
        for g in &layout.groups {
            for (m, &i) in g.items.iter().enumerate() {
                if let Some(x) = member_of.get_mut(i) {
                    *x = Some(m);
                }
            }
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
            ranking: GroupScratch::default(),
            changed_rows: Vec::new(),
            new_terms: Vec::new(),
            // No touched item yet: empty old sums (a source with no items
            // touches none, and must still find them sized).
            old_items: Vec::new(),
            old: LogTotals::exact(n),
            group_cache: (0..groups).map(|_| None).collect(),
            member_of,
        }
    }

    /// The joint log-probabilities of the case as it stands, into `out`.
    pub(crate) fn joint(&mut self, out: &mut [f64]) {
        // exact totals give every joint
        self.sums.joint_into(&self.ln_prior, out);
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
            self.sums
                .joint_into(&self.ln_prior, &mut out[i * n..(i + 1) * n]);
            self.sums.add(t);
        }
        let mut pen = Vec::new();
        let mut order: Vec<usize> = Vec::new();
        let mut suffix: Vec<LogTotal> = Vec::new();
        let mut total = LogTotal::default();
        let mut rest = LogTotals::exact(n);
        for g in &self.layout.groups {
            let k = g.items.len();
            // The totals without the group.
            rest.copy_from(&self.sums);
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
                let mut acc = LogTotal::default();
                for r in (0..k).rev() {
                    suffix[r].copy_from(&acc);
                    if r >= 1 {
                        acc.add(engine::term(weights[r - 1], pen[order[r] * n + h]));
                    }
                }
                let mut prefix = LogTotal::default();
                let prior = self.ln_prior[h];
                for r in 0..k {
                    let i = g.items[order[r]];
                    total.copy_from_totals(&rest, h);
                    total.add_total(&prefix);
                    total.add_total(&suffix[r]);
                    out[i * n + h] = total.joint(prior);
                    prefix.add(engine::term(weights[r], pen[order[r] * n + h]));
                }
            }
        }
        out
    }

    /// Ranks group `g` anew with the changed items `changed` (their rows in
    /// `rows`, item-major) into `self.ranking.terms` (member-major), as
    /// [`engine::rank_group`] would from scratch: the unchanged members
    /// keep their order, so per hypothesis their ranking (computed once and
    /// kept) is merged with the changed members' in O(k + c log c), not
    /// sorted again in O(k log k).
    fn rerank(&mut self, g: usize, changed: &[usize], rows: &[f64]) {
        let n = self.n;
        let Some(members) = self.layout.groups.get(g) else {
            return;
        };
        let k = members.items.len();
        if self.group_cache[g].is_none() {
            let mut pen = vec![0.0; k * n];
            for (m, &i) in members.items.iter().enumerate() {
                engine::penalties_row(
                    &self.effective[i * n..(i + 1) * n],
                    &mut pen[m * n..(m + 1) * n],
                );
            }
            let mut order = Vec::with_capacity(k * n);
            let mut idx: Vec<usize> = Vec::with_capacity(k);
            for h in 0..n {
                idx.clear();
                idx.extend(0..k);
                idx.sort_unstable_by(|&a, &b| {
                    pen[b * n + h].total_cmp(&pen[a * n + h]).then(a.cmp(&b))
                });
                order.extend_from_slice(&idx);
            }
            self.group_cache[g] = Some(GroupCache { pen, order });
        }
        let Some(cache) = self.group_cache[g].as_ref() else {
            return;
        };
        // The changed members: their positions in the group and penalties.
        let mut moved: Vec<(usize, usize)> = Vec::new(); // (member, row in `rows`)
        for (c, &i) in changed.iter().enumerate() {
            if let Some(m) = self.member_of.get(i).copied().flatten()
                && self.layout.group_of.get(i).copied().flatten() == Some(g)
            {
                moved.push((m, c));
            }
        }
        let mut is_moved = vec![false; k];
        let mut pen_new = vec![0.0; moved.len() * n];
        for (j, &(m, c)) in moved.iter().enumerate() {
            is_moved[m] = true;
            engine::penalties_row(&rows[c * n..(c + 1) * n], &mut pen_new[j * n..(j + 1) * n]);
        }
        let terms = &mut self.ranking.terms;
        terms.clear();
        terms.resize(k * n, 0.0);
        let mut b: Vec<usize> = Vec::with_capacity(moved.len());
        for h in 0..n {
            b.clear();
            b.extend(0..moved.len());
            b.sort_unstable_by(|&x, &y| {
                pen_new[y * n + h]
                    .total_cmp(&pen_new[x * n + h])
                    .then(moved[x].0.cmp(&moved[y].0))
            });
            let mut a = cache.order[h * k..(h + 1) * k]
                .iter()
                .copied()
                .filter(|&m| !is_moved[m])
                .peekable();
            let mut bi = b.iter().copied().peekable();
            let mut w = 1.0;
            loop {
                // the next member in (penalty desc, member asc) order
                let take_b = match (a.peek(), bi.peek()) {
                    (None, None) => break,
                    (Some(_), None) => false,
                    (None, Some(_)) => true,
                    (Some(&ma), Some(&j)) => {
                        let (pa, pb) = (cache.pen[ma * n + h], pen_new[j * n + h]);
                        match pb.total_cmp(&pa) {
                            std::cmp::Ordering::Greater => true,
                            std::cmp::Ordering::Less => false,
                            std::cmp::Ordering::Equal => moved[j].0 < ma,
                        }
                    }
                };
                let (m, p) = if take_b {
                    let Some(j) = bi.next() else { break };
                    (moved[j].0, pen_new[j * n + h])
                } else {
                    let Some(ma) = a.next() else { break };
                    (ma, cache.pen[ma * n + h])
                };
                terms[m * n + h] = engine::term(w, p);
                w *= members.keep;
            }
        }
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
        // Effective rows of the changed items.
        let mut rows = std::mem::take(&mut self.changed_rows);
        rows.clear();
        let mut changed: Vec<usize> = Vec::with_capacity(changes.len());
        for &(i, r) in changes {
            let Some(model) = self.models.get(i) else {
                continue;
            };
            let start = rows.len();
            rows.extend_from_slice(&self.raw[i * n..(i + 1) * n]);
            engine::effective_row(
                self.case.weighting,
                &mut rows[start..],
                &ItemModel { r, ..*model },
            );
            changed.push(i);
        }
        // The items whose terms change, and their new terms (item-major):
        // the changed items outside groups, and every member of a group
        // with a changed item.
        let mut touched: Vec<usize> = Vec::new();
        let mut new_terms = std::mem::take(&mut self.new_terms);
        new_terms.clear();
        let mut groups: Vec<usize> = Vec::new();
        for (k, &i) in changed.iter().enumerate() {
            match self.layout.group_of.get(i).copied().flatten() {
                None => {
                    let start = new_terms.len();
                    new_terms.resize(start + n, 0.0);
                    engine::terms_row(&rows[k * n..(k + 1) * n], &mut new_terms[start..]);
                    touched.push(i);
                }
                Some(g) => {
                    if !groups.contains(&g) {
                        groups.push(g);
                    }
                }
            }
        }
        for &g in &groups {
            self.rerank(g, &changed, &rows);
            new_terms.extend_from_slice(&self.ranking.terms);
            touched.extend_from_slice(&self.layout.groups[g].items);
        }
        // The old terms of the touched items, summed once for a set that
        // comes back step after step (a break-even search).
        if self.old_items != touched {
            self.old_items.clone_from(&touched);
            self.old = LogTotals::exact(n);
            for &i in &touched {
                self.old.add(&self.terms[i * n..(i + 1) * n]);
            }
        }
        // Fast path: total - old + new + prior as certified fast sums.
        let certified = self
            .sums
            .replaced_joint_into(&self.old, &new_terms, &self.ln_prior, out);
        if !certified {
            // Exact path: change the totals, read them, restore them.
            for (k, &i) in touched.iter().enumerate() {
                self.sums.remove(&self.terms[i * n..(i + 1) * n]);
                self.sums.add(&new_terms[k * n..(k + 1) * n]);
            }
            self.joint(out);
            for (k, &i) in touched.iter().enumerate() {
                self.sums.remove(&new_terms[k * n..(k + 1) * n]);
                self.sums.add(&self.terms[i * n..(i + 1) * n]);
            }
        }
        self.changed_rows = rows;
        self.new_terms = new_terms;
    }
}

/// The verdict's outcome of joint log-probabilities: the leader's position
/// when attributed; `None` when insufficient or contradictory.
pub(crate) fn outcome_of(ln_joint: &[f64], threshold: f64) -> Option<usize> {
    let nz = engine::normalise(ln_joint)?;
    match engine::status(ln_joint, &nz, threshold) {
        crate::scoring::verdict::Status::Attributed => Some(nz.leader),
        crate::scoring::verdict::Status::Insufficient => None,
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
}
