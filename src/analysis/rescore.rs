//! Rescoring a case after a small change, in time proportional to the
//! change rather than to the case: the engine of leave-one-out and of the
//! break-even searches.
//!
//! The case is scored once; its per-hypothesis totals are exact sums
//! ([`LogTotals`]), so taking an item's terms out and putting others in gives
//! the very totals that scoring the changed case from scratch would give,
//! bit for bit. An item outside any group changes only its own terms; an
//! item inside a dependence group changes the ranks, and so the terms, of
//! the members between its old and new place in its group (docs/model.md
//! section 2, step 3): the group is ranked once, and a change visits only
//! those members, up to the rank where the weights stop changing.

use crate::domain::case::Case;
use crate::domain::weighting::Weighting;
use crate::numeric::sum::FastSum;
use crate::numeric::totals::LogTotals;
use crate::scoring::engine::{self, ItemModel, Layout};
use std::cmp::Ordering;

/// A scored case, ready to be rescored after small changes.
#[derive(Debug)]
pub(crate) struct Rescorer {
    /// The case's weighting model: all a rescoring needs of the case
    /// itself, so that a rescorer can outlive the borrow it was built
    /// from (a report keeps one for its charts).
    pub(crate) weighting: Weighting,
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
    /// Per hypothesis, `sums` as a fast sum of its partials: where every
    /// rescoring starts.
    start: Vec<FastSum>,
    pub(crate) ln_prior: Vec<f64>,
    pub(crate) threshold: f64,
    /// Per group, built on first use: its members ranked as scoring ranks
    /// them.
    ranks: Vec<Option<GroupRank>>,
    /// Per item, its position among its group's members.
    member_of: Vec<Option<usize>>,
    /// Buffers of [`Rescorer::joint_with`], reused across calls: the
    /// changed rows, and per hypothesis the terms taken out and put in.
    changed_rows: Vec<f64>,
    gone: Vec<Vec<f64>>,
    came: Vec<Vec<f64>>,
    /// Per member of the group being changed, whether it is changed.
    marked: Vec<bool>,
    /// Per hypothesis, a bound on the total of the changes a rescoring
    /// left out ([`Rescorer::changes_of`] with `cut`).
    extra: Vec<f64>,
    /// Per hypothesis, how small the changes left out must be: 2^-72 of
    /// the magnitude of its joint, far below half a unit of its rounding
    /// (2^-54 of it), so that the joint's rounding is almost always
    /// certified without them.
    cut_below: Vec<f64>,
    /// The sum of the magnitudes of every finite stated and effective
    /// log-likelihood and term: what bounds the rounding of a total
    /// (see [`Rescorer::slack`]).
    magnitude: f64,
}

/// A dependence group ranked once, hypothesis by hypothesis, as
/// [`engine::rank_group`] ranks it (penalty descending, then member, that
/// is id, ascending).
#[derive(Debug)]
struct GroupRank {
    /// The members' penalties, member-major (`m * n + h`).
    pen: Vec<f64>,
    /// Per hypothesis, the members in rank order: `order[h * k + j]`.
    order: Vec<usize>,
    /// Per hypothesis, each member's rank: `rank[h * k + m]`.
    rank: Vec<usize>,
    /// The rank weights `w_j`, as scoring multiplies them out.
    w: Vec<f64>,
    /// The rank from which the weights no longer change ([`settled`]): a
    /// member moving between two ranks at or past it keeps its term.
    settled: usize,
}

/// The first rank `j` whose weight equals the next one's, or `w.len()`:
/// from there on every weight is the same, since `w_{j+1} = w_j keep`
/// then repeats. 0 for correlation 0 (every weight 1), 1 for correlation
/// 1, else where the weights underflow to 0 (about rank 1 075 at
/// correlation 0.5) or stop at the smallest subnormal (a correlation near
/// 0).
pub(crate) fn settled(w: &[f64]) -> usize {
    w.windows(2).position(|p| p[0] == p[1]).unwrap_or(w.len())
}

