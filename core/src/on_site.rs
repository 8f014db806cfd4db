//! Time and place on site (issue 19 item 5): an on-site visit's arrival and
//! departure (到达签到 / 离开签退), the time between them, and whether an arrival
//! was far from where the customer's site is known to be. Far is flagged to the
//! supervisor, never refused: a fix under a steel roof can be off by kilometres,
//! and the visit happened either way.
use crate::visit::{CheckIn, VisitResult};

/// How far from the known site an arrival is flagged, by default (metres).
pub const FAR_M: u32 = 1_000;

/// The Earth's mean radius, in metres.
const EARTH_M: f64 = 6_371_008.8;

/// Metres between two fixes: the haversine distance on a sphere, within 0.5 % of
/// the ellipsoid's at any distance a site is measured over.
pub fn distance_m(a: &CheckIn, b: &CheckIn) -> f64 {
    let (la1, la2) = (a.latitude().to_radians(), b.latitude().to_radians());
    let dla = la2 - la1;
    let dlo = (b.longitude() - a.longitude()).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_M * h.sqrt().min(1.0).asin()
}

/// Whole minutes from arrival to departure, when both were recorded (a departure
/// is never before its arrival: `VisitResult::validate`).
pub fn minutes_on_site(result: &VisitResult) -> Option<u32> {
    let (arrived, left) = (result.check_in?, result.check_out?);
    u32::try_from((left.at.utc - arrived.at.utc).num_minutes()).ok()
}

/// Where a customer's site is known to be, from every arrival recorded there:
/// from three on, the median latitude and the median longitude (so that one wrong
/// fix does not move it); before that, the first arrival, which the next is
/// measured against. None without any.
pub fn known_site(arrivals: &[CheckIn]) -> Option<(i32, i32)> {
    if arrivals.len() < 3 {
        let first = arrivals.iter().min_by_key(|c| c.at.utc)?;
        return Some((first.latitude_e6, first.longitude_e6));
    }
    let median = |mut values: Vec<i32>| {
        values.sort_unstable();
        values[(values.len() - 1) / 2]
    };
    Some((
        median(arrivals.iter().map(|c| c.latitude_e6).collect()),
        median(arrivals.iter().map(|c| c.longitude_e6).collect()),
    ))
}

/// How far `arrival` was from the site that the customer's `arrivals` (this one
/// among them) place it at, in whole metres, when that is more than `far_m`
/// beyond the fix's own uncertainty (a fix sure only to 2 km is not flagged for
/// being 1.5 km off).
pub fn far_from_site(arrival: &CheckIn, arrivals: &[CheckIn], far_m: u32) -> Option<u32> {
    let (latitude_e6, longitude_e6) = known_site(arrivals)?;
    let site = CheckIn {
        latitude_e6,
        longitude_e6,
        accuracy_m: 0,
        ..*arrival
    };
    let off = distance_m(arrival, &site);
    let allowed = f64::from(far_m) + f64::from(arrival.accuracy_m);
    (off > allowed).then(|| off.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::DeviceTime;
    use chrono::{TimeZone, Utc};

    fn at(minute: u32) -> DeviceTime {
        DeviceTime::new(
            Utc.with_ymd_and_hms(2026, 12, 7, 2, minute, 0).unwrap(),
            480,
        )
        .unwrap()
    }

    fn fix(latitude: f64, longitude: f64, accuracy: f64) -> CheckIn {
        CheckIn::new(at(0), latitude, longitude, accuracy).unwrap()
    }

    #[test]
    fn distances_are_those_of_the_map() {
        // Nanjing's Xinjiekou to Gulou: 0.01681° north (1,869 m) and 0.005952° west at
        // 32°N (561 m), 1,951 m on the flat; a millionth of a degree: ~0.11 m.
        let xinjiekou = fix(32.041544, 118.784115, 5.0);
        let gulou = fix(32.058354, 118.778163, 5.0);
        let d = distance_m(&xinjiekou, &gulou);
        assert!((1_945.0..1_958.0).contains(&d), "{d}");
        assert_eq!(distance_m(&gulou, &gulou), 0.0);
        let next = fix(32.058355, 118.778163, 5.0);
        assert!((0.10..0.12).contains(&distance_m(&gulou, &next)));
        // Antipodes: half the Earth's circumference, no NaN.
        let d = distance_m(&fix(0.0, 0.0, 1.0), &fix(0.0, 180.0, 1.0));
        assert!((d - std::f64::consts::PI * EARTH_M).abs() < 1.0, "{d}");
    }

    #[test]
    fn time_on_site_needs_both_ends() {
        let mut result = crate::visit::tests::result();
        assert_eq!(minutes_on_site(&result), None);
        result.check_in = Some(CheckIn {
            at: at(5),
            ..fix(32.0, 118.0, 5.0)
        });
        assert_eq!(minutes_on_site(&result), None, "arrived, not left");
        result.check_out = Some(CheckIn {
            at: at(52),
            ..fix(32.0, 118.0, 5.0)
        });
        assert_eq!(minutes_on_site(&result), Some(47));
    }

    #[test]
    fn one_wrong_fix_does_not_move_the_site_and_is_flagged() {
        let site = [
            fix(31.300000, 120.600000, 10.0),
            fix(31.300100, 120.600100, 10.0),
            fix(31.900000, 121.500000, 10.0), // a wrong fix, ~100 km off
        ];
        assert_eq!(known_site(&site), Some((31_300_100, 120_600_100)));
        assert_eq!(known_site(&[]), None);
        assert_eq!(far_from_site(&site[1], &site, FAR_M), None);
        assert!(far_from_site(&site[2], &site, FAR_M).unwrap() > 90_000);
        // At the gate: not flagged; across town: flagged with the distance.
        let with = |c: CheckIn| [site.to_vec(), vec![c]].concat();
        let gate = fix(31.301, 120.601, 10.0);
        assert_eq!(far_from_site(&gate, &with(gate), FAR_M), None);
        let across = fix(31.33, 120.60, 10.0);
        let off = far_from_site(&across, &with(across), FAR_M).unwrap();
        assert!((3_300..3_350).contains(&off), "{off}");
        // A fix unsure by 5 km is not flagged 3 km off; a first arrival sets the site.
        let unsure = fix(31.33, 120.60, 5_000.0);
        assert_eq!(far_from_site(&unsure, &with(unsure), FAR_M), None);
        assert_eq!(far_from_site(&across, &[across], FAR_M), None);
    }

    #[test]
    fn before_three_arrivals_the_first_sets_the_site() {
        let first = CheckIn {
            at: at(0),
            ..fix(31.30, 120.60, 10.0)
        };
        let second = CheckIn {
            at: at(30),
            ..fix(31.35, 120.60, 10.0)
        };
        let both = [second, first];
        assert_eq!(far_from_site(&first, &both, FAR_M), None);
        assert!(far_from_site(&second, &both, FAR_M).is_some());
    }
}
