//! A SafeHarbor server in this process, for the fuzz targets (`fuzz/`) and the property
//! tests (`tests/fuzz_props.rs`): the real router with Slack, Discord and Teams on, a
//! fresh SQLite file, a manual clock and a small roster. Every request it sends is signed
//! correctly, so what the fuzzer chooses reaches the parsers behind the signature checks.
//!
//! No platform API is configured (no bot tokens): nothing leaves the machine, whatever a
//! payload's `response_url` says. The outbox dispatcher does not run.
#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, header};
use chrono::TimeZone;
use ed25519_dalek::{Signer, SigningKey};
use safeharbor::clock::ManualClock;
use safeharbor::domain::{NewPerson, Platform, Role};
use safeharbor::engine::{Engine, Invocation, Outcome};
use safeharbor::http::AppState;
use tower::ServiceExt;

pub const SLACK_SECRET: &str = "fuzz-slack-signing-secret";
/// base64 of `fuzz-teams-security-token-012345`.
pub const TEAMS_TOKEN: &str = "ZnV6ei10ZWFtcy1zZWN1cml0eS10b2tlbi0wMTIzNDU=";
const DISCORD_SEED: [u8; 32] = [7; 32];

/// The Discord public key the harness's server checks signatures with.
pub fn discord_public_key_hex() -> String {
    hex::encode(
        SigningKey::from_bytes(&DISCORD_SEED)
            .verifying_key()
            .to_bytes(),
    )
}

pub const SLACK_TEAM: &str = "T111";
pub const DISCORD_GUILD: &str = "290926798626357999";
pub const TEAMS_TEAM: &str = "19:fuzzteam";
pub const TEACHER: &str = "teacher@lincoln.example";
pub const COUNSELOR: &str = "counselor@lincoln.example";
pub const COORDINATOR: &str = "coordinator@lincoln.example";

/// A response's largest acceptable body: a 64 KiB request must not make a huge answer.
pub const MAX_ANSWER_BYTES: usize = 512 * 1024;

const TOML: &str = r#"
[district]
name = "Fuzz District"
[[schools]]
id = "lincoln-hs"
name = "Lincoln High School"
time_zone = "America/Phoenix"
service_area = ["Maricopa County", "85004"]
slack_team_id = "T111"
discord_guild_id = "290926798626357999"
teams_team_id = "19:fuzzteam"
"#;

/// A status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    /// What every answer to outside input must be: no server error (a panic in a spawned
    /// task shows as a 500), and no body out of proportion.
    pub fn check(&self, what: &str) {
        assert!(
            self.status < 500,
            "{what}: status {} ({})",
            self.status,
            String::from_utf8_lossy(&self.body)
        );
        assert!(
            self.body.len() <= MAX_ANSWER_BYTES,
            "{what}: a {}-byte answer",
            self.body.len()
        );
    }
}

pub struct Harness {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    pub state: AppState,
    pub engine: Engine,
    discord: SigningKey,
    _dir: tempfile::TempDir,
}

fn person(email: &str, name: &str, roles: Vec<Role>, n: u32) -> NewPerson {
    NewPerson {
        school_id: "lincoln-hs".into(),
        name: name.into(),
        email: email.into(),
        roles,
        locale: None,
        slack_user_id: Some(if n == 1 {
            "W111".into()
        } else {
            format!("U0FUZZ{n}")
        }),
        discord_user_id: Some(if n == 1 {
            "53908232506183680".into()
        } else {
            format!("10000000000000000{n}")
        }),
        teams_user_id: Some(if n == 1 {
            "29:9e52142b-5e5e-4d7b-bb3e-e82dcf620000".into()
        } else {
            format!("aad-fuzz-{n}")
        }),
        teams_webhook_url: None,
        position: i64::from(n),
        demo: false,
    }
}

