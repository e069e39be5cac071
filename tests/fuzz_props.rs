//! Property tests over every parser of outside input, on the stable toolchain in
//! `cargo test`: the same entry points as the cargo-fuzz targets in `fuzz/` (FUZZING.md),
//! driven by proptest. Requests go through the real router, correctly signed
//! (`tests/support/harness.rs`), so arbitrary content reaches the parsers behind the
//! signature checks. What must hold: no panic, no 5xx, errors are answers, answers stay
//! small, nothing forged is accepted, nothing is shown unescaped.
//!
//! Inputs are a mix of arbitrary bytes, arbitrary JSON, the fixtures with parts replaced,
//! and lines built from each syntax's own words (so most cases get past the first word).
//! `PROPTEST_CASES` raises the count for a longer run.
#[path = "support/harness.rs"]
mod harness;

use harness::{COORDINATOR, COUNSELOR, Harness, TEACHER, percent_encode};
use proptest::prelude::*;
use proptest::sample::select;
use safeharbor::adapters::teams::links::Claims;
use safeharbor::fuzzing;
use serde_json::{Value, json};

thread_local! {
    /// One server per test thread (tests run in parallel; each has its own database).
    static H: Harness = Harness::new();
}

fn with<R>(f: impl FnOnce(&Harness) -> R) -> R {
    H.with(f)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn fixture_json(path: &str) -> Value {
    serde_json::from_slice(&fixture(path)).unwrap()
}

// ---- strategies ----------------------------------------------------------------------

/// Keys the platforms and the adapters use, so arbitrary objects look like payloads.
const KEYS: &[&str] = &[
    "type",
    "id",
    "user",
    "team",
    "team_id",
    "actions",
    "action_id",
    "value",
    "view",
    "callback_id",
    "state",
    "values",
    "selected_options",
    "selected_option",
    "private_metadata",
    "response_url",
    "trigger_id",
    "container",
    "channel_id",
    "message_ts",
    "message",
    "blocks",
    "data",
    "name",
    "options",
    "custom_id",
    "components",
    "component",
    "member",
    "guild_id",
    "locale",
    "token",
    "flags",
    "embeds",
    "text",
    "timestamp",
    "from",
    "recipient",
    "aadObjectId",
    "entities",
    "mentioned",
    "channelData",
    "challenge",
    "event_id",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        words().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![4 => select(KEYS).prop_map(String::from), 1 => any::<String>()],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer in a value.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// A fixture with some of its parts replaced by arbitrary JSON.
fn mutated(base: Value) -> impl Strategy<Value = Value> {
    let mut ps = vec![];
    pointers(&base, String::new(), &mut ps);
    prop::collection::vec((0..ps.len(), json_value()), 1..4).prop_map(move |changes| {
        let mut v = base.clone();
        for (i, new) in changes {
            if let Some(slot) = v.pointer_mut(&ps[i]) {
                *slot = new;
            }
        }
        v
    })
}

/// Words of every syntax, to build lines that get past the first word.
const WORDS: &[&str] = &[
    // check-ins
    "schedule",
    "list",
    "done",
    "skip",
    "C-1001",
    "c1002",
    "1001",
    "C-0",
    "C-99999999999999999999",
    "1.1",
    "1.0",
    "9223372036854775807.4294967295",
    "every",
    "1",
    "2",
    "0",
    "52",
    "53",
    "12",
    "13",
    "4294967296",
    "week",
    "weeks",
    "month",
    "months",
    "on",
    "mon",
    "Friday",
    "day",
    "15",
    "31",
    "32",
    "1st",
    "4th",
    "last",
    "for",
    "520",
    "521",
    "6",
    "times",
    "check-ins",
    "then",
    "at",
    "09:30",
    "24:00",
    "9:30",
    "23:59",
    "with",
    "a@b.org",
    "x@y.z,q@r.s",
    "@b.org",
    "a@.org",
    "from",
    "until",
    "2026-12-01",
    "2026-11-23",
    "9999-12-31",
    "0000-01-01",
    "+2026-01-01",
    "-001-01-01",
    "2026-02-30",
    "tz",
    "America/New_York",
    "europe/paris",
    "Nowhere/Zone",
    "remind",
    "24h",
    "1h",
    "2d",
    "30m",
    "0h",
    "999999d",
    "15d",
    "1h,1h",
    // concerns
    "S-1042",
    "danger",
    "urgent!",
    "emergency:",
    "#sex-hotel-motel",
    "#sex-older-partner,",
    "#SEX-HOTEL-MOTEL",
    "#nope",
    "#made-up-sign",
    "#sex-old-hotel-motel",
    "#",
    "show",
    "audit",
    "ack",
    "acknowledge",
    "note",
    "reassign",
    "refer",
    "referral",
    "close",
    "cps",
    "police",
    "national-hotline",
    "help",
    // training
    "awareness",
    "intensive",
    "report",
    "teacher@lincoln.example",
    "coordinator@lincoln.example",
    "nobody@else.example",
    // indicators, partners, language
    "hotel",
    "deuda",
    "shelter",
    "hotline",
    "language",
    "es",
    "en-US",
    "xx",
    // odd text
    "",
    " ",
    "\t",
    "\u{0}",
    "\u{feff}",
    "é",
    "ß",
    "İ",
    "👩‍👩‍👧",
    "\u{202e}",
    "&amp;",
    "<at>",
    "</at>",
];

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => select(WORDS).prop_map(String::from),
            1 => any::<String>(),
            1 => "[0-9:.,@#/+-]{1,12}",
        ],
        0..14,
    )
    .prop_map(|w| w.join(" "))
}

