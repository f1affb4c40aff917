#![no_main]

include!("../src/targets.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codebook(data);
});
