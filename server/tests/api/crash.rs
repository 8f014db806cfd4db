//! The server process is killed (SIGKILL) while it applies a push, then started
//! again; the device's retry leaves exactly one copy of every change.
use crate::binary::{admin as cli, enroll, enrollment_code};
use crate::helpers::{customer, free_port, http, now, start_server};
use revisit_core::sync::{Change, Mutation};
use std::time::Duration;

const BATCH: u64 = 500;

#[test]
fn a_push_cut_by_a_killed_server_is_applied_exactly_once_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    cli(
        &data,
        &[
            "user",
            "add",
            "--login",
            "wang",
            "--name",
            "王主管",
            "--role",
            "supervisor",
        ],
    );
    let port = free_port();
    let mut child = start_server(&data, port);

    let client_id = uuid::Uuid::new_v4();
    let mut pushes = Vec::new();
    let mut token = String::new();
    // Each round: a batch sent, the server killed a little later (sooner or later
    // than its commit), started again, and the same batch sent again.
    for (round, kill_after_ms) in [5u64, 30, 60, 400].into_iter().enumerate() {
        let code = enrollment_code(&data, "wang");
        token = enroll(port, &code, client_id);

        let first = round as u64 * BATCH + 1;
        let mutations: Vec<Mutation> = (first..first + BATCH)
            .map(|id| {
                let mut m = Mutation::new(
                    Change::put(customer(u128::from(id), &format!("客户{id}"), None)),
                    None,
                    now(),
                );
                m.id = Some(id);
                m
            })
            .collect();
        let body = serde_json::json!({"client_id": client_id, "mutations": mutations}).to_string();
        let sending = {
            let (body, token) = (body.clone(), token.clone());
            std::thread::spawn(move || http(port, "POST", "/api/sync/push", Some(&token), &body))
        };
        std::thread::sleep(Duration::from_millis(kill_after_ms));
        child.kill().unwrap(); // SIGKILL: no shutdown, no flush
        child.wait().unwrap();
        let cut = sending.join().unwrap();
        child = start_server(&data, port);
        // Had the cut push committed before the kill? Either way, the retry must
        // leave one copy.
        let (_, before) = http(port, "GET", "/api/sync/pull?limit=1", Some(&token), "").unwrap();
        let before: serde_json::Value = serde_json::from_str(&before).unwrap();
        let committed = before["last_mutation_id"] == first + BATCH - 1;
        let (status, answer) = http(port, "POST", "/api/sync/push", Some(&token), &body)
            .expect("the retry is answered");
        assert_eq!(status, 200, "{answer}");
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["last_mutation_id"], first + BATCH - 1);
        pushes.push((kill_after_ms, cut.map(|(status, _)| status), committed));
    }

    eprintln!("cut pushes: {pushes:?}");
    // Everything is there once.
    let mut seen = std::collections::HashSet::new();
    let mut cursor = 0;
    loop {
        let (status, page) = http(
            port,
            "GET",
            &format!("/api/sync/pull?cursor={cursor}&limit=5000"),
            Some(&token),
            "",
        )
        .unwrap();
        assert_eq!(status, 200, "{page}");
        let page: serde_json::Value = serde_json::from_str(&page).unwrap();
        let data = page["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["record"]["kind"] != "user");
        for record in data {
            assert!(
                seen.insert(record["record"]["body"]["id"].as_str().unwrap().to_owned()),
                "a record twice"
            );
        }
        cursor = page["cursor"].as_u64().unwrap();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(seen.len() as u64, 4 * BATCH, "cut pushes: {pushes:?}");
    child.kill().unwrap();
    child.wait().unwrap();
}