impl GroupRank {
    fn new(members: &engine::Members, effective: &[f64], n: usize) -> GroupRank {
        let k = members.items.len();
        let mut pen = vec![0.0; k * n];
        for (m, &i) in members.items.iter().enumerate() {
            if let Some(row) = effective.get(i * n..(i + 1) * n) {
                engine::penalties_row(row, &mut pen[m * n..(m + 1) * n]);
            }
        }
        let mut order = Vec::with_capacity(k * n);
        let mut rank = vec![0; k * n];
        for h in 0..n {
            let at = order.len();
            order.extend(0..k);
            order[at..].sort_unstable_by(|&a, &b| {
                pen[b * n + h].total_cmp(&pen[a * n + h]).then(a.cmp(&b))
            });
            for j in 0..k {
                rank[h * k + order[at + j]] = j;
            }
        }
        let mut w = Vec::with_capacity(k);
        let mut x = 1.0;
        for _ in 0..k {
            w.push(x);
            x *= members.keep;
        }
        let settled = settled(&w);
        GroupRank {
            pen,
            order,
            rank,
            w,
            settled,
        }
    }

    /// Whether static member `x` comes before a member `m` with penalty `q`
    /// for hypothesis `h` in rank order.
    fn precedes(&self, x: usize, q: f64, m: usize, h: usize, n: usize) -> bool {
        match self.pen[x * n + h].total_cmp(&q) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => x < m,
        }
    }
}

impl Rescorer {
    /// Scores `case` (with its items' point models) and keeps what
    /// rescoring needs: what [`Rescorer::of_point`] reuses of the case's
    /// scoring, computed here on its own (the tests hold one to the
    /// other).
    #[cfg(test)]
    pub(crate) fn new(case: &Case) -> Rescorer {
        let n = case.hypotheses.len();
        let models = case.item_models();
        let effective = case.effective_rows(&models);
        let layout = case.layout();
        let mut terms = vec![0.0; effective.len()];
        let mut weights = vec![0.0; effective.len()];
        engine::all_terms(&layout, &effective, n, &mut weights, &mut terms);
        Rescorer::scored(case, models, layout, effective, terms)
    }

    /// [`Rescorer::new`] from the case's scoring `point` ([`Case::score`],
    /// whose effective rows and terms are those `new` computes, from the
    /// same point models by the same functions): the rows are not
    /// weighed nor the groups ranked a second time.
    pub(crate) fn of_point(case: &Case, point: &crate::scoring::posterior::Posterior) -> Rescorer {
        Rescorer::scored(
            case,
            case.item_models(),
            case.layout(),
            point.effective.clone(),
            point.terms.clone(),
        )
    }

