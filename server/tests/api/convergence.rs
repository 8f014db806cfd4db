//! Several devices edit offline, push and pull in random orders, lose answers
//! after the server committed, and the server restarts between requests. In the
//! end every device holds what the server holds, every mutation was applied
//! exactly once, and a conflict is always an edit of one field by two people.
use crate::helpers::*;
use proptest::prelude::*;
use revisit_core::issue::{IssueStatus, Step};
use revisit_core::sync::client::plan_pull;
use revisit_core::sync::protocol::{PullResponse, PushResponse, Record};
use revisit_core::sync::{Change, Mutation};
use std::collections::BTreeMap;

const CUSTOMERS: u128 = 3;
const ISSUES: u128 = 2;
/// Devices 0 and 1 are supervisors'; device 2 is technician 张工's, who owns
/// customers 0 and 1 (customer 2 is 李工's).
const DEVICES: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Edit {
        device: usize,
        customer: u128,
        field: u8,
        value: u8,
    },
    Visit {
        device: usize,
        customer: u128,
    },
    Step {
        device: usize,
        issue: u128,
    },
    Push {
        device: usize,
        lose_answer: bool,
    },
    Pull {
        device: usize,
    },
    Restart,
}

fn op() -> impl Strategy<Value = Op> {
    let device = 0..DEVICES;
    prop_oneof![
        4 => (device.clone(), 0..CUSTOMERS, 0..3u8, 0..3u8).prop_map(|(device, customer, field, value)| Op::Edit { device, customer, field, value }),
        1 => (device.clone(), 0..CUSTOMERS).prop_map(|(device, customer)| Op::Visit { device, customer }),
        2 => (device.clone(), 0..ISSUES).prop_map(|(device, issue)| Op::Step { device, issue }),
        3 => (device.clone(), any::<bool>()).prop_map(|(device, lose_answer)| Op::Push { device, lose_answer }),
        3 => device.prop_map(|device| Op::Pull { device }),
        1 => Just(Op::Restart),
    ]
}

fn customer_id(n: u128) -> u128 {
    100 + n
}

fn issue_id(n: u128) -> u128 {
    200 + n
}

/// A device: its records (with their server versions), outbox and cursor.
struct Sim {
    device: TestDevice,
    records: BTreeMap<String, (u64, Record)>,
    outbox: Vec<Mutation>,
    cursor: u64,
    /// Every mutation it ever queued.
    queued: Vec<Mutation>,
    fresh: u128,
}

impl Sim {
    fn queue(&mut self, change: Change, base: Option<u64>) {
        let m = self.device.mutation(change, base);
        self.outbox.push(m.clone());
        self.queued.push(m);
    }

    fn local(&self, n: u128) -> Option<(u64, Record)> {
        self.records
            .get(&uuid::Uuid::from_u128(n).to_string())
            .cloned()
    }

    fn put_local(&mut self, record: Record, version: u64) {
        self.records.insert(record.id(), (version, record));
    }

    async fn push(&mut self, app: &TestApp, lose_answer: bool) -> Option<PushResponse> {
        if self.outbox.is_empty() {
            return None;
        }
        let response = app.push_mutations(&self.device, &self.outbox).await;
        assert_status(&response, axum::http::StatusCode::OK);
        let answer: PushResponse = serde_json::from_value(json(response).await).unwrap();
        if !lose_answer {
            self.outbox
                .retain(|m| m.id.unwrap() > answer.last_mutation_id);
        }
        Some(answer)
    }

    async fn pull(&mut self, app: &TestApp) {
        loop {
            let page: PullResponse = app.pull(&self.device, self.cursor).await;
            let plan = plan_pull(&self.outbox, &page);
            self.outbox.retain(|m| !plan.done.contains(&m.id.unwrap()));
            for pulled in plan.write {
                self.put_local(pulled.record, pulled.version);
            }
            self.cursor = page.cursor;
            if !page.more {
                return;
            }
        }
    }
}

/// The next step of an issue's loop as a device sees it, if it is still open.
fn next_step(status: IssueStatus) -> Option<serde_json::Value> {
    Some(match status {
        IssueStatus::Recorded => serde_json::json!({"step": "start_handling"}),
        IssueStatus::Handling => {
            serde_json::json!({"step": "give_feedback", "resolution": "已处理"})
        }
        IssueStatus::FeedbackGiven => {
            serde_json::json!({"step": "verify", "customer_confirmation": "客户确认"})
        }
        _ => return None,
    })
}

