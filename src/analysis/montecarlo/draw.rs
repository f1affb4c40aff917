//! The draws of a [`Plan`]: a chunk's draws made in batches, each span of
//! items drawn in every draw of the batch while its data is cached, each
//! draw finished (its groups ranked, its prior drawn, its posteriors),
//! and a draw replayed with exact sums where its fast sums are not
//! certified ([`Replay`]: a replayed draw's own state; the state every
//! draw keeps, [`DrawState`] in a [`Batch`](super::plan::Batch), is the
//! plan's).

use super::kernels::{SampleRanges, WeighAndAdd, draw_ranges, fixed_mixes, sum_lanes, take_block};
use super::plan::{
    CONTRADICTORY, Draw, DrawState, Plan, ReliabilityDraw, Totals, UNMIXED, UncertainItem,
    Workspace, unobserved,
};
use super::{CHUNK, Stream, stream};
use crate::domain::weighting::{Weighting, ln as weighing};
use crate::numeric::{ln_row, sample};
use crate::scoring::engine::{self, ItemModel};
use crate::scoring::verdict::Status;
use std::ops::Range;

impl<'a> Plan<'a> {
    /// Draw `d`'s stream of a run with seed `seed`, and what the draw
    /// takes from it before its items: the source reliabilities.
    fn start(&self, seed: u64, draw: usize, d: &mut DrawState) {
        d.rng = stream(seed, draw);
        for (value, range) in d.sources.iter_mut().zip(&self.source_ranges) {
            if let Some((lo, hi)) = *range {
                *value = sample::uniform(&mut d.rng, lo, hi);
            }
        }
        d.products.clear();
        d.sums.clear();
    }

    /// Runs the draws of chunk `chunk` into `out` (`n` posteriors a draw)
    /// and `marks` (leader and status a draw): in batches of
    /// [`Plan::together`] draws, each span of items drawn in every draw
    /// of the batch before the next span, while its samplers and rows
    /// are cached; then each draw of the batch is finished (its groups
    /// ranked, its prior drawn, its joint and posteriors).
    pub(super) fn run_chunk(
        &self,
        seed: u64,
        chunk: usize,
        ws: &mut Workspace,
        out: &mut [f64],
        marks: &mut [(u32, Status)],
    ) {
        let mut batch = std::mem::take(&mut ws.batch);
        let n = self.n;
        let slot = self.slots * n;
        let (grouped, grouped_again) = batch.grouped.split_at_mut(self.together * slot);
        // (A workspace always holds the batch's states and the replay's,
        // last.)
        if let Some((again, states)) = batch.draws.split_last_mut() {
            let mut replay = Replay {
                d: again,
                grouped: grouped_again,
                seed,
                draw: 0,
            };
            let outs = out.chunks_mut(self.together * n);
            for (b, (out, marks)) in outs.zip(marks.chunks_mut(self.together)).enumerate() {
                let first = chunk * CHUNK + b * self.together;
                let states = states.get_mut(..marks.len()).unwrap_or(&mut []);
                for (k, d) in states.iter_mut().enumerate() {
                    self.start(seed, first + k, d);
                }
                for span in self.spans() {
                    for (d, grouped) in states.iter_mut().zip(slots(grouped, slot)) {
                        self.draw_span(span.clone(), d, grouped, ws, Totals::Fast);
                    }
                }
                let posts = out.chunks_mut(n).zip(marks.iter_mut());
                let batch = states.iter_mut().zip(slots(grouped, slot));
                for (k, ((post, mark), (d, grouped))) in posts.zip(batch).enumerate() {
                    ws.totals.copy_from(&self.fixed);
                    self.finish(d, grouped, ws, Totals::Fast);
                    if let Some(shapes) = &self.dirichlet {
                        for (x, &a) in ws.ln_prior.iter_mut().zip(shapes) {
                            *x = if a > 0.0 {
                                sample::ln_gamma(&mut d.rng, a)
                            } else {
                                f64::NEG_INFINITY
                            };
                        }
                    }
                    replay.draw = first + k;
                    self.joint(ws, &mut replay);
                    match engine::normalise(&ws.joint) {
                        None => {
                            post.fill(f64::NAN);
                            *mark = (CONTRADICTORY, Status::Insufficient);
                        }
                        Some(nz) => {
                            for (h, p) in post.iter_mut().enumerate() {
                                *p = engine::probability(&ws.joint, &nz, h);
                            }
                            let leader = u32::try_from(nz.leader).unwrap_or(CONTRADICTORY);
                            *mark = (leader, engine::status(&ws.joint, &nz, self.threshold));
                        }
                    }
                }
            }
        }
        ws.batch = batch;
    }

