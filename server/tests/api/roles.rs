//! Roles where it counts, on the server: only a supervisor or above overrides a
//! tier, and who did what — an override, an issue's step, a hand-over — is the
//! signed-in user, whatever the body says; an issue starts recorded and moves only
//! by its steps.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::issue::{IssueEvent, IssueStatus};
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::tier::{Tier, TierOverride};

fn stored_customer(
    records: &[revisit_core::sync::protocol::Pulled],
    n: u128,
) -> revisit_core::customer::Customer {
    match &find(records, &uuid::Uuid::from_u128(n).to_string())
        .unwrap()
        .record
    {
        Record::Customer(c) => c.clone(),
        other => panic!("not a customer: {other:?}"),
    }
}

#[tokio::test]
async fn only_a_supervisor_overrides_a_tier_and_the_server_says_who() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let forged = |tier| TierOverride {
        tier,
        reason: "客户业务收缩".into(),
        by: Some(uid("王主管")),
    };

    // A technician's override of their own customer does not take: the server's stands.
    let mut mine = customer(1, "华东电力", Some("张工"));
    mine.tier_override = Some(forged(Tier::Strategic));
    app.push_ok(&tech, &[(Change::put(mine.clone()), None)])
        .await;
    let stored = stored_customer(&app.pull_all(&boss).await, 1);
    assert_eq!(stored.tier_override, None, "no override from a technician");

    // A supervisor's does, signed with their own name (not the body's).
    let mut theirs = stored.clone();
    theirs.tier_override = Some(TierOverride {
        by: Some(uid("张工")),
        ..forged(Tier::General)
    });
    let version = find(
        &app.pull_all(&boss).await,
        &uuid::Uuid::from_u128(1).to_string(),
    )
    .unwrap()
    .version;
    app.push_ok(&boss, &[(Change::put(theirs), Some(version))])
        .await;
    let pulled = app.pull_all(&tech).await;
    let stored = stored_customer(&pulled, 1);
    assert_eq!(
        stored.tier_override.as_ref().map(|o| (o.tier, o.by)),
        Some((Tier::General, Some(uid("王主管"))))
    );

    // The technician edits the address (their copy has no override, or another one):
    // the supervisor's override stays.
    let version = find(&pulled, &uuid::Uuid::from_u128(1).to_string())
        .unwrap()
        .version;
    let mut edit = stored.clone();
    edit.address = "南京市江宁区天元路 8 号".into();
    edit.tier_override = Some(forged(Tier::Strategic));
    app.push_ok(&tech, &[(Change::put(edit), Some(version))])
        .await;
    let stored = stored_customer(&app.pull_all(&boss).await, 1);
    assert_eq!(stored.address, "南京市江宁区天元路 8 号");
    assert_eq!(
        stored.tier_override.map(|o| (o.tier, o.by)),
        Some((Tier::General, Some(uid("王主管"))))
    );
}

#[tokio::test]
async fn an_issue_starts_recorded_and_its_steps_are_signed_by_the_user() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    app.push_ok(
        &tech,
        &[(Change::put(customer(1, "华东电力", Some("张工"))), None)],
    )
    .await;
    let before = app.fingerprint().await;

    // Born verified, with no history: refused, nothing stored.
    let mut closed = issue(10, 1);
    closed.status = IssueStatus::Verified;
    let refused = app.push(&tech, &[(Change::put(closed), None)]).await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(refused).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("starts recorded"));
    assert_eq!(app.fingerprint().await, before);

    // Recorded, then a step with another name in `by`: stored as the user's.
    app.push_ok(&tech, &[(Change::put(issue(11, 1)), None)])
        .await;
    let Change::IssueStep { issue_id, event } =
        step(11, 20, serde_json::json!({"step": "start_handling"}))
    else {
        unreachable!()
    };
    let event = IssueEvent {
        by: Some(uid("李总")),
        ..event
    };
    app.push_ok(&tech, &[(Change::IssueStep { issue_id, event }, None)])
        .await;
    let Record::Issue(stored) = app
        .record(&tech, &uuid::Uuid::from_u128(11).to_string())
        .await
    else {
        panic!("an issue")
    };
    assert_eq!(stored.status, IssueStatus::Handling);
    assert_eq!(
        stored.history.iter().map(|e| e.by).collect::<Vec<_>>(),
        [Some(uid("张工"))]
    );
}

