//! A case compiled for repeated draws ([`Plan`]): what each uncertain
//! item draws ([`Draw`], [`UncertainItem`], the block of likelihood
//! ranges, [`Ranges`]), the totals of the items that are not drawn, how
//! the items are cut into spans and the draws into batches, and the
//! per-thread buffers the draws reuse ([`Workspace`]), with the state a
//! draw keeps while it is made ([`DrawState`], [`Batch`]) and where its
//! terms go ([`Totals`]). The draws themselves are in `draw`, the SIMD
//! operations they run in `kernels`; this file takes nothing from either.

use super::{CHUNK, GROUPED_BUDGET, SPAN_VALUES, Stream, stream};
use crate::domain::case::Case;
use crate::domain::probability::Estimate;
use crate::domain::source::SourceReliability;
use crate::domain::weighting::Weighting;
use crate::error::Error;
use crate::numeric::totals::{LogTotals, RowTotals};
use crate::numeric::{ln_row, sample};
use crate::scoring::engine::{self, ItemModel};
use crate::scoring::verdict::Status;
use std::ops::Range;

/// How one likelihood is drawn.
#[derive(Debug, Clone, Copy)]
pub(super) enum Draw {
    /// Fixed: its value and its log.
    Fixed(f64, f64),
    /// Uniform on a range: the next value of the draw's block of ranges
    /// ([`Plan::ranges`]).
    Range,
    /// `Beta(a, b)`, prebuilt.
    Beta(sample::LnBeta),
}

/// The likelihood ranges of every uncertain item, in the order they are
/// drawn: a draw's block of uniform draws ([`sample::uniforms`]), drawn
/// a run of items at a time ([`Plan::draw_span`]).
#[derive(Debug, Default)]
pub(super) struct Ranges {
    pub(super) low: Vec<f64>,
    pub(super) width: Vec<f64>,
    pub(super) high: Vec<f64>,
}

/// The range of an estimate that spreads over one: `None` for a point,
/// and for a range `[x, x]`, which is a point too (a draw from it gives
/// `x`; no draw is made).
fn spread(e: Option<Estimate>) -> Option<(f64, f64)> {
    match e {
        Some(Estimate::Range { low, high }) if low < high => Some((low.get(), high.get())),
        _ => None,
    }
}

/// How an item's reliability is drawn.
#[derive(Debug, Clone, Copy)]
pub(super) enum ReliabilityDraw {
    Fixed(f64),
    Own(f64, f64),
    Source(usize),
}

#[derive(Debug, Clone)]
pub(super) struct UncertainItem {
    pub(super) index: usize,
    pub(super) likelihoods: Vec<Draw>,
    pub(super) reliability: ReliabilityDraw,
    /// `chance` and `observed` when given as ranges (or words, which are
    /// their bands): drawn uniformly, after the reliability. Items without
    /// draw nothing more, so their draws are as before.
    pub(super) chance: Option<(f64, f64)>,
    pub(super) observed: Option<(f64, f64)>,
    /// The chance when it is given as a point: its value (`model` holds
    /// its log).
    pub(super) point_chance: Option<f64>,
    /// Whether every likelihood is a range: the row is then a slice of
    /// the draw's block of ranges, from `first_range`.
    pub(super) all_ranges: bool,
    /// The position in the draw's block of ranges of the item's first
    /// range, and the least low end of its ranges.
    pub(super) first_range: usize,
    pub(super) range_low: f64,
    /// The position in the draw's block of ranges past the item's last
    /// range.
    pub(super) range_end: usize,
    /// Whether the item's model is the same in every draw: reliability,
    /// chance and observed confidence not drawn.
    pub(super) fixed_model: bool,
    pub(super) model: ItemModel,
    /// Whether the item belongs to a dependence group (whose terms are
    /// ranked once all its members are drawn).
    pub(super) grouped: bool,
    /// For a grouped item, its position among the grouped uncertain items
    /// ([`Plan::slots`]).
    pub(super) slot: usize,
}

