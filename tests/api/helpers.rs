//! Test helpers: a server on a free port with a fresh SQLite file, a manual clock, and a
//! way to run the `safeharbor` binary in a scratch directory.
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use chrono::TimeZone;
use safeharbor::clock::ManualClock;
use safeharbor::domain::{NewPerson, Role};
use safeharbor::engine::Engine;

/// Serve `router` on a free loopback port until the test ends; its base URL.
pub async fn serve_on_loopback(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

/// Every concern filed at lincoln-hs (the school the Slack, Discord and delivery tests
/// file into), open or closed, newest first.
pub async fn lincoln_concerns(engine: &Engine) -> Vec<safeharbor::store::ConcernRecord> {
    engine
        .store
        .concerns(Some("lincoln-hs"), true, 1000)
        .await
        .unwrap()
}

/// The chat platform whose user ids [`import_roster`] gives.
#[derive(Clone, Copy)]
pub enum Chat {
    Slack,
    Discord,
}

/// Import the roster the Slack and Discord tests share, at lincoln-hs: a teacher, a
/// counselor and a coordinator-admin, with the user ids `teacher`, `counselor` and `admin`
/// on `chat`.
pub async fn import_roster(engine: &Engine, chat: Chat, [teacher, counselor, admin]: [&str; 3]) {
    let person = |email: &str, name: &str, roles: Vec<Role>, id: &str, position: i64| {
        let id = Some(id.to_string());
        let (slack_user_id, discord_user_id) = match chat {
            Chat::Slack => (id, None),
            Chat::Discord => (None, id),
        };
        NewPerson {
            school_id: "lincoln-hs".into(),
            name: name.into(),
            email: email.into(),
            roles,
            locale: None,
            slack_user_id,
            discord_user_id,
            teams_user_id: None,
            teams_webhook_url: None,
            position,
            demo: false,
        }
    };
    engine
        .store
        .import_people(
            &[
                person(
                    "teacher@lincoln.example",
                    "Tess Teacher",
                    vec![Role::Teacher],
                    teacher,
                    2,
                ),
                person(
                    "counselor@lincoln.example",
                    "Cora Counselor",
                    vec![Role::Counselor],
                    counselor,
                    3,
                ),
                person(
                    "admin@lincoln.example",
                    "Ada Admin",
                    vec![Role::Coordinator, Role::Admin],
                    admin,
                    4,
                ),
            ],
            0,
        )
        .await
        .unwrap();
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display());
    let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    let config = Arc::new(safeharbor::config::from_parts(None, None, &env).unwrap());
    let clock = ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 17, 0, 0)
            .unwrap(),
    );
    let key = safeharbor::crypto::DataKey::from_base64(
        &safeharbor::crypto::DataKey::generate_base64(),
        "test",
    )
    .unwrap();
    let engine = safeharbor::app::build_engine(config, Arc::new(clock), key)
        .await
        .unwrap();
    let app = safeharbor::app::Application::build(engine, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        base,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_safeharbor"))
}

/// A scratch directory to run the binary in (its own SQLite file, no config).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("RUST_LOG", "info");
        c
    }

    /// Run with `stdin` as input; returns the output.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        self.run_with(self.command(args), stdin)
    }

    pub fn run_with(&self, mut c: Command, stdin: &str) -> Output {
        use std::io::Write;
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    pub fn write(&self, name: &str, text: &[u8]) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}