    /// The random numbers of the items of `span` in one draw, as
    /// [`Plan::draw_span`] draws them, without anything made of them:
    /// their sum (each Beta draw counted as its split factor).
    pub(super) fn sample_span(
        &self,
        span: Range<usize>,
        stream: &mut Stream,
        ws: &mut Workspace,
    ) -> f64 {
        // Where the mixtures are fixed, a draw draws nothing but the
        // span's block of ranges, in pieces of [`ln_row::BLOCK`] items on
        // the instruction set of [`Plan::weigh_and_add`], without looking
        // at the items: so does this.
        if self.fixed_mixes.is_some() {
            let at = self.range_start(span.start)..self.range_start(span.end);
            if at.is_empty() {
                return 0.0;
            }
            let size = ln_row::BLOCK * self.n;
            if ws.block.len() < size {
                ws.block.resize(size, 0.0);
            }
            return pulp::Arch::new().dispatch(SampleRanges {
                ranges: &self.ranges,
                at,
                size,
                buffer: &mut ws.block,
                rng: stream,
            });
        }
        // The generator in a local of this function, as in
        // [`Plan::draw_span`]: its state stays in registers.
        let mut local = stream.clone();
        let rng = &mut local;
        let mut total = 0.0;
        let r = &self.ranges;
        let mut drawn = self.range_start(span.start);
        // The ranges summed in eight lanes, which the compiler vectorises:
        // one running sum was a chain of dependent additions, a sixth of
        // the time of drawing the ranges (0.5 of 3.0 ns a value), which
        // the loop never pays.
        let mut lanes = [0.0; 8];
        let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
        for item in items {
            // (a row of ranges with a fixed model draws only its ranges,
            // which join the next block drawn, as a draw takes them)
            if item.all_ranges && item.fixed_model {
                continue;
            }
            let end = item.range_end;
            if drawn < end {
                draw_ranges(rng, r, drawn..end, &mut ws.units);
                total += sum_lanes(ws.units.get(drawn..end).unwrap_or(&[]), &mut lanes);
                drawn = end;
            }
            if let ReliabilityDraw::Own(lo, hi) = item.reliability {
                total += sample::uniform(rng, lo, hi);
            }
            // Chance then observed confidence, as `draw_model` draws them.
            // (Not as a loop over the pair: copying it stalled on a store
            // forwarding, item by item, for 16 % of the time of a draw of
            // ranges.)
            if let Some((lo, hi)) = item.chance {
                total += sample::uniform(rng, lo, hi);
            }
            if let Some((lo, hi)) = item.observed {
                total += sample::uniform(rng, lo, hi);
            }
            if !item.all_ranges {
                for d in &item.likelihoods {
                    if let Draw::Beta(beta) = *d {
                        total += beta.sample_split(rng).0;
                    }
                }
            }
        }
        let end = self.range_start(span.end);
        draw_ranges(rng, r, drawn..end, &mut ws.units);
        total += sum_lanes(ws.units.get(drawn..end).unwrap_or(&[]), &mut lanes);
        *stream = local;
        total + lanes.iter().sum::<f64>()
    }

    /// An uncertain item's model in a draw, and its chance as a value when
    /// known as one: its reliability, chance and observed confidence,
    /// drawn in that order where they are ranges.
    #[inline]
    fn draw_model(
        &self,
        rng: &mut Stream,
        sources: &[f64],
        item: &UncertainItem,
    ) -> (ItemModel, Option<f64>) {
        let r = match item.reliability {
            ReliabilityDraw::Fixed(r) => r,
            ReliabilityDraw::Own(lo, hi) => {
                let own = sample::uniform(rng, lo, hi);
                self.case.reliability_with(item.index, Some(own), None)
            }
            ReliabilityDraw::Source(s) => {
                let source = sources.get(s).copied();
                self.case.reliability_with(item.index, None, source)
            }
        };
        let mut model = ItemModel { r, ..item.model };
        let mut chance = item.point_chance;
        if let Some((lo, hi)) = item.chance {
            let c = sample::uniform(rng, lo, hi);
            model.ln_chance = Some(c.ln());
            chance = Some(c);
        }
        if let Some((lo, hi)) = item.observed {
            model.observed = Some(sample::uniform(rng, lo, hi));
        }
        (model, chance)
    }