fn form(pairs: &[(&str, String)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v.as_bytes())))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

const SLACK_USERS: &[&str] = &["W111", "U0FUZZ2", "U0FUZZ3", "U0STRANGER", ""];
const DISCORD_USERS: &[&str] = &[
    "53908232506183680",
    "100000000000000002",
    "100000000000000003",
    "1",
    "",
];
const COMMANDS: &[&str] = &[
    "/concern",
    "/training",
    "/checkin",
    "/indicators",
    "/partners",
    "/safeharbor",
    "/nope",
    "concern",
    "",
];
const CUSTOM_IDS: &[&str] = &[
    "sh:pick:0",
    "sh:pick:1",
    "sh:pick:99",
    "sh:pick:18446744073709551615",
    "sh:pick:-1",
    "sh:form:",
    "sh:form:0a01",
    "sh:form:zz",
    "sh:concern:",
    "sh:concern:ffffffffffffffffffffffffffff",
    "sh:act:concern.note:C-1001",
    "sh:act:concern.close:C-1001",
    "sh:act:concern:C-1001",
    "sh:act:",
    "concern.ack:C-1001",
    "concern.note:C-1001",
    "concern.refer:C-1001",
    "training.done:awareness",
    "nonsense",
    ":",
    ".:",
];

fn slack_command_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        4 => (
            select(&["T111", "T999", ""][..]),
            select(SLACK_USERS),
            select(COMMANDS),
            words(),
            any::<String>(),
            any::<bool>(),
        )
            .prop_map(|(team, user, command, text, trigger, drop_team)| {
                let mut pairs = vec![
                    ("user_id", user.to_string()),
                    ("command", command.to_string()),
                    ("text", text),
                    ("trigger_id", trigger),
                    ("response_url", "http://127.0.0.1:9/respond".to_string()),
                ];
                if !drop_team {
                    pairs.push(("team_id", team.to_string()));
                }
                form(&pairs)
            }),
    ]
}

