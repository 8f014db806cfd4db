//! The real `revisit-server` binary, for the tests that kill, restart or fault
//! it: its admin commands, a server with fail points, a device enrolled by the
//! printed code, and what a device pulls.
use crate::helpers::http;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_revisit-server");

/// An admin command on the data in `data`; its output (it must succeed).
pub fn admin(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The server on `port` over `data`, with `faults` set (FAILPOINTS), once it answers.
pub fn serve(data: &Path, port: u16, faults: Option<&str>) -> Child {
    let mut command = Command::new(BIN);
    command
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist", "none"])
        .arg("--data-dir")
        .arg(data)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(faults) = faults {
        command.env("FAILPOINTS", faults);
    }
    let child = command.spawn().expect("server starts");
    wait_until_up(port);
    child
}

/// Returns once the server on `port` answers its health check.
pub fn wait_until_up(port: u16) {
    let started = Instant::now();
    while http(port, "GET", "/api/health", None, "").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not come up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A code for `login` printed by `enroll`.
pub fn enrollment_code(data: &Path, login: &str) -> String {
    admin(data, &["enroll", "--login", login, "--no-qr"])
        .lines()
        .find_map(|l| l.split("#enroll=").nth(1).map(str::to_owned))
        .expect("a code in the link")
}

/// A technician `login` (`name`) added with the admin command, and a code to
/// enroll their phone.
pub fn technician_code(data: &Path, login: &str, name: &str) -> String {
    admin(
        data,
        &[
            "user",
            "add",
            "--login",
            login,
            "--name",
            name,
            "--role",
            "technician",
        ],
    );
    enrollment_code(data, login)
}

/// Enrolls the device `client_id` with `code` at the server on `port`: its token.
pub fn enroll(port: u16, code: &str, client_id: uuid::Uuid) -> String {
    let body = serde_json::json!({"code": code, "client_id": client_id}).to_string();
    let (status, answer) = http(port, "POST", "/api/enroll", None, &body).unwrap();
    assert_eq!(status, 201, "{answer}");
    serde_json::from_str::<serde_json::Value>(&answer).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every visit id the device pulls (sorted), and the last mutation id the
/// server took from it.
pub fn pulled_visits(port: u16, token: &str) -> (Vec<String>, u64) {
    let (mut visits, mut cursor) = (Vec::new(), 0u64);
    for _ in 0..100 {
        let path = format!("/api/sync/pull?cursor={cursor}");
        let (status, page) = http(port, "GET", &path, Some(token), "").unwrap();
        assert_eq!(status, 200, "{page}");
        let page: serde_json::Value = serde_json::from_str(&page).unwrap();
        for pulled in page["records"].as_array().unwrap() {
            if pulled["record"]["kind"] == "visit" {
                visits.push(pulled["record"]["body"]["id"].as_str().unwrap().to_owned());
            }
        }
        cursor = page["cursor"].as_u64().unwrap();
        if page["more"] != true {
            visits.sort();
            return (visits, page["last_mutation_id"].as_u64().unwrap());
        }
    }
    panic!("the pull never ended");
}