/// A case compiled for repeated draws: the items with nothing uncertain
/// are summed once, the others are drawn anew each time.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    pub(super) case: &'a Case,
    pub(super) n: usize,
    pub(super) weighting: Weighting,
    pub(super) threshold: f64,
    /// The totals of the items that are not drawn, fast (copied into each
    /// draw) and exact (copied into a replay).
    pub(super) fixed: LogTotals,
    pub(super) uncertain: Vec<UncertainItem>,
    pub(super) ranges: Ranges,
    /// Whether the draw's block of ranges is the rows themselves: every
    /// uncertain item has only ranges to draw (no reliability, chance or
    /// observed confidence drawn), and none is mixed in linear space. The
    /// rows are then read from the block, with no row drawn item by item.
    pub(super) rows_are_block: bool,
    /// Per uncertain item, its reliability and point chance, when every
    /// row is a row of ranges that stays in the block ([`Plan::no_splits`])
    /// and every item's model is fixed and its row linear in every draw
    /// (outside any group, no observed confidence; a mixture that cannot
    /// fall below [`ln_row::MIX_FLOOR`], or none at reliability 1): a draw
    /// then draws a span's block of ranges [`ln_row::BLOCK`] items at a
    /// time, and takes each piece's chances, where they are the means, its
    /// mixtures' coefficients and its products while the piece is cached
    /// ([`Plan::weigh_and_add`]).
    pub(super) fixed_mixes: Option<Vec<(f64, Option<f64>)>>,
    /// Whether every likelihood drawn is a range, so that no row has a
    /// logarithm split off ([`sample::LnBeta::sample_split`]): the rows'
    /// `row` then needs no zeros, as the logarithms are written, not added.
    pub(super) no_splits: bool,
    /// The dependence groups with an uncertain member: ranked anew in
    /// every draw.
    pub(super) drawn_groups: Vec<engine::Members>,
    /// Per item of the case, its slot when it is a grouped uncertain item:
    /// a draw keeps those items' rows, slot by slot, until its groups are
    /// ranked (the other members' rows are the point rows).
    pub(super) slot_of: Vec<Option<u32>>,
    /// How many grouped uncertain items there are: the slots of a draw.
    pub(super) slots: usize,
    /// Uncertain items per span: a multiple of [`ln_row::BLOCK`] of about
    /// [`SPAN_VALUES`] likelihoods, or every item where they hold at most
    /// four times as many (their samplers, 1 MB at most, then stay in the
    /// second-level cache from one draw to the next; measured in the
    /// caches, 16 x 1 000 Beta likelihoods, spans cost the loop some 3 %).
    /// Each span is drawn in every draw of a batch before the next span.
    pub(super) span: usize,
    /// Draws made together, a batch (at most [`CHUNK`]): as many as the
    /// grouped items' rows allow within [`GROUPED_BUDGET`].
    pub(super) together: usize,
    /// The point effective rows `ln l''` of every item, item-major: the
    /// rows of the items that are not drawn.
    pub(super) point_rows: Vec<f64>,
    /// Per source: its reliability range, when it is one.
    pub(super) source_ranges: Vec<Option<(f64, f64)>>,
    ln_prior: Vec<f64>,
    /// Dirichlet shapes `k0 * prior(h)`, when the prior is drawn.
    pub(super) dirichlet: Option<Vec<f64>>,
    pub(super) point_leader: usize,
    pub(super) point_status: Status,
}

/// Per-thread buffers, reused across draws.
pub(super) struct Workspace {
    /// The totals of a draw, as fast sums.
    pub(super) totals: LogTotals,
    /// The exact totals of a replayed draw.
    pub(super) replay: LogTotals,
    /// Tests only: replay every draw, as if no fast sum were certified.
    #[cfg(test)]
    pub(super) always_replay: bool,
    pub(super) ranking: engine::GroupScratch,
    /// The rows of the uncertain items, item-major: each likelihood drawn
    /// as `ln l = ln lin + row` (or mixed in `lin`), where the row is not
    /// read from the block of ranges; after the logarithms (of the items
    /// taken one by one), `row` holds `ln l'`, then `ln l''`.
    pub(super) lin: Vec<f64>,
    pub(super) row: Vec<f64>,
    /// Per uncertain item, its model in this draw, and whether its mixture
    /// was taken in `lin` (else its row is weighed after the logarithms).
    pub(super) models: Vec<ItemModel>,
    pub(super) mixed: Vec<bool>,
    /// Per uncertain item, its chance in this draw when known as a value
    /// (else the mean of its likelihoods is taken).
    pub(super) chances: Vec<Option<f64>>,
    /// Per uncertain item, in a draw whose rows stay in the block of
    /// ranges, its mixture `(r, (1 - r) c)` ([`UNMIXED`] for none).
    pub(super) mixes: Vec<(f64, f64)>,
    /// Per uncertain item, whether its effective row in this draw is the
    /// logarithm of its likelihoods as drawn (or mixed) in linear space:
    /// outside any group, no logarithm split off, no weighing after the
    /// logarithms. Such items are multiplied together, in blocks
    /// ([`ln_row::Products`]).
    pub(super) linear: Vec<bool>,
    /// The draw's block of likelihood ranges (where the mixtures are
    /// fixed, only the pieces of it that [`ln_row::Products::take_in`]
    /// refused).
    pub(super) units: Vec<f64>,
    /// Where the mixtures are fixed, the piece of the block of ranges
    /// being drawn and weighed: [`ln_row::BLOCK`] rows (8 KB at 16
    /// hypotheses; empty otherwise, and grown to that size should a draw
    /// with fixed mixtures find it smaller).
    pub(super) block: Vec<f64>,
    /// The uncertain items of a span taken one by one in this draw (their
    /// logarithms, weighing and terms): every item that is not linear,
    /// and those of a block that [`ln_row::Products::take_in`] refused.
    pub(super) singles: Vec<usize>,
    /// The terms of a draw's products.
    pub(super) linear_terms: Vec<f64>,
    /// The independent items among `singles`, and the largest value of
    /// each one's row.
    pub(super) maxes: Vec<(usize, f64)>,
    pub(super) terms: Vec<f64>,
    pub(super) ln_prior: Vec<f64>,
    pub(super) joint: Vec<f64>,
    /// The draws made together, each with its own state.
    pub(super) batch: Batch,
}