#[tokio::test]
async fn only_a_supervisor_extends_a_proposals_decision() {
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    app.push_ok(
        &tech,
        &[(Change::put(customer(1, "华东电力", Some("张工"))), None)],
    )
    .await;
    let mut proposal = issue(10, 1);
    proposal.category = revisit_core::issue::Category::Proposal;
    app.push_ok(&tech, &[(Change::put(proposal.clone()), None)])
        .await;
    let extend = serde_json::json!({"step": "extend_decision", "reason": "需试验验证"});
    let extended = |records: &[revisit_core::sync::protocol::Pulled]| {
        let Record::Issue(stored) = &find(records, &uuid::Uuid::from_u128(10).to_string())
            .unwrap()
            .record
        else {
            panic!("an issue")
        };
        stored
            .history
            .iter()
            .filter(|e| matches!(e.step, revisit_core::issue::Step::ExtendDecision { .. }))
            .map(|e| e.by)
            .collect::<Vec<_>>()
    };

    // The technician's extension is left out and said so; the push goes through.
    let answer = app
        .push_ok(&tech, &[(step(10, 20, extend.clone()), None)])
        .await;
    assert_eq!(answer.skipped.len(), 1, "{answer:?}");
    assert!(
        answer.skipped[0].reason.contains("supervisor"),
        "{:?}",
        answer.skipped
    );
    assert!(extended(&app.pull_all(&boss).await).is_empty());

    // Nor in the history of a proposal raised with it.
    let mut born_extended = issue(11, 1);
    born_extended.category = revisit_core::issue::Category::Proposal;
    let Change::IssueStep { event, .. } = step(11, 21, extend.clone()) else {
        unreachable!()
    };
    born_extended.history.push(event);
    let answer = app
        .push_ok(&tech, &[(Change::put(born_extended), None)])
        .await;
    assert_eq!(answer.skipped.len(), 1, "{answer:?}");
    let Record::Issue(stored) = app
        .record(&boss, &uuid::Uuid::from_u128(11).to_string())
        .await
    else {
        panic!("an issue")
    };
    assert!(stored.history.is_empty(), "stored without the extension");

    // The supervisor's stands, signed with their name.
    let answer = app.push_ok(&boss, &[(step(10, 22, extend), None)]).await;
    assert!(answer.skipped.is_empty(), "{answer:?}");
    assert_eq!(extended(&app.pull_all(&tech).await), [Some(uid("王主管"))]);
}

#[tokio::test]
async fn corrective_actions_are_the_supervisors_and_each_stage_is_signed_by_who_took_it() {
    use revisit_core::action::{Action, ActionKind, ActionStatus, Decision, Evidence};
    let app = spawn_app().await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let quality = app.device("liu", "刘质量", Role::Supervisor).await;
    let opened = Action::open(
        uuid::Uuid::from_u128(0xac),
        ActionKind::Corrective,
        "维修人员到场不及时",
        "服务评分 2 分",
        vec![Evidence::LowServiceRating {
            visit_id: uuid::Uuid::from_u128(9),
        }],
        now(),
    )
    .unwrap();
    let key = opened.id.to_string();
    let stored = |records: &[revisit_core::sync::protocol::Pulled]| match &find(records, &key)
        .expect("the action is pulled")
        .record
    {
        Record::Action(a) => (a.clone(), find(records, &key).unwrap().version),
        other => panic!("not an action: {other:?}"),
    };

    // A technician may not open one: refused, nothing stored.
    let before = app.fingerprint().await;
    let refused = app
        .push(&tech, &[(Change::put(opened.clone()), None)])
        .await;
    assert_status(&refused, StatusCode::FORBIDDEN);
    assert_eq!(app.fingerprint().await, before);

    // A supervisor opens it (whatever the body says of who), another reviews it.
    let mut forged = opened.clone();
    forged.opened_by = Some(uid("张工"));
    app.push_ok(&boss, &[(Change::put(forged), None)]).await;
    let (action, version) = stored(&app.pull_all(&quality).await);
    assert_eq!(action.opened_by, Some(uid("王主管")));
    let due = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    let reviewed = action
        .reviewed(
            Decision::Act {
                owner: revisit_core::department::Department::CustomerService,
                due,
            },
            now(),
        )
        .unwrap();
    app.push_ok(&quality, &[(Change::put(reviewed), Some(version))])
        .await;
    let (action, _) = stored(&app.pull_all(&tech).await);
    assert_eq!(action.status(), ActionStatus::InProgress);
    assert_eq!(action.opened_by, Some(uid("王主管")), "kept");
    assert_eq!(action.review.unwrap().by, Some(uid("刘质量")));
}