fn slack_payload() -> impl Strategy<Value = Vec<u8>> {
    let block_action = (
        select(SLACK_USERS),
        select(CUSTOM_IDS),
        words(),
        json_value(),
    )
        .prop_map(|(user, action, value, blocks)| {
            let action = action.strip_prefix("sh:act:").unwrap_or(action);
            let action_id = action.split(':').next().unwrap_or_default();
            json!({
                "type": "block_actions",
                "user": {"id": user, "team_id": "T111"},
                "team": {"id": "T111"},
                "trigger_id": "1.2.3",
                "actions": [{"action_id": action_id, "value": value}],
                "container": {"channel_id": "D1", "message_ts": "1.1"},
                "message": {"blocks": blocks},
            })
        });
    let submission = (
        select(SLACK_USERS),
        select(
            &[
                "concern",
                "act:concern.note",
                "act:concern.close",
                "act:x",
                "act:",
                "other",
            ][..],
        ),
        words(),
        words(),
        prop::collection::vec(
            prop_oneof![
                select(&["sex-hotel-motel", "sex-older-partner"][..]).prop_map(String::from),
                any::<String>()
            ],
            0..5,
        ),
        select(&["yes", "no", ""][..]),
        prop_oneof![words(), json_value().prop_map(|v| v.to_string())],
    )
        .prop_map(|(user, callback, student, details, picks, danger, meta)| {
            let picks: Vec<Value> = picks.into_iter().map(|p| json!({"value": p})).collect();
            json!({
                "type": "view_submission",
                "user": {"id": user},
                "team": {"id": "T111"},
                "view": {
                    "id": "V1",
                    "callback_id": callback,
                    "private_metadata": meta,
                    "state": {"values": {
                        "student_ref": {"value": {"value": student}},
                        "indicators": {"value": {"selected_options": picks}},
                        "details": {"value": {"value": details}},
                        "immediate_danger": {"value": {"selected_option": {"value": danger}}},
                        "input": {"value": {"value": details}},
                    }},
                },
            })
        });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        2 => mutated(fixture_json("slack/interactivity_block_actions.payload.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        2 => mutated(fixture_json("slack/interactivity_view_submission.payload.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        3 => block_action.prop_map(|v| v.to_string().into_bytes()),
        3 => submission.prop_map(|v| v.to_string().into_bytes()),
    ]
}

fn discord_options() -> impl Strategy<Value = Value> {
    let leaf = (select(&[3u64, 4, 5, 6, 10][..]), json_value())
        .prop_map(|(t, v)| json!({"type": t, "name": "x", "value": v}));
    leaf.prop_recursive(3, 16, 4, |inner| {
        (
            select(&[1u64, 2][..]),
            select(WORDS),
            prop::collection::vec(inner, 0..4),
        )
            .prop_map(|(t, name, opts)| json!({"type": t, "name": name, "options": opts}))
    })
}

fn discord_body() -> impl Strategy<Value = Vec<u8>> {
    let built = (
        0u64..7,
        select(DISCORD_USERS),
        select(&["290926798626357999", "1", ""][..]),
        select(COMMANDS),
        prop::collection::vec(discord_options(), 0..4),
        select(CUSTOM_IDS),
        prop_oneof![3 => Just(String::new()), 1 => "[0-9a-f]{1,40}", 1 => any::<String>()],
        prop::collection::vec(select(&["sex-hotel-motel", "x", ""][..]), 0..4),
        (words(), words(), words(), any::<bool>()),
        any::<u32>(),
    )
        .prop_map(
            |(kind, user, guild, name, options, custom, tail, values, texts, id)| {
                let (student, details, danger, ephemeral) = texts;
                let custom = if tail.is_empty() {
                    custom.to_string()
                } else {
                    format!("{custom}{tail}")
                };
                let inputs = json!([
                    {"type": 1, "components": [{"type": 4, "custom_id": "student_ref", "value": student}]},
                    {"type": 1, "components": [{"type": 4, "custom_id": "details", "value": details}]},
                    {"type": 18, "component": {"type": 4, "custom_id": "immediate_danger", "value": danger}},
                    {"type": 1, "components": [{"type": 4, "custom_id": "value", "value": details}]},
                ]);
                json!({
                    "type": kind,
                    "id": format!("9{id}"),
                    "token": "",
                    "guild_id": guild,
                    "locale": "es-ES",
                    "member": {"user": {"id": user}},
                    "data": {
                        "name": name.trim_start_matches('/'),
                        "options": options,
                        "custom_id": custom,
                        "values": values,
                        "components": inputs,
                    },
                    "message": {
                        "flags": if ephemeral { 64 } else { 0 },
                        "embeds": [{"title": "t", "description": "d"}],
                        "components": [{"type": 1, "components": [{"type": 2, "custom_id": "sh:form:0f"}]}],
                    },
                })
                .to_string()
                .into_bytes()
            },
        );
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        1 => mutated(fixture_json("discord/application_command.AUGMENTED.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        1 => mutated(fixture_json("discord/message_component.string_select.AUGMENTED.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        1 => mutated(fixture_json("discord/modal_submit.label_form.AUGMENTED.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        5 => built,
    ]
}

/// Message text as Teams sends it: mentions, tags and entities around the words.
fn teams_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => words(),
            1 => select(&[
                "<at>SafeHarbor</at>", "<at>Bob</at>", "<at>", "</at>", "<at></at>", "<p>", "</p>",
                "<", ">", "&nbsp;", "&amp;", "&#233;", "&#xD800;", "&#x110000;", "&#99999999999;",
                "&#x;", "&;", "&", "&verylongentityname;",
            ][..])
            .prop_map(String::from),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn teams_body() -> impl Strategy<Value = Vec<u8>> {
    let built = (
        teams_text(),
        select(&["message", "conversationUpdate", ""][..]),
        select(&["29:9e52142b-5e5e-4d7b-bb3e-e82dcf620000", "aad-fuzz-2", "aad-fuzz-3", "", "x"][..]),
        select(&[
            "2026-11-23T16:59:00Z",
            "2017-10-29T00:51:05.9908157Z",
            "+262143-12-31T23:59:59Z",
            "garbage",
            "",
        ][..]),
        any::<u32>(),
        any::<bool>(),
        select(&["19:fuzzteam", "19:other", ""][..]),
    )
        .prop_map(|(text, kind, from, ts, id, aad, team)| {
            let from = if aad {
                json!({"id": "29:x", "aadObjectId": from})
            } else {
                json!({"id": from})
            };
            json!({
                "type": kind,
                "id": format!("a{id}"),
                "timestamp": ts,
                "text": text,
                "locale": "es",
                "from": from,
                "recipient": {"id": "28:bot", "name": "SafeHarbor"},
                "entities": [{"type": "mention", "mentioned": {"id": "28:bot", "name": "SafeHarbor"}}],
                "channelData": {"team": {"id": team}},
            })
            .to_string()
            .into_bytes()
        });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        2 => mutated(fixture_json("teams/channel_message_activity.docs_example.json"))
            .prop_map(|v| v.to_string().into_bytes()),
        5 => built,
    ]
}

fn csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&[
            "lincoln-hs", "other-hs", "Ann", "ann@x.org", "not-an-email", "teacher",
            "counselor;admin", "coordinator;;", "bus_driver", "wizard", "en-US", "es", "xx-YY",
            "U1", "123", "https://hooks.example/x", "http://", "hotline", "law_enforcement",
            "nope", "yes", "no", "maybe", "2026-01-01", "2026-13-01", "national", "a;b;",
            "+1-800-555-0100", "", " ",
        ][..])
        .prop_map(String::from),
        1 => any::<String>(),
        1 => "[\",\n\r ]{1,4}",
    ]
}