    /// The rescorer of `case` scored with `models`: `effective` its
    /// effective rows and `terms` its terms, item-major, grouped by
    /// `layout`.
    fn scored(
        case: &Case,
        models: Vec<ItemModel>,
        layout: Layout,
        effective: Vec<f64>,
        terms: Vec<f64>,
    ) -> Rescorer {
        let n = case.hypotheses.len();
        let raw: Vec<f64> = case
            .evidence
            .iter()
            .flat_map(|e| e.fields.likelihoods.iter().map(|l| l.midpoint().get().ln()))
            .collect();
        let mut sums = LogTotals::exact(n);
        for t in terms.chunks_exact(n.max(1)) {
            sums.add(t);
        }
        let start = (0..n).map(|h| sums.fast_start(h)).collect();
        let cut_below = (0..n)
            .map(|h| {
                let p = case.prior.ln_relative.get(h).copied().unwrap_or(0.0);
                let total = sums.exact_sum(h).value();
                let size = if p.is_finite() { p.abs() } else { 0.0 } + total.abs();
                if size.is_finite() {
                    size * (2.0f64).powi(-72)
                } else {
                    0.0
                }
            })
            .collect();
        let magnitude = raw
            .iter()
            .chain(&effective)
            .chain(&terms)
            .chain(models.iter().filter_map(|m| m.ln_chance.as_ref()))
            .filter(|x| x.is_finite())
            .map(|x| x.abs())
            .sum();
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
            weighting: case.weighting,
            n,
            models,
            layout,
            raw,
            effective,
            terms,
            sums,
            start,
            ln_prior: case.prior.ln_relative.clone(),
            threshold: case.threshold().get(),
            ranks: (0..groups).map(|_| None).collect(),
            member_of,
            changed_rows: Vec::new(),
            gone: vec![Vec::new(); n],
            came: vec![Vec::new(); n],
            marked: Vec::new(),
            extra: vec![0.0; n],
            cut_below,
            magnitude,
        }
    }

    /// Whether every joint log-probability `ln prior(h) - (the total
    /// penalty against h)` is nonincreasing in the reliability of the
    /// `items` (all raised or lowered together): then a break-even search
    /// may bound a whole interval of discounts by its two ends.
    ///
    /// Why: with the mixture, `l''(h) = A + r B(h)` where `A = (1 - q)
    /// (1 - c) + q c >= 0` (chance `c`, observation `q`) does not depend on
    /// `h`, so the hypothesis of largest `B` has the largest `l''` at every
    /// `r > 0`, and a penalty `p(h) = ln((A + r B_max) / (A + r B(h)))` has
    /// derivative of the sign of `A (B_max - B(h)) >= 0`: nondecreasing in
    /// `r`, 0 at `r = 0`. Tempered without an observation step, `p(h) = r
    /// (ln l_max - ln l(h))`: the same. A group's penalty against `h`,
    /// `sum_j w_j p_(j)(h)` with `w_j >= 0` over its members' penalties in
    /// decreasing order, never decreases when one of them grows (an
    /// ordered weighted sum with nonnegative weights is nondecreasing in
    /// each argument); an item outside any group adds its own. So every
    /// total penalty is nondecreasing in `r`, and each item's `r` is its
    /// base times the discount, clamped: nondecreasing in the discount.
    /// Tempered with an observation `q` other than 1 is not covered.
    pub(crate) fn monotone_in(&self, items: &[usize]) -> bool {
        match self.weighting {
            crate::domain::weighting::Weighting::Mixture => true,
            crate::domain::weighting::Weighting::Tempered => items.iter().all(|&i| {
                self.models
                    .get(i)
                    .is_some_and(|m| m.observed.is_none_or(|q| q == 1.0))
            }),
        }
    }

    /// Whether item `i` is in a dependence group.
    pub(crate) fn is_grouped(&self, i: usize) -> bool {
        self.layout.group_of.get(i).copied().flatten().is_some()
    }

    /// How far a computed joint log-probability may stray from the exact
    /// function of the discount that [`Rescorer::monotone_in`] reasons
    /// about: 256 units of rounding of the sum of the magnitudes of every
    /// log-likelihood and term of the case (each computed term errs by a
    /// few units of rounding of the logs it comes from, and the total is
    /// rounded once). Generous by a wide margin.
    pub(crate) fn slack(&self) -> f64 {
        256.0 * f64::EPSILON * (1.0 + self.magnitude)
    }

    /// The effective log-likelihoods `ln l''` of the case, item-major.
    #[cfg(all(feature = "plot", feature = "monte-carlo"))]
    pub(crate) fn effective(&self) -> &[f64] {
        &self.effective
    }

    /// Group `g` ranked, built on first use.
    fn ranked(&mut self, g: usize) -> Option<&GroupRank> {
        let slot = self.ranks.get_mut(g)?;
        if slot.is_none() {
            *slot = Some(GroupRank::new(
                self.layout.groups.get(g)?,
                &self.effective,
                self.n,
            ));
        }
        slot.as_ref()
    }

    /// For every item, the joint log-probabilities `ln prior(h) + sum of
    /// terms` of the case without it, item-major: exactly what scoring the
    /// case without the item gives, bit for bit.
    ///
    /// An item outside any group: its terms are taken out of the totals.
    /// An item inside a group, at rank `r` for hypothesis `h`: its term and
    /// those of the members after it are taken out, and theirs moved up one
    /// rank put in (weights `w_{j-1}`). For each group and hypothesis these
    /// changes, for every `r`, are suffix sums built once from the last
    /// rank whose weight differs from the next one's ([`settled`]) down, as fast sums merged in O(1)
    /// ([`FastSum::add_fast`]); a total they cannot certify is summed
    /// exactly from the changed terms. O(E H) in all, whatever the size of
    /// the groups, unless a total is refused.
    pub(crate) fn leave_one_out(&mut self) -> Vec<f64> {
        let n = self.n;
        let items = self.member_of.len();
        let mut out = vec![f64::NEG_INFINITY; items * n];
        for i in 0..items {
            if self.layout.group_of.get(i).copied().flatten().is_some() {
                continue;
            }
            for h in 0..n {
                let t = self.terms[i * n + h];
                out[i * n + h] =
                    self.sums
                        .changed_joint(h, self.ln_prior[h], &self.start[h], &[t], &[]);
            }
        }
        // Per rank r (below `end`): the fast sum of the changes, and how
        // many eliminating terms go and come.
        let mut delta: Vec<(FastSum, usize, usize)> = Vec::new();
        let (mut gone, mut came) = (Vec::new(), Vec::new());
        for g in 0..self.layout.groups.len() {
            if self.ranked(g).is_none() {
                continue;
            }
            let (Some(Some(rank)), Some(members)) = (self.ranks.get(g), self.layout.groups.get(g))
            else {
                continue;
            };
            let k = members.items.len();
            let end = k.min(rank.settled + 1);
            for h in 0..n {
                let order = &rank.order[h * k..(h + 1) * k];
                let cur = |j: usize| self.terms[members.items[order[j]] * n + h];
                let up = |j: usize| engine::term(rank.w[j - 1], rank.pen[order[j] * n + h]);
                delta.clear();
                delta.resize(end, (FastSum::default(), 0, 0));
                let mut acc = FastSum::default();
                let (mut lost, mut won) = (0, 0);
                for r in (0..end).rev() {
                    // ranks after r, moved up, are in `acc`; r goes
                    let mut here = acc;
                    let t = cur(r);
                    let mut here_lost = lost;
                    if t == f64::NEG_INFINITY {
                        here_lost += 1;
                    } else if t != 0.0 {
                        here.add(-t);
                    }
                    delta[r] = (here, here_lost, won);
                    // for the ranks before r: r goes, and comes moved up
                    if t == f64::NEG_INFINITY {
                        lost += 1;
                    } else if t != 0.0 {
                        acc.add(-t);
                    }
                    if r >= 1 {
                        let u = up(r);
                        if u == f64::NEG_INFINITY {
                            won += 1;
                        } else if u != 0.0 {
                            acc.add(u);
                        }
                    }
                }
                let prior = self.ln_prior[h];
                let all = self.sums.eliminated(h);
                for (r, &m) in order.iter().enumerate() {
                    let i = members.items[m];
                    let Some(&(d, lost, won)) = delta.get(r) else {
                        // past the last change of weight: its term goes,
                        // the others keep theirs
                        let t = [cur(r)];
                        out[i * n + h] = self.sums.changed_joint(h, prior, &self.start[h], &t, &[]);
                        continue;
                    };
                    if all + won > lost || prior == f64::NEG_INFINITY {
                        out[i * n + h] = f64::NEG_INFINITY;
                        continue;
                    }
                    let mut f = self.start[h];
                    f.add_fast(&d);
                    f.add(prior);
                    out[i * n + h] = match f.value() {
                        Some(v) => v,
                        None => {
                            gone.clear();
                            came.clear();
                            gone.extend((r..end).map(cur));
                            came.extend((r + 1..end).map(up));
                            self.sums
                                .changed_joint(h, prior, &self.start[h], &gone, &came)
                        }
                    };
                }
            }
        }
        out
    }

    /// Puts into `self.gone` and `self.came` the terms of group `g` that
    /// change when its members `moved` (member, row in `rows`) take the
    /// effective rows `rows`, as ranking the group anew from scratch would
    /// give them. Per hypothesis: the moved members' new ranks come from a
    /// binary search among the others (whose order does not change), and
    /// only the others whose rank changes, and whose weight with it, are
    /// visited: O(c log k + the ranks between a moved member's old and new
    /// place, up to the rank where the weights settle), not O(k).
    fn group_changes(&mut self, g: usize, moved: &[(usize, usize)], rows: &[f64], cut: bool) {
        let n = self.n;
        if self.ranked(g).is_none() {
            return;
        }
        let (Some(Some(rank)), Some(members)) = (self.ranks.get(g), self.layout.groups.get(g))
        else {
            return;
        };
        let k = members.items.len();
        let c = moved.len();
        let mut pen_new = vec![0.0; c * n];
        for (j, &(_, row)) in moved.iter().enumerate() {
            engine::penalties_row(
                &rows[row * n..(row + 1) * n],
                &mut pen_new[j * n..(j + 1) * n],
            );
        }
        // sized once to the largest group, and cleared of these marks
        // below: O(c), not O(k), per call
        if self.marked.len() < k {
            self.marked.resize(k, false);
        }
        for &(m, _) in moved {
            self.marked[m] = true;
        }
        let mut by_new: Vec<usize> = (0..c).collect();
        let mut old_ranks: Vec<usize> = Vec::with_capacity(c);
        let mut inserted: Vec<usize> = Vec::with_capacity(c);
        for h in 0..n {
            let order = &rank.order[h * k..(h + 1) * k];
            let (gone, came) = (&mut self.gone[h], &mut self.came[h]);
            by_new.sort_unstable_by(|&x, &y| {
                pen_new[y * n + h]
                    .total_cmp(&pen_new[x * n + h])
                    .then(moved[x].0.cmp(&moved[y].0))
            });
            old_ranks.clear();
            old_ranks.extend(moved.iter().map(|&(m, _)| rank.rank[h * k + m]));
            old_ranks.sort_unstable();
            // Each moved member: the others before it (`inserted`, in new
            // order, nondecreasing), its new rank, its old and new term.
            inserted.clear();
            for (at, &j) in by_new.iter().enumerate() {
                let (m, q) = (moved[j].0, pen_new[j * n + h]);
                let s = order.partition_point(|&x| rank.precedes(x, q, m, h, n));
                let others = s - old_ranks.partition_point(|&a| a < s);
                inserted.push(others);
                gone.push(self.terms[members.items[m] * n + h]);
                came.push(engine::term(rank.w[others + at], q));
            }
            // The others between the old and new places shift by the moved
            // members that left before them less those that came before.
            let lo = old_ranks
                .first()
                .copied()
                .unwrap_or(k)
                .min(inserted.first().copied().unwrap_or(k));
            let (mut left, mut arrived) = (0, 0);
            for (s, &x) in order.iter().enumerate().skip(lo) {
                // Every member from rank s on moves by at most c ranks,
                // and has a penalty at most p = pen(order[s]): its term
                // changes by at most (w_{j-c} - w_{j+c}) p, and these sum
                // to at most 2 c w_{s-c} p (they telescope); doubled for
                // the terms' own rounding.
                if cut && s >= c {
                    let rest = 4.0 * c as f64 * rank.w[s - c] * rank.pen[x * n + h];
                    if rest <= self.cut_below[h] {
                        self.extra[h] += rest;
                        break;
                    }
                }
                while left < c && old_ranks[left] < s {
                    left += 1;
                }
                if self.marked[x] {
                    continue;
                }
                let t = s - left;
                while arrived < c && inserted[arrived] <= t {
                    arrived += 1;
                }
                if left == c && arrived == c {
                    break; // every shift is over
                }
                let now = t + arrived;
                if s >= rank.settled && now >= rank.settled {
                    break; // the same weights from here on
                }
                if now != s && rank.w[now] != rank.w[s] {
                    gone.push(self.terms[members.items[x] * n + h]);
                    came.push(engine::term(rank.w[now], rank.pen[x * n + h]));
                }
            }
        }
        for &(m, _) in moved {
            self.marked[m] = false;
        }
    }

    /// The joint log-probabilities, into `out`, with the reliability of
    /// some items changed: `(item, reliability)`, each item once. The
    /// changed items' terms are recomputed, and in their groups only the
    /// terms of the members whose rank (and weight) changes
    /// ([`Rescorer::group_changes`]); the totals themselves are not
    /// touched ([`LogTotals::changed_joint`]).
    pub(crate) fn joint_with(&mut self, changes: &[(usize, f64)], out: &mut [f64]) {
        self.joint_and_parts(changes, out, None);
    }

    /// [`Rescorer::joint_with`], and into `parts` the sums over the
    /// changed items outside any group that a break-even search's bounds
    /// need ([`Parts`]). The joints are the same, bit for bit.
    pub(crate) fn joint_parts(
        &mut self,
        changes: &[(usize, f64)],
        out: &mut [f64],
        parts: &mut Parts,
    ) {
        self.joint_and_parts(changes, out, Some(parts));
    }

    fn joint_and_parts(
        &mut self,
        changes: &[(usize, f64)],
        out: &mut [f64],
        mut parts: Option<&mut Parts>,
    ) {
        let n = self.n;
        // First with the groups' shifts cut where their weights have
        // fallen below what can move a total's rounding, certified; in
        // full where that cannot be certified.
        self.changes_of(changes, parts.as_deref_mut(), true);
        if self.extra.iter().any(|&e| e > 0.0) {
            let mut certified = true;
            for (h, o) in out.iter_mut().enumerate().take(n) {
                match self.sums.changed_joint_within(
                    h,
                    self.ln_prior[h],
                    &self.start[h],
                    &self.gone[h],
                    &self.came[h],
                    self.extra[h],
                ) {
                    Some(v) => *o = v,
                    None => {
                        certified = false;
                        break;
                    }
                }
            }
            if certified {
                return;
            }
            self.changes_of(changes, parts, false);
        }
        for (h, o) in out.iter_mut().enumerate().take(n) {
            *o = self.sums.changed_joint(
                h,
                self.ln_prior[h],
                &self.start[h],
                &self.gone[h],
                &self.came[h],
            );
        }
    }

    /// Puts into `self.gone` and `self.came` every term that `changes`
    /// take out and put in, and into `parts` their [`Parts`]. With `cut`,
    /// a group's shifted members are visited only up to the rank where
    /// what the rest could change is below [`Rescorer::cut_below`], that
    /// bound going into `self.extra` ([`Rescorer::group_changes`]).
    fn changes_of(&mut self, changes: &[(usize, f64)], mut parts: Option<&mut Parts>, cut: bool) {
        let n = self.n;
        if let Some(p) = parts.as_deref_mut() {
            p.clear(n);
        }
        self.extra.clear();
        self.extra.resize(n, 0.0);
        // Effective rows of the changed items.
        let mut rows = std::mem::take(&mut self.changed_rows);
        rows.clear();
        for v in self.gone.iter_mut().chain(self.came.iter_mut()) {
            v.clear();
        }
        // Per group with changed members: (group, member, row).
        let mut grouped: Vec<(usize, usize, usize)> = Vec::new();
        let mut new_terms = vec![0.0; n];
        for &(i, r) in changes {
            let Some(model) = self.models.get(i) else {
                continue;
            };
            let row = rows.len() / n.max(1);
            rows.extend_from_slice(&self.raw[i * n..(i + 1) * n]);
            engine::effective_row(
                self.weighting,
                &mut rows[row * n..],
                &ItemModel { r, ..*model },
            );
            match (
                self.layout.group_of.get(i).copied().flatten(),
                self.member_of.get(i).copied().flatten(),
            ) {
                (Some(g), Some(m)) => grouped.push((g, m, row)),
                _ => {
                    if let Some(p) = parts.as_deref_mut() {
                        p.add(&rows[row * n..(row + 1) * n]);
                    }
                    engine::terms_row(&rows[row * n..(row + 1) * n], &mut new_terms);
                    for (h, &t) in new_terms.iter().enumerate() {
                        self.gone[h].push(self.terms[i * n + h]);
                        self.came[h].push(t);
                    }
                }
            }
        }
        grouped.sort_unstable();
        let mut moved: Vec<(usize, usize)> = Vec::new();
        for same in grouped.chunk_by(|a, b| a.0 == b.0) {
            moved.clear();
            moved.extend(same.iter().map(|&(_, m, row)| (m, row)));
            self.group_changes(same[0].0, &moved, &rows, cut);
        }
        self.changed_rows = rows;
        if let Some(p) = parts {
            p.finish();
        }
    }
}

