//! A rate limit per device token, so one misbehaving phone (or a leaked token)
//! cannot starve the others. GCRA from the `governor` crate.
use crate::error::ApiError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use uuid::Uuid;

/// Enough for a sync burst (push, then several pages of pull) many times over.
pub const DEFAULT_PER_SECOND: u32 = 20;

pub struct Limiter(DefaultKeyedRateLimiter<Uuid>);

impl Limiter {
    pub fn new(per_second: u32) -> Self {
        let rate = NonZeroU32::new(per_second.max(1)).expect("at least 1");
        let burst = NonZeroU32::new(per_second.max(1).saturating_mul(3)).expect("at least 1");
        Self(RateLimiter::keyed(
            Quota::per_second(rate).allow_burst(burst),
        ))
    }

    /// 429 when `client` has used up its allowance.
    pub fn check(&self, client: &Uuid) -> Result<(), ApiError> {
        self.0
            .check_key(client)
            .map_err(|_| ApiError::TooManyRequests)
    }
}