fn csv_file(header: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let n = header.len();
    let rows = prop::collection::vec(prop::collection::vec(csv_cell(), n - 2..n + 2), 0..6);
    (any::<bool>(), any::<bool>(), rows).prop_map(move |(bom, quote, rows)| {
        let mut out = String::new();
        if bom {
            out.push('\u{feff}');
        }
        out.push_str(&header.join(","));
        for row in rows {
            out.push('\n');
            let cells: Vec<String> = row
                .into_iter()
                .map(|c| {
                    if quote || c.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c
                    }
                })
                .collect();
            out.push_str(&cells.join(","));
        }
        out.into_bytes()
    })
}

// ---- properties ----------------------------------------------------------------------

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn slack_command_bodies_never_fail(body in slack_command_body()) {
        with(|h| h.slack("commands", &body).check("slack command"));
    }

    #[test]
    fn slack_interactions_and_events_never_fail(payload in slack_payload()) {
        with(|h| {
            h.slack_interaction(&payload).check("slack interaction");
            h.slack("events", &payload).check("slack event");
        });
    }

    #[test]
    fn discord_interactions_never_fail(body in discord_body()) {
        with(|h| h.discord(&body).check("discord interaction"));
    }

    #[test]
    fn teams_activities_never_fail(body in teams_body()) {
        with(|h| {
            fuzzing::teams_command(&h.engine.commands, &body);
            h.teams(&body).check("teams activity");
        });
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn one_line_syntaxes_parse_or_say_why(text in prop_oneof![3 => words(), 1 => any::<String>()]) {
        with(|h| {
            let _ = fuzzing::checkin_schedule(&text, h.engine.clock.now());
            fuzzing::concern_one_line(&h.engine, &text);
        });
    }

    #[test]
    fn checkin_schedule_lines_parse_or_say_why(
        rest in words(),
        every in select(&["every 1 week on mon", "every 2 months on last fri",
                          "every 1 month on day 31 for 3 then every 1 week on sun",
                          "every week on wed for 6 then", "every"][..]),
        opts in words(),
    ) {
        with(|h| {
            let _ = fuzzing::checkin_schedule(&format!("C-1001 {every} {rest}"), h.engine.clock.now());
            let _ = fuzzing::checkin_schedule(
                &format!("C-1001 {every} at 10:00 with a@b.org {opts}"),
                h.engine.clock.now(),
            );
        });
    }

    #[test]
    fn csv_imports_validate_or_say_why(
        roster in csv_file(safeharbor::csvio::ROSTER_HEADER),
        partners in csv_file(safeharbor::csvio::PARTNER_HEADER),
        raw in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        with(|h| {
            let _ = fuzzing::roster_csv(&roster, &h.engine.config);
            let _ = fuzzing::roster_csv(&raw, &h.engine.config);
        });
        let _ = fuzzing::partners_csv(&partners);
        let _ = fuzzing::partners_csv(&raw);
    }

    #[test]
    fn forged_and_altered_links_are_refused(
        token in prop_oneof![any::<String>(), "[A-Za-z0-9_-]{0,80}\\.[A-Za-z0-9_-]{0,60}"],
        flips in prop::collection::vec((any::<u16>(), 1u8..), 1..4),
    ) {
        with(|h| {
            let teams = h.state.teams.as_ref().unwrap();
            let now = h.now();
            prop_assert!(!fuzzing::signed_link(&teams.links, &token, now));
            let good = h.link_token(TEACHER, "concern.ack", "C-1001");
            let mut bytes = good.clone().into_bytes();
            for (at, x) in flips {
                let i = usize::from(at) % bytes.len();
                bytes[i] ^= x;
            }
            if let Ok(altered) = String::from_utf8(bytes)
                && altered != good
            {
                prop_assert!(!fuzzing::signed_link(&teams.links, &altered, now), "{altered}");
            }
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(config(150))]

    #[test]
    fn commands_through_the_engine_answer(
        who in select(&[TEACHER, COUNSELOR, COORDINATOR][..]),
        command in select(&["concern", "training", "checkin", "indicators", "partners", "safeharbor"][..]),
        text in words(),
    ) {
        with(|h| {
            let outcome = h.command(who, command, &text);
            let shown: usize = outcome.reply.blocks.iter().map(|b| format!("{b:?}").len()).sum();
            prop_assert!(shown <= harness::MAX_ANSWER_BYTES);
            Ok(())
        })?;
    }

    #[test]
    fn link_pages_refuse_or_escape(
        token in prop::collection::vec(any::<u8>(), 0..200),
        post in any::<bool>(),
        form in prop_oneof![words().prop_map(|w| format!("text={}", percent_encode(w.as_bytes()))), any::<String>()],
        action in select(&["concern.ack", "concern.note", "concern.close", "concern.refer",
                           "concern.", "nope.ack", "concern.ACK", "concern", ""][..]),
        value in prop_oneof![select(&["C-1001", "<script>alert(1)</script>", "\"'&<>"][..]).prop_map(String::from), any::<String>()],
        who in select(&[TEACHER, COUNSELOR, COORDINATOR][..]),
    ) {
        with(|h| {
            let a = h.link(post, &token, form.as_bytes());
            a.check("link");
            prop_assert!((400..500).contains(&a.status), "status {}", a.status);

            let person_id = h.block_on(h.engine.store.person_by_email(who)).unwrap().unwrap().id;
            let teams = h.state.teams.as_ref().unwrap();
            // A tag in the case number must come back escaped, wherever it is shown.
            let value = format!("{value}<svg/onload=alert(1)>");
            let claims = Claims {
                person_id,
                action: action.to_string(),
                value,
                expires: h.now() + 3600,
                nonce: fresh_nonce(),
            };
            let token = teams.links.token(&claims);
            let a = h.link(post, token.as_bytes(), form.as_bytes());
            a.check("signed link");
            prop_assert!(!String::from_utf8_lossy(&a.body).contains("<svg"), "unescaped");
            Ok(())
        })?;
    }

    #[test]
    fn verifiers_accept_nothing_forged(
        pairs in prop::collection::vec(
            (
                select(&["x-slack-request-timestamp", "x-slack-signature", "x-signature-ed25519",
                         "x-signature-timestamp", "authorization"][..]),
                prop_oneof![
                    any::<i64>().prop_map(|n| n.to_string().into_bytes()),
                    "v0=[0-9a-f]{64}".prop_map(String::into_bytes),
                    "HMAC [A-Za-z0-9+/]{43}=".prop_map(String::into_bytes),
                    "[0-9a-f]{128}".prop_map(String::into_bytes),
                    prop::collection::vec(any::<u8>(), 0..80),
                ],
            ),
            0..6,
        ),
        body in prop::collection::vec(any::<u8>(), 0..100),
        now in any::<i64>(),
    ) {
        with(|h| {
            let pairs: Vec<(&str, &[u8])> = pairs.iter().map(|(n, v)| (*n, v.as_slice())).collect();
            let headers = fuzzing::headers(&pairs);
            let slack = h.state.slack.as_ref().unwrap();
            let discord = h.state.discord.as_ref().unwrap();
            let teams = h.state.teams.as_ref().unwrap();
            prop_assert_eq!(
                fuzzing::verifiers(&slack.verifier, &discord.verifier, &teams.verifier, &headers, &body, now),
                0
            );
            Ok(())
        })?;
    }
}

/// A nonce of its own for each case's link.
fn fresh_nonce() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!(
        "prop-{}",
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

// ---- fixtures and regressions --------------------------------------------------------

/// Every fixture goes through its route and answers.
#[test]
fn every_fixture_is_answered() {
    with(|h| {
        for f in [
            "slack/slash_command.docs_example.form",
            "slack/slash_command.signed_docs_example.form",
        ] {
            h.slack("commands", &fixture(f)).check(f);
        }
        h.slack(
            "interactions",
            &fixture("slack/interactivity_view_submission.form"),
        )
        .check("view submission form");
        for f in [
            "slack/interactivity_block_actions.payload.json",
            "slack/interactivity_view_submission.payload.json",
            "slack/interactivity_view_submission.multi_select.DERIVED.json",
        ] {
            h.slack_interaction(&fixture(f)).check(f);
        }
        h.slack("events", &fixture("slack/events_url_verification.json"))
            .check("url verification");
        for f in [
            "discord/ping.json",
            "discord/application_command.docs_example.json",
            "discord/application_command.AUGMENTED.json",
            "discord/message_component.string_select.AUGMENTED.json",
            "discord/modal_submit.action_row_form.AUGMENTED.json",
            "discord/modal_submit.label_form.AUGMENTED.json",
        ] {
            h.discord(&fixture(f)).check(f);
        }
        h.teams(&fixture("teams/channel_message_activity.docs_example.json"))
            .check("teams activity");
        let _ = fuzzing::partners_csv(safeharbor::csvio::SHIPPED_PARTNERS_CSV.as_bytes())
            .expect("the shipped partners import");
    });
}
