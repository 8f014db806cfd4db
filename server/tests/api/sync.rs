//! Push and pull: idempotent retries, all-or-nothing batches, conflicts, scopes.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use serde_json::json;

fn id(n: u128) -> String {
    uuid::Uuid::from_u128(n).to_string()
}

#[tokio::test]
async fn what_one_device_pushes_another_pulls() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let laptop = app.device("zhao", "赵主管", Role::Supervisor).await;
    let answer = app
        .push_ok(
            &office,
            &[
                (Change::put(customer(1, "华东电力", Some("张工"))), None),
                (Change::put(installation(2, 1)), None),
                (Change::put(visit(3, 1)), None),
                (Change::put(issue(4, 1)), None),
            ],
        )
        .await;
    assert_eq!(answer.last_mutation_id, 4);
    assert!(answer.conflicts.is_empty() && answer.skipped.is_empty());

    let page = app.pull(&laptop, 0).await;
    assert!(!page.more);
    assert_eq!(data(&page.records).len(), 4);
    let mut names: Vec<String> = directory(&page.records)
        .into_iter()
        .map(|u| u.name)
        .collect();
    names.sort();
    assert_eq!(names, ["王主管", "赵主管"], "and the user directory");
    assert_eq!(page.cursor, page.records.last().unwrap().version);
    assert!(
        matches!(&find(&page.records, &id(1)).unwrap().record, Record::Customer(c) if c.name == "华东电力")
    );
    assert!(
        matches!(&find(&page.records, &id(3)).unwrap().record, Record::Visit(v) if v.result.is_some())
    );
    // Nothing new since: an empty page at the same cursor.
    let next = app.pull(&laptop, page.cursor).await;
    assert!(next.records.is_empty());
    assert_eq!(next.cursor, page.cursor);
}

#[tokio::test]
async fn a_replayed_push_changes_nothing() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let mutations = vec![
        phone.mutation(Change::put(customer(1, "华东电力", None)), None),
        phone.mutation(Change::put(issue(4, 1)), None),
        phone.mutation(step(4, 40, json!({"step": "start_handling"})), None),
    ];
    assert_status(
        &app.push_mutations(&phone, &mutations).await,
        StatusCode::OK,
    );
    let before = app.fingerprint().await;
    let records = app.pull_all(&phone).await;
    // The answer was lost; the device sends the same batch again, twice.
    for _ in 0..2 {
        let again = app.push_mutations(&phone, &mutations).await;
        assert_status(&again, StatusCode::OK);
        assert_eq!(json(again).await["last_mutation_id"], 3);
    }
    assert_eq!(app.fingerprint().await, before);
    assert_eq!(app.pull_all(&phone).await, records);
    // The issue's step was taken once.
    let Record::Issue(issue) = &find(&records, &id(4)).unwrap().record else {
        panic!("an issue")
    };
    assert_eq!(issue.history.len(), 1);
}

#[tokio::test]
async fn a_batch_with_one_bad_mutation_applies_nothing() {
    let app = spawn_app().await;
    let phone = app.device("wang", "王主管", Role::Supervisor).await;
    let before = app.fingerprint().await;
    let response = app
        .push(
            &phone,
            &[
                (Change::put(customer(1, "华东电力", None)), None),
                (Change::put(visit(3, 1)), None),
                // No such issue on the server: the whole batch is refused.
                (step(99, 40, json!({"step": "start_handling"})), None),
            ],
        )
        .await;
    assert_status(&response, StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("mutation 3"),
        "{body}"
    );
    assert_eq!(app.fingerprint().await, before);
    let page = app.pull(&phone, 0).await;
    assert!(data(&page.records).is_empty());
    assert_eq!(page.last_mutation_id, 0);
}

/// Supervisors a and b; a made customer 1, and b has pulled it at version `base`.
async fn two_supervisors_share_a_customer() -> (TestApp, TestDevice, TestDevice, u64) {
    let app = spawn_app().await;
    let a = app.device("wang", "王主管", Role::Supervisor).await;
    let b = app.device("zhao", "赵主管", Role::Supervisor).await;
    app.push_ok(&a, &[(Change::put(customer(1, "华东电力", None)), None)])
        .await;
    let base = find(&app.pull_all(&b).await, &id(1)).unwrap().version;
    (app, a, b, base)
}