    /// Draws the terms of the uncertain items of `span` in draw `d` and
    /// adds them up: those of the independent items to the draw's sums
    /// (fast totals) or to the exact totals of a replay; the linear items'
    /// likelihoods into the draw's products; the grouped items' rows into
    /// `grouped`, the draw's slots, to be ranked once the draw's last span
    /// is drawn ([`Plan::finish`]).
    ///
    /// The items are drawn in order, each one's likelihood ranges (in
    /// blocks of uniform draws, [`sample::uniforms`], one word a value, so
    /// that the ranges of consecutive items are drawn at once), then its
    /// model, then its row (a row of ranges stays in the block, and an
    /// item with nothing else to draw is skipped). Where every item's
    /// mixture is fixed ([`Plan::fixed_mixes`]), the span's block of
    /// ranges is all there is to draw, and it is drawn in pieces of
    /// [`ln_row::BLOCK`] items, each weighed as it is drawn
    /// ([`Plan::weigh_and_add`]): the same numbers. What follows the draws
    /// is compiled once per instruction set (`pulp`,
    /// [`Plan::weigh_and_add`]) and runs on the widest this processor
    /// has: the reliability mixture in linear space, row by row
    /// ([`Plan::mix_rows`]); the rows that are their own logarithms'
    /// arguments (linear: outside any group, nothing split off, no
    /// weighing after the logarithms) multiplied together per hypothesis,
    /// in blocks of up to 64 items, with one logarithm per hypothesis for
    /// all of a draw's ([`ln_row::Products`], [`Plan::finish`]); the other
    /// rows' logarithms ([`ln_row::add_ln_with`], or [`ln_row::ln_with`]
    /// where nothing is split off), weighing, largest values and terms,
    /// row by row. Every path does the same IEEE operations, so gives the
    /// same bits. (The draws themselves are not compiled so: with the
    /// Gamma sampler compiled for AVX-512, a draw of Beta likelihoods took
    /// 1.24x the CPU time.)
    ///
    /// The linear items' terms are thus `ln(R_h / max_k R_k)`, `R_h` the
    /// product of their likelihoods for hypothesis `h`: the sum of their
    /// logarithms shifted once by the largest sum, where scoring shifts
    /// each item's by its row's largest value. The shifts are common to
    /// every hypothesis, so the posteriors are the same up to rounding:
    /// one rounding a value in a product, against the rounding of each
    /// logarithm in a sum, whose error grows with the logarithm (see
    /// [`ln_row::Products`]).
    fn draw_span(
        &self,
        span: Range<usize>,
        d: &mut DrawState,
        grouped: &mut [f64],
        ws: &mut Workspace,
        totals: Totals,
    ) {
        let ranges = &self.ranges;
        let n = self.n;
        let mixture = self.weighting == Weighting::Mixture;
        let mut drawn = self.range_start(span.start);
        // (Where the block is the rows, or the mixtures are fixed, the
        // items' models are fixed, as the workspace holds them, and every
        // row is a row of ranges: nothing to draw but the ranges.)
        let fused = self.fixed_mixes.is_some();
        if !self.rows_are_block && !fused {
            let at = span.start * n..span.end * n;
            let (Some(lin), Some(row)) = (ws.lin.get_mut(at.clone()), ws.row.get_mut(at)) else {
                return;
            };
            let rows = lin.chunks_exact_mut(n).zip(row.chunks_exact_mut(n));
            let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
            let models = ws.models.get_mut(span.clone()).unwrap_or(&mut []);
            let chances = ws.chances.get_mut(span.clone()).unwrap_or(&mut []);
            let items = items.iter().zip(models).zip(chances);
            // The generator in a local of this function, written back
            // after the rows: with the samplers inlined its state then
            // stays in registers, where through `d` it went to memory and
            // back at every Beta draw (16 x 1 000 Beta likelihoods:
            // 32.4 -> 27.7 ns a value, `scripts/mc_cpu_ratio.py beta-r1
            // 6 7`, medians of 7 interleaved rounds; the same bits).
            let mut rng = d.rng.clone();
            for (((item, model), chance), (lin, row)) in items.zip(rows) {
                // A row of ranges is read from the block ([`Plan::mix_rows`]):
                // nothing else to draw when its model is fixed (the workspace
                // holds it).
                if item.all_ranges && item.fixed_model {
                    continue;
                }
                if drawn < item.range_end {
                    draw_ranges(&mut rng, ranges, drawn..item.range_end, &mut ws.units);
                    drawn = item.range_end;
                }
                (*model, *chance) = self.draw_model(&mut rng, &d.sources, item);
                // A row mixed in linear space takes every likelihood as a
                // value; otherwise each is `(l, a)` with `ln l = ln l + a`.
                let mix = mixture && model.r < 1.0;
                if !item.all_ranges {
                    let mut next = item.first_range;
                    for ((l, a), likelihood) in
                        lin.iter_mut().zip(row.iter_mut()).zip(&item.likelihoods)
                    {
                        (*l, *a) = match *likelihood {
                            Draw::Fixed(p, ln_p) => {
                                if mix {
                                    (p, 0.0)
                                } else {
                                    (1.0, ln_p)
                                }
                            }
                            Draw::Range => {
                                next += 1;
                                (ws.units.get(next - 1).copied().unwrap_or(1.0), 0.0)
                            }
                            Draw::Beta(beta) => beta.sample_split(&mut rng),
                        };
                    }
                }
            }
            d.rng = rng;
        }
        // Where the mixtures are fixed, the block of ranges is drawn piece
        // by piece as it is weighed ([`Plan::weigh_and_add`]).
        if !fused {
            draw_ranges(
                &mut d.rng,
                ranges,
                drawn..self.range_start(span.end),
                &mut ws.units,
            );
        }
        pulp::Arch::new().dispatch(WeighAndAdd {
            plan: self,
            span,
            d,
            grouped,
            ws,
            totals,
        });
    }

