//! The server's clock: the system's, shifted by `REVISIT_CLOCK_OFFSET_MS` when that
//! is set. The end-to-end tests run the app on chosen dates (the eve of the Spring
//! Festival, New Year's Eve) with the browsers' clocks moved there, and the server
//! must agree with them on what "now" and "today" are — or it refuses the devices'
//! edits as coming from the future. Production leaves it unset.
use chrono::{DateTime, Local, NaiveDate, TimeDelta, Utc};
use std::sync::OnceLock;

/// The environment variable that shifts the clock, in milliseconds (may be negative).
pub const OFFSET_VAR: &str = "REVISIT_CLOCK_OFFSET_MS";

static OFFSET: OnceLock<TimeDelta> = OnceLock::new();

/// Reads the shift from the environment, once, at start; a malformed one is refused.
pub fn init_from_env() -> anyhow::Result<()> {
    let offset = match std::env::var(OFFSET_VAR) {
        Ok(text) if !text.trim().is_empty() => {
            let ms: i64 = text.trim().parse().map_err(|_| {
                anyhow::anyhow!(
                    "{OFFSET_VAR}={text:?}: expected whole milliseconds, e.g. -86400000"
                )
            })?;
            TimeDelta::try_milliseconds(ms)
                .ok_or_else(|| anyhow::anyhow!("{OFFSET_VAR}={ms}: out of range"))?
        }
        _ => TimeDelta::zero(),
    };
    if !offset.is_zero() {
        tracing::warn!(
            offset_ms = offset.num_milliseconds(),
            "the clock is shifted ({OFFSET_VAR})"
        );
    }
    let _ = OFFSET.set(offset);
    Ok(())
}

/// Now.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    OFFSET
        .get()
        .and_then(|offset| now.checked_add_signed(*offset))
        .unwrap_or(now)
}

/// Today's date where the server runs (its time zone, `TZ`).
pub fn today() -> NaiveDate {
    now().with_timezone(&Local).date_naive()
}
