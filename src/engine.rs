//! The scoring kernel shared by [`Case::score`](crate::Case::score) and the
//! Monte Carlo draws: the same functions, in the same order, so that a draw
//! with nothing uncertain reproduces the point posterior bit for bit.

use crate::case::Case;
use crate::sum::ExactSum;
use crate::verdict::Status;
use crate::weighting::{Weighting, dependence_factor, ln};
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
    /// The dependence factor `c_e`.
    pub(crate) c: f64,
}

impl Case {
    /// The dependence factor of every item (group sizes counted in this case).
    pub(crate) fn dependence_factors(&self) -> Vec<f64> {
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for e in &self.evidence {
            if let Some(g) = &e.group {
                *sizes.entry(g.as_str()).or_insert(0) += 1;
            }
        }
        self.evidence
            .iter()
            .map(|e| match &e.group {
                Some(g) => {
                    let k = sizes.get(g.as_str()).copied().unwrap_or(1);
                    let rho = self
                        .groups
                        .iter()
                        .find(|x| &x.id == g)
                        .map_or(crate::Correlation::ZERO, |x| x.correlation);
                    dependence_factor(k, rho)
                }
                None => 1.0,
            })
            .collect()
    }

    /// The case with one more item, checked as an item of the case, and
    /// that item's effective log-likelihoods `ln l''` and model.
    pub(crate) fn with_item(
        &self,
        item: crate::file::RawEvidence,
    ) -> Result<(Case, Vec<f64>, ItemModel), crate::error::Error> {
        let mut raw = crate::file::RawCase::from(self.clone());
        raw.evidence.push(item);
        let with = Case::try_from(raw)?;
        let i = with.evidence.len() - 1;
        let model = with.item_models()[i];
        let mut row: Vec<f64> = with.evidence[i]
            .likelihoods
            .iter()
            .map(|l| l.midpoint().get().ln())
            .collect();
        effective_row(with.weighting, &mut row, &model);
        Ok((with, row, model))
    }

    /// The point model of every item.
    pub(crate) fn item_models(&self) -> Vec<ItemModel> {
        let factors = self.dependence_factors();
        self.evidence
            .iter()
            .zip(factors)
            .enumerate()
            .map(|(i, (e, c))| ItemModel {
                r: self.reliability(i).map_or(1.0, crate::Reliability::get),
                ln_chance: e.chance.map(|c| c.get().ln()),
                observed: e.observed.map(|q| q.get()),
                c,
            })
            .collect()
    }
}

/// Turns a row of `ln l` (one per hypothesis) into `ln l''` in place
/// (MODEL.md section 2, steps 1 and 2).
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

/// Writes the item's terms `c (ln l''(h) - max_k ln l''(k))` into `out`:
/// `-inf` where the item eliminates a hypothesis.
pub(crate) fn terms_row(row: &[f64], c: f64, out: &mut [f64]) {
    let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (t, &x) in out.iter_mut().zip(row) {
        *t = if x == f64::NEG_INFINITY || m == f64::NEG_INFINITY {
            f64::NEG_INFINITY
        } else {
            c * (x - m)
        };
    }
}

/// Per hypothesis, the exact sum of the terms added so far, and whether
/// some item eliminated it.
#[derive(Debug, Clone)]
pub(crate) struct Sums {
    sums: Vec<ExactSum>,
    eliminated: Vec<bool>,
}

impl Sums {
    pub(crate) fn new(n: usize) -> Sums {
        Sums {
            sums: vec![ExactSum::default(); n],
            eliminated: vec![false; n],
        }
    }

    /// Becomes a copy of `other`, reusing this one's buffers.
    pub(crate) fn copy_from(&mut self, other: &Sums) {
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.copy_from(b);
        }
        self.eliminated.copy_from_slice(&other.eliminated);
    }

    /// Adds one item's terms.
    pub(crate) fn add(&mut self, terms: &[f64]) {
        for ((s, gone), &t) in self.sums.iter_mut().zip(&mut self.eliminated).zip(terms) {
            if t == f64::NEG_INFINITY {
                *gone = true;
            } else if !*gone {
                s.add(t);
            }
        }
    }

    /// The sum of the evidence terms of hypothesis `h` (`-inf` if eliminated).
    pub(crate) fn evidence(&self, h: usize) -> f64 {
        match (self.eliminated.get(h), self.sums.get(h)) {
            (Some(false), Some(s)) => s.value(),
            _ => f64::NEG_INFINITY,
        }
    }

    /// `ln prior(h) + sum of terms`, rounded once, into `out`; `scratch`
    /// is a reusable accumulator.
    pub(crate) fn joint(&self, ln_prior: &[f64], scratch: &mut ExactSum, out: &mut [f64]) {
        for (h, (o, &p)) in out.iter_mut().zip(ln_prior).enumerate() {
            *o = match (self.eliminated.get(h), self.sums.get(h)) {
                (Some(false), Some(s)) if p != f64::NEG_INFINITY => {
                    scratch.copy_from(s);
                    scratch.add(p);
                    scratch.value()
                }
                _ => f64::NEG_INFINITY,
            };
        }
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

/// `None` when every hypothesis is eliminated.
pub(crate) fn normalise(ln_joint: &[f64]) -> Option<Normalised> {
    if ln_joint.is_empty() {
        return None;
    }
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

/// The posterior probability of `h`: `exp(x_h - x_leader) / norm`.
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

/// The verdict's status (MODEL.md section 5): the leader reaches the
/// threshold and shares the lead with nobody.
pub(crate) fn status(ln_joint: &[f64], n: &Normalised, threshold: f64) -> Status {
    let top = ln_joint[n.leader];
    let tied = ln_joint
        .iter()
        .enumerate()
        .any(|(k, &x)| k != n.leader && x == top);
    if probability(ln_joint, n, n.leader) >= threshold && !tied {
        Status::Attributed
    } else {
        Status::Insufficient
    }
}
