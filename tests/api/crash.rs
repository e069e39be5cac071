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

/// The case numbers of the handoffs Slack accepted (posted and answered, or posted with
/// the answer lost), in the order posted.
fn case_numbers(mock: &MockSlack) -> Vec<String> {
    let channel = crate::mock_slack::dm_channel(COUNSELOR);
    mock.done("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == channel.as_str())
        .filter_map(|c| {
            let t = c.body["text"].as_str().unwrap_or_default();
            let i = t.find("C-1")?;
            Some(t[i..i + 6].to_string())
        })
        .collect()
}

/// File a concern through the signed slash command; the case number if it got a receipt.
async fn file(client: &reqwest::Client, port: u16, n: usize) -> Option<String> {
    let body = slash_body(
        TEACHER,
        "/concern",
        &format!("S-{n} saw something at the motel"),
        &format!("crash.{n}"),
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
        .ok()?;
    let text = r.text().await.ok()?;
    let i = text.find("C-1")?;
    Some(text[i..i + 6].to_string())
}

#[tokio::test]
async fn kill_9_in_the_middle_of_bursts_loses_nothing_acknowledged_and_sends_nothing_twice() {
    // Arrange: a counselor and a teacher on the roster.
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
    let port = free_port();
    let client = reqwest::Client::new();
    let mut receipted: Vec<String> = vec![];
    let mut n = 0;

    // Act: three rounds. In each, concerns arrive 4 at a time while their handoffs are
    // being delivered (Slack slow, some answers lost after posting), and the server is
    // killed with SIGKILL once half the round's receipts are out.
    const ROUNDS: usize = 3;
    const PER_ROUND: usize = 24;
    for round in 0..ROUNDS {
        for i in 0..40 {
            let f = match i % 5 {
                0 => Fault::DropAfter,
                1 | 3 => Fault::Delay(300),
                _ => Fault::Pass,
            };
            mock.fail_next("chat.postMessage", f);
        }
        let mut server = start(dir.path(), &mock, port).await;
        let mut got = 0;
        let mut killed = false;
        while got < PER_ROUND && !killed {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..4 {
                n += 1;
                let (client, n) = (client.clone(), n);
                set.spawn(async move { file(&client, port, n).await });
            }
            while let Some(r) = set.join_next().await {
                if let Some(case) = r.unwrap() {
                    receipted.push(case);
                    got += 1;
                }
                if got >= PER_ROUND / 2 && !killed {
                    server.kill().unwrap(); // SIGKILL, with requests still in flight
                    server.wait().unwrap();
                    killed = true;
                }
            }
        }
        println!(
            "round {round}: killed after {got} receipts; {} handoffs accepted by Slack so far",
            case_numbers(&mock).len()
        );
    }
    // The last restart, with Slack healthy: whatever is left goes out.
    mock.clear_faults();
    let mut server = start(dir.path(), &mock, port).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let all_in = |cases: &[String]| receipted.iter().all(|r| cases.contains(r));
    while !all_in(&case_numbers(&mock)) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await; // anything extra would show now
    server.kill().unwrap();
    server.wait().unwrap();

    // Assert: every receipted concern reached the counselor, and no handoff twice.
    let delivered = case_numbers(&mock);
    let mut distinct = delivered.clone();
    distinct.sort();
    distinct.dedup();
    println!(
        "after {ROUNDS} kills: {} concerns receipted, {} handoffs accepted by Slack ({} distinct), {} conversations.history lookups",
        receipted.len(),
        delivered.len(),
        distinct.len(),
        mock.calls("conversations.history").len()
    );
    let lost: Vec<_> = receipted.iter().filter(|r| !distinct.contains(r)).collect();
    assert!(lost.is_empty(), "receipted but never delivered: {lost:?}");
    assert_eq!(
        delivered.len(),
        distinct.len(),
        "a handoff was posted twice"
    );
}
