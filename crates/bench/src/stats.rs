//! Latency histograms: one HDR histogram (nanoseconds, 3 significant digits) per connection,
//! merged at each checkpoint and summarised as p50/p99/max in milliseconds.

use std::time::Duration;

use hdrhistogram::Histogram;

/// Lowest latency told apart (1 µs): smaller values still count, in the first bucket.
const LOWEST_NS: u64 = 1_000;
/// Highest latency tracked exactly (60 s); longer ones are clamped to it.
const HIGHEST_NS: u64 = 60_000_000_000;

/// A new, empty latency histogram.
pub fn histogram() -> Histogram<u64> {
    // The bounds are constants that satisfy the crate's preconditions (low ≥ 1, high ≥ 2·low,
    // 0 ≤ sigfig ≤ 5), so this cannot fail.
    Histogram::new_with_bounds(LOWEST_NS, HIGHEST_NS, 3).unwrap_or_else(|e| unreachable!("constant bounds: {e}"))
}

/// Records one request's latency.
pub fn record(h: &mut Histogram<u64>, latency: Duration) {
    let ns = u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX);
    h.saturating_record(ns.min(HIGHEST_NS));
}

/// Latency summary of a histogram, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
}

/// p50, p99 and max of `h` in milliseconds (all 0 for an empty histogram).
pub fn summarize(h: &Histogram<u64>) -> Latency {
    let ms = |ns: u64| ns as f64 / 1_000_000.0;
    if h.is_empty() {
        return Latency { p50_ms: 0.0, p99_ms: 0.0, max_ms: 0.0 };
    }
    Latency { p50_ms: ms(h.value_at_quantile(0.50)), p99_ms: ms(h.value_at_quantile(0.99)), max_ms: ms(h.max()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        // 3 significant digits: within 0.1% (plus a hair for bucket edges).
        (a - b).abs() <= b.abs() * 0.0011
    }

    #[test]
    fn percentiles_are_in_milliseconds() {
        let mut h = histogram();
        // 98 fast requests at 0.2 ms, then 2 slow ones at 5 ms and 40 ms.
        for _ in 0..98 {
            record(&mut h, Duration::from_micros(200));
        }
        record(&mut h, Duration::from_millis(5));
        record(&mut h, Duration::from_millis(40));
        let l = summarize(&h);
        assert!(close(l.p50_ms, 0.2), "p50 {}", l.p50_ms);
        // The 99th of 100 values is the 5 ms one.
        assert!(close(l.p99_ms, 5.0), "p99 {}", l.p99_ms);
        assert!(close(l.max_ms, 40.0), "max {}", l.max_ms);
    }

    #[test]
    fn p99_sees_the_slowest_percent() {
        let mut h = histogram();
        for i in 1..=1000u64 {
            record(&mut h, Duration::from_micros(i * 10));
        }
        let l = summarize(&h);
        assert!(close(l.p50_ms, 5.0), "p50 {}", l.p50_ms);
        assert!(close(l.p99_ms, 9.9), "p99 {}", l.p99_ms);
    }

    #[test]
    fn merged_histograms_count_every_connection() {
        let (mut a, mut b) = (histogram(), histogram());
        record(&mut a, Duration::from_micros(100));
        for _ in 0..3 {
            record(&mut b, Duration::from_millis(3));
        }
        a.add(&b).expect("same bounds");
        assert_eq!(a.len(), 4);
        assert!(close(summarize(&a).p50_ms, 3.0));
    }

    #[test]
    fn empty_and_huge_values() {
        assert_eq!(summarize(&histogram()).p99_ms, 0.0);
        let mut h = histogram();
        record(&mut h, Duration::from_secs(3600));
        assert!(close(summarize(&h).max_ms, 60_000.0), "clamped to 60 s");
    }
}