/// Sums over the items of a change outside any dependence group, beside
/// the joints (see [`Rescorer::joint_parts`]): what splits each joint
/// `J(h)` into a part concave in the discount and a part nonincreasing in
/// it (the proof is at `Scan::gap` in `sensitivity/search.rs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Parts {
    /// Per hypothesis, `T(h) = sum ln l''(h)` over those items.
    pub(crate) t: Vec<f64>,
    /// `M = sum max_k ln l''(k)` over those items: with `J(h) - T(h) + M`
    /// it gives the joint without their terms.
    pub(crate) m: f64,
    /// A bound on how far each computed `T(h)` and `M` may stray from the
    /// exact sums of the exact functions of the reliabilities: the plain
    /// sum of `k` values errs by less than `k` units of rounding of the sum
    /// of their magnitudes, and each value by a few units of rounding of
    /// its own (allowed 256, as [`Rescorer::slack`] allows).
    pub(crate) err: f64,
    /// How many items were added, and the sum of every magnitude.
    items: usize,
    magnitude: f64,
}

impl Parts {
    fn clear(&mut self, n: usize) {
        self.t.clear();
        self.t.resize(n, 0.0);
        self.m = 0.0;
        self.err = 0.0;
        self.items = 0;
        self.magnitude = 0.0;
    }

