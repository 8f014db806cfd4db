//! The wire format outlives the code: a push recorded from the app as it was on
//! 2026-12-02 (before the record-kind registry, when every kind had its own
//! `Change` variant) is read, checked and written back byte for byte the same.
use chrono::{TimeZone, Utc};
use revisit_core::sync::protocol::PushRequest;
use revisit_core::sync::Change;

const RECORDED: &str = include_str!("fixtures/push-2026-12-02.json");

#[test]
fn a_push_recorded_before_the_registry_reads_checks_and_writes_back_the_same() {
    let push: PushRequest = serde_json::from_str(RECORDED).expect("the old push reads");
    let kinds: Vec<&str> = push
        .mutations
        .iter()
        .map(|m| m.change.kind().as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "customer",
            "installation",
            "visit",
            "event",
            "issue",
            "issue",
            "photo",
            "assignment"
        ]
    );
    assert!(matches!(push.mutations[5].change, Change::IssueStep { .. }));
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 4, 0, 0).unwrap();
    assert_eq!(push.check(now), Ok(()));
    let written = serde_json::to_value(&push).unwrap();
    let recorded: serde_json::Value = serde_json::from_str(RECORDED).unwrap();
    assert_eq!(written, recorded, "the wire format is unchanged");
}

#[test]
fn the_organisations_records_cannot_be_pushed() {
    let mut recorded: serde_json::Value = serde_json::from_str(RECORDED).unwrap();
    for kind in ["put_settings", "put_template", "put_nothing"] {
        recorded["mutations"][0]["kind"] = kind.into();
        let err = serde_json::from_value::<PushRequest>(recorded.clone()).unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{kind}: {err}");
    }
}