    /// Each drawn row's reliability mixture in linear space, where it
    /// applies ([`ln_row::mix`]), and whether the row is then linear, for
    /// the items of `span`. Where every row is a row of ranges
    /// ([`Plan::no_splits`]), the rows stay in the block and each one's
    /// mixture is kept as `(r, (1 - r) c)` in `ws.mixes`, to be applied as
    /// the rows are multiplied ([`ln_row::Products::take_in`]) or taken one
    /// by one.
    #[inline(always)]
    fn mix_rows(&self, span: Range<usize>, ws: &mut Workspace) {
        if self.fixed_mixes.is_some() {
            // Taken piece by piece as the block is drawn
            // ([`Plan::weigh_and_add`], [`fixed_mixes`]).
            return;
        }
        let n = self.n;
        let at = span.start * n..span.end * n;
        let mixture = self.weighting == Weighting::Mixture;
        let in_block = self.no_splits;
        let units = &ws.units;
        let (Some(lin), Some(row)) = (ws.lin.get_mut(at.clone()), ws.row.get(at)) else {
            return;
        };
        let rows = lin.chunks_exact_mut(n).zip(row.chunks_exact(n));
        let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
        let models = ws.models.get(span.clone()).unwrap_or(&[]);
        let chances = ws.chances.get(span.clone()).unwrap_or(&[]);
        let items = items.iter().zip(models).zip(chances);
        let mixed = ws.mixed.get_mut(span.clone()).unwrap_or(&mut []);
        let linear = ws.linear.get_mut(span.clone()).unwrap_or(&mut []);
        let mixes = ws.mixes.get_mut(span).unwrap_or(&mut []);
        let flags = mixed.iter_mut().zip(linear).zip(mixes);
        for ((((item, model), chance), ((mixed, linear), coefficients)), (lin, row)) in
            items.zip(flags).zip(rows)
        {
            // A row mixed in linear space takes every likelihood as a
            // value; otherwise each is `(l, a)` with `ln l = ln l + a`.
            let mix = mixture && model.r < 1.0;
            // (Whether every `a` is 0 as one fold without a branch per
            // value, which the compiler vectorises: `all` took a tenth
            // of this loop's time on a row of Beta draws.)
            let unsplit = self.no_splits
                || item.all_ranges
                || row.iter().fold(true, |zero, &a| zero & (a == 0.0));
            let block = match item.all_ranges {
                true => units.get(item.first_range..item.first_range + n),
                false => None,
            };
            // The chance, when not given, is the mean of the likelihoods
            // drawn (docs/model.md section 2, step 1).
            let mean = |l: &[f64]| chance.unwrap_or_else(|| ln_row::mean(l));
            (*mixed, *coefficients) = match block {
                // A row of ranges: mixed from the block into `lin`, or
                // copied, unless it stays in the block.
                Some(block) => {
                    let rest_c = match mix {
                        true => ln_row::mixture(block, model.r, mean(block), item.range_low),
                        false => None,
                    };
                    let coefficients = rest_c.map_or(UNMIXED, |rest_c| (model.r, rest_c));
                    if !in_block {
                        ln_row::mix_into(block, lin, coefficients.0, coefficients.1);
                    }
                    (rest_c.is_some(), coefficients)
                }
                None => (
                    mix && unsplit && ln_row::mix(lin, model.r, mean(lin)),
                    UNMIXED,
                ),
            };
            // The row as weighed is `ln lin` when it was mixed in `lin`,
            // or needs no mixture, and no observed confidence follows.
            *linear = !item.grouped
                && unsplit
                && (*mixed || (!mix && model.r == 1.0))
                && unobserved(model);
        }
    }

