use super::*;
use chrono::{Duration, NaiveDate};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// 10:00 Beijing time on 2026-`m`-`d`.
fn at(m: u32, d: u32) -> DeviceTime {
    let local = day(m, d).and_hms_opt(10, 0, 0).unwrap();
    DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap()
}

fn low_service() -> Action {
    Action::open(
        Uuid::from_u128(1),
        ActionKind::Corrective,
        "维修人员到场不及时",
        "三次回访服务评分 2 分",
        vec![Evidence::LowServiceRating {
            visit_id: Uuid::from_u128(9),
        }],
        at(3, 2),
    )
    .unwrap()
}

fn act(due: NaiveDate) -> Decision {
    Decision::Act {
        owner: Department::CustomerService,
        due,
    }
}

#[test]
fn an_action_is_reviewed_acted_on_and_verified_in_order() {
    let opened = low_service();
    assert_eq!(opened.status(), ActionStatus::AwaitingReview);
    assert!(
        opened.measured("增派人员", at(3, 3)).is_err(),
        "not before the review"
    );
    assert!(opened.verified(true, "", at(3, 3)).is_err());

    let reviewed = opened.reviewed(act(day(3, 31)), at(3, 4)).unwrap();
    assert_eq!(reviewed.status(), ActionStatus::InProgress);
    assert_eq!(
        reviewed.review.as_ref().unwrap().what.reviewer,
        Department::QualityControl
    );
    assert!(
        reviewed.reviewed(act(day(4, 30)), at(3, 5)).is_err(),
        "reviewed once"
    );
    assert!(
        reviewed.verified(true, "", at(3, 5)).is_err(),
        "nothing to verify yet"
    );
    assert!(!reviewed.is_overdue(day(3, 31)));
    assert!(reviewed.is_overdue(day(4, 1)));

    let measured = reviewed
        .measured("华东区增设两名驻点维修人员", at(3, 20))
        .unwrap();
    assert_eq!(measured.status(), ActionStatus::AwaitingVerification);
    assert!(
        !measured.is_overdue(day(4, 1)),
        "done, if late: for the verifier now"
    );
    assert!(
        measured.measured("再改", at(3, 21)).is_err(),
        "awaiting verification"
    );
    assert!(
        measured.verified(false, " ", at(4, 10)).is_err(),
        "why not effective"
    );

    let failed = measured
        .verified(false, "回访仍有两家反映到场慢", at(4, 10))
        .unwrap();
    assert_eq!(
        failed.status(),
        ActionStatus::InProgress,
        "reopened for new measures"
    );
    let again = failed.measured("建立 4 小时响应考核", at(4, 20)).unwrap();
    assert_eq!(again.status(), ActionStatus::AwaitingVerification);
    let closed = again.verified(true, "连续两月无投诉", at(5, 25)).unwrap();
    assert_eq!(closed.status(), ActionStatus::Verified);
    assert!(closed.status().is_closed());
    assert!(closed.verified(true, "", at(5, 26)).is_err(), "closed");
    assert!(closed.measured("x", at(5, 26)).is_err(), "closed");
    closed.validate().unwrap();
}

#[test]
fn no_action_closes_it_with_the_reason() {
    let opened = low_service();
    let no_reason = Decision::NoAction { reason: " ".into() };
    assert!(opened.reviewed(no_reason, at(3, 4)).is_err());
    let closed = opened
        .reviewed(
            Decision::NoAction {
                reason: "个例：客户现场临时停电".into(),
            },
            at(3, 4),
        )
        .unwrap();
    assert_eq!(closed.status(), ActionStatus::NoAction);
    assert!(closed.measured("x", at(3, 5)).is_err());
}

#[test]
fn product_findings_are_reviewed_by_the_products_company_the_rest_by_quality() {
    let mut product = low_service();
    product.evidence = vec![Evidence::ProductLineTrend {
        product_line: "switchgear".into(),
    }];
    assert_eq!(product.reviewer(), Department::Production);
    product.evidence.push(Evidence::Suggestions {
        visit_ids: vec![Uuid::from_u128(3)],
    });
    assert_eq!(
        product.reviewer(),
        Department::Production,
        "any product finding"
    );
    assert_eq!(low_service().reviewer(), Department::QualityControl);
}

