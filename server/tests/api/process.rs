//! The real binary: it starts, answers, and stops cleanly on SIGTERM.
use crate::helpers::{free_port, http, start_server};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn the_server_serves_then_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = start_server(&dir.path().join("data"), port);
    let (status, health) = http(port, "GET", "/api/health", None, "").expect("health answers");
    assert_eq!(status, 200, "{health}");
    assert!(health.contains(r#""database":{"status":"ok""#), "{health}");
    assert!(
        dir.path().join("data").join("revisit.db").is_file(),
        "SQLite file in the data dir"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let stopped = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(10),
            "server ignored SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "exit status {exit:?}");
}