    /// Adds the effective row `ln l''` of one item.
    fn add(&mut self, row: &[f64]) {
        let m = engine::row_max(row);
        self.m += m;
        self.magnitude += m.abs();
        for (t, &x) in self.t.iter_mut().zip(row) {
            *t += x;
            self.magnitude += x.abs();
        }
        self.items += 1;
    }

    fn finish(&mut self) {
        self.err = (self.items as f64 + 256.0) * f64::EPSILON * (1.0 + self.magnitude);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Evidence;

    impl Rescorer {
        /// [`Rescorer::joint_with`] visiting every shifted member, never
        /// cut: the second method.
        fn joint_uncut(&mut self, changes: &[(usize, f64)], out: &mut [f64]) {
            self.changes_of(changes, None, false);
            for (h, o) in out.iter_mut().enumerate() {
                *o = self.sums.changed_joint(
                    h,
                    self.ln_prior[h],
                    &self.start[h],
                    &self.gone[h],
                    &self.came[h],
                );
            }
        }
    }

    /// A case whose one dependence group (correlation `rho`) holds 400 of
    /// its 450 items, likelihoods from a fixed sequence.
    fn big_group(rho: f64) -> Case {
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
        };
        let mut b = Case::builder().group("g", rho);
        for h in ["a", "b", "c"] {
            b = b.hypothesis(h, h);
        }
        for i in 0..450 {
            let mut e = Evidence::builder(format!("e{i}")).reliability(0.9);
            for h in ["a", "b", "c"] {
                e = e.likelihood(h, next());
            }
            if i % 9 != 0 {
                e = e.group("g");
            }
            b = b.evidence(e);
        }
        b.build().unwrap()
    }

