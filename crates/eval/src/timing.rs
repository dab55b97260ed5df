//! Speed of our own code in the evaluations: several timed passes over the
//! same input and the median pass, because one pass over a test split takes
//! a fraction of a second and a busy machine disturbs it. The peers (Python,
//! Java) take seconds per pass and are timed by their own runners.

use std::time::Duration;

/// Fewest timed passes.
pub(crate) const MIN_TIMED_PASSES: usize = 5;

/// Least time, summed over the timed passes: with a small input more passes are
/// run until this much was timed.
pub(crate) const MIN_TIMED_SECONDS: f64 = 1.0;

/// Most timed passes: an input of a document or two (`--limit`) must not spin for long.
pub(crate) const MAX_TIMED_PASSES: usize = 200;

/// Runs `pass` until at least [`MIN_TIMED_PASSES`] passes and
/// [`MIN_TIMED_SECONDS`] of timed work are done, at most [`MAX_TIMED_PASSES`].
/// Each pass returns what it measured and the time it counts (so a pass can
/// leave its set-up untimed). Returns what the passes measured.
pub(crate) fn timed_passes<T>(mut pass: impl FnMut() -> (T, Duration)) -> Vec<T> {
    let mut passes = Vec::new();
    let mut timed = Duration::ZERO;
    while passes.len() < MAX_TIMED_PASSES
        && (passes.len() < MIN_TIMED_PASSES || timed.as_secs_f64() < MIN_TIMED_SECONDS)
    {
        let (measured, elapsed) = pass();
        timed += elapsed;
        passes.push(measured);
    }
    passes
}

/// The median of the passes' seconds (the mean of the middle two for an even
/// count; 0 for none), and the slowest and the fastest pass when there were several.
pub(crate) fn median_and_range(pass_seconds: &[f64]) -> (f64, Option<(f64, f64)>) {
    let mut sorted = pass_seconds.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |index: usize| sorted.get(index).copied().unwrap_or(0.0);
    let count = sorted.len();
    // With an odd count both indices name the same pass.
    let median = (at(count.saturating_sub(1) / 2) + at(count / 2)) / 2.0;
    let range = match (sorted.last(), sorted.first()) {
        (Some(&slowest), Some(&fastest)) if count > 1 => Some((slowest, fastest)),
        _ => None,
    };
    (median, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_pass_with_the_slowest_and_fastest() {
        assert_eq!(median_and_range(&[0.02, 0.01, 0.5, 0.0125, 0.01]), (0.0125, Some((0.5, 0.01))));
        assert_eq!(median_and_range(&[0.01, 0.03, 0.02, 0.04]).0, 0.025);
        assert_eq!(median_and_range(&[0.3]), (0.3, None));
        assert_eq!(median_and_range(&[]), (0.0, None));
    }

    #[test]
    fn passes_run_at_least_the_minimum_and_stop_at_the_cap() {
        let mut calls = 0;
        // Passes that count no time never reach the 1 s floor: the cap stops them.
        let passes = timed_passes(|| {
            calls += 1;
            (calls, Duration::ZERO)
        });
        assert_eq!(passes.len(), MAX_TIMED_PASSES);
        assert_eq!(passes.first(), Some(&1));
        // Passes that count 0.3 s each reach 1 s within the minimum number of passes.
        let slow = timed_passes(|| ((), Duration::from_millis(300)));
        assert_eq!(slow.len(), MIN_TIMED_PASSES);
        // Few passes that count much time: still the minimum.
        let long = timed_passes(|| ((), Duration::from_secs(2)));
        assert_eq!(long.len(), MIN_TIMED_PASSES);
    }
}
