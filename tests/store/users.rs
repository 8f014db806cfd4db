//! A database written before users had ids: after the upgrade every record and
//! unsent edit names its users by id, and the names are still shown.
use super::{customer, issue, now};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use revisit::store::Store;
use revisit::wire::Account;
use revisit_core::issue::{Category, IssueEvent, Step};
use revisit_core::sync::account::User;
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::user::{Role, UserId};
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen_test::*;

/// Rewrites the first record of `store` (and, for the outbox, every entry) with
/// `edit`, as the app before ids wrote them.
async fn write_as_before_ids(name: &str, store: &str, edit: impl Fn(&mut Value)) {
    let db = Database::open(name).await.unwrap();
    let tx = db
        .transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let objects = tx.object_store(store).unwrap();
    let all: Vec<Value> = objects
        .get_all()
        .serde()
        .unwrap()
        .await
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for mut value in all {
        edit(&mut value);
        objects.put(&value).serde().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn records_and_unsent_edits_written_before_ids_name_their_users_by_id() {
    let name = format!("revisit-test-{}", Uuid::new_v4());
    let me = UserId::from_uuid(Uuid::from_u128(0xabc));
    let old = Store::open_at(&name, 5, || ()).await.unwrap();
    old.set_account(&Account {
        token: "t".into(),
        client_id: Uuid::from_u128(9),
        user: User {
            id: me,
            login: "li".into(),
            name: "李工".into(),
            role: Role::Technician,
            department: None,
        },
        server_id: "s".into(),
        enrolled_at: now().utc,
    })
    .await
    .unwrap();
    let c = customer(1, "华东");
    let mut i = issue(2, &c, Category::ProductQuality);
    i.history.push(IssueEvent {
        id: Uuid::from_u128(3),
        step: Step::StartHandling,
        by: None,
        at: now(),
    });
    i.status = revisit_core::issue::IssueStatus::Handling;
    old.save(Change::put(c.clone()), None, now()).await.unwrap();
    old.save(Change::put(i.clone()), None, now()).await.unwrap();
    old.close();
    write_as_before_ids(&name, "customers", |c| c["owner"] = "张工".into()).await;
    write_as_before_ids(&name, "issues", |i| i["history"][0]["by"] = "李工".into()).await;
    write_as_before_ids(&name, "outbox", |m| match m["kind"].as_str() {
        Some("put_customer") => m["payload"]["owner"] = "张工".into(),
        _ => m["payload"]["history"][0]["by"] = "李工".into(),
    })
    .await;

    let upgraded = Store::open(&name).await.expect("the upgrade reads names");
    let data = upgraded.load().await.unwrap();
    let zhang = UserId::of_name("张工");
    assert_eq!(data.customers[0].owner, Some(zhang));
    assert_eq!(
        data.issues[0].history[0].by,
        Some(me),
        "the enrolled user is their account's id"
    );
    assert_eq!(data.user_name(zhang), "张工", "a name met is still shown");
    assert!(
        data.users.iter().all(|u| u.id != me),
        "the account's own entry comes from the server"
    );
    let queued = upgraded.outbox().await.unwrap();
    assert_eq!(queued.len(), 2, "nothing queued by the upgrade");
    let Change::Put(Record::Customer(edit)) = &queued[0].change else {
        panic!("the customer's edit")
    };
    assert_eq!(edit.owner, Some(zhang));
    let Change::Put(Record::Issue(edit)) = &queued[1].change else {
        panic!("the issue's edit")
    };
    assert_eq!(edit.history[0].by, Some(me));
    upgraded.close();

    // It ran once: opening again changes nothing.
    let again = Store::open(&name).await.unwrap();
    assert_eq!(again.load().await.unwrap(), data);
}