    /// The second half of [`Plan::draw_span`], on one instruction set:
    /// the linear items' likelihoods multiplied into the draw's products
    /// in blocks ([`ln_row::Products`]), then the other items one by one
    /// (the logarithms of their rows, each weighed where it was not mixed
    /// in linear space, its terms added up; a grouped item's row kept in
    /// `grouped`).
    ///
    /// Where every item's mixture is fixed ([`Plan::fixed_mixes`]), the
    /// span's block of ranges is drawn here from the draw's stream,
    /// [`ln_row::BLOCK`] items at a time, each piece's mixtures taken and
    /// its rows multiplied while it is in the first-level cache (8 KB at
    /// 16 hypotheses), where the whole span's block (128 KB at 16 x 1 000)
    /// was drawn, then read again for the rows' chances, then for the
    /// products. The pieces come one after the other from the one stream
    /// with nothing drawn between them, so they are the block drawn at
    /// once, bit for bit ([`sample::uniforms_with`]); the chances and
    /// products are the same operations on the same values.
    #[inline(always)]
    pub(super) fn weigh_and_add<S: pulp::Simd>(
        &self,
        simd: S,
        span: Range<usize>,
        d: &mut DrawState,
        grouped: &mut [f64],
        ws: &mut Workspace,
        totals: Totals,
    ) {
        let n = self.n;
        if !self.rows_are_block {
            self.mix_rows(span.clone(), ws);
        }
        // Where the rows are: in the block of ranges (mixed as they are
        // taken, when `mix_rows` kept their mixtures there), or in `lin`.
        let in_block = self.rows_are_block || self.no_splits;
        let mixed_in_block = !self.rows_are_block && self.no_splits;
        // The linear items, in blocks of up to `BLOCK` that follow one
        // another (an item that is not linear ends a block, and so does
        // every multiple of `BLOCK`, where spans start: the blocks do not
        // depend on the spans); a block refused (a zero, a tiny value)
        // goes item by item.
        ws.singles.clear();
        let (products, singles) = (&mut d.products, &mut ws.singles);
        // (Every item linear, as where the mixtures are fixed: blocks of
        // `BLOCK`, drawn here, without looking at the items one by one. A
        // block refused is kept in `ws.units` for the items one by one.)
        if let Some(fixed) = &self.fixed_mixes {
            let r = &self.ranges;
            let at = self.range_start(span.start)..self.range_start(span.end);
            let (Some(low), Some(width), Some(high), Some(units)) = (
                r.low.get(at.clone()),
                r.width.get(at.clone()),
                r.high.get(at.clone()),
                ws.units.get_mut(at),
            ) else {
                return;
            };
            let (Some(fixed), Some(mixes)) =
                (fixed.get(span.clone()), ws.mixes.get_mut(span.clone()))
            else {
                return;
            };
            let size = ln_row::BLOCK * n;
            if ws.block.len() < size {
                ws.block.resize(size, 0.0);
            }
            let pieces = low.chunks(size).zip(width.chunks(size));
            let pieces = pieces.zip(high.chunks(size)).zip(units.chunks_mut(size));
            let items = fixed
                .chunks(ln_row::BLOCK)
                .zip(mixes.chunks_mut(ln_row::BLOCK));
            let starts = span.clone().step_by(ln_row::BLOCK);
            for (start, ((((low, width), high), kept), (fixed, mixes))) in
                starts.zip(pieces.zip(items))
            {
                // (Always whole: the buffer holds `BLOCK` rows.)
                let Some(block) = ws.block.get_mut(..low.len()) else {
                    continue;
                };
                sample::uniforms_with(simd, &mut d.rng, low, width, high, block);
                fixed_mixes(simd, n, block, fixed, mixes);
                if !products.take_with(simd, block, mixed_in_block.then_some(&*mixes)) {
                    kept.copy_from_slice(block);
                    singles.extend(start..start + fixed.len());
                }
            }
        } else {
            let mixes = mixed_in_block.then_some(&ws.mixes);
            let drawn: &[f64] = if in_block { &ws.units } else { &ws.lin };
            let mut start = span.start;
            for u in span.start..=span.end {
                let linear = u < span.end && ws.linear.get(u).copied().unwrap_or(false);
                if linear && (u == start || !u.is_multiple_of(ln_row::BLOCK)) {
                    continue;
                }
                if start < u && !take_block(simd, products, drawn, mixes, n, start, u) {
                    singles.extend(start..u);
                }
                if linear {
                    start = u;
                } else {
                    if u < span.end {
                        singles.push(u);
                    }
                    start = u + 1;
                }
            }
        }
        // The other items: their logarithms and weighing; the grouped
        // ones' rows kept for the ranking, the others' largest values.
        // (Those whose rows stay in the block, mixed, are first written
        // into `lin`.)
        let mixes = mixed_in_block.then_some(&ws.mixes);
        let drawn: &[f64] = if in_block { &ws.units } else { &ws.lin };
        let singles_from: &[f64] = match mixes {
            Some(mixes) => {
                for &u in &ws.singles {
                    let from = ws.units.get(u * n..(u + 1) * n);
                    let to = ws.lin.get_mut(u * n..(u + 1) * n);
                    if let (Some(from), Some(to), Some(&(r, rest_c))) = (from, to, mixes.get(u)) {
                        ln_row::mix_into(from, to, r, rest_c);
                    }
                }
                &ws.lin
            }
            None => drawn,
        };
        ws.maxes.clear();
        for &u in &ws.singles {
            let (Some(item), Some(model), Some(&mixed)) =
                (self.uncertain.get(u), ws.models.get(u), ws.mixed.get(u))
            else {
                continue;
            };
            let (Some(lin), Some(row)) = (
                singles_from.get(u * n..(u + 1) * n),
                ws.row.get_mut(u * n..(u + 1) * n),
            ) else {
                continue;
            };
            // (A row of ranges has nothing split off: its logarithms are
            // written.)
            if self.rows_are_block || self.no_splits || item.all_ranges {
                ln_row::ln_with(simd, lin, row);
            } else {
                ln_row::add_ln_with(simd, lin, row);
            }
            let observed = model.observed.filter(|&q| q != 1.0);
            if mixed {
                if let Some(q) = observed {
                    for x in row.iter_mut() {
                        *x = weighing::observe(*x, q);
                    }
                }
            } else if model.r != 1.0 || observed.is_some() {
                engine::effective_row(self.weighting, row, model);
            }
            if item.grouped {
                let at = item.slot * n;
                if let Some(dest) = grouped.get_mut(at..at + n) {
                    dest.copy_from_slice(row);
                }
            } else {
                ws.maxes.push((u, engine::row_max(row)));
            }
        }
        // The independent items' terms: into the draw's sums across the
        // hypotheses; into exact totals, one row at a time, in a replay.
        match totals {
            Totals::Fast => {
                // The terms of every row, up to sixteen hypotheses at a
                // time over all the rows ([`RowTotals::add_rows`]): one
                // row's terms at a time, written out and then summed, took
                // 1.5 ns a value, against 0.6 here (16 hypotheses).
                let (rows, maxes) = (&ws.row, &ws.maxes);
                let row = |j: usize| {
                    let &(u, m) = maxes.get(j)?;
                    Some((rows.get(u * n..(u + 1) * n)?, m))
                };
                let term = |x, m| engine::term(1.0, engine::penalty(x, m));
                d.sums.add_rows(maxes.len(), row, term);
            }
            Totals::Exact => {
                for &(u, _) in &ws.maxes {
                    if let Some(row) = ws.row.get(u * n..(u + 1) * n) {
                        engine::terms_row(row, &mut ws.terms);
                        ws.replay.add(&ws.terms);
                    }
                }
            }
        }
    }

