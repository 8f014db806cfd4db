//! A database that stops taking writes for a while (a read-only file, injected at
//! the commit by the `db-commit` fail point of the real binary): pushes are refused
//! with 503 and `Retry-After` meanwhile, nothing answered 200 is lost, and once it
//! writes again the phone's retries are taken exactly once — after a restart too.
#![cfg(feature = "failpoints")]
use crate::binary::{enroll, pulled_visits as pulled, serve, technician_code};
use crate::helpers::{customer, free_port, http, now, visit};
use revisit_core::record::Record;
use revisit_core::sync::{Change, Mutation};

#[test]
fn a_database_that_cannot_write_for_a_while_loses_no_acknowledged_push() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let code = technician_code(&data, "zhang", "张工");
    let port = free_port();
    // Three commits after the first two fail, as on a read-only file.
    let mut server = serve(&data, port, Some("db-commit=2*off->3*return->off"));
    let client_id = uuid::Uuid::new_v4();
    let token = enroll(port, &code, client_id);

    let mut outbox: Vec<Mutation> = Vec::new();
    let mut next_id = 0u64;
    let mut add = |outbox: &mut Vec<Mutation>, change: Change| {
        next_id += 1;
        let mut m = Mutation::new(change, None, now());
        m.id = Some(next_id);
        outbox.push(m);
    };
    add(
        &mut outbox,
        Change::put(customer(1, "南京华能电力工程有限公司", Some("张工"))),
    );
    let (mut made, mut acknowledged) = (Vec::new(), Vec::new());
    let (mut refused, mut taken_after) = (0, 0);
    for round in 1..=12u128 {
        let v = visit(1000 + round, 1);
        made.push(v.id.to_string());
        add(&mut outbox, Change::put(v));
        let body = serde_json::json!({"client_id": client_id, "mutations": outbox}).to_string();
        let (status, answer) = http(port, "POST", "/api/sync/push", Some(&token), &body).unwrap();
        if status == 200 {
            let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(
                answer["last_mutation_id"],
                outbox.last().unwrap().id.unwrap()
            );
            for m in outbox.drain(..) {
                if let Change::Put(Record::Visit(v)) = &m.change {
                    acknowledged.push(v.id.to_string());
                }
            }
            if refused > 0 {
                taken_after += 1;
            }
            // What was acknowledged is there, now.
            let (held, _) = pulled(port, &token);
            assert!(
                acknowledged.iter().all(|id| held.contains(id)),
                "round {round}"
            );
        } else {
            assert_eq!(status, 503, "{answer}");
            assert!(answer.contains("database_unavailable"), "{answer}");
            refused += 1;
        }
    }
    assert!(refused >= 1, "the injected failures reached a push");
    assert!(
        taken_after >= 1,
        "pushes were taken again after the failures"
    );
    assert!(outbox.is_empty(), "the outbox drained");
    made.sort();
    let (held, last) = pulled(port, &token);
    assert_eq!(held, made, "every visit once");
    assert_eq!(last, next_id);
    server.kill().unwrap();
    server.wait().unwrap();
    let mut server = serve(&data, port, None);
    assert_eq!(pulled(port, &token), (made, next_id), "after a restart too");
    server.kill().unwrap();
    server.wait().unwrap();
}