#[tokio::test]
async fn edits_of_different_fields_on_a_stale_copy_merge() {
    let (app, a, b, base) = two_supervisors_share_a_customer().await;
    let mut by_a = customer(1, "华东电力集团", None);
    by_a.region = "华东".into();
    app.push_ok(&a, &[(Change::put(by_a), Some(base))]).await;
    let mut by_b = customer(1, "华东电力", None);
    by_b.industry = "电网".into();
    let answer = app.push_ok(&b, &[(Change::put(by_b), Some(base))]).await;
    assert!(answer.conflicts.is_empty());
    let Record::Customer(merged) = app.record(&a, &id(1)).await else {
        panic!("a customer")
    };
    assert_eq!(merged.name, "华东电力集团");
    assert_eq!(merged.industry, "电网");
}

#[tokio::test]
async fn the_same_field_edited_on_a_stale_copy_is_a_conflict_kept_until_resolved() {
    let (app, a, b, base) = two_supervisors_share_a_customer().await;
    let mut by_a = customer(1, "华东电力", None);
    by_a.region = "华北".into();
    app.push_ok(&a, &[(Change::put(by_a), Some(base))]).await;
    let mut by_b = customer(1, "华东电力", None);
    by_b.region = "华南".into();
    by_b.industry = "电网".into();
    let answer = app
        .push_ok(&b, &[(Change::put(by_b.clone()), Some(base))])
        .await;
    assert_eq!(answer.conflicts.len(), 1);
    let conflict = &answer.conflicts[0];
    assert_eq!(
        (
            conflict.field.as_str(),
            &conflict.mine,
            &conflict.theirs,
            &conflict.base
        ),
        (
            "region",
            &json!("华南"),
            &json!("华北"),
            &Some(json!("华东"))
        )
    );
    // Theirs is kept; my other field is not lost.
    let records = app.pull_all(&b).await;
    let pulled = find(&records, &id(1)).unwrap();
    let Record::Customer(now) = &pulled.record else {
        panic!("a customer")
    };
    assert_eq!(
        (now.region.as_str(), now.industry.as_str()),
        ("华北", "电网")
    );
    assert_eq!(pulled.version, conflict.version);
    // Shown to the device until it is resolved, even if the answer was lost.
    let page = app.pull(&b, 0).await;
    assert_eq!(page.conflicts, answer.conflicts);
    assert!(app.pull(&a, 0).await.conflicts.is_empty());
    // The user chooses: a new edit based on the merged version settles it.
    by_b.region = "华南".into();
    let resolved = app
        .push_ok(&b, &[(Change::put(by_b), Some(conflict.version))])
        .await;
    assert!(resolved.conflicts.is_empty());
    assert!(app.pull(&b, 0).await.conflicts.is_empty());
}

#[tokio::test]
async fn two_devices_taking_the_same_issue_step_is_no_error() {
    let app = spawn_app().await;
    let a = app.device("wang", "王主管", Role::Supervisor).await;
    let b = app.device("zhao", "赵主管", Role::Supervisor).await;
    app.push_ok(
        &a,
        &[
            (Change::put(customer(1, "华东电力", None)), None),
            (Change::put(issue(4, 1)), None),
        ],
    )
    .await;
    app.pull_all(&b).await;
    app.push_ok(
        &a,
        &[(step(4, 40, json!({"step": "start_handling"})), None)],
    )
    .await;
    let answer = app
        .push_ok(
            &b,
            &[(step(4, 41, json!({"step": "start_handling"})), None)],
        )
        .await;
    assert_eq!(answer.skipped.len(), 1);
    assert_eq!(answer.last_mutation_id, 1);
    // Feedback after the other's start applies: the loop goes on.
    app.push_ok(
        &b,
        &[(
            step(
                4,
                42,
                json!({"step": "give_feedback", "resolution": "已更换密封条"}),
            ),
            None,
        )],
    )
    .await;
    let Record::Issue(issue) = app.record(&a, &id(4)).await else {
        panic!("an issue")
    };
    assert_eq!(issue.history.len(), 2);
    assert_eq!(
        issue.status,
        revisit_core::issue::IssueStatus::FeedbackGiven
    );
}

