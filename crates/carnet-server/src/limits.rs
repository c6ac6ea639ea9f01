//! Request-rate limits: a token bucket per caller (token hash, or address
//! for unauthenticated requests). Bounded memory: the table is cleared
//! when it grows past a cap, which only ever forgives.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

const MAX_CALLERS: usize = 100_000;

/// A token-bucket limiter.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64) -> Self {
        Self {
            per_second,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `caller`; false when the caller must slow down.
    pub fn allow(&self, caller: &str) -> bool {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > MAX_CALLERS {
            buckets.clear();
        }
        let (tokens, last) = buckets
            .entry(caller.to_string())
            .or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