    /// What a draw adds once all its spans are drawn: the terms of its
    /// products into its sums, and those into the draw's fast totals (or
    /// the products' terms into the exact totals of a replay); then every
    /// group with a drawn member, its members' rows as drawn (`grouped`),
    /// ranked anew (docs/model.md section 2, step 3).
    fn finish(&self, d: &mut DrawState, grouped: &[f64], ws: &mut Workspace, totals: Totals) {
        let n = self.n;
        match totals {
            Totals::Fast => {
                if d.products.taken() {
                    d.products.terms(&mut ws.linear_terms);
                    let terms = Some((&ws.linear_terms[..], 0.0));
                    d.sums.add_rows(1, |_| terms, |t, _| t);
                }
                d.sums.add_to(&mut ws.totals);
            }
            Totals::Exact => {
                if d.products.taken() {
                    d.products.terms(&mut ws.linear_terms);
                    ws.replay.add(&ws.linear_terms);
                }
            }
        }
        if self.drawn_groups.is_empty() {
            return;
        }
        let (slot_of, point) = (&self.slot_of, &self.point_rows);
        let row = |i: usize| match slot_of.get(i).copied().flatten() {
            Some(s) => grouped.get(s as usize * n..(s as usize + 1) * n),
            None => point.get(i * n..(i + 1) * n),
        };
        for g in &self.drawn_groups {
            ws.ranking.rank(g, n, row);
            for t in ws.ranking.terms.chunks_exact(n) {
                totals.add(&mut ws.totals, &mut ws.replay, t);
            }
        }
    }

