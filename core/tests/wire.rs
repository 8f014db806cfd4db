//! The wire format outlives the code: a push recorded from the app as it was on
//! 2026-12-02 (before the record-kind registry, when every kind had its own
//! `Change` variant, and users were named by name) is read, checked and written
//! back the same, once its names are ids.
use chrono::{TimeZone, Utc};
use revisit_core::sync::protocol::PushRequest;
use revisit_core::sync::Change;
use revisit_core::user::legacy::name_users_in_push;
use revisit_core::user::UserId;

const RECORDED: &str = include_str!("fixtures/push-2026-12-02.json");

#[test]
fn a_push_recorded_before_the_registry_reads_checks_and_writes_back_the_same() {
    let mut recorded: serde_json::Value = serde_json::from_str(RECORDED).unwrap();
    assert!(
        serde_json::from_value::<PushRequest>(recorded.clone()).is_err(),
        "names where ids now stand"
    );
    let named = name_users_in_push(&mut recorded, &mut UserId::of_name);
    assert_eq!(
        named, 5,
        "the owner, the recorder, the step's and the assignment's people"
    );
    let push: PushRequest = serde_json::from_value(recorded.clone()).expect("the old push reads");
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
    assert_eq!(written, recorded, "the wire format is unchanged");
    assert_eq!(
        push.mutations[0].change.record().and_then(|r| match r {
            revisit_core::sync::protocol::Record::Customer(c) => c.owner,
            _ => None,
        }),
        Some(UserId::of_name("刘工"))
    );
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