#[tokio::test]
async fn quality_control_handles_actions_sales_keeps_files_and_neither_decides_a_supervisors_things(
) {
    use revisit_core::action::{Action, ActionKind, Decision, Evidence};
    let app = spawn_app().await;
    let quality = app.device("liu", "刘质量", Role::QualityControl).await;
    let sales = app.device("zhao", "赵销售", Role::Sales).await;
    let director = app.device("chen", "陈总监", Role::CustomerDirector).await;

    // Quality control opens and reviews a service finding's action, signed as itself.
    let opened = Action::open(
        uuid::Uuid::from_u128(0xad),
        ActionKind::Preventive,
        "备件供货周期长",
        "多位客户建议缩短备件供货周期",
        vec![Evidence::Suggestions {
            visit_ids: vec![uuid::Uuid::from_u128(9)],
        }],
        now(),
    )
    .unwrap();
    app.push_ok(&quality, &[(Change::put(opened.clone()), None)])
        .await;
    let key = opened.id.to_string();
    let version = find(&app.pull_all(&quality).await, &key).unwrap().version;
    let reviewed = opened
        .reviewed(
            Decision::Act {
                owner: revisit_core::department::Department::Production,
                due: chrono::Utc::now().date_naive() + chrono::Days::new(30),
            },
            now(),
        )
        .unwrap();
    app.push_ok(&quality, &[(Change::put(reviewed), Some(version))])
        .await;
    let Record::Action(stored) = app.record(&director, &key).await else {
        panic!("an action")
    };
    assert_eq!(stored.opened_by, Some(uid("刘质量")));
    assert_eq!(stored.review.unwrap().by, Some(uid("刘质量")));

    // Sales sees every customer and keeps its file, but overrides no tier…
    let mut file = customer(1, "华东电力", None);
    file.tier_override = Some(TierOverride {
        tier: Tier::Strategic,
        reason: "大客户".into(),
        by: None,
    });
    app.push_ok(&sales, &[(Change::put(file), None)]).await;
    let stored = stored_customer(&app.pull_all(&director).await, 1);
    assert_eq!(stored.tier_override, None, "no override from sales");
    // …opens no corrective action and hands no visit on (403, nothing stored);
    // quality control hands none on either.
    let mut theirs_too = opened.clone();
    theirs_too.id = uuid::Uuid::from_u128(0xae);
    let visit_key = format!("{}:routine:2026-12-20", uuid::Uuid::from_u128(1));
    let handed = revisit_core::assignment::Assignment {
        id: revisit_core::assignment::Assignment::id_for(&visit_key),
        customer_id: uuid::Uuid::from_u128(1),
        visit_key,
        due: chrono::Utc::now().date_naive(),
        assignee: uid("刘质量"),
        assigned_by: uid("刘质量"),
        assigned_at: now(),
    };
    for (device, change) in [
        (&sales, Change::put(theirs_too)),
        (&sales, Change::put(handed.clone())),
        (&quality, Change::put(handed)),
    ] {
        let before = app.fingerprint().await;
        let refused = app.push(device, &[(change, None)]).await;
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "{}",
            json(refused).await
        );
        assert_eq!(app.fingerprint().await, before);
    }

    // The customer director is above a supervisor: the override takes, in their name.
    let mut theirs = stored.clone();
    theirs.tier_override = Some(TierOverride {
        tier: Tier::Key,
        reason: "战略合作".into(),
        by: None,
    });
    let version = find(
        &app.pull_all(&director).await,
        &uuid::Uuid::from_u128(1).to_string(),
    )
    .unwrap()
    .version;
    app.push_ok(&director, &[(Change::put(theirs), Some(version))])
        .await;
    let stored = stored_customer(&app.pull_all(&sales).await, 1);
    assert_eq!(stored.tier_override.unwrap().by, Some(uid("陈总监")));
}

#[tokio::test]
async fn an_older_database_keeps_its_users_roles_and_takes_the_new_ones() {
    use revisit_server::db::Database;
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    sqlx::any::install_default_drivers();
    let connect = if on_postgres() {
        url.clone()
    } else {
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        format!("{url}?mode=rwc")
    };
    // The schema as it was before the roles of the seeds: migrations 1–4.
    let pool = sqlx::AnyPool::connect(&connect).await.unwrap();
    let mut before = sqlx::migrate!("./migrations");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < 5)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    let insert = |login: &'static str, role: &'static str| {
        sqlx::query(
            "INSERT INTO users (id, login, name, role, created_at) VALUES ($1, $2, $2, $3, '2026-01-01T00:00:00Z')",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(login)
        .bind(role)
    };
    insert("wang", "supervisor").execute(&pool).await.unwrap();
    insert("zhang", "technician").execute(&pool).await.unwrap();
    assert!(
        insert("liu", "quality_control")
            .execute(&pool)
            .await
            .is_err(),
        "the old schema knows three roles"
    );
    pool.close().await;

    let db = Database::open(&url).await.unwrap();
    assert_eq!(
        db.user_by_login("wang").await.unwrap().role,
        Role::Supervisor
    );
    assert_eq!(
        db.user_by_login("zhang").await.unwrap().role,
        Role::Technician
    );
    db.create_user("liu", "刘质量", Role::QualityControl)
        .await
        .unwrap();
    assert_eq!(
        db.user_by_login("liu").await.unwrap().role,
        Role::QualityControl
    );
    let mut tx = db.begin_write().await.unwrap();
    let refused = sqlx::query("UPDATE users SET role = 'boss' WHERE login = 'liu'")
        .execute(&mut *tx)
        .await;
    assert!(refused.is_err(), "a role the seeds do not name is refused");
}
