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

/// A place as a check-in keeps it: millionths of a degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub latitude_e6: i32,
    pub longitude_e6: i32,
}

impl CheckIn {
    /// Where it was made.
    pub fn place(&self) -> Place {
        Place {
            latitude_e6: self.latitude_e6,
            longitude_e6: self.longitude_e6,
        }
    }
}

/// Metres between two places: the haversine distance on a sphere, within 0.5 % of
/// the ellipsoid's at any distance a site is measured over.
pub fn distance_m(a: Place, b: Place) -> f64 {
    let degrees = |e6: i32| f64::from(e6) / 1e6;
    let (la1, la2) = (
        degrees(a.latitude_e6).to_radians(),
        degrees(b.latitude_e6).to_radians(),
    );
    let dla = la2 - la1;
    let dlo = (degrees(b.longitude_e6) - degrees(a.longitude_e6)).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_M * h.sqrt().min(1.0).asin()
}

/// Whole minutes from `arrived` to `left`; None for a departure before its arrival.
pub fn minutes_between(arrived: &CheckIn, left: &CheckIn) -> Option<u32> {
    if left.at.utc < arrived.at.utc {
        return None;
    }
    u32::try_from((left.at.utc - arrived.at.utc).num_minutes()).ok()
}

/// Whole minutes from arrival to departure, when both were recorded (a departure
/// is never before its arrival: `VisitResult::validate`).
pub fn minutes_on_site(result: &VisitResult) -> Option<u32> {
    minutes_between(result.check_in.as_ref()?, result.check_out.as_ref()?)
}

/// The departure that still stands after checking in (again) at `arrival`: one
/// made before it belongs to an earlier stay and is dropped, so the visit never
/// holds a departure before its arrival.
pub fn departure_after(arrival: &CheckIn, departure: Option<CheckIn>) -> Option<CheckIn> {
    departure.filter(|left| left.at.utc >= arrival.at.utc)
}

/// Where a customer's site is known to be, from every arrival recorded there:
/// from three on, the median latitude and the median longitude (so that one wrong
/// fix does not move it); before that, the first arrival, which the next is
/// measured against. None without any.
pub fn known_site(arrivals: &[CheckIn]) -> Option<Place> {
    if arrivals.len() < 3 {
        return arrivals.iter().min_by_key(|c| c.at.utc).map(CheckIn::place);
    }
    let median = |mut values: Vec<i32>| {
        values.sort_unstable();
        values[(values.len() - 1) / 2]
    };
    Some(Place {
        latitude_e6: median(arrivals.iter().map(|c| c.latitude_e6).collect()),
        longitude_e6: median(arrivals.iter().map(|c| c.longitude_e6).collect()),
    })
}

/// How far `arrival` was from the customer's known `site`, in whole metres, when
/// that is more than `far_m` beyond the fix's own uncertainty (a fix sure only to
/// 2 km is not flagged for being 1.5 km off).
pub fn far_from(arrival: &CheckIn, site: Place, far_m: u32) -> Option<u32> {
    let off = distance_m(arrival.place(), site);
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

    /// How far `arrival` is flagged from the site `arrivals` place (this one among them).
    fn far(arrival: &CheckIn, arrivals: &[CheckIn]) -> Option<u32> {
        far_from(arrival, known_site(arrivals)?, FAR_M)
    }

    #[test]
    fn distances_are_those_of_the_map() {
        // Nanjing's Xinjiekou to Gulou: 0.01681° north (1,869 m) and 0.005952° west at
        // 32°N (561 m), 1,951 m on the flat; a millionth of a degree: ~0.11 m.
        let xinjiekou = fix(32.041544, 118.784115, 5.0);
        let gulou = fix(32.058354, 118.778163, 5.0);
        let d = distance_m(xinjiekou.place(), gulou.place());
        assert!((1_945.0..1_958.0).contains(&d), "{d}");
        assert_eq!(distance_m(gulou.place(), gulou.place()), 0.0);
        let next = fix(32.058355, 118.778163, 5.0);
        assert!((0.10..0.12).contains(&distance_m(gulou.place(), next.place())));
        // Antipodes: half the Earth's circumference, no NaN.
        let d = distance_m(fix(0.0, 0.0, 1.0).place(), fix(0.0, 180.0, 1.0).place());
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
    fn checking_in_again_drops_a_departure_made_before_it() {
        let place = |minute| CheckIn {
            at: at(minute),
            ..fix(32.0, 118.0, 5.0)
        };
        let left = place(40);
        assert_eq!(
            departure_after(&place(5), Some(left)),
            Some(left),
            "the same stay"
        );
        assert_eq!(
            departure_after(&place(40), Some(left)),
            Some(left),
            "the same minute"
        );
        assert_eq!(
            departure_after(&place(55), Some(left)),
            None,
            "back after leaving"
        );
        assert_eq!(departure_after(&place(55), None), None);
        assert_eq!(minutes_between(&place(55), &left), None);
    }

    #[test]
    fn one_wrong_fix_does_not_move_the_site_and_is_flagged() {
        let site = [
            fix(31.300000, 120.600000, 10.0),
            fix(31.300100, 120.600100, 10.0),
            fix(31.900000, 121.500000, 10.0), // a wrong fix, ~100 km off
        ];
        assert_eq!(
            known_site(&site),
            Some(Place {
                latitude_e6: 31_300_100,
                longitude_e6: 120_600_100
            })
        );
        assert_eq!(known_site(&[]), None);
        assert_eq!(far(&site[1], &site), None);
        assert!(far(&site[2], &site).unwrap() > 90_000);
        // At the gate: not flagged; across town: flagged with the distance.
        let with = |c: CheckIn| [site.to_vec(), vec![c]].concat();
        let gate = fix(31.301, 120.601, 10.0);
        assert_eq!(far(&gate, &with(gate)), None);
        let across = fix(31.33, 120.60, 10.0);
        let off = far(&across, &with(across)).unwrap();
        assert!((3_300..3_350).contains(&off), "{off}");
        // A fix unsure by 5 km is not flagged 3 km off; a first arrival sets the site.
        let unsure = fix(31.33, 120.60, 5_000.0);
        assert_eq!(far(&unsure, &with(unsure)), None);
        assert_eq!(far(&across, &[across]), None);
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
        assert_eq!(far(&first, &both), None);
        assert!(far(&second, &both).is_some());
    }
}
