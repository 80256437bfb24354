//! Politeness: a request rate across the run ([`Pacer`], `--rate`), and throttled answers
//! retried within a bound ([`Retry`], `--retries`). An answer is throttled when it is a 429 or
//! a 503, or carries Huawei's `APIG.0308` / `APIGW.0308` error code. The wait is the answer's
//! `Retry-After` (seconds) when it gives one, else a back-off from the base wait (2 s by
//! default, growing to 2.5× it: Huawei advises 2–5 s); the waits of one request never exceed
//! the budget. A throttling that persists is an error ("throttled"), never a failed check.

use std::time::{Duration, Instant};

use crate::wire::Received;

/// How throttled answers are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retry {
    /// Retries after the first attempt (`--retries`).
    pub retries: u32,
    /// The first back-off wait when the answer gives no `Retry-After`.
    pub base_wait: Duration,
    /// The most one request waits in all.
    pub budget: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry { retries: 2, base_wait: Duration::from_secs(2), budget: Duration::from_secs(30) }
    }
}

/// Why an answer is throttled, or `None`.
pub(crate) fn throttled(r: &Received) -> Option<String> {
    if r.status == 429 || r.status == 503 {
        return Some(format!("{} {}", r.status, r.reason));
    }
    let code = serde_json::from_slice::<serde_json::Value>(&r.body).ok()?;
    let code = code.get("error_code")?.as_str()?.to_string();
    matches!(code.as_str(), "APIG.0308" | "APIGW.0308").then(|| format!("{} with error_code {code}", r.status))
}

impl Retry {
    /// The wait before retry `attempt` (1-based) after answer `r`, or why not to retry, given
    /// what was already waited.
    pub(crate) fn wait(&self, attempt: u32, r: &Received, waited: Duration) -> Result<Duration, String> {
        if attempt > self.retries {
            return Err(format!("still throttled after {} retries (--retries {})", self.retries, self.retries));
        }
        let given = r.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
        let backoff = self.base_wait.mul_f64((1.0 + 0.5 * f64::from(attempt - 1)).min(2.5));
        let wait = given.unwrap_or(backoff);
        if waited + wait > self.budget {
            return Err(format!(
                "a wait of {}s would pass the {}s wait budget of one request",
                wait.as_secs_f64(),
                self.budget.as_secs_f64()
            ));
        }
        Ok(wait)
    }
}

/// At most `rate` requests a second across the run: each request takes the next free slot.
#[derive(Debug)]
pub(crate) struct Pacer {
    interval: Duration,
    next: tokio::sync::Mutex<Instant>,
}

impl Pacer {
    /// A pacer for `rate` requests a second; `None` for 0 (no limit).
    pub(crate) fn new(rate: u32) -> Option<Pacer> {
        (rate > 0)
            .then(|| Pacer { interval: Duration::from_secs(1) / rate, next: tokio::sync::Mutex::new(Instant::now()) })
    }

    /// Waits for this request's slot.
    pub(crate) async fn wait(&self) {
        let at = {
            let mut next = self.next.lock().await;
            let at = (*next).max(Instant::now());
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Received {
        Received {
            status,
            headers: headers.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect(),
            body: body.as_bytes().to_vec(),
            ..Received::default()
        }
    }

    #[tokio::test]
    async fn the_pacer_spaces_requests_and_zero_is_no_limit() {
        assert!(Pacer::new(0).is_none());
        let p = Pacer::new(20).unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            p.wait().await;
        }
        assert!(start.elapsed() >= Duration::from_millis(100), "{:?}", start.elapsed());
    }

    #[test]
    fn throttling_is_429_503_or_apig_0308() {
        assert!(throttled(&answer(429, &[], "")).is_some());
        assert!(throttled(&answer(503, &[], "")).is_some());
        assert!(throttled(&answer(400, &[], r#"{"error_code":"APIGW.0308"}"#)).unwrap().contains("APIGW.0308"));
        assert!(throttled(&answer(400, &[], r#"{"error_code":"APIG.0301"}"#)).is_none());
        assert!(throttled(&answer(202, &[], "")).is_none());
    }

    #[test]
    fn waits_follow_retry_after_else_back_off_within_the_budget() {
        let r = Retry::default();
        assert_eq!(r.wait(1, &answer(429, &[("retry-after", "1")], ""), Duration::ZERO), Ok(Duration::from_secs(1)));
        assert_eq!(r.wait(1, &answer(429, &[], ""), Duration::ZERO), Ok(Duration::from_secs(2)));
        assert_eq!(r.wait(2, &answer(429, &[], ""), Duration::ZERO), Ok(Duration::from_secs(3)));
        assert!(r.wait(3, &answer(429, &[], ""), Duration::ZERO).unwrap_err().contains("after 2 retries"));
        let far = answer(429, &[("retry-after", "120")], "");
        assert!(r.wait(1, &far, Duration::ZERO).unwrap_err().contains("budget"));
    }
}
