//! A fuzz of the push body that stays in the test command: well-formed pushes of
//! every change, mutated one to three times each (extreme numbers, odd strings,
//! missing or retyped fields, huge lists), sent by a technician or a supervisor.
//! The rule: never a 5xx, never a panic, nothing stored on a 4xx — and whatever
//! was taken never breaks anyone's pull, plan or reports (checked as it goes).
//!
//! `REVISIT_FUZZ_INPUTS` sets the number of inputs (20,000 by default; the nightly
//! length, 1,000,000, is in `docs/PERFORMANCE.md`), `REVISIT_FUZZ_SEED` the seed
//! (printed, so a failure can be replayed).
use crate::hardening::everyone_reads;
use crate::helpers::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use revisit_core::assignment::Assignment;
use revisit_core::cancel::Cancel;
use revisit_core::photo::{MediaType, Photo, PhotoSubject, Sha256};
use revisit_core::sync::{Change, Mutation};
use serde_json::{json, Value};
use uuid::Uuid;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One well-formed change of each kind, about customers 1–3 (which exist).
fn seeds() -> Vec<Change> {
    let customer_id = Uuid::from_u128(1);
    vec![
        Change::put(customer(1, "华东电力", Some("张工"))),
        Change::put(customer(4, "新客户", None)),
        Change::put(installation(20, 1)),
        Change::put(visit(30, 2)),
        Change::put(
            serde_json::from_value::<revisit_core::event::Event>(json!({
                "id": Uuid::from_u128(40), "customer_id": customer_id, "kind": "complaint",
                "at": now(), "note": "客户来电"
            }))
            .expect("an event"),
        ),
        Change::put(issue(50, 1)),
        step(50, 51, json!({"step": "start_handling"})),
        step(
            50,
            52,
            json!({"step": "give_feedback", "resolution": "已更换"}),
        ),
        Change::put(Photo {
            id: Uuid::from_u128(60),
            customer_id,
            subject: PhotoSubject::Visit(Uuid::from_u128(30)),
            taken_at: now(),
            media_type: MediaType::Jpeg,
            bytes: 1_000,
            width: 1600,
            height: 1200,
            sha256: Sha256::of(b"x"),
        }),
        Change::put(Assignment {
            id: Assignment::id_for(&format!("{}:routine", Uuid::from_u128(3))),
            customer_id: Uuid::from_u128(3),
            visit_key: format!("{}:routine", Uuid::from_u128(3)),
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            assignee: revisit_core::user::UserId::of_name("张工"),
            assigned_by: revisit_core::user::UserId::of_name("王主管"),
            assigned_at: now(),
        }),
    ]
}

/// The values a mutation puts in place of a node.
fn odd_value(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..24) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(1500),
        3 => json!(32767),
        4 => json!(-32768),
        5 => json!(u64::MAX),
        6 => json!(i64::MIN),
        7 => json!(1e19),
        8 => json!(-1e300),
        9 => json!(0.5),
        10 => json!(""),
        11 => json!(" "),
        12 => json!("华".repeat(rng.gen_range(150..5_000))),
        13 => json!("+262142-12-31"),
        14 => json!("2026-02-30"),
        15 => json!("1969-12-31T23:59:59Z"),
        16 => json!("2201-01-01T00:00:00Z"),
        17 => Value::Null,
        18 => json!(true),
        19 => json!([]),
        20 => json!({}),
        21 => json!(Uuid::from_u128(rng.gen_range(0..6)).to_string()),
        22 => json!(vec![json!("x"); rng.gen_range(900..1_200)]),
        _ => json!({"2025": u64::MAX, "2026": 10_000_000_000_001u64}),
    }
}