/// The mixture coefficients `(r, (1 - r) c)` of a row without a mixture:
/// `1 x + 0` is `x`, for every `x >= 0`.
pub(super) const UNMIXED: (f64, f64) = (1.0, 0.0);

/// The leader's mark of a draw that eliminates every hypothesis (its
/// posteriors are NaN, its status insufficient); a draw's mark is
/// otherwise its leader's position.
pub(super) const CONTRADICTORY: u32 = u32::MAX;

impl<'a> Plan<'a> {
    pub(super) fn new(case: &'a Case) -> Result<Plan<'a>, Error> {
        let point = case.score()?;
        let n = case.hypotheses.len();
        let models = case.item_models();
        let k_case = case.uncertainty.likelihood_concentration;
        let source_ranges: Vec<Option<(f64, f64)>> = case
            .sources
            .iter()
            .map(|s| match s.grading {
                Some(SourceReliability::Value(e)) => spread(Some(e)),
                _ => None,
            })
            .collect();
        let layout = case.layout();
        let mut uncertain = Vec::new();
        let mut ranges = Ranges::default();
        for (i, (e, model)) in case.evidence.iter().zip(&models).enumerate() {
            let k = e.concentration.or(k_case).map(|k| k.get());
            let likelihoods: Vec<Draw> = e
                .fields
                .likelihoods
                .iter()
                .map(|&l| match l {
                    Estimate::Range { .. } if spread(Some(l)).is_some() => Draw::Range,
                    Estimate::Range { low: p, .. } => Draw::Fixed(p.get(), p.get().ln()),
                    Estimate::Point(p) => {
                        let p = p.get();
                        match k {
                            Some(k) if p > 0.0 && p < 1.0 => {
                                Draw::Beta(sample::LnBeta::new(k * p, k * (1.0 - p)))
                            }
                            _ => Draw::Fixed(p, p.ln()),
                        }
                    }
                })
                .collect();
            let source_range = case.source_index(i).filter(|&s| source_ranges[s].is_some());
            let reliability = match (e.fields.reliability, source_range) {
                (Some(own), _) => match spread(Some(own)) {
                    Some((low, high)) => ReliabilityDraw::Own(low, high),
                    None => ReliabilityDraw::Fixed(model.r),
                },
                (None, Some(s)) => ReliabilityDraw::Source(s),
                _ => ReliabilityDraw::Fixed(model.r),
            };
            let (chance, observed) = (spread(e.fields.chance), spread(e.fields.observed));
            let drawn = likelihoods.iter().any(|d| !matches!(d, Draw::Fixed(..)))
                || !matches!(reliability, ReliabilityDraw::Fixed(_))
                || chance.is_some()
                || observed.is_some();
            if drawn {
                let first_range = ranges.low.len();
                for l in &e.fields.likelihoods {
                    if let Some((low, high)) = spread(Some(*l)) {
                        ranges.low.push(low);
                        ranges.width.push(high - low);
                        ranges.high.push(high);
                    }
                }
                let point_chance = match chance {
                    Some(_) => None,
                    None => e.fields.chance.map(|c| c.midpoint().get()),
                };
                uncertain.push(UncertainItem {
                    all_ranges: likelihoods.iter().all(|d| matches!(d, Draw::Range)),
                    first_range,
                    range_end: ranges.low.len(),
                    range_low: ranges
                        .low
                        .get(first_range..)
                        .unwrap_or(&[])
                        .iter()
                        .fold(f64::INFINITY, |a, &x| a.min(x)),
                    fixed_model: matches!(reliability, ReliabilityDraw::Fixed(_))
                        && chance.is_none()
                        && observed.is_none(),
                    index: i,
                    likelihoods,
                    reliability,
                    chance,
                    observed,
                    point_chance,
                    model: *model,
                    grouped: layout.group_of.get(i).copied().flatten().is_some(),
                    slot: 0,
                });
            }
        }
        let mut slot_of = vec![None; case.evidence.len()];
        let mut slots = 0;
        for u in uncertain.iter_mut().filter(|u| u.grouped) {
            if let (Some(at), Ok(slot)) = (slot_of.get_mut(u.index), u32::try_from(slots)) {
                *at = Some(slot);
                u.slot = slots;
                slots += 1;
            }
        }
        let grouped_bytes = (slots * n * 8).max(1);
        let together = (GROUPED_BUDGET / grouped_bytes).clamp(1, CHUNK);
        // (One span where the likelihoods drawn are few: each draw is then
        // made whole, one after the other.)
        let span = match uncertain.len() * n <= 4 * SPAN_VALUES {
            true => uncertain.len().next_multiple_of(ln_row::BLOCK),
            false => (SPAN_VALUES / n.max(1)).next_multiple_of(ln_row::BLOCK),
        };
        let mut item_drawn = vec![false; case.evidence.len()];
        for u in &uncertain {
            item_drawn[u.index] = true;
        }
        // A group is drawn when any of its members is.
        let mut group_drawn = vec![false; layout.groups.len()];
        for u in &uncertain {
            if let Some(g) = layout.group_of.get(u.index).copied().flatten() {
                group_drawn[g] = true;
            }
        }
        let mut fixed = LogTotals::fast_and_exact(n);
        for (i, &own) in item_drawn.iter().enumerate() {
            let drawn = match layout.group_of.get(i).copied().flatten() {
                Some(g) => group_drawn[g],
                None => own,
            };
            if !drawn && let Some(t) = point.terms.get(i * n..(i + 1) * n) {
                // The point scoring's own terms: a draw with nothing
                // uncertain sums exactly what `Case::score` summed.
                fixed.add(t);
            }
        }
        let mixture = case.weighting == Weighting::Mixture;
        let rows_are_block = uncertain.iter().all(|u| {
            u.all_ranges
                && matches!(u.reliability, ReliabilityDraw::Fixed(_))
                && u.chance.is_none()
                && u.observed.is_none()
                && !(mixture && u.model.r < 1.0)
        });
        let drawn_groups = layout
            .groups
            .iter()
            .zip(&group_drawn)
            .filter(|(_, d)| **d)
            .map(|(g, _)| g.clone())
            .collect();
        let dirichlet = case.uncertainty.prior_concentration.map(|k0| {
            case.prior
                .probabilities()
                .iter()
                .map(|p| k0.get() * p.get())
                .collect()
        });
        let no_splits = uncertain.iter().all(|u| u.all_ranges);
        let fixed_mixes = uncertain
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let r = u.model.r;
                let mixes = if mixture && r < 1.0 {
                    r * u.range_low >= 2.0 * ln_row::MIX_FLOOR
                } else {
                    r == 1.0
                };
                let fixed = no_splits
                    && u.fixed_model
                    && !u.grouped
                    && unobserved(&u.model)
                    && u.first_range == i * n
                    && mixes;
                fixed.then_some((r, u.point_chance))
            })
            .collect();
        Ok(Plan {
            case,
            n,
            weighting: case.weighting,
            threshold: case.threshold().get(),
            fixed,
            rows_are_block,
            no_splits,
            fixed_mixes,
            uncertain,
            ranges,
            drawn_groups,
            slot_of,
            slots,
            span: span.max(ln_row::BLOCK),
            together,
            point_rows: point.effective.clone(),
            source_ranges,
            ln_prior: case.prior.ln_relative.clone(),
            dirichlet,
            point_leader: point.normalised.leader,
            point_status: point.verdict().status(),
        })
    }

    /// The plan for a run of `draws` draws: no more draws made together
    /// than it has (which changes no result, only the workspace's size).
    pub(super) fn batches_for(mut self, draws: usize) -> Self {
        self.together = self.together.min(draws.max(1));
        self
    }

    pub(super) fn workspace(&self) -> Workspace {
        let mut totals = LogTotals::fast(self.n);
        totals.copy_from(&self.fixed);
        let rows = self.uncertain.len() * self.n;
        // The draws made together, then the replay's.
        let draws = (0..=self.together).map(|_| self.draw_state()).collect();
        let grouped = vec![0.0; (self.together + 1) * self.slots * self.n];
        Workspace {
            totals,
            replay: LogTotals::exact(self.n),
            #[cfg(test)]
            always_replay: false,
            ranking: engine::GroupScratch::default(),
            lin: vec![1.0; rows],
            row: vec![0.0; rows],
            models: self.uncertain.iter().map(|u| u.model).collect(),
            mixed: self
                .uncertain
                .iter()
                .map(|u| self.fixed_mixes.is_some() && u.model.r < 1.0)
                .collect(),
            chances: self.uncertain.iter().map(|u| u.point_chance).collect(),
            mixes: vec![UNMIXED; self.uncertain.len()],
            // As every draw finds it where the block is the rows (the
            // models are the plan's, none is mixed, nothing is split);
            // otherwise each draw sets it.
            // Every row linear where the mixtures are fixed (each mixed
            // where its reliability is below 1).
            linear: self
                .uncertain
                .iter()
                .map(|u| {
                    self.fixed_mixes.is_some()
                        || !u.grouped && u.model.r == 1.0 && unobserved(&u.model)
                })
                .collect(),
            units: vec![0.0; self.ranges.low.len()],
            block: match self.fixed_mixes {
                Some(_) => vec![0.0; ln_row::BLOCK * self.n],
                None => Vec::new(),
            },
            singles: Vec::with_capacity(self.uncertain.len()),
            linear_terms: vec![0.0; self.n],
            maxes: Vec::with_capacity(self.uncertain.len()),
            terms: vec![0.0; self.n],
            ln_prior: self.ln_prior.clone(),
            joint: vec![0.0; self.n],
            batch: Batch { draws, grouped },
        }
    }

    /// A draw's state, before its stream is set ([`Plan::start`]).
    fn draw_state(&self) -> DrawState {
        DrawState {
            rng: stream(0, 0),
            sources: vec![1.0; self.source_ranges.len()],
            products: ln_row::Products::new(self.n),
            sums: RowTotals::new(self.n),
        }
    }

    /// The spans of uncertain items, in order ([`Plan::span`]).
    pub(super) fn spans(&self) -> impl Iterator<Item = Range<usize>> + use<'_, 'a> {
        let count = self.uncertain.len();
        (0..count)
            .step_by(self.span)
            .map(move |a| a..count.min(a + self.span))
    }

    /// Where uncertain item `u`'s likelihood ranges start in the draw's
    /// block of ranges (the block's end for `u` past the last item).
    pub(super) fn range_start(&self, u: usize) -> usize {
        self.uncertain
            .get(u)
            .map_or(self.ranges.low.len(), |item| item.first_range)
    }
}

