//! A full disk, for real: the data directory on a 4 MiB tmpfs mounted in a mount
//! namespace of the test's own (`unshare`), half taken by a filler file. A device
//! pushes ~200 KB visits as a phone does — its whole outbox, oldest first, again
//! after a refusal — until the disk refuses (503, `Retry-After`); then the filler
//! goes (room again) and the outbox drains. Every push answered 200 is in the
//! database, after a restart too; every visit refused on the way was taken on a
//! later retry, exactly once.
use crate::binary::{pulled_visits, wait_until_up};
use crate::helpers::{customer, free_port, http, now, visit};
use revisit_core::record::Record;
use revisit_core::sync::{Change, Mutation};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::binary::BIN;

/// A process that holds the mount namespace with the small tmpfs at `dir`.
struct Holder {
    child: Child,
    dir: String,
}

impl Holder {
    fn start(dir: &str) -> Self {
        let script = format!(
            "mount -t tmpfs -o size=4m tmpfs {dir} && mkdir {dir}/data && \
             dd if=/dev/zero of={dir}/filler bs=1k count=2048 2>/dev/null && echo ready && exec sleep 600"
        );
        let mut child = Command::new("unshare")
            .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .expect("unshare runs (util-linux)");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(
            ready.trim(),
            "ready",
            "a tmpfs in a namespace of the test's own"
        );
        Self {
            child,
            dir: dir.to_owned(),
        }
    }

    /// `revisit-server` with `args`, inside the namespace.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("nsenter");
        command
            .args([
                "-t",
                &self.child.id().to_string(),
                "-U",
                "-m",
                "--preserve-credentials",
                "--",
                BIN,
            ])
            .args(args)
            .args(["--data-dir", &format!("{}/data", self.dir)])
            .env_remove("DATABASE_URL");
        command
    }

    fn serve(&self, port: u16) -> Child {
        let child = self
            .command(&[
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--dist",
                "none",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_until_up(port);
        child
    }

    /// Room again: the filler file, seen from outside the namespace.
    fn free_room(&self) {
        let filler = format!("/proc/{}/root{}/filler", self.child.id(), self.dir);
        std::fs::remove_file(&filler).expect("the filler is removed");
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stop(mut server: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let started = Instant::now();
    while server.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_full_disk_loses_no_acknowledged_push_and_takes_the_rest_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let holder = Holder::start(dir.path().to_str().unwrap());
    let out = holder
        .command(&[
            "user",
            "add",
            "--login",
            "zhang",
            "--name",
            "张工",
            "--role",
            "technician",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = holder
        .command(&["enroll", "--login", "zhang", "--no-qr"])
        .output()
        .unwrap();
    let code = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.split("#enroll=").nth(1).map(str::to_owned))
        .expect("a code");
    let port = free_port();
    let server = holder.serve(port);
    let client_id = uuid::Uuid::new_v4();
    let (status, body) = http(
        port,
        "POST",
        "/api/enroll",
        None,
        &serde_json::json!({"code": code, "client_id": client_id}).to_string(),
    )
    .unwrap();
    assert_eq!(status, 201, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    // The phone's outbox: a customer, then a ~200 KB visit a round, pushed whole.
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
    // Notes at their bound (4,000 characters, ~12 KB); 16 visits, ~190 KB a round.
    let notes: String = "现场照片说明：开关柜局放检测数据正常。"
        .chars()
        .cycle()
        .take(revisit_core::sync::bounds::MAX_LONG_TEXT)
        .collect();
    let mut made = Vec::new();
    let (mut acknowledged, mut refused) = (Vec::<String>::new(), 0usize);
    let push = |outbox: &mut Vec<Mutation>, acknowledged: &mut Vec<String>| -> u16 {
        let body = serde_json::json!({"client_id": client_id, "mutations": outbox}).to_string();
        let (status, answer) =
            http(port, "POST", "/api/sync/push", Some(&token), &body).expect("an answer");
        if status == 200 {
            let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(
                answer["last_mutation_id"],
                outbox.last().unwrap().id.unwrap(),
                "{answer}"
            );
            for m in outbox.drain(..) {
                if let Change::Put(Record::Visit(v)) = &m.change {
                    acknowledged.push(v.id.to_string());
                }
            }
        } else {
            assert_eq!(
                status, 503,
                "a full disk is the server's trouble, for now: {answer}"
            );
            assert!(answer.contains("database_unavailable"), "{answer}");
        }
        status
    };
    let mut rounds = 0;
    while refused < 2 {
        rounds += 1;
        assert!(rounds < 40, "the disk never filled");
        let n = u128::try_from(rounds).unwrap();
        for k in 0..16 {
            let mut v = visit(1000 + n * 100 + k, 1);
            v.result.as_mut().unwrap().notes = notes.clone();
            made.push(v.id.to_string());
            add(&mut outbox, Change::put(v));
        }
        if push(&mut outbox, &mut acknowledged) != 200 {
            refused += 1;
        }
    }
    assert!(
        !acknowledged.is_empty(),
        "some pushes went through before the disk filled"
    );
    // What the server says now is exactly what it acknowledged.
    let (held, _) = pulled_visits(port, &token);
    let mut expected = acknowledged.clone();
    expected.sort();
    assert_eq!(
        held, expected,
        "every acknowledged visit, and nothing refused, while the disk is full"
    );
    // The refusal said when to come back.
    let raw = {
        use std::io::{Read, Write};
        let body = serde_json::json!({"client_id": client_id, "mutations": outbox}).to_string();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "POST /api/sync/push HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out.to_ascii_lowercase()
    };
    assert!(
        raw.starts_with("http/1.1 503") && raw.contains("retry-after: 5"),
        "{}",
        &raw[..raw.len().min(400)]
    );

    // Room again: the same outbox goes through, once.
    holder.free_room();
    let started = Instant::now();
    while !outbox.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the outbox never drained"
        );
        if push(&mut outbox, &mut acknowledged) != 200 {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let mut all = made.clone();
    all.sort();
    let mut acked = acknowledged.clone();
    acked.sort();
    assert_eq!(acked, all, "every visit acknowledged in the end");
    let (held, last) = pulled_visits(port, &token);
    assert_eq!(held, all, "each visit once in the database");
    assert_eq!(last, next_id);

    // And after a restart, the same.
    stop(server);
    let server = holder.serve(port);
    let (held, last) = pulled_visits(port, &token);
    assert_eq!(held, all, "each acknowledged visit survives a restart");
    assert_eq!(last, next_id);
    eprintln!(
        "disk full: {} visits, {refused} refusals, all acknowledged ones kept",
        all.len()
    );
    stop(server);
}