/// Every node's path in `value` (object keys and array indexes).
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                at.push(Step::Key(key.clone()));
                paths(field, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Step::Index(i));
                paths(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// One random change to `body`: a node replaced, removed or duplicated.
fn mutate(body: &mut Value, rng: &mut StdRng) {
    let mut all = Vec::new();
    paths(body, &mut Vec::new(), &mut all);
    let path = all[rng.gen_range(0..all.len())].clone();
    match rng.gen_range(0..10) {
        // Remove a field.
        0 if !path.is_empty() => {
            let (last, parent) = path.split_last().unwrap();
            if let (Some(Value::Object(fields)), Step::Key(key)) = (node(body, parent), last) {
                fields.remove(key);
            }
        }
        // Duplicate an array's item.
        1 => {
            if let Some(Value::Array(items)) = node(body, &path) {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
            }
        }
        _ => {
            let value = odd_value(rng);
            if let Some(target) = node(body, &path) {
                *target = value;
            }
        }
    }
}

#[tokio::test]
async fn mutated_pushes_never_get_a_5xx_nor_store_anything_on_a_4xx() {
    let inputs = env_number("REVISIT_FUZZ_INPUTS", 20_000);
    let seed = env_number("REVISIT_FUZZ_SEED", 17);
    eprintln!("fuzz: {inputs} inputs, REVISIT_FUZZ_SEED={seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let app = spawn_app_limited(u32::MAX).await;
    let tech = app.device("zhang", "张工", Role::Technician).await;
    let boss = app.device("wang", "王主管", Role::Supervisor).await;
    app.push_ok(
        &boss,
        &[
            (Change::put(customer(1, "华东电力", Some("张工"))), None),
            (Change::put(customer(2, "华北电力", Some("张工"))), None),
            (Change::put(customer(3, "西南电力", Some("李工"))), None),
            (Change::put(issue(50, 1)), None),
        ],
    )
    .await;
    let seeds: Vec<Value> = seeds()
        .into_iter()
        .map(|change| serde_json::to_value(Mutation::new(change, None, now())).unwrap())
        .collect();
    let (mut taken, mut refused) = (0u64, 0u64);
    let mut statuses = std::collections::BTreeMap::<u16, u64>::new();
    for n in 0..inputs {
        let device = if n % 3 == 0 { &boss } else { &tech };
        let id = device.next_id.get();
        device.next_id.set(id + 1);
        let mut mutation = seeds[rng.gen_range(0..seeds.len())].clone();
        mutation["id"] = json!(id);
        mutation["base_version"] = Value::Null;
        let mut body = json!({"client_id": device.client_id, "mutations": [mutation]});
        for _ in 0..rng.gen_range(1..=3) {
            mutate(&mut body, &mut rng);
        }
        let before = app.fingerprint().await;
        let answer = app
            .send_json("POST", "/api/sync/push", Some(&device.token), &body)
            .await;
        let status = answer.status();
        *statuses.entry(status.as_u16()).or_default() += 1;
        if status.is_server_error() {
            let text = String::from_utf8_lossy(&body_bytes(answer).await).into_owned();
            panic!("input {n} (seed {seed}) got {status}: {text}\nbody: {body}");
        }
        if status.is_client_error() {
            refused += 1;
            assert_eq!(
                app.fingerprint().await,
                before,
                "input {n} (seed {seed}) was refused with {status} but changed the database\nbody: {body}"
            );
        } else {
            taken += 1;
        }
        if n % 2_000 == 1_999 || n + 1 == inputs {
            everyone_reads(&app, &[&tech, &boss]).await;
        }
        if n % 100_000 == 99_999 {
            eprintln!(
                "fuzz: {} inputs, {taken} taken, {refused} refused, statuses {statuses:?}",
                n + 1
            );
        }
    }
    eprintln!("fuzz: {taken} taken, {refused} refused, statuses {statuses:?}");
    assert!(taken > 0 && refused > 0, "the fuzz reaches both outcomes");
}

#[test]
fn mutated_data_files_are_refused_in_words_or_planned_never_a_panic() {
    use revisit_core::report::{Period, Scope};
    use revisit_server::report::{compute, Kind};
    let inputs = env_number("REVISIT_FUZZ_INPUTS", 20_000);
    let seed = env_number("REVISIT_FUZZ_SEED", 17);
    let mut rng = StdRng::seed_from_u64(seed ^ 0xDA7A);
    let example = std::fs::read_to_string(format!(
        "{}/../docs/examples/plant-data.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let example: Value = serde_json::from_str(&example).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.json");
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let period = Period::new(day(1, 1), day(12, 31)).unwrap();
    let now = chrono::Utc::now();
    let (mut planned, mut refused) = (0u64, 0u64);
    for n in 0..inputs {
        let mut body = example.clone();
        for _ in 0..rng.gen_range(1..=3) {
            mutate(&mut body, &mut rng);
        }
        std::fs::write(&file, body.to_string()).unwrap();
        match revisit_server::cli::plan::read_data(&file) {
            Err(err) => {
                refused += 1;
                assert!(err.0.contains("data.json"), "input {n}: {}", err.0);
            }
            Ok(data) => {
                planned += 1;
                let never = Cancel::never();
                let rows = revisit_server::plan::rows(
                    &data,
                    day(1, 1),
                    day(12, 31),
                    day(11, 23),
                    None,
                    &never,
                );
                assert!(rows.is_ok(), "input {n}: never cancelled");
                for kind in [Kind::Satisfaction, Kind::Analysis, Kind::Ledger] {
                    let report = compute(&data, kind, period, &Scope::default(), now, &never);
                    assert!(report.is_ok(), "input {n}: never cancelled");
                }
            }
        }
        if n % 100_000 == 99_999 {
            eprintln!(
                "data fuzz: {} inputs, {planned} planned, {refused} refused",
                n + 1
            );
        }
    }
    eprintln!("data fuzz: {planned} planned, {refused} refused (seed {seed})");
    assert!(planned > 0 && refused > 0, "the fuzz reaches both outcomes");
}
