//! The admin page's API: admins only; users added, given a role, disabled and
//! enabled; devices listed with when they were last seen, and revoked one by one;
//! codes issued with their HTTPS link.
use crate::helpers::*;
use axum::http::StatusCode;
use revisit_core::department::Department;
use revisit_core::sync::protocol::Record;
use serde_json::json;

#[tokio::test]
async fn only_an_admin_manages_users_and_devices() {
    let app = spawn_app().await;
    let admin = app.device("root", "管理员", Role::Admin).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    for (device, who) in [(&boss, "supervisor"), (&tech, "technician")] {
        for (method, path, body) in [
            ("GET", "/api/admin/users", json!(null)),
            (
                "POST",
                "/api/admin/users",
                json!({"login": "x", "name": "X", "role": "admin"}),
            ),
            ("PATCH", "/api/admin/users/zhang", json!({"role": "admin"})),
            (
                "POST",
                "/api/admin/users/zhang/codes",
                json!({"origin": "https://revisit.test"}),
            ),
        ] {
            let response = app
                .send_json(method, path, Some(&device.token), &body)
                .await;
            assert_status(&response, StatusCode::FORBIDDEN);
            assert_eq!(
                json(response).await["error"]["code"],
                "forbidden",
                "{who}: {method} {path}"
            );
        }
    }
    let none = app
        .send_json("GET", "/api/admin/users", None, &json!(null))
        .await;
    assert_status(&none, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.db.user_by_login("zhang").await.unwrap().role,
        Role::Technician,
        "nothing changed"
    );

    // The admin lists everyone with their devices.
    let listed = json(
        app.send_json("GET", "/api/admin/users", Some(&admin.token), &json!(null))
            .await,
    )
    .await;
    let logins: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["root", "wang", "zhang"]);
    let zhang = &listed[2];
    assert_eq!(zhang["disabled"], false);
    assert_eq!(zhang["devices"][0]["client_id"], tech.client_id.to_string());
    assert_eq!(zhang["devices"][0]["label"], "test phone");
}