    /// A rescorer made from the case's scoring holds, bit for bit, what
    /// one that weighs and ranks the case itself holds, and rescores the
    /// same: a grouped case, and one with ranges, a source, an observed
    /// confidence and a chance.
    #[test]
    fn a_rescorer_of_the_point_is_the_rescorer_of_the_case() {
        let mixed = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .hypothesis("c", "C")
            .source("s", "S", 0.7)
            .group("g", 0.4)
            .evidence(
                Evidence::builder("e1")
                    .likelihood_range("a", 0.6, 0.9)
                    .likelihood("b", 0.2)
                    .likelihood("c", 0.1)
                    .source("s"),
            )
            .evidence(
                Evidence::builder("e2")
                    .likelihood("a", 0.3)
                    .likelihood("b", 0.0)
                    .likelihood("c", 0.5)
                    .observed(0.8)
                    .chance(0.25)
                    .group("g"),
            )
            .evidence(
                Evidence::builder("e3")
                    .likelihood("a", 0.4)
                    .likelihood("b", 0.7)
                    .likelihood("c", 0.6)
                    .group("g"),
            )
            .build()
            .unwrap();
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for case in [big_group(0.5), mixed] {
            let point = case.score().unwrap();
            let (mut made, mut of) = (Rescorer::new(&case), Rescorer::of_point(&case, &point));
            assert_eq!(bits(&made.raw), bits(&of.raw));
            assert_eq!(bits(&made.effective), bits(&of.effective));
            assert_eq!(bits(&made.terms), bits(&of.terms));
            assert_eq!(made.layout, of.layout);
            assert_eq!(made.magnitude.to_bits(), of.magnitude.to_bits());
            let n = made.n;
            let (mut x, mut y) = (vec![0.0; n], vec![0.0; n]);
            for i in 0..case.evidence.len() {
                for r in [0.0, 0.5, 1.0] {
                    made.joint_with(&[(i, r)], &mut x);
                    of.joint_with(&[(i, r)], &mut y);
                    assert_eq!(bits(&x), bits(&y), "item {i} at {r}");
                }
            }
        }
    }

