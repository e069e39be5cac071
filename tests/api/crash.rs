//! Crash safety: `serve` is killed with SIGKILL while private messages are in flight; after
//! a restart every concern reaches the counselor, once.
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mock_slack::{Fault, MockSlack};
use crate::slack::{COUNSELOR, SECRET, TEACHER, slash_body};

const TOML: &str = "[[schools]]\nid = \"lincoln-hs\"\nname = \"Lincoln\"\ntime_zone = \"America/Phoenix\"\nslack_team_id = \"T0SCHOOL01\"\n\n# A burst from one reporter, on purpose: no abuse limit here.\n[limits]\nconcerns_per_user_per_hour = 0\ncommands_per_user_per_minute = 0\nconcerns_per_workspace_per_hour = 0\ncommands_per_workspace_per_minute = 0\n";
const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn command(dir: &std::path::Path, mock: &MockSlack, args: &[&str]) -> Command {
    let mut c = Command::new(crate::helpers::bin());
    c.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .env("SAFEHARBOR_DATA_KEY", KEY)
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_BOT_TOKEN", "xoxb-crash")
        .env("SLACK_API_URL", mock.api_url())
        .env("SAFEHARBOR_OUTBOX_LEASE_SECS", "1");
    c
}

async fn start(dir: &std::path::Path, mock: &MockSlack, port: u16) -> Child {
    let mut child = command(
        dir,
        mock,
        &["serve", "--listen", &format!("127.0.0.1:{port}")],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && r.status() == 200
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve did not become ready");
}

fn case_numbers(mock: &MockSlack) -> Vec<String> {
    mock.calls("chat.postMessage")
        .iter()
        .filter_map(|c| {
            let t = c.body["text"].as_str().unwrap_or_default();
            let i = t.find("C-1")?;
            Some(t[i..i + 6].to_string())
        })
        .collect()
}

#[tokio::test]
async fn messages_in_flight_survive_kill_9_and_are_delivered_once_after_restart() {
    let mock = MockSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("safeharbor.toml"), TOML).unwrap();
    let roster = format!(
        "school_id,name,email,roles,locale,slack_user_id,discord_user_id,teams_user_id,teams_webhook_url\n\
         lincoln-hs,Tess,t@x.org,teacher,,{TEACHER},,,\nlincoln-hs,Cora,c@x.org,counselor,,{COUNSELOR},,,\n"
    );
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let out = command(dir.path(), &mock, &["roster", "import", "roster.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Slack hangs: the dispatcher's first attempts are stuck when the server dies.
    for _ in 0..20 {
        mock.fail_next("conversations.open", Fault::Hang);
    }
    let port = free_port();
    let mut server = start(dir.path(), &mock, port).await;
    let client = reqwest::Client::new();
    const N: usize = 5;
    for i in 0..N {
        let body = slash_body(
            TEACHER,
            "/concern",
            &format!("S-{i} saw something at the motel"),
            &format!("crash.{i}"),
            "",
        );
        let ts = safeharbor::clock::Clock::now(&safeharbor::clock::SystemClock).timestamp();
        let r = client
            .post(format!("http://127.0.0.1:{port}/slack/commands"))
            .header("x-slack-request-timestamp", ts.to_string())
            .header(
                "x-slack-signature",
                safeharbor::adapters::slack::verify::sign(SECRET, ts, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            r.text().await.unwrap().contains("C-1"),
            "a receipt for each"
        );
    }
    mock.wait_for("conversations.open", 1).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    assert!(
        case_numbers(&mock).is_empty(),
        "no handoff was delivered before the crash"
    );

    mock.clear_faults();
    let mut server = start(dir.path(), &mock, port).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while case_numbers(&mock).len() < N && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await; // anything extra would show now
    server.kill().unwrap();
    server.wait().unwrap();
    let mut cases = case_numbers(&mock);
    println!(
        "after restart: {} handoffs delivered for {N} concerns",
        cases.len()
    );
    cases.sort();
    let before = cases.len();
    cases.dedup();
    assert_eq!(cases.len(), N, "every concern reached the counselor");
    assert_eq!(before, N, "and none twice");
}