impl Harness {
    pub fn new() -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let dir = tempfile::tempdir().expect("a scratch directory");
        let db = format!("sqlite://{}?mode=rwc", dir.path().join("fuzz.db").display());
        let discord = SigningKey::from_bytes(&DISCORD_SEED);
        let discord_public = discord_public_key_hex();
        let env = move |k: &str| match k {
            "DATABASE_URL" => Some(db.clone()),
            "SLACK_SIGNING_SECRET" => Some(SLACK_SECRET.to_string()),
            "DISCORD_PUBLIC_KEY" => Some(discord_public.clone()),
            "TEAMS_OUTGOING_WEBHOOK_SECRET" => Some(TEAMS_TOKEN.to_string()),
            "SAFEHARBOR_PUBLIC_URL" => Some("https://safeharbor.fuzz.example".to_string()),
            _ => None,
        };
        let config = Arc::new(
            safeharbor::config::from_parts(Some(TOML), None, &env).expect("the fuzz config"),
        );
        let clock = ManualClock::new(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 23, 17, 0, 0)
                .unwrap(),
        );
        let key = safeharbor::crypto::DataKey::from_base64(
            &safeharbor::crypto::DataKey::generate_base64(),
            "fuzz",
        )
        .expect("a data key");
        let (engine, state, router) = rt.block_on(async move {
            let engine = safeharbor::app::build_engine(config, Arc::new(clock), key)
                .await
                .expect("the engine");
            engine
                .store
                .import_people(
                    &[
                        person(TEACHER, "Tess Teacher", vec![Role::Teacher], 1),
                        person(COUNSELOR, "Cora Counselor", vec![Role::Counselor], 2),
                        person(
                            COORDINATOR,
                            "Ada Coordinator",
                            vec![Role::Coordinator, Role::Admin],
                            3,
                        ),
                    ],
                    0,
                )
                .await
                .expect("the roster");
            let state = AppState::new(engine.clone());
            assert!(state.slack.is_some() && state.discord.is_some() && state.teams.is_some());
            let router = safeharbor::http::router_with(state.clone());
            (engine, state, router)
        });
        Self {
            rt,
            router,
            state,
            engine,
            discord,
            _dir: dir,
        }
    }

    /// The clock's time, unix seconds.
    pub fn now(&self) -> i64 {
        self.engine.clock.now().timestamp()
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    pub fn send(&self, req: Request<Body>) -> Answer {
        let router = self.router.clone();
        self.rt.block_on(async move {
            let resp = router.oneshot(req).await.expect("the router is infallible");
            let status = resp.status().as_u16();
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default();
            Answer { status, body }
        })
    }

    fn post(&self, path: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
        let mut b = Request::builder().method(Method::POST).uri(path);
        for (k, v) in headers {
            b = b.header(*k, v);
        }
        self.send(b.body(Body::from(body.to_vec())).expect("a request"))
    }

    /// A correctly signed Slack request to `/slack/{route}` (commands, interactions, events).
    pub fn slack(&self, route: &str, body: &[u8]) -> Answer {
        let ts = self.now();
        let sig = safeharbor::adapters::slack::verify::sign(SLACK_SECRET, ts, body);
        self.post(
            &format!("/slack/{route}"),
            &[
                (
                    header::CONTENT_TYPE.as_str(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("x-slack-request-timestamp", ts.to_string()),
                ("x-slack-signature", sig),
            ],
            body,
        )
    }

    /// A Slack interaction: `payload` form-encoded as Slack sends it.
    pub fn slack_interaction(&self, payload: &[u8]) -> Answer {
        let body = format!("payload={}", percent_encode(payload));
        self.slack("interactions", body.as_bytes())
    }

    /// A correctly signed Discord interaction.
    pub fn discord(&self, body: &[u8]) -> Answer {
        let ts = self.now().to_string();
        let mut msg = ts.as_bytes().to_vec();
        msg.extend_from_slice(body);
        let sig = hex::encode(self.discord.sign(&msg).to_bytes());
        self.post(
            "/discord/interactions",
            &[
                (header::CONTENT_TYPE.as_str(), "application/json".into()),
                ("x-signature-ed25519", sig),
                ("x-signature-timestamp", ts),
            ],
            body,
        )
    }

    /// A correctly signed Teams outgoing-webhook activity.
    pub fn teams(&self, body: &[u8]) -> Answer {
        let auth = safeharbor::adapters::teams::verify::sign(TEAMS_TOKEN, body);
        self.post(
            "/teams/messages",
            &[
                (header::CONTENT_TYPE.as_str(), "application/json".into()),
                (header::AUTHORIZATION.as_str(), auth),
            ],
            body,
        )
    }

    /// A signed link's page (`GET`) or action (`POST` with a form body), for any token.
    pub fn link(&self, post: bool, token: &[u8], form: &[u8]) -> Answer {
        let uri = format!("/teams/act/{}", percent_encode(token));
        let req = Request::builder()
            .method(if post { Method::POST } else { Method::GET })
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_vec()))
            .expect("a request");
        self.send(req)
    }

    /// A fresh, valid link token for a person on the roster.
    pub fn link_token(&self, email: &str, action: &str, value: &str) -> String {
        let id = self
            .block_on(self.engine.store.person_by_email(email))
            .expect("the store")
            .expect("on the roster")
            .id;
        let teams = self.state.teams.as_ref().expect("teams is on");
        let url = teams.links.link(id, action, value, self.now());
        url.rsplit('/').next().unwrap_or_default().to_string()
    }

    /// A command from the console, as someone on the roster.
    pub fn command(&self, email: &str, command: &str, text: &str) -> Outcome {
        let inv = Invocation {
            platform: Platform::Console,
            user_id: email.to_string(),
            team_id: None,
            locale: None,
            request_id: None,
            command: command.to_string(),
            text: text.to_string(),
        };
        self.block_on(self.engine.handle(inv))
    }
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

/// Percent-encode every byte but the unreserved ones.
pub fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(b) {
            out.push(*b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
