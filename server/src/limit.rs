//! Rate limits. Per device token, so one misbehaving phone (or a leaked token)
//! cannot starve the others; and per IP address and overall for what comes without a
//! valid token — enrollment codes and unknown tokens — so codes cannot be guessed
//! (a code has 60 bits; at 10 tries a minute an address is locked out after 30
//! failures in an hour). GCRA from the `governor` crate; every 429 says when to
//! come back (`Retry-After`).
use crate::error::ApiError;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Enough for a sync burst (push, then several pages of pull) many times over.
pub const DEFAULT_PER_SECOND: u32 = 20;

/// Unauthenticated tries an address may make a minute (enrollments, unknown tokens).
pub const TRIES_PER_MINUTE: u32 = 10;
/// All addresses together, a minute.
pub const ALL_TRIES_PER_MINUTE: u32 = 120;
/// Failures (a wrong code, an unknown token) an address may have in an hour before
/// it is locked out for [`LOCKOUT`].
pub const FAILURES_PER_HOUR: u32 = 30;
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Addresses kept locked out at most (the oldest lockouts go first).
const LOCKED_AT_MOST: usize = 10_000;

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least 1")
}

pub struct Limiter {
    per_device: DefaultKeyedRateLimiter<Uuid>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    all: DefaultDirectRateLimiter,
    failures: DefaultKeyedRateLimiter<IpAddr>,
    locked: Mutex<HashMap<IpAddr, Instant>>,
}

impl Limiter {
    pub fn new(per_second: u32) -> Self {
        Self {
            per_device: RateLimiter::keyed(
                Quota::per_second(nonzero(per_second))
                    .allow_burst(nonzero(per_second.saturating_mul(3))),
            ),
            per_address: RateLimiter::keyed(Quota::per_minute(nonzero(TRIES_PER_MINUTE))),
            all: RateLimiter::direct(Quota::per_minute(nonzero(ALL_TRIES_PER_MINUTE))),
            failures: RateLimiter::keyed(Quota::per_hour(nonzero(FAILURES_PER_HOUR))),
            locked: Mutex::new(HashMap::new()),
        }
    }

    /// 429 when `client` has used up its allowance.
    pub fn check(&self, client: &Uuid) -> Result<(), ApiError> {
        self.per_device
            .check_key(client)
            .map_err(|_| ApiError::TooManyRequests)
    }

    /// 429 while `address` is locked out (cheap: before any database work).
    pub fn not_locked(&self, address: IpAddr) -> Result<(), ApiError> {
        let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        match locked.get(&address) {
            Some(until) if *until > Instant::now() => Err(ApiError::TooManyRequests),
            Some(_) => {
                locked.remove(&address);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// An unauthenticated try from `address` (an enrollment): 429 beyond the
    /// address's or everyone's allowance, or while it is locked out.
    pub fn attempt(&self, address: IpAddr) -> Result<(), ApiError> {
        self.not_locked(address)?;
        self.all.check().map_err(|_| ApiError::TooManyRequests)?;
        if address.is_unspecified() {
            return Ok(()); // no network peer (the app called in-process)
        }
        self.per_address
            .check_key(&address)
            .map_err(|_| ApiError::TooManyRequests)
    }

    /// A failed try from `address` (a wrong code, an unknown token); too many in an
    /// hour lock it out.
    pub fn failed(&self, address: IpAddr) {
        if address.is_unspecified() || self.failures.check_key(&address).is_ok() {
            return;
        }
        tracing::warn!(%address, "locked out after {FAILURES_PER_HOUR} failed tries in an hour");
        let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        locked.retain(|_, until| *until > now);
        if locked.len() >= LOCKED_AT_MOST {
            if let Some(oldest) = locked
                .iter()
                .min_by_key(|(_, until)| **until)
                .map(|(a, _)| *a)
            {
                locked.remove(&oldest);
            }
        }
        locked.insert(address, now + LOCKOUT);
        drop(locked);
        self.failures.retain_recent();
        self.per_address.retain_recent();
    }
}

/// The address a request comes from ([`client_address`]), as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts)))
    }
}

/// Who is asking: the peer's address — or, when the peer is this machine (a reverse
/// proxy in front), the first address of its `X-Forwarded-For`.
pub fn client_address(parts: &axum::http::request::Parts) -> IpAddr {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded = || {
        parts
            .headers
            .get("x-forwarded-for")?
            .to_str()
            .ok()?
            .split(',')
            .next()?
            .trim()
            .parse::<IpAddr>()
            .ok()
    };
    match peer {
        Some(ip) if ip.is_loopback() => forwarded().unwrap_or(ip),
        Some(ip) => ip,
        None => forwarded().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_limited_then_locked_out_others_are_not() {
        let limiter = Limiter::new(20);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..TRIES_PER_MINUTE {
            limiter.attempt(a).unwrap();
        }
        assert!(limiter.attempt(a).is_err(), "the 11th try in a minute");
        assert!(limiter.attempt(b).is_ok(), "another address is not held up");
        for _ in 0..=FAILURES_PER_HOUR {
            limiter.failed(b);
        }
        assert!(
            limiter.not_locked(b).is_err(),
            "locked out after too many failures"
        );
        assert!(limiter.attempt(b).is_err());
    }
}
