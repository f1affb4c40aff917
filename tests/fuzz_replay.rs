//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) and any saved crash
//! (`fuzz/artifacts/<target>/`) through the fuzz targets' own code, on the
//! stable toolchain: no input may panic, and every error must print as one
//! non-empty line without control characters. The targets' bodies live in `fuzz/src/targets.rs`, which
//! the cargo-fuzz crate includes as well.

#![allow(dead_code)]

include!("../fuzz/src/targets.rs");

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 5] = [
    ("case_score", case_score),
    ("sensitivity", sensitivity),
    ("monte_carlo", monte_carlo),
    ("ach", ach),
    ("codebook", codebook),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn replay(kind: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut count = 0;
    for (name, target) in TARGETS {
        for path in files(&root.join(name)) {
            let data = std::fs::read(&path).expect("read a corpus file");
            let run = std::panic::catch_unwind(|| target(&data));
            assert!(
                run.is_ok(),
                "fuzz target {name} panicked on {}",
                path.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn corpus_replays_without_panics() {
    let n = replay("corpus");
    assert!(n > 0, "no seed corpus under fuzz/corpus");
}

#[test]
fn saved_artifacts_replay_without_panics() {
    replay("artifacts");
}

#[test]
fn every_target_has_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in TARGETS {
        assert!(
            !files(&root.join(name)).is_empty(),
            "fuzz/corpus/{name} is empty"
        );
    }
}