#[tokio::test]
async fn a_technician_sees_and_changes_only_their_own_customers() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    app.push_ok(
        &office,
        &[
            (Change::put(customer(1, "华东电力", Some("张工"))), None),
            (Change::put(visit(3, 1)), None),
            (Change::put(customer(2, "西北化工", Some("李工"))), None),
            (Change::put(visit(4, 2)), None),
        ],
    )
    .await;
    let mine = app.pull_all(&zhang).await;
    let mut ids: Vec<String> = data(&mine).iter().map(|p| p.record.id()).collect();
    ids.sort();
    assert_eq!(ids, vec![id(1), id(3)]);

    let before = app.fingerprint().await;
    for change in [
        Change::put(visit(5, 2)),
        Change::put(customer(2, "西北化工集团", Some("李工"))),
        Change::put(customer(1, "华东电力", Some("李工"))),
    ] {
        let refused = app.push(&zhang, &[(change, None)]).await;
        assert_status(&refused, StatusCode::FORBIDDEN);
        assert_eq!(json(refused).await["error"]["code"], "forbidden");
    }
    assert_eq!(app.fingerprint().await, before);

    // A customer the technician makes is theirs.
    app.push_ok(&zhang, &[(Change::put(customer(6, "新客户", None)), None)])
        .await;
    let Record::Customer(new) = app.record(&zhang, &id(6)).await else {
        panic!("a customer")
    };
    assert_eq!(new.owner, Some(uid("张工")));
}

#[tokio::test]
async fn a_customer_handed_to_a_technician_arrives_with_its_records() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    app.push_ok(
        &office,
        &[
            (Change::put(customer(2, "西北化工", Some("李工"))), None),
            (Change::put(installation(7, 2)), None),
            (Change::put(visit(4, 2)), None),
        ],
    )
    .await;
    let first = app.pull(&zhang, 0).await;
    assert!(data(&first.records).is_empty());
    let version = find(&app.pull_all(&office).await, &id(2)).unwrap().version;
    app.push_ok(
        &office,
        &[(
            Change::put(customer(2, "西北化工", Some("张工"))),
            Some(version),
        )],
    )
    .await;
    let handed = app.pull(&zhang, first.cursor).await;
    let mut ids: Vec<String> = data(&handed.records)
        .iter()
        .map(|p| p.record.id())
        .collect();
    ids.sort();
    assert_eq!(ids, vec![id(2), id(4), id(7)]);
}

#[tokio::test]
async fn pulls_come_in_pages_that_together_hold_everything_once() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let changes: Vec<(Change, Option<u64>)> = (1..=7)
        .map(|n| (Change::put(customer(n, &format!("客户{n}"), None)), None))
        .collect();
    app.push_ok(&office, &changes).await;
    let mut cursor = 0;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let response = app
            .pull_response(&office, &format!("/api/sync/pull?cursor={cursor}&limit=3"))
            .await;
        assert_status(&response, StatusCode::OK);
        let page: revisit_core::sync::protocol::PullResponse =
            serde_json::from_value(json(response).await).unwrap();
        pages += 1;
        seen.extend(page.records.iter().map(|p| p.record.id()));
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    assert_eq!(pages, 3);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        (seen.len(), unique.len()),
        (8, 8),
        "the 7 customers and 王主管's directory entry"
    );
}