    /// Rescoring with a group's shifts cut where the weights have fallen
    /// below what can move the rounding gives the joints of rescoring
    /// with every shift, bit for bit: one member at reliability 0, 0.5
    /// and 1 (the tornado's changes and a break-even's), and ten members
    /// at once (a source's); at correlation 0.5 (weights settle near rank
    /// 1 075: the cut saves most of the visits) and 0.05.
    #[test]
    fn cut_shifts_give_the_joints_of_every_shift() {
        for (rho, coarse) in [(0.5, true), (0.5, false), (0.3, false), (0.05, false)] {
            let case = big_group(rho);
            let mut rescorer = Rescorer::new(&case);
            if coarse {
                // Cut where the changes left out do move the rounding: the
                // bound must then refuse, and every shift be made.
                for c in &mut rescorer.cut_below {
                    *c *= (2.0f64).powi(50);
                }
            }
            let n = rescorer.n;
            let (mut cut, mut full) = (vec![0.0; n], vec![0.0; n]);
            let mut was_cut = 0;
            let mut check = |rescorer: &mut Rescorer, changes: &[(usize, f64)]| {
                rescorer.joint_with(changes, &mut cut);
                if rescorer.extra.iter().any(|&e| e > 0.0) {
                    was_cut += 1;
                }
                rescorer.joint_uncut(changes, &mut full);
                let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&cut), bits(&full), "{changes:?} at correlation {rho}");
            };
            for i in 0..case.evidence.len() {
                for r in [0.0, 0.5, 1.0] {
                    check(&mut rescorer, &[(i, r)]);
                }
            }
            for d in [0.0, 0.3, 0.7] {
                let ten: Vec<(usize, f64)> = (1..450).step_by(45).map(|i| (i, 0.9 * d)).collect();
                check(&mut rescorer, &ten);
            }
            assert_eq!(
                was_cut > 100,
                rho > 0.1,
                "cut {was_cut} times at correlation {rho}"
            );
        }
    }
}
