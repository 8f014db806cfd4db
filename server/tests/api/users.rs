//! Users by id: a database written before ids (records naming users by display
//! name) is moved to ids at start-up and loses nothing; a push from an app older
//! than ids still lands; a rename changes one directory entry and nothing else.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::tier::{Tier, TierOverride};
use revisit_core::user::UserId;
use serde_json::{json, Value};

/// Rewrites a stored record's body (and its `owner` column) as the version before
/// ids wrote it: `edit` puts names where ids are.
async fn write_as_before_ids(
    app: &TestApp,
    id: u128,
    owner: Option<&str>,
    edit: impl Fn(&mut Value),
) {
    let id = uuid::Uuid::from_u128(id).to_string();
    let body: String = sqlx::query_scalar("SELECT body FROM records WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let mut body: Value = serde_json::from_str(&body).unwrap();
    edit(&mut body);
    sqlx::query("UPDATE records SET body = $1, owner = $2 WHERE id = $3")
        .bind(body.to_string())
        .bind(owner)
        .bind(&id)
        .execute(app.db.pool())
        .await
        .unwrap();
}

fn customer_of(
    pulled: &[revisit_core::sync::protocol::Pulled],
    n: u128,
) -> revisit_core::customer::Customer {
    match &find(pulled, &uuid::Uuid::from_u128(n).to_string())
        .expect("the customer")
        .record
    {
        Record::Customer(c) => c.clone(),
        other => panic!("a customer, not {other:?}"),
    }
}

#[tokio::test]
async fn names_written_before_ids_become_ids_and_nothing_is_lost() {
    let app = spawn_app().await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let mut first = customer(1, "华东电力", Some("张工"));
    first.tier_override = Some(TierOverride {
        tier: Tier::General,
        reason: "客户业务收缩".into(),
        by: None,
    });
    app.push_ok(
        &boss,
        &[
            (Change::put(first), None),
            (Change::put(customer(2, "西北化工", Some("赵工"))), None),
        ],
    )
    .await;
    write_as_before_ids(&app, 1, Some("张工"), |body| {
        body["owner"] = json!("张工");
        body["tier_override"]["by"] = json!("王主管");
    })
    .await;
    write_as_before_ids(&app, 2, Some("赵工"), |body| {
        body["owner"] = json!("赵工")
    })
    .await;
    let cursor = app
        .pull_all(&zhang)
        .await
        .iter()
        .map(|p| p.version)
        .max()
        .unwrap_or(0);
    // A database of the version before ids has not been migrated.
    sqlx::query("DELETE FROM server_meta WHERE key = 'users_by_id'")
        .execute(app.db.pool())
        .await
        .unwrap();

    let migrated = app.db.migrate_users().await.unwrap();
    assert_eq!(migrated.records, 2);
    assert_eq!(migrated.placeholders, 1, "赵工 had no user");
    assert_eq!(
        app.db.migrate_users().await.unwrap(),
        Default::default(),
        "a second run changes nothing"
    );

    // 张工's phone pulls their customer again, named by id; 赵工's is not theirs.
    let page = app.pull(&zhang, cursor).await;
    let again: Vec<_> = page.records;
    let mine = customer_of(&again, 1);
    assert_eq!(mine.owner, Some(uid("张工")));
    assert_eq!(mine.tier_override.and_then(|o| o.by), Some(uid("王主管")));
    assert!(find(&again, &uuid::Uuid::from_u128(2).to_string()).is_none());
    // The supervisor sees 赵工's, owned by a new user of that name.
    let all = app.pull_all(&boss).await;
    let zhao = customer_of(&all, 2).owner.expect("an owner");
    let names: Vec<(UserId, String)> = directory(&all)
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    assert!(names.contains(&(zhao, "赵工".to_owned())), "{names:?}");
    assert!(names.contains(&(uid("张工"), "张工".to_owned())));
    assert!(app
        .db
        .users()
        .await
        .unwrap()
        .iter()
        .any(|u| u.id == zhao && u.name == "赵工"));
}

#[tokio::test]
async fn a_push_from_an_app_before_ids_names_users_and_lands_as_ids() {
    let app = spawn_app().await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let mut mutation =
        serde_json::to_value(zhang.mutation(Change::put(customer(1, "华东电力", None)), None))
            .unwrap();
    mutation["payload"]["owner"] = json!("张工");
    let response = app
        .send_json(
            "POST",
            "/api/sync/push",
            Some(&zhang.token),
            &json!({"client_id": zhang.client_id, "mutations": [mutation]}),
        )
        .await;
    assert_status(&response, StatusCode::OK);
    assert_eq!(
        customer_of(&app.pull_all(&boss).await, 1).owner,
        Some(uid("张工"))
    );
}

#[tokio::test]
async fn a_rename_changes_the_directory_and_nothing_that_names_the_user() {
    let app = spawn_app().await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    app.push_ok(
        &boss,
        &[(Change::put(customer(1, "华东电力", Some("张工"))), None)],
    )
    .await;
    let before = app.pull_all(&zhang).await;

    let renamed = app.db.rename_user("zhang", "张伟").await.unwrap();
    assert_eq!((renamed.id, renamed.name.as_str()), (uid("张工"), "张伟"));

    let after = app.pull_all(&zhang).await;
    assert_eq!(
        customer_of(&after, 1),
        customer_of(&before, 1),
        "the customer is unchanged"
    );
    assert!(directory(&after)
        .iter()
        .any(|u| u.id == uid("张工") && u.name == "张伟"));
    // The old name still means them: a push that names 张工 is theirs.
    assert_eq!(
        app.db.users_named(&["张工".to_owned()]).await.unwrap()["张工"],
        uid("张工")
    );
    // A new user may take the old name, with an id of their own.
    let other = app
        .db
        .create_user("zhang2", "张工", Role::Technician)
        .await
        .unwrap();
    assert_ne!(other.id, uid("张工"));
    assert!(
        app.db.rename_user("zhang2", "张伟").await.is_err(),
        "a name is one user's"
    );
}