#[test]
fn a_record_out_of_order_is_refused() {
    let reviewed = low_service().reviewed(act(day(3, 31)), at(3, 4)).unwrap();
    let mut early = reviewed.clone();
    early.review.as_mut().unwrap().at = at(3, 1);
    assert!(early.validate().is_err(), "reviewed before opened");
    let mut past_due = reviewed.clone();
    past_due.review.as_mut().unwrap().what.decision = act(day(3, 3));
    assert!(past_due.validate().is_err(), "due before the review");
    let mut verified_bare = reviewed.clone();
    verified_bare.verifications.push(Signed {
        what: Verification {
            effective: true,
            note: String::new(),
        },
        by: None,
        at: at(3, 6),
    });
    assert!(
        verified_bare.validate().is_err(),
        "verified without measures"
    );
    assert!(Action::open(
        Uuid::from_u128(2),
        ActionKind::Preventive,
        " ",
        "x",
        vec![],
        at(3, 2)
    )
    .is_err());
    assert!(Action::open(
        Uuid::from_u128(2),
        ActionKind::Preventive,
        "x",
        " ",
        vec![],
        at(3, 2)
    )
    .is_err());
}

#[test]
fn the_server_signs_what_each_user_added_and_keeps_earlier_signatures() {
    let (wang, liu) = (UserId::of_name("王主管"), UserId::of_name("刘质量"));
    let mut opened = low_service();
    opened.opened_by = Some(liu); // what the body claims
    opened.sign(wang, None);
    assert_eq!(opened.opened_by, Some(wang));

    let mut reviewed = opened.reviewed(act(day(3, 31)), at(3, 4)).unwrap();
    reviewed.sign(liu, Some(&opened));
    assert_eq!(
        reviewed.opened_by,
        Some(wang),
        "the opening keeps its signature"
    );
    assert_eq!(reviewed.review.as_ref().unwrap().by, Some(liu));

    let mut measured = reviewed.measured("增派人员", at(3, 20)).unwrap();
    measured.review.as_mut().unwrap().by = Some(wang); // a forged signature
    measured.sign(wang, Some(&reviewed));
    assert_eq!(
        measured.review.as_ref().unwrap().by,
        Some(liu),
        "unchanged: kept"
    );
    assert_eq!(measured.measures.as_ref().unwrap().by, Some(wang));
}

#[test]
fn it_reads_back_as_written() {
    let a = low_service()
        .reviewed(act(day(3, 31)), at(3, 4))
        .unwrap()
        .measured("增派人员", at(3, 20))
        .unwrap();
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["review"]["decision"]["decision"], "act");
    assert_eq!(json["measures"]["taken"], "增派人员");
    let back: Action = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn the_report_finds_the_actions_on_its_findings() {
    let on_rating = low_service();
    let mut failed = low_service();
    failed.id = Uuid::from_u128(2);
    failed.evidence = vec![Evidence::FailedItem {
        visit_id: Uuid::from_u128(8),
        stage: StageKey::OneMonth,
        item: "door_lock".into(),
    }];
    let mut trend = low_service();
    trend.id = Uuid::from_u128(3);
    trend.evidence = vec![Evidence::ProductLineTrend {
        product_line: "switchgear".into(),
    }];
    let actions = [on_rating, failed, trend];
    let ids = |found: Vec<&Action>| found.iter().map(|a| a.id.as_u128()).collect::<Vec<_>>();
    assert_eq!(ids(on_line(&actions, "switchgear")), [3]);
    assert!(on_line(&actions, "instrument").is_empty());
    assert_eq!(ids(on_visit(&actions, Uuid::from_u128(9))), [1]);
    assert_eq!(ids(on_visit(&actions, Uuid::from_u128(8))), [2]);
    assert_eq!(ids(on_item(&actions, StageKey::OneMonth, "door_lock")), [2]);
    assert!(on_item(&actions, StageKey::WarrantyEnd, "door_lock").is_empty());
}