/// A push's writes reach the database together at its end: a record written twice
/// in one push keeps its last write, and each of its versions stays a merge base.
/// The second edit, made offline on top of the first, is no conflict with it, and
/// another device's change in between is kept.
#[tokio::test]
async fn a_record_edited_twice_offline_keeps_the_last_edit_and_both_versions() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let laptop = app.device("zhao", "赵主管", Role::Supervisor).await;
    let renamed = customer(1, "华东电力集团", Some("张工"));
    let answer = app
        .push_ok(
            &office,
            &[
                (Change::put(customer(1, "华东电力", Some("张工"))), None),
                (Change::put(visit(3, 1)), None),
                (Change::put(renamed.clone()), None),
                (Change::put(customer(5, "西北化工", None)), None),
            ],
        )
        .await;
    assert!(answer.conflicts.is_empty(), "{:?}", answer.conflicts);
    let records = app.pull_all(&office).await;
    assert_eq!(data(&records).len(), 3);
    let pulled = find(&records, &id(1)).unwrap().clone();
    assert_eq!(pulled.record, Record::Customer(renamed.clone()));
    let versions: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, body FROM record_versions WHERE id = $1 ORDER BY version")
            .bind(id(1))
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions[0].1.contains("\"华东电力\"") && versions[1].1.contains("华东电力集团"));
    assert_eq!(versions[1].0 as u64, pulled.version);

    // The other supervisor moves the customer to 华北; offline, the first one edits
    // the address, then the notes, both on the version they pulled.
    let moved = revisit_core::customer::Customer {
        region: "华北".into(),
        ..renamed.clone()
    };
    app.push_ok(&laptop, &[(Change::put(moved), Some(pulled.version))])
        .await;
    let addressed = revisit_core::customer::Customer {
        address: "南京市江宁区".into(),
        ..renamed.clone()
    };
    let noted = revisit_core::customer::Customer {
        notes: "周三上午方便".into(),
        ..addressed.clone()
    };
    let answer = app
        .push_ok(
            &office,
            &[
                (Change::put(addressed), Some(pulled.version)),
                (Change::put(noted), Some(pulled.version)),
            ],
        )
        .await;
    assert!(answer.conflicts.is_empty(), "{:?}", answer.conflicts);
    let Record::Customer(now) = app.record(&laptop, &id(1)).await else {
        panic!("a customer");
    };
    assert_eq!(
        (
            now.region.as_str(),
            now.address.as_str(),
            now.notes.as_str()
        ),
        ("华北", "南京市江宁区", "周三上午方便")
    );
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mutations")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 7);
}

/// A technician's device holds only their customers, yet tiers them on the
/// company's sales: the last page of their pull carries the sums over everyone's.
#[tokio::test]
async fn a_technicians_last_page_carries_the_companys_sales_by_year() {
    let app = spawn_app().await;
    let office = app.device("wang", "王主管", Role::Supervisor).await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let buying = |n: u128, owner: &str, amount: u64| {
        let mut c = customer(n, &format!("客户{n}"), Some(owner));
        c.annual_purchases
            .insert(2025, revisit_core::types::Cny(amount));
        Change::put(c)
    };
    app.push_ok(
        &office,
        &[
            (buying(1, "张工", 1_000_000), None),
            (buying(2, "李工", 3_000_000), None),
            (buying(3, "李工", 6_000_000), None),
        ],
    )
    .await;
    let page = app.pull(&zhang, 0).await;
    assert_eq!(data(&page.records).len(), 1, "only 张工's customer");
    assert_eq!(
        page.company_sales,
        [(2025, revisit_core::types::Cny(10_000_000))].into()
    );
    // A supervisor holds every customer: nothing to add.
    assert!(app.pull(&office, 0).await.company_sales.is_empty());
    // Only the last page says it.
    app.push_ok(&office, &[(buying(4, "张工", 0), None)]).await;
    let response = app
        .pull_response(&zhang, "/api/sync/pull?cursor=0&limit=1")
        .await;
    let first = json(response).await;
    assert_eq!(first["more"], true);
    assert!(first.get("company_sales").is_none(), "{first}");
    let cursor = first["cursor"].as_u64().unwrap();
    let last = app.pull(&zhang, cursor).await;
    assert!(!last.more);
    assert_eq!(
        last.company_sales[&2025],
        revisit_core::types::Cny(10_000_000)
    );
}