async fn run(ops: Vec<Op>) {
    let mut app = spawn_app().await;
    let seeder = app.device("admin", "管理员", Role::Admin).await;
    let owners = ["张工", "张工", "李工"];
    let mut seed: Vec<(Change, Option<u64>)> = (0..CUSTOMERS)
        .map(|n| {
            (
                Change::put(customer(
                    customer_id(n),
                    &format!("客户{n}"),
                    Some(owners[n as usize]),
                )),
                None,
            )
        })
        .collect();
    seed.extend((0..ISSUES).map(|n| (Change::put(issue(issue_id(n), customer_id(n))), None)));
    app.push_ok(&seeder, &seed).await;

    let mut sims = Vec::new();
    for d in 0..DEVICES {
        let device = match d {
            2 => app.device("zhang", "张工", Role::Technician).await,
            _ => {
                app.device(&format!("sup{d}"), &format!("主管{d}"), Role::Supervisor)
                    .await
            }
        };
        let mut sim = Sim {
            device,
            records: BTreeMap::new(),
            outbox: vec![],
            cursor: 0,
            queued: vec![],
            fresh: 1000 * (d as u128 + 1),
        };
        sim.pull(&app).await;
        sims.push(sim);
    }

    let mut conflicts = Vec::new();
    for op in ops {
        match op {
            Op::Edit {
                device,
                customer,
                field,
                value,
            } => {
                let sim = &mut sims[device];
                let Some((version, Record::Customer(mut c))) = sim.local(customer_id(customer))
                else {
                    continue;
                };
                let text = format!("值{value}");
                match field {
                    0 => c.region = text,
                    1 => c.industry = text,
                    _ => c.notes = text,
                }
                sim.put_local(Record::Customer(c.clone()), version);
                sim.queue(Change::put(c), Some(version));
            }
            Op::Visit { device, customer } => {
                let sim = &mut sims[device];
                if sim.local(customer_id(customer)).is_none() {
                    continue;
                }
                sim.fresh += 1;
                let v = visit(sim.fresh, customer_id(customer));
                sim.put_local(Record::Visit(v.clone()), 0);
                sim.queue(Change::put(v), None);
            }
            Op::Step { device, issue: n } => {
                let sim = &mut sims[device];
                let Some((version, Record::Issue(mut local))) = sim.local(issue_id(n)) else {
                    continue;
                };
                let Some(next) = next_step(local.status) else {
                    continue;
                };
                sim.fresh += 1;
                let change = step(issue_id(n), sim.fresh, next);
                let Change::IssueStep { event, .. } = &change else {
                    unreachable!()
                };
                local
                    .apply(event.clone())
                    .expect("the next step is legal locally");
                sim.put_local(Record::Issue(local), version);
                sim.queue(change, None);
            }
            Op::Push {
                device,
                lose_answer,
            } => {
                if let Some(answer) = sims[device].push(&app, lose_answer).await {
                    conflicts.extend(answer.conflicts);
                }
            }
            Op::Pull { device } => sims[device].pull(&app).await,
            Op::Restart => app = app.restart().await,
        }
    }
    // The network comes back for good: everyone sends everything, then reads.
    for _ in 0..2 {
        for sim in &mut sims {
            if let Some(answer) = sim.push(&app, false).await {
                conflicts.extend(answer.conflicts);
            }
            sim.pull(&app).await;
        }
    }
    for sim in &mut sims {
        sim.pull(&app).await;
        assert!(
            sim.outbox.is_empty(),
            "every queued mutation was acknowledged"
        );
    }

    // Every device equals the server, as a fresh device of the same user pulls it.
    for (d, sim) in sims.iter().enumerate() {
        let fresh = match d {
            2 => app.device("zhang", "张工", Role::Technician).await,
            _ => app.device(&format!("sup{d}"), "", Role::Supervisor).await,
        };
        let server: BTreeMap<String, Record> = app
            .pull_all(&fresh)
            .await
            .into_iter()
            .map(|p| (p.record.id(), p.record))
            .collect();
        let device: BTreeMap<String, Record> = sim
            .records
            .iter()
            .map(|(k, (_, r))| (k.clone(), r.clone()))
            .collect();
        assert_eq!(device, server, "device {d} converged");
    }

    // Each mutation is in the server's log exactly once (it is keyed by client and
    // id), and each applied issue step is in its issue's history exactly once.
    let server: BTreeMap<String, Record> = app
        .pull_all(&seeder)
        .await
        .into_iter()
        .map(|p| (p.record.id(), p.record))
        .collect();
    for sim in &sims {
        let logged: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, outcome FROM mutations WHERE client_id = $1 ORDER BY id")
                .bind(sim.device.client_id.to_string())
                .fetch_all(app.db.pool())
                .await
                .unwrap();
        let ids: Vec<i64> = logged.iter().map(|(id, _)| *id).collect();
        let queued: Vec<i64> = sim.queued.iter().map(|m| m.id.unwrap() as i64).collect();
        assert_eq!(ids, queued, "no mutation lost, none applied twice");
        for (m, (_, outcome)) in sim.queued.iter().zip(&logged) {
            match &m.change {
                Change::IssueStep { issue_id, event } => {
                    let Some(Record::Issue(issue)) = server.get(&issue_id.to_string()) else {
                        panic!("issue kept")
                    };
                    let times = issue.history.iter().filter(|e| e.id == event.id).count();
                    assert_eq!(times, usize::from(outcome == "applied"), "{outcome}");
                }
                Change::Put(Record::Visit(v)) => assert!(server.contains_key(&v.id.to_string())),
                _ => {}
            }
        }
    }
    for c in &conflicts {
        let base = c.base.as_ref().expect("edits carry their base");
        assert!(
            base != &c.mine && base != &c.theirs && c.mine != c.theirs,
            "{c:?}"
        );
    }
    // Histories stay legal: steps in loop order, none twice.
    for record in server.values() {
        if let Record::Issue(issue) = record {
            let mut replay = issue.clone();
            replay.history.clear();
            replay.status = IssueStatus::Recorded;
            for event in &issue.history {
                assert!(!matches!(event.step, Step::Reopen { .. }));
                replay.apply(event.clone()).expect("a legal history");
            }
            assert_eq!(replay.status, issue.status);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn devices_converge_on_the_server(ops in prop::collection::vec(op(), 10..60)) {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(ops));
    }
}
