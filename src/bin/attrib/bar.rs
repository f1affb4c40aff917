//! The progress bar of `attrib sensitivity` and `attrib report`: drawn on
//! stderr with `indicatif`, only when stderr is a terminal and `--quiet` is
//! not given, and cleared before the output is written.

use attrib::{Phase, Progress, Step};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// What the bar shows: the phase, a bar, the count and the time left.
const TEMPLATE: &str = "{spinner} {msg:<19} [{bar:30}] {pos}/{len} ({elapsed}, {eta} left)";

/// A progress bar on stderr that follows the library's [`Step`]s: one bar
/// per phase, each with its own count, elapsed time and estimate. Dropping
/// it clears it.
pub(crate) struct Bar {
    style: ProgressStyle,
    /// The phase shown, and its bar; none before the first step.
    shown: Mutex<Option<(Phase, ProgressBar)>>,
}

impl Bar {
    /// A bar when stderr is a terminal and `quiet` is false; otherwise
    /// none, and nothing is written to stderr.
    pub(crate) fn on_terminal(quiet: bool) -> Option<Bar> {
        (!quiet && std::io::stderr().is_terminal()).then(Bar::new)
    }

    /// A bar that draws nothing until the first step.
    fn new() -> Bar {
        let style = ProgressStyle::with_template(TEMPLATE)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .tick_chars("-\\|/ ")
            .progress_chars("=> ");
        Bar {
            style,
            shown: Mutex::new(None),
        }
    }
}

impl Progress for Bar {
    fn step(&self, step: Step) {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let current = shown.as_ref().filter(|(phase, _)| *phase == step.phase);
        let bar = match current {
            Some((_, bar)) if step.done > 0 => bar,
            _ => {
                // A new phase: clear the last one's bar and start one of its
                // own, on stderr (indicatif draws it at most 20 times a
                // second), its spinner turning while a step is slow.
                if let Some((_, old)) = shown.take() {
                    old.finish_and_clear();
                }
                let bar = ProgressBar::with_draw_target(
                    Some(step.total as u64),
                    ProgressDrawTarget::stderr(),
                )
                .with_style(self.style.clone())
                .with_message(step.phase.name());
                bar.enable_steady_tick(Duration::from_millis(100));
                &shown.insert((step.phase, bar)).1
            }
        };
        bar.set_position(step.done as u64);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        let shown = self.shown.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some((_, bar)) = shown.take() {
            bar.finish_and_clear();
        }
    }
}