/// Whether an item's model weighs nothing after the logarithms: no
/// observed confidence, or one of 1.
pub(super) fn unobserved(model: &ItemModel) -> bool {
    model.observed.is_none_or(|q| q == 1.0)
}

/// One draw's own state while its items are drawn span by span: its
/// stream where the draw has got to, the source reliabilities it drew,
/// the products of its linear items' likelihoods, and its independent
/// items' terms summed so far.
pub(super) struct DrawState {
    pub(super) rng: Stream,
    pub(super) sources: Vec<f64>,
    pub(super) products: ln_row::Products,
    pub(super) sums: RowTotals,
}

/// The draws made together ([`Plan::together`]), then a replay's:
/// each one's state and its slots for the grouped items' rows
/// ([`Plan::slots`]), one after the other.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) draws: Vec<DrawState>,
    pub(super) grouped: Vec<f64>,
}

/// Where [`Plan::draw_span`] and [`Plan::finish`] add the terms they draw.
#[derive(Debug, Clone, Copy)]
pub(super) enum Totals {
    /// The draw's fast totals.
    Fast,
    /// The exact totals, for a replay.
    Exact,
}

impl Totals {
    #[inline]
    pub(super) fn add(self, fast: &mut LogTotals, exact: &mut LogTotals, terms: &[f64]) {
        match self {
            Totals::Fast => fast.add(terms),
            Totals::Exact => exact.add(terms),
        }
    }
}
