//! The admin CLI: `plan` on the example file, a malformed file, an empty one.
use std::process::{Command, Output};

fn revisit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_revisit-server"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// An admin command on the database in `data`: exit code, stdout, stderr.
fn on_database(data: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_revisit-server"))
        .args(args)
        .args(["--data-dir", data])
        .env_remove("DATABASE_URL")
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn example() -> String {
    format!(
        "{}/../docs/examples/plant-data.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A data directory whose database holds the example plant, imported by the CLI.
fn example_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").to_string_lossy().into_owned();
    let imported = on_database(&data, &["import", &example()]);
    assert_eq!(imported.0, Some(0), "{imported:?}");
    (dir, data)
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn plan_prints_the_example_files_plan_as_json() {
    let out = revisit(&[
        "plan",
        "--data",
        &example(),
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-23",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let visits = plan.as_array().unwrap();
    assert_eq!(visits.len(), 7);
    // The complaint received this morning is due today, by the end of the day.
    let complaint = visits
        .iter()
        .find(|v| v["reasons"][0]["event"] == "complaint")
        .unwrap();
    assert_eq!(complaint["customer_name"], "西安德润制药有限公司");
    assert_eq!(complaint["due"], "2026-11-23");
    assert_eq!(complaint["status"], "due");
    // The repair finished on Friday 13 November is confirmed from Monday 16 to Wednesday 18.
    let repair = visits
        .iter()
        .find(|v| v["reasons"][0]["event"] == "repair_finished")
        .unwrap();
    assert_eq!(repair["window"]["earliest"], "2026-11-16");
    assert_eq!(repair["due"], "2026-11-18");
}

#[test]
fn plan_prints_csv_with_one_row_per_visit() {
    let out = revisit(&[
        "plan",
        "--data",
        &example(),
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-23",
        "--csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("due,deadline,customer,"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 7);
    assert!(rows
        .iter()
        .any(|r| r.contains("南京华能电力工程有限公司") && r.contains("routine:strategic")));
}

#[test]
fn a_malformed_file_names_the_record_and_field_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad_date = write(
        &dir,
        "bad.json",
        r#"{"customers":[{"id":"6f1c2d3e-0000-4000-8000-000000000001","name":"甲","cooperation_start":"2020-13-01"}]}"#,
    );
    let out = revisit(&[
        "plan",
        "--data",
        &bad_date,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("customers[0].cooperation_start"), "{err}");
    assert!(out.stdout.is_empty());

    let no_name = write(
        &dir,
        "noname.json",
        r#"{"customers":[{"id":"6f1c2d3e-0000-4000-8000-000000000001","name":" "}]}"#,
    );
    let out = revisit(&[
        "plan",
        "--data",
        &no_name,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("customers[0]") && err.contains("customer.name: a customer needs a name"),
        "{err}"
    );

    let negative = write(
        &dir,
        "negative.json",
        r#"{"customers":[{"id":"6f1c2d3e-0000-4000-8000-000000000001","name":"甲"}],
            "installations":[{"id":"6f1c2d3e-0000-4000-8000-000000000002","customer_id":"6f1c2d3e-0000-4000-8000-000000000001","product_line":"switchgear","contract_amount":-5}]}"#,
    );
    let out = revisit(&[
        "plan",
        "--data",
        &negative,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("installations[0].contract_amount"));
}

#[test]
fn an_empty_file_is_an_error_and_an_empty_object_an_empty_plan() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(&dir, "empty.json", "");
    let out = revisit(&[
        "plan",
        "--data",
        &empty,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is empty"));

    let nothing = write(&dir, "nothing.json", "{}");
    let out = revisit(&[
        "plan",
        "--data",
        &nothing,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    ]);
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn a_reversed_range_is_refused() {
    let out = revisit(&[
        "plan",
        "--data",
        &example(),
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is after"));
}

#[tokio::test]
async fn an_admin_adds_a_user_and_the_printed_code_enrolls_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let run = |args: &[&str]| on_database(data, args);
    let added = run(&[
        "user",
        "add",
        "--login",
        "zhang",
        "--name",
        "张工",
        "--role",
        "technician",
    ]);
    assert_eq!(added.0, Some(0), "{added:?}");
    let twice = run(&[
        "user",
        "add",
        "--login",
        "zhang",
        "--name",
        "张三",
        "--role",
        "technician",
    ]);
    assert_eq!(twice.0, Some(2));
    assert!(twice.2.contains("already exists"), "{twice:?}");
    let listed = run(&["user", "list"]);
    assert_eq!(listed.1, "zhang\t张工\ttechnician\n");
    // What the admin page does, the command line does too (the same code).
    assert_eq!(
        run(&[
            "user",
            "set-role",
            "--login",
            "zhang",
            "--role",
            "supervisor"
        ])
        .0,
        Some(0)
    );
    assert_eq!(run(&["user", "disable", "--login", "zhang"]).0, Some(0));
    assert_eq!(
        run(&["user", "list"]).1,
        "zhang\t张工\tsupervisor\tdisabled\n"
    );
    assert_eq!(run(&["user", "enable", "--login", "zhang"]).0, Some(0));
    assert_eq!(
        run(&[
            "user",
            "set-role",
            "--login",
            "zhang",
            "--role",
            "technician"
        ])
        .0,
        Some(0)
    );
    assert_eq!(run(&["user", "list"]).1, "zhang\t张工\ttechnician\n");
    assert_eq!(run(&["user", "disable", "--login", "nobody"]).0, Some(2));
    // A rename keeps the login and the records; an empty name changes nothing.
    let renamed = run(&["user", "rename", "--login", "zhang", "--name", "张伟"]);
    assert_eq!(renamed.0, Some(0), "{renamed:?}");
    let empty = run(&["user", "rename", "--login", "zhang", "--name", "  "]);
    assert_eq!(empty.0, Some(2), "{empty:?}");
    assert_eq!(run(&["user", "list"]).1, "zhang\t张伟\ttechnician\n");
    assert_eq!(
        run(&["user", "rename", "--login", "nobody", "--name", "某人"]).0,
        Some(2)
    );
    // A plain-HTTP link to a LAN address would give a phone no offline app: refused.
    let insecure = run(&[
        "enroll",
        "--login",
        "zhang",
        "--no-qr",
        "--app-url",
        "http://192.168.1.10:8080",
    ]);
    assert_eq!(insecure.0, Some(2), "{insecure:?}");
    assert!(insecure.2.contains("plain HTTP"), "{insecure:?}");
    let allowed = run(&[
        "enroll",
        "--login",
        "zhang",
        "--no-qr",
        "--app-url",
        "http://192.168.1.10:8080",
        "--allow-insecure",
    ]);
    assert_eq!(allowed.0, Some(0), "{allowed:?}");
    assert!(allowed.2.contains("warning"), "{allowed:?}");

    let enrolled = run(&[
        "enroll",
        "--login",
        "zhang",
        "--app-url",
        "https://rv.example.cn",
    ]);
    assert_eq!(enrolled.0, Some(0), "{enrolled:?}");
    let link = enrolled
        .1
        .lines()
        .find_map(|l| l.strip_prefix("link: "))
        .expect("a link");
    let code = link
        .strip_prefix("https://rv.example.cn/sync#enroll=")
        .expect("the code in the link");
    assert!(enrolled.1.contains('█'), "a QR code is printed");
    assert_eq!(run(&["enroll", "--login", "nobody"]).0, Some(2));

    // The server on the same database takes the code.
    let url = format!("sqlite://{data}/revisit.db");
    let db = revisit_server::db::Database::open(&url).await.unwrap();
    let (token, user) = db
        .enroll(code, uuid::Uuid::new_v4(), "phone")
        .await
        .expect("the printed code enrolls");
    assert_eq!(user.name, "张伟", "the name it has now");
    assert!(db.authenticate(&token).await.unwrap().is_some());
    db.close().await;
    let revoked = run(&["revoke", "--login", "zhang"]);
    assert_eq!(
        revoked.1.trim(),
        "revoked 1 device token(s) of zhang, and their unused enrollment codes"
    );
    let db = revisit_server::db::Database::open(&url).await.unwrap();
    assert!(db.authenticate(&token).await.unwrap().is_none());
}

#[tokio::test]
async fn import_takes_nothing_from_a_bad_file_unless_told_to_skip() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let run = |args: &[&str]| on_database(data, args);
    let csv = write(
        &dir,
        "customers.csv",
        "\u{feff}客户名称,地区,负责人\n华东电力,华东,张工\n,华北,李工\n西北化工,西北,李工\n",
    );
    let refused = run(&["import", &csv, "--kind", "customers"]);
    assert_eq!(refused.0, Some(2), "{refused:?}");
    assert!(refused.2.contains("line 3, name"), "{}", refused.2);
    assert!(refused.2.contains("nothing imported"), "{}", refused.2);
    let url = format!("sqlite://{data}/revisit.db");
    // The customers stored; the user directory is counted apart.
    let count = |url: String| async move {
        let db = revisit_server::db::Database::open(&url).await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE kind <> 'user'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        db.close().await;
        n
    };
    assert_eq!(count(url.clone()).await, 0);

    let skipped = run(&["import", &csv, "--kind", "customers", "--skip-bad"]);
    assert_eq!(skipped.0, Some(0), "{skipped:?}");
    assert!(skipped.1.contains("imported 2 record(s)"), "{}", skipped.1);
    // Again: the same customers, updated, not doubled.
    run(&["import", &csv, "--kind", "customers", "--skip-bad"]);
    assert_eq!(count(url.clone()).await, 2);
    // The file's people came along as technicians without a login of their own yet.
    let db = revisit_server::db::Database::open(&url).await.unwrap();
    let mut people: Vec<String> =
        sqlx::query_scalar("SELECT name FROM users WHERE role = 'technician'")
            .fetch_all(db.pool())
            .await
            .unwrap();
    db.close().await;
    people.sort();
    assert_eq!(people, ["张工", "李工"]);

    let installations = write(
        &dir,
        "installations.csv",
        "customer,product_line,serial_number\n华东电力,switchgear,S-1\n",
    );
    assert_eq!(
        run(&["import", &installations, "--kind", "installations"]).0,
        Some(0)
    );
    let demo = revisit(&["demo", "--customers", "5"]);
    let json = write(&dir, "demo.json", &String::from_utf8_lossy(&demo.stdout));
    let imported = run(&["import", &json]);
    assert_eq!(imported.0, Some(0), "{imported:?}");
    assert!(count(url).await > 10);
}

#[test]
fn plan_without_a_file_plans_the_database_and_picks_a_technician() {
    let (_dir, data) = example_database();
    let data = data.as_str();
    let range = [
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-23",
    ];
    let from_file = revisit(&[&["plan", "--data", &example()], &range[..]].concat());
    let (code, from_database, err) = on_database(data, &[&["plan"], &range[..]].concat());
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(from_database, String::from_utf8_lossy(&from_file.stdout));

    let (code, csv, err) = on_database(
        data,
        &[&["plan", "--csv", "--technician", "李工"], &range[..]].concat(),
    );
    assert_eq!(code, Some(0), "{err}");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "technician").unwrap();
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty() && rows.len() < 7, "{csv}");
    assert!(rows
        .iter()
        .all(|r| r.split(',').nth(column) == Some("李工")));
}

#[test]
fn report_prints_the_databases_report_and_refuses_a_bad_tier() {
    let (_dir, data) = example_database();
    let data = data.as_str();
    let period = ["--from", "2026-04-01", "--to", "2026-04-30"];
    let (code, out, err) = on_database(data, &[&["report", "satisfaction"], &period[..]].concat());
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The example's one visit, on 10 April.
    assert_eq!(report["report"], "satisfaction");
    assert_eq!(report["current"]["product"]["count"], 1);
    let from_file = revisit(
        &[
            &["report", "satisfaction", "--data", &example()],
            &period[..],
        ]
        .concat(),
    );
    assert_eq!(String::from_utf8_lossy(&from_file.stdout), out);
    let (code, _, err) = on_database(
        data,
        &[&["report", "analysis", "--tier", "vip"], &period[..]].concat(),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("strategic, key or general"), "{err}");
}

#[test]
fn the_clock_offset_moves_now_and_a_malformed_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").to_string_lossy().into_owned();
    let shifted = |offset: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_revisit-server"))
            .args(args)
            .args(["--data-dir", &data])
            .env_remove("DATABASE_URL")
            .env("REVISIT_CLOCK_OFFSET_MS", offset)
            .output()
            .expect("the binary runs")
    };
    let days = 400i64;
    let offset = (days * 86_400_000).to_string();
    let added = shifted(
        &offset,
        &[
            "user",
            "add",
            "--login",
            "zhang",
            "--name",
            "张工",
            "--role",
            "technician",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let before = chrono::Utc::now()
        + chrono::Duration::days(days)
        + chrono::Duration::hours(revisit_server::accounts::CODE_HOURS);
    let enrolled = shifted(
        &offset,
        &[
            "enroll",
            "--login",
            "zhang",
            "--no-qr",
            "--app-url",
            "http://127.0.0.1:8080",
        ],
    );
    let after = chrono::Utc::now()
        + chrono::Duration::days(days)
        + chrono::Duration::hours(revisit_server::accounts::CODE_HOURS);
    let out = String::from_utf8_lossy(&enrolled.stdout);
    assert!(
        enrolled.status.success(),
        "{}",
        String::from_utf8_lossy(&enrolled.stderr)
    );
    // The code lives a week from the shifted now, not from the real one.
    let until = out
        .lines()
        .find_map(|l| l.strip_prefix("valid once, until "))
        .expect("the code's expiry is printed");
    let shown = chrono::NaiveDateTime::parse_from_str(until, "%Y-%m-%d %H:%M UTC")
        .unwrap()
        .and_utc();
    let minute = chrono::Duration::minutes(1);
    assert!(
        before - minute <= shown && shown <= after,
        "{shown} not within {before}..{after}"
    );

    let bad = shifted("next tuesday", &["user", "list"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("REVISIT_CLOCK_OFFSET_MS"));
}

#[test]
fn a_backup_restores_to_the_same_data_and_never_overwrites() {
    let (dir, data) = example_database();
    let file = dir.path().join("backup.db");
    let file_arg = file.to_str().unwrap();
    let (code, out, err) = on_database(&data, &["backup", file_arg]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("integrity ok"), "{out}");
    // Again to the same file: refused, the first copy untouched.
    let before = std::fs::read(&file).unwrap();
    let (code, _, err) = on_database(&data, &["backup", file_arg]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);

    // Restored into a fresh data directory, it plans and reports as the original does.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(&file, restored.join("revisit.db")).unwrap();
    let restored = restored.to_str().unwrap();
    let period = [
        "--from",
        "2026-04-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-23",
    ];
    let plan = |data: &str| on_database(data, &[&["plan"][..], &period[..]].concat());
    let (code, original, err) = plan(&data);
    assert_eq!(code, Some(0), "{err}");
    assert!(original.len() > 10, "{original}");
    assert_eq!(plan(restored).1, original);
    let report = |data: &str| {
        on_database(
            data,
            &[
                "report",
                "satisfaction",
                "--from",
                "2026-04-01",
                "--to",
                "2026-04-30",
            ],
        )
        .1
    };
    assert_eq!(report(restored), report(&data));
    let users = |data: &str| on_database(data, &["user", "list"]).1;
    assert_eq!(users(restored), users(&data));
}

/// The README's configuration table and `serve --help` name the same flags, each
/// with the same environment variable: a flag added to one and not the other fails.
#[test]
fn the_readme_table_and_serve_help_agree() {
    let readme =
        std::fs::read_to_string(format!("{}/../README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let table: std::collections::BTreeSet<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let flag = cells.get(1)?.strip_prefix("`--")?.strip_suffix('`')?;
            let env = cells.get(2)?.trim_matches('`');
            Some((flag.to_owned(), env.to_owned()))
        })
        .collect();
    let help = revisit(&["serve", "--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    let mut flags = std::collections::BTreeSet::new();
    let mut lines = help.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim_start().strip_prefix("--") else {
            continue;
        };
        let flag: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if flag == "help" || flag == "version" {
            continue;
        }
        // clap prints `[env: NAME=]` at the end of the flag's description.
        let mut text = line.to_owned();
        while let Some(next) = lines.peek() {
            if next.trim_start().starts_with('-') || next.trim().is_empty() {
                break;
            }
            text.push_str(lines.next().unwrap());
        }
        let env = text
            .split("[env: ")
            .nth(1)
            .and_then(|e| e.split(['=', ']']).next())
            .unwrap_or_default()
            .to_owned();
        flags.insert((flag, env));
    }
    assert!(flags.len() > 10, "{help}");
    assert_eq!(
        table, flags,
        "README's table (left) and serve --help (right)"
    );
}

#[tokio::test]
async fn check_lists_what_is_wrong_and_a_damaged_or_empty_file_is_refused() {
    let (dir, data) = example_database();
    let (code, out, err) = on_database(&data, &["check"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("integrity: ok") && out.contains(", 0 that do not decode"),
        "{out}"
    );

    // A row written by something else: listed, exit 1.
    let url = format!("sqlite://{data}/revisit.db");
    let db = revisit_server::db::Database::open(&url).await.unwrap();
    sqlx::query("INSERT INTO records (kind, id, version, body) VALUES ('gizmo', 'g1', 9999, '{}')")
        .execute(db.pool())
        .await
        .unwrap();
    db.close().await;
    let (code, out, _) = on_database(&data, &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("record gizmo g1 (version 9999): unknown kind"),
        "{out}"
    );

    // Damaged pages (the records' table overwritten in the middle of the file): the
    // server does not start on it, and says why.
    let file = std::path::Path::new(&data).join("revisit.db");
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "a file of several pages");
    let end = bytes.len() - page;
    for b in &mut bytes[3 * page..end] {
        *b = 0xA5;
    }
    std::fs::write(&file, &bytes).unwrap();
    let serve = |data: &str| {
        Command::new(env!("CARGO_BIN_EXE_revisit-server"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--dist",
                "none",
                "--data-dir",
                data,
            ])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let damaged = serve(&data);
    assert!(!damaged.status.success());
    let said = String::from_utf8_lossy(&damaged.stderr);
    assert!(
        said.contains("damaged") || said.contains("malformed"),
        "{said}"
    );
    let (code, _, _) = on_database(&data, &["check"]);
    assert_ne!(code, Some(0), "check says so too");

    // An empty file is not taken for a new database (every device would be signed out).
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("revisit.db"), b"").unwrap();
    let refused = serve(empty.to_str().unwrap());
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is empty (0 bytes)"));
    assert_eq!(
        std::fs::metadata(empty.join("revisit.db")).unwrap().len(),
        0,
        "left as it was"
    );
}
