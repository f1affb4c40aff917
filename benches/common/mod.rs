//! What the benchmark targets share: the seeded sequence their generated
//! cases draw their likelihoods from. The numpy peers
//! (`benches/peers/*.py`) reproduce it, so both sides sum the same values.

/// The likelihoods of the generated case of `h` hypotheses and `e` items,
/// one call per value, item by item: `0.01 + 0.98 u` with `u` in `[0, 1)`
/// from a 64-bit linear congruential sequence (Knuth's MMIX constants)
/// seeded by the case's shape.
pub fn likelihoods(h: usize, e: usize) -> impl FnMut() -> f64 {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ ((h as u64) << 32 | e as u64);
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
    }
}