#[tokio::test]
async fn an_admin_adds_changes_disables_and_revokes() {
    let app = spawn_app().await;
    let admin = app.device("root", "管理员", Role::Admin).await;
    let added = app
        .send_json(
            "POST",
            "/api/admin/users",
            Some(&admin.token),
            &json!({"login": "li", "name": "李工", "role": "technician"}),
        )
        .await;
    assert_status(&added, StatusCode::CREATED);
    let again = app
        .send_json(
            "POST",
            "/api/admin/users",
            Some(&admin.token),
            &json!({"login": "li", "name": "李工", "role": "technician"}),
        )
        .await;
    assert_status(&again, StatusCode::CONFLICT);
    let bad = app
        .send_json(
            "POST",
            "/api/admin/users",
            Some(&admin.token),
            &json!({"login": "x y", "name": "", "role": "technician"}),
        )
        .await;
    assert_status(&bad, StatusCode::BAD_REQUEST);

    // A code for li, and li's phone enrolled with it.
    let issued = app
        .send_json(
            "POST",
            "/api/admin/users/li/codes",
            Some(&admin.token),
            &json!({"origin": "https://revisit.test"}),
        )
        .await;
    assert_status(&issued, StatusCode::CREATED);
    let issued = json(issued).await;
    let code = issued["code"].as_str().unwrap();
    assert!(issued["expires_at"].as_str().is_some());
    assert_eq!(
        issued["link"],
        format!("https://revisit.test/sync#enroll={code}")
    );
    assert!(
        issued["qr_svg"].as_str().unwrap().contains("<svg"),
        "the link as a QR code"
    );
    // A link a phone could not work from is refused (plain HTTP on the LAN).
    let insecure = app
        .send_json(
            "POST",
            "/api/admin/users/li/codes",
            Some(&admin.token),
            &json!({"origin": "http://192.168.1.10:8080"}),
        )
        .await;
    assert_status(&insecure, StatusCode::BAD_REQUEST);
    assert_eq!(json(insecure).await["error"]["code"], "insecure_origin");
    let client_id = uuid::Uuid::new_v4();
    let enrolled = app
        .send_json(
            "POST",
            "/api/enroll",
            None,
            &json!({"code": code, "client_id": client_id, "label": "li's phone"}),
        )
        .await;
    assert_status(&enrolled, StatusCode::CREATED);
    let token = json(enrolled).await["token"].as_str().unwrap().to_owned();
    // Its first sync (a pull to the end) is when it was last seen.
    let listed = json(
        app.send_json("GET", "/api/admin/users", Some(&admin.token), &json!(null))
            .await,
    )
    .await;
    let device = |listed: &serde_json::Value| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["login"] == "li")
            .unwrap()["devices"][0]
            .clone()
    };
    assert_eq!(device(&listed)["last_seen_at"], serde_json::Value::Null);
    let pulled = app
        .send_json("GET", "/api/sync/pull?cursor=0", Some(&token), &json!(null))
        .await;
    assert_status(&pulled, StatusCode::OK);
    let listed = json(
        app.send_json("GET", "/api/admin/users", Some(&admin.token), &json!(null))
            .await,
    )
    .await;
    assert!(
        device(&listed)["last_seen_at"].as_str().is_some(),
        "{listed}"
    );

    // A supervisor now; then disabled: li's phone is refused, and enabled again.
    let changed = app
        .send_json(
            "PATCH",
            "/api/admin/users/li",
            Some(&admin.token),
            &json!({"role": "supervisor"}),
        )
        .await;
    assert_status(&changed, StatusCode::OK);
    assert_eq!(json(changed).await["role"], "supervisor");
    let session = |token: String| {
        let app = &app;
        async move {
            app.send_json("GET", "/api/session", Some(&token), &json!(null))
                .await
                .status()
        }
    };
    assert_eq!(session(token.clone()).await, StatusCode::OK);
    let disabled = app
        .send_json(
            "PATCH",
            "/api/admin/users/li",
            Some(&admin.token),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(json(disabled).await["disabled"], true);
    assert_eq!(session(token.clone()).await, StatusCode::UNAUTHORIZED);
    app.send_json(
        "PATCH",
        "/api/admin/users/li",
        Some(&admin.token),
        &json!({"disabled": false}),
    )
    .await;
    assert_eq!(session(token.clone()).await, StatusCode::OK);

    // An admin does not lock themself out.
    let own = app
        .send_json(
            "PATCH",
            "/api/admin/users/root",
            Some(&admin.token),
            &json!({"disabled": true}),
        )
        .await;
    assert_status(&own, StatusCode::CONFLICT);

    // The device revoked: its next request is signed out; a device of someone else is refused.
    let other = app
        .send_raw(
            "POST",
            &format!("/api/admin/users/root/devices/{client_id}/revoke"),
            Some(&admin.token),
            "",
        )
        .await;
    assert_status(&other, StatusCode::BAD_REQUEST);
    let revoked = app
        .send_raw(
            "POST",
            &format!("/api/admin/users/li/devices/{client_id}/revoke"),
            Some(&admin.token),
            "",
        )
        .await;
    assert_status(&revoked, StatusCode::NO_CONTENT);
    assert_eq!(session(token).await, StatusCode::UNAUTHORIZED);
    let listed = json(
        app.send_json("GET", "/api/admin/users", Some(&admin.token), &json!(null))
            .await,
    )
    .await;
    let li = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "li")
        .unwrap();
    assert!(li["devices"][0]["revoked_at"].as_str().is_some());
}

#[tokio::test]
async fn an_admin_puts_a_user_in_a_department_and_every_device_learns_it() {
    let app = spawn_app().await;
    let admin = app.device("root", "管理员", Role::Admin).await;
    let liu = app.device("liu", "刘质量", Role::QualityControl).await;
    let department_of = |records: &[revisit_core::sync::protocol::Pulled]| {
        records
            .iter()
            .find_map(|p| match &p.record {
                Record::User(u) if u.name == "刘质量" => Some(u.department),
                _ => None,
            })
            .expect("the user's directory entry")
    };
    assert_eq!(department_of(&app.pull_all(&admin).await), None);
    let (on, token) = (&app, admin.token.clone());
    let change = move |body: serde_json::Value| {
        let token = token.clone();
        async move {
            on.send_json("PATCH", "/api/admin/users/liu", Some(&token), &body)
                .await
        }
    };

    let put = change(json!({"department": "quality_control"})).await;
    assert_status(&put, StatusCode::OK);
    assert_eq!(json(put).await["department"], "quality_control");
    assert_eq!(
        department_of(&app.pull_all(&liu).await),
        Some(Department::QualityControl)
    );
    // Changing the role leaves the department as it is; null takes it away.
    let role = change(json!({"role": "supervisor"})).await;
    assert_eq!(json(role).await["department"], "quality_control");
    let none = change(json!({"department": null})).await;
    assert_status(&none, StatusCode::OK);
    assert!(json(none).await.get("department").is_none());
    assert_eq!(department_of(&app.pull_all(&liu).await), None);
    // A department the company does not have is refused, nothing changed.
    let bad = change(json!({"department": "hr"})).await;
    assert_status(&bad, StatusCode::BAD_REQUEST);
    assert_eq!(department_of(&app.pull_all(&liu).await), None);
}
