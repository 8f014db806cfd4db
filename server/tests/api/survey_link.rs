//! A visit's survey answered by the customer by a one-time link: issued only for a
//! done visit in the asker's scope, opened without an account, answered once (two
//! answers at the same moment: one lands), landing on the visit as its next version
//! marked as the customer's; a bad answer changes nothing; an unknown, spent or
//! expired link says so.
use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use revisit_core::sync::protocol::Record;
use revisit_core::sync::Change;
use revisit_core::user::Role;
use revisit_core::visit::{AnsweredBy, Visit, VisitStatus};
use uuid::Uuid;

const ORIGIN: &str = "https://revisit.test";

impl TestApp {
    async fn ask_link(&self, device: &TestDevice, visit: u128, origin: &str) -> Response {
        self.send_json(
            "POST",
            &format!("/api/visits/{}/survey-link", Uuid::from_u128(visit)),
            Some(&device.token),
            &serde_json::json!({ "origin": origin }),
        )
        .await
    }

    /// A link's path (`/s/…`) for `visit`, asked by `device`.
    async fn link_path(&self, device: &TestDevice, visit: u128) -> String {
        let response = self.ask_link(device, visit, ORIGIN).await;
        assert_status(&response, StatusCode::CREATED);
        let body = json(response).await;
        assert!(body["qr_svg"].as_str().unwrap().contains("<svg"));
        let link = body["link"].as_str().unwrap();
        link.strip_prefix(ORIGIN)
            .expect("on the origin asked")
            .to_owned()
    }

    async fn answer_form(&self, path: &str, form: &str) -> Response {
        self.request(
            Request::post(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .unwrap(),
        )
        .await
    }

    async fn visit_as_pulled(&self, device: &TestDevice, n: u128) -> (u64, Visit) {
        let pulled = self.pull_all(device).await;
        let found = find(&pulled, &Uuid::from_u128(n).to_string()).expect("the visit");
        match &found.record {
            Record::Visit(v) => (found.version, v.clone()),
            other => panic!("not a visit: {other:?}"),
        }
    }
}

async fn text(response: Response) -> String {
    String::from_utf8(body_bytes(response).await).unwrap()
}

/// 张工's customer 1 and its done visit 3; 李工, another technician.
async fn plant() -> (TestApp, TestDevice, TestDevice) {
    let app = spawn_app().await;
    let zhang = app.device("zhang", "张工", Role::Technician).await;
    let li = app.device("li", "李工", Role::Technician).await;
    app.push_ok(
        &zhang,
        &[
            (Change::put(customer(1, "华东电力", Some("张工"))), None),
            (Change::put(visit(3, 1)), None),
        ],
    )
    .await;
    (app, zhang, li)
}

#[tokio::test]
async fn the_customers_answer_lands_on_the_visit_once() {
    let (app, zhang, li) = plant().await;
    // Not another technician's to send, and not over plain HTTP to a LAN address.
    assert_status(&app.ask_link(&li, 3, ORIGIN).await, StatusCode::FORBIDDEN);
    assert_status(
        &app.ask_link(&zhang, 3, "http://192.168.1.20:8080").await,
        StatusCode::BAD_REQUEST,
    );
    assert_status(
        &app.ask_link(&zhang, 99, ORIGIN).await,
        StatusCode::NOT_FOUND,
    );
    let path = app.link_path(&zhang, 3).await;
    assert!(path.starts_with("/s/") && path.len() > 40, "{path}");

    let page = app.get(&path).await;
    assert_status(&page, StatusCode::OK);
    let page = text(page).await;
    assert!(
        page.contains("华东电力") && page.contains("name=\"product\""),
        "{page}"
    );

    // No ratings: refused on the form again, the visit untouched.
    let (before, _) = app.visit_as_pulled(&zhang, 3).await;
    let refused = app.answer_form(&path, "suggestions=%E5%A5%BD").await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("data-problem"));
    assert_eq!(app.visit_as_pulled(&zhang, 3).await.0, before);

    let form = "product=2&service=3&suggestions=%E5%B8%8C%E6%9C%9B%E6%AF%8F%E5%AD%A3%E5%BA%A6%E5%B7%A1%E6%A3%80&maintenance=1";
    let thanks = app.answer_form(&path, form).await;
    assert_status(&thanks, StatusCode::OK);
    assert!(text(thanks).await.contains("data-thanks"));
    let (after, visit) = app.visit_as_pulled(&zhang, 3).await;
    assert!(after > before, "a new version the devices pull");
    let result = visit.result.unwrap();
    assert_eq!(result.answered_by, AnsweredBy::CustomerByLink);
    assert_eq!(
        (result.product_rating.value(), result.service_rating.value()),
        (2, 3)
    );
    assert_eq!(result.suggestions, "希望每季度巡检");
    assert!(result.wanted.maintenance && !result.wanted.retrofit);
    assert_eq!(
        result.met, "王经理",
        "the rest of the visit is the technician's still"
    );

    // Spent: neither the page nor a second answer.
    assert_status(&app.get(&path).await, StatusCode::GONE);
    let again = app.answer_form(&path, "product=5&service=5").await;
    assert_status(&again, StatusCode::GONE);
    assert!(text(again).await.contains("data-closed=\"answered\""));
    assert_eq!(app.visit_as_pulled(&zhang, 3).await.0, after);
    // A token never issued.
    let unknown = app.get(&format!("/s/{}", "0".repeat(64))).await;
    assert_status(&unknown, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_answers_at_once_one_lands() {
    let (app, zhang, _) = plant().await;
    let path = app.link_path(&zhang, 3).await;
    let (a, b) = tokio::join!(
        app.answer_form(&path, "product=1&service=1"),
        app.answer_form(&path, "product=5&service=5"),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::GONE]);
    let (_, visit) = app.visit_as_pulled(&zhang, 3).await;
    let result = visit.result.unwrap();
    let given = (result.product_rating.value(), result.service_rating.value());
    assert!(given == (1, 1) || given == (5, 5), "{given:?}");
}

#[tokio::test]
async fn an_expired_link_or_a_visit_not_made_takes_no_answer() {
    let (app, zhang, _) = plant().await;
    let path = app.link_path(&zhang, 3).await;
    sqlx::query("UPDATE survey_links SET expires_at = '2020-01-01T00:00:00.000Z'")
        .execute(app.db.pool())
        .await
        .unwrap();
    let expired = app.answer_form(&path, "product=5&service=5").await;
    assert_status(&expired, StatusCode::GONE);
    assert!(text(expired).await.contains("data-closed=\"expired\""));

    let mut planned = visit(4, 1);
    planned.status = VisitStatus::Planned;
    planned.result = None;
    app.push_ok(&zhang, &[(Change::put(planned), None)]).await;
    assert_status(
        &app.ask_link(&zhang, 4, ORIGIN).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
}