    /// The joint log-probabilities of a draw into `ws.joint` (the fast
    /// totals already hold the fixed totals and the terms drawn): plus the
    /// prior, summed exactly and rounded once, exactly as [`Case::score`](crate::Case::score)
    /// sums them. The certified fast sum gives almost every total; when one
    /// cannot be certified, the draw is replayed from its stream's start
    /// into exact totals (once per draw, for every hypothesis).
    fn joint(&self, ws: &mut Workspace, replay: &mut Replay<'_>) {
        let mut replayed = false;
        for h in 0..self.n {
            let p = ws.ln_prior[h];
            let fast = ws.totals.joint(h, p);
            ws.joint[h] = match certified(ws, fast) {
                Some(v) => v,
                None => {
                    if !replayed {
                        self.replay(ws, replay);
                        replayed = true;
                    }
                    ws.replay.exact_joint(h, p).unwrap_or(f64::NEG_INFINITY)
                }
            };
        }
    }

    /// Draws the same terms again, from the draw's stream recreated, into
    /// `ws.replay` (the fixed totals plus the terms drawn).
    #[cold]
    fn replay(&self, ws: &mut Workspace, replay: &mut Replay<'_>) {
        ws.replay.copy_from(&self.fixed);
        let d = &mut *replay.d;
        self.start(replay.seed, replay.draw, d);
        for span in self.spans() {
            self.draw_span(span, d, replay.grouped, ws, Totals::Exact);
        }
        self.finish(d, replay.grouped, ws, Totals::Exact);
    }
}

/// A draw to replay ([`Plan::replay`]): the run's seed and the draw's
/// index (its stream), and a state and grouped rows of its own.
struct Replay<'b> {
    d: &'b mut DrawState,
    grouped: &'b mut [f64],
    seed: u64,
    draw: usize,
}

/// The grouped rows of each draw of a batch, `slot` values each (empty,
/// as many as asked, where no item is grouped).
fn slots(grouped: &mut [f64], slot: usize) -> impl Iterator<Item = &mut [f64]> {
    let empty = std::iter::repeat_with(|| -> &mut [f64] { &mut [] });
    grouped.chunks_mut(slot.max(1)).chain(empty)
}

/// A fast sum's certified value (tests can refuse every one, to exercise
/// the replay).
#[cfg(not(test))]
#[inline(always)]
fn certified(_ws: &Workspace, value: Option<f64>) -> Option<f64> {
    value
}

#[cfg(test)]
fn certified(ws: &Workspace, value: Option<f64>) -> Option<f64> {
    value.filter(|_| !ws.always_replay)
}
