//! Request-rate limits: a token bucket per caller (a known token's hash, or
//! the client's network for unauthenticated requests). Bounded memory: past
//! a cap, idle callers (whose bucket is full again) are forgotten; callers
//! being throttled never are, and new callers wait while the table is full.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::HeaderMap;

/// The bucket of an address: IPv4 as is, IPv6 by its /64 (one subscriber
/// usually holds a whole /64, so per-address buckets would be no limit).
pub fn network_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address: the connection's, or, only when the connection
/// comes from the configured reverse proxy, the last address that proxy
/// appended to `X-Forwarded-For` (earlier entries are the client's word).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted_proxy: Option<IpAddr>) -> IpAddr {
    if trusted_proxy != Some(peer) {
        return peer;
    }
    // Only the proxy's own (last) entry: never fall back to an earlier one.
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|part| part.trim().parse::<IpAddr>().ok())
        .unwrap_or(peer)
}

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
        if buckets.len() >= MAX_CALLERS && !buckets.contains_key(caller) {
            let (per_second, burst) = (self.per_second, self.burst);
            buckets.retain(|_, (tokens, last)| {
                *tokens + now.duration_since(*last).as_secs_f64() * per_second < burst
            });
            if buckets.len() >= MAX_CALLERS {
                return false;
            }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ipv6_addresses_share_their_64_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network_key(a), network_key(b));
        assert_ne!(network_key(a), network_key(c));
        assert_eq!(
            network_key("::ffff:192.0.2.7".parse().unwrap()),
            "192.0.2.7"
        );
    }

    #[test]
    fn a_flood_of_new_callers_does_not_reset_a_throttled_one() {
        let limiter = RateLimiter::new(0.001, 2.0);
        assert!(limiter.allow("victim-of-throttle"));
        assert!(limiter.allow("victim-of-throttle"));
        assert!(!limiter.allow("victim-of-throttle"));
        for i in 0..MAX_CALLERS + 10 {
            limiter.allow(&format!("random-{i}"));
        }
        assert!(
            !limiter.allow("victim-of-throttle"),
            "still throttled after the flood"
        );
    }

    #[test]
    fn only_the_configured_proxy_is_believed() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 192.0.2.9".parse().unwrap());
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(
            client_ip(proxy, &headers, Some(proxy)),
            "192.0.2.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(other, &headers, Some(proxy)), other);
        assert_eq!(client_ip(proxy, &headers, None), proxy);
    }
}
