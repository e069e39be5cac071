//! The `/checkin schedule` form over real HTTP: on Slack a modal (views.open with the
//! command's trigger id, `response_action: errors` on the field at fault, the confirmation
//! replacing the modal), on Discord an ephemeral picker, a modal and an ephemeral answer.
//! A submission runs the same command as the one-line form: the plan is stored, the
//! assigned people's notices reach their DMs through the outbox, and nothing is saved
//! while a field is wrong. Plans are pseudonymous: the student is never named.
use std::time::Duration;

use reqwest::StatusCode;
use safeharbor::adapters::discord::DiscordApi;
use safeharbor::adapters::discord::render::{FormPicks, form_modal_fields, form_picker};
use safeharbor::engine::FormFieldKind;
use safeharbor::engine::checkin::form::{FORM_ID, field};
use safeharbor::outbox::Messenger;
use serde_json::{Value, json};

use crate::discord::{
    assert_private, command, custom_id_starting, ephemeral_message, find, interaction,
    spawn_discord_app,
};
use crate::mock_slack::dm_channel;
use crate::slack::{COUNSELOR, SlackApp, TEACHER, TEAM, spawn_slack_app};

const MARKER: &str = "MARKER-cf";
const ADMIN: &str = "U0ADMIN001";

/// A submitted check-in modal: `state` maps block ids to Slack's element state.
fn slack_submission(view_id: &str, user: &str, state: Value) -> Value {
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "lincoln"},
        "user": {"id": user, "username": "cora", "name": "cora", "team_id": TEAM},
        "api_app_id": "A0APP00001",
        "trigger_id": "7.1.x",
        "view": {
            "id": view_id,
            "team_id": TEAM,
            "type": "modal",
            "callback_id": FORM_ID,
            "private_metadata": "{}",
            "blocks": [],
            "state": {"values": state},
            "hash": "1.x"
        }
    })
}

fn select(value: &str) -> Value {
    json!({"value": {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}})
}

fn text(value: &str) -> Value {
    json!({"value": {"type": "plain_text_input", "value": value}})
}

fn date(value: Option<&str>) -> Value {
    json!({"value": {"type": "datepicker", "selected_date": value}})
}

/// Every two weeks on Tuesday at 15:30 from 2026-12-01, for the admin and the counselor,
/// reminded 2 days and 1 hour before; `over` replaces blocks.
fn filled(over: &[(&str, Value)]) -> Value {
    let mut state = json!({
        "case": text("C-1001"),
        "cadence": select("w2"),
        "weekday": select("tue"),
        "nth": {"value": {"type": "static_select", "selected_option": null}},
        "day": {"value": {"type": "static_select", "selected_option": null}},
        "time": {"value": {"type": "timepicker", "selected_time": "15:30"}},
        "staff": {"value": {"type": "multi_users_select", "selected_users": [ADMIN, COUNSELOR]}},
        "from": date(Some("2026-12-01")),
        "until": date(None),
        "tz": {"value": {"type": "plain_text_input", "value": null}},
        "remind": {"value": {"type": "multi_static_select", "selected_options": [
            {"text": {"type": "plain_text", "text": "2 days before"}, "value": "2d"},
            {"text": {"type": "plain_text", "text": "1 hour before"}, "value": "1h"}
        ]}}
    });
    for (k, v) in over {
        state[*k] = v.clone();
    }
    state
}

/// The Slack test app with one case, C-1001, filed by the teacher with `/concern` under
/// the trigger id `trigger`; the marker stands in the student's reference and words, so a
/// test can check that nothing shows it.
async fn with_case_c1001(trigger: &str) -> SlackApp {
    let app = spawn_slack_app().await;
    let filed = app
        .command(
            TEACHER,
            "/concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
            trigger,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(filed.contains("C-1001"), "{filed}");
    app
}

#[tokio::test]
async fn slack_opens_the_check_in_form_and_a_submission_creates_the_plan_and_its_notices() {
    let app = with_case_c1001("cf.1").await;

    // 1. With no words, the command opens the form beside an empty acknowledgement.
    let r = app
        .command(COUNSELOR, "/checkin", "schedule", "cf.2.trigger")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "");
    let opened = app.mock.wait_for("views.open", 1).await;
    assert_eq!(opened[0].body["trigger_id"], "cf.2.trigger");
    let view = &opened[0].body["view"];
    assert_eq!(view["callback_id"], FORM_ID);
    let blocks = view["blocks"].as_array().unwrap();
    let shape: Vec<(&str, &str, bool)> = blocks
        .iter()
        .map(|b| {
            (
                b["block_id"].as_str().unwrap(),
                b["element"]["type"].as_str().unwrap(),
                b["optional"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("case", "plain_text_input", false),
            ("cadence", "static_select", false),
            ("weekday", "static_select", true),
            ("nth", "static_select", true),
            ("day", "static_select", true),
            ("time", "timepicker", false),
            ("staff", "multi_users_select", false),
            ("from", "datepicker", true),
            ("until", "datepicker", true),
            ("tz", "plain_text_input", true),
            ("remind", "multi_static_select", true),
        ]
    );
    assert_eq!(
        blocks[4]["element"]["options"].as_array().unwrap().len(),
        31
    );
    assert!(
        !view.to_string().to_lowercase().contains("student ref"),
        "{view}"
    );

    // 2. Wrong fields come back on those fields; nothing is saved.
    let wrong = [
        (
            vec![
                ("from", date(Some("2027-02-01"))),
                ("until", date(Some("2027-01-01"))),
            ],
            "until",
            "before the start date",
        ),
        (
            vec![("case", text("C-1999"))],
            "case",
            "No case with that number",
        ),
        (
            vec![(
                "staff",
                json!({"value": {"type": "multi_users_select", "selected_users": ["U0STRANGER"]}}),
            )],
            "staff",
            "not on SafeHarbor's roster",
        ),
        (
            vec![("weekday", select(""))],
            "weekday",
            "Choose the weekday",
        ),
    ];
    for (over, block, says) in wrong {
        let r = app
            .interaction(&slack_submission("V0CHECKIN1", COUNSELOR, filled(&over)))
            .await;
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["response_action"], "errors", "{v}");
        let message = v["errors"][block].as_str().unwrap_or_default();
        assert!(message.contains(says), "{block}: {v}");
    }
    assert!(
        app.engine
            .store
            .checkin_plans(None)
            .await
            .unwrap()
            .is_empty()
    );

    // 3. A good submission: the confirmation replaces the modal, the plan is stored.
    let good = slack_submission("V0CHECKIN1", COUNSELOR, filled(&[]));
    let r = app.interaction(&good).await.text().await.unwrap();
    let v: Value = serde_json::from_str(&r).unwrap();
    assert_eq!(v["response_action"], "update", "{v}");
    assert!(
        r.contains("Check-in plan 1") && r.contains("C-1001") && r.contains("2026-12-01"),
        "{r}"
    );
    assert!(!r.contains(MARKER), "{r}");
    let plans = app.engine.store.checkin_plans(None).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].cadence, "every 2 weeks on tue");
    assert_eq!(plans[0].remind_minutes, vec![2 * 24 * 60, 60]);

    // 4. Each assigned person gets one private notice, through the outbox, in their DM.
    for user in [ADMIN, COUNSELOR] {
        let dm = wait_for_dm(&app.mock, user, "plan 1").await;
        assert!(dm.contains("C-1001"), "{dm}");
        assert!(
            !dm.contains(MARKER),
            "a notice never names the student: {dm}"
        );
    }

    // 5. The same view again (a fresh signature, so not a mere replay) creates nothing twice.
    let body = serde_urlencoded::to_string([("payload", good.to_string())]).unwrap();
    let ts = app.engine.clock.now().timestamp() - 1;
    let again = app
        .post_signed("/slack/interactions", &body, ts)
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains("already submitted"), "{again}");
    assert_eq!(app.engine.store.checkin_plans(None).await.unwrap().len(), 1);

    // 6. /checkin list shows it; words after schedule still take the one-line form.
    let list: Value = app
        .command(COUNSELOR, "/checkin", "list C-1001", "cf.3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["response_type"], "ephemeral");
    assert!(list.to_string().contains("Plan 1"), "{list}");
    let typed: Value = app
        .command(
            ADMIN,
            "/checkin",
            "schedule C-1001 every 1 month on day 15 at 08:00 with counselor@lincoln.example",
            "cf.4",
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(typed.to_string().contains("Check-in plan 2"), "{typed}");
    assert_eq!(app.mock.calls("views.open").len(), 1, "no second modal");
}

/// A check-in submission Slack delivers again (a retry after a slow answer, a second
/// click) that reaches another replica, or this one after a restart, whose in-memory
/// view claims are empty: one plan, one set of notices, and the same confirmation, not an
/// error. The view id is the request key, in the database.
#[tokio::test]
async fn slack_a_check_in_submission_delivered_again_elsewhere_creates_one_plan() {
    let app = with_case_c1001("cf.k1").await;
    let good = slack_submission("V0CHECKINK", COUNSELOR, filled(&[]));
    let first = app.interaction(&good).await.text().await.unwrap();
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["response_action"], "update", "{v}");
    assert!(first.contains("Check-in plan 1"), "{first}");

    let other = app.replica().await;
    let again = other.interaction(&good).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = again.text().await.unwrap();
    let v: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(v["response_action"], "update", "not an error: {v}");
    assert!(
        again.contains("Check-in plan 1") && again.contains("C-1001"),
        "the same confirmation: {again}"
    );
    assert!(!again.contains(MARKER), "{again}");

    let plans = app.engine.store.checkin_plans(None).await.unwrap();
    assert_eq!(plans.len(), 1, "one plan");
    let changes = app.engine.store.checkin_changes(plans[0].id).await.unwrap();
    assert_eq!(changes.len(), 1, "one 'created' row");
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("app.db").display()
    ))
    .await
    .unwrap();
    let (notices,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE key LIKE 'checkin:%'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(notices, 2, "one notice for each of the two assigned");
}

/// The text of the first DM to `user` that contains `needle` (bounded wait).
async fn wait_for_dm(mock: &crate::mock_slack::MockSlack, user: &str, needle: &str) -> String {
    let channel = dm_channel(user);
    for _ in 0..200 {
        if let Some(c) = mock
            .calls("chat.postMessage")
            .into_iter()
            .find(|c| c.body["channel"] == channel.as_str() && c.body.to_string().contains(needle))
        {
            return c.body.to_string();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no DM to {user} containing {needle}");
}

#[tokio::test]
async fn a_teacher_gets_no_form_and_a_teachers_submission_saves_nothing() {
    let app = spawn_slack_app().await;
    app.command(TEACHER, "/concern", "S-1 seen at a motel", "cf.5")
        .await;
    let r: Value = app
        .command(TEACHER, "/checkin", "schedule", "cf.6")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["response_type"], "ephemeral");
    let v: Value = app
        .interaction(&slack_submission("V0CHECKIN2", TEACHER, filled(&[])))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["response_action"], "errors");
    assert!(v["errors"]["case"].is_string(), "{v}");
    assert!(
        app.engine
            .store
            .checkin_plans(None)
            .await
            .unwrap()
            .is_empty()
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(app.mock.calls("views.open").is_empty());
}

/// A component pick on the picker message `rows`.
fn pick(user: &str, custom_id: &str, values: &[&str], rows: &Value) -> Value {
    let mut v = interaction(
        3,
        user,
        "en-US",
        json!({"custom_id": custom_id, "component_type": 3, "values": values}),
    );
    v["message"] = ephemeral_message(rows);
    v
}

#[tokio::test]
async fn discord_picks_the_cadence_then_a_modal_and_the_plan_is_made() {
    let app = spawn_discord_app(None).await;
    use crate::discord::{COUNSELOR as D_COUNSELOR, TEACHER as D_TEACHER};
    let filed = app
        .interact(&command(
            D_TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
        ))
        .await;
    assert!(filed.to_string().contains("C-1001"), "{filed}");
    let mut seen: Vec<Value> = vec![];

    // 1. `/checkin schedule`: an ephemeral picker; more selects appear as the cadence is picked.
    let picker = app
        .interact(&command(D_COUNSELOR, "checkin", "schedule"))
        .await;
    assert_eq!(picker["type"], 4);
    assert_eq!(picker["data"]["flags"], 64);
    let rows = picker["data"]["components"].clone();
    let selects: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["components"][0]["custom_id"].as_str().map(String::from))
        .collect();
    assert_eq!(
        selects,
        vec!["sh:fs:1:0", "sh:fs:10:0", "sh:fc:checkin.schedule:"],
        "how often, reminders, continue"
    );
    seen.push(picker.clone());

    let updated = app
        .interact(&pick(D_COUNSELOR, "sh:fs:1:0", &["n1"], &rows))
        .await;
    assert_eq!(updated["type"], 7);
    let rows = updated["data"]["components"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 5, "{rows}");
    assert!(
        find(&rows, &|x| x["custom_id"] == "sh:fs:3:0").is_some(),
        "which week"
    );
    assert!(
        find(&rows, &|x| x["custom_id"] == "sh:fs:2:0").is_some(),
        "weekday"
    );
    let rows = app
        .interact(&pick(D_COUNSELOR, "sh:fs:3:0", &["last"], &rows))
        .await["data"]["components"]
        .clone();
    let rows = app
        .interact(&pick(D_COUNSELOR, "sh:fs:2:0", &["fri"], &rows))
        .await["data"]["components"]
        .clone();
    assert_eq!(
        find(&rows, &|x| x["value"] == "fri").unwrap()["default"],
        true,
        "the pick is shown"
    );
    let cont = custom_id_starting(&rows, "sh:fc:");
    assert_ne!(cont, "sh:fc:checkin.schedule:", "the picks are carried");

    // 2. Continue opens the modal: the case, time, staff and dates as text inputs.
    let mut go = interaction(
        3,
        D_COUNSELOR,
        "en-US",
        json!({"custom_id": cont, "component_type": 2}),
    );
    go["message"] = ephemeral_message(&rows);
    let modal = app.interact(&go).await;
    assert_eq!(modal["type"], 9, "{modal}");
    let modal_id = modal["data"]["custom_id"].as_str().unwrap().to_string();
    assert!(
        modal_id.starts_with("sh:fm:checkin.schedule:"),
        "{modal_id}"
    );
    let inputs: Vec<&str> = modal["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["components"][0]["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, vec!["case", "time", "staff", "from", "until"]);

    let submit = |case: &str, time: &str, staff: &str| {
        let mut v = interaction(
            5,
            D_COUNSELOR,
            "en-US",
            json!({"custom_id": modal_id, "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "case", "value": case}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "time", "value": time}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "staff", "value": staff}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "from", "value": ""}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "until", "value": "2027-06-30"}]}
            ]}),
        );
        v["message"] = ephemeral_message(&rows);
        v
    };

    // 3. A wrong field: a private message naming the field; nothing saved.
    let errors = app
        .interact(&submit("C-1001", "7pm", "nobody@nowhere.example"))
        .await;
    assert_eq!(errors["type"], 4);
    assert_eq!(errors["data"]["flags"], 64);
    let t = errors.to_string();
    assert!(t.contains("Time: “7pm” is not a time"), "{t}");
    assert!(t.contains("Nothing was saved"), "{t}");
    seen.push(errors);
    let errors = app
        .interact(&submit("C-1001", "16:00", "nobody@nowhere.example"))
        .await;
    assert!(
        errors
            .to_string()
            .contains("Assigned staff: “nobody@nowhere.example” is not on the roster"),
        "{errors}"
    );
    assert!(
        app.engine
            .store
            .checkin_plans(None)
            .await
            .unwrap()
            .is_empty()
    );

    // 4. A good one: the confirmation replaces the private picker.
    let done = app
        .interact(&submit(
            "C-1001",
            "16:00",
            "counselor@lincoln.example, admin@lincoln.example",
        ))
        .await;
    assert_eq!(done["type"], 7, "{done}");
    assert_eq!(done["data"]["components"], json!([]));
    assert!(done.to_string().contains("Check-in plan 1"), "{done}");
    seen.push(done);
    let plans = app.engine.store.checkin_plans(None).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].cadence, "every 1 month on last fri");
    assert_eq!(plans[0].at_time, "16:00");
    assert_eq!(plans[0].assignees.len(), 2);

    // 5. The counselor's notice goes out through the outbox to their DM.
    let now = app.engine.clock.now().timestamp_millis();
    let due = app.engine.store.pending_outbox(now, 20).await.unwrap();
    let people = app.engine.store.people().await.unwrap();
    let api = DiscordApi::from_config(&app.engine.config).unwrap();
    for row in due.iter().filter(|r| r.key.starts_with("checkin:")) {
        let to = people.iter().find(|p| p.id == row.recipient_id).unwrap();
        let reply = app.engine.open_payload(&row.payload_sealed).unwrap();
        api.send(to, &reply, &row.key, None).await.unwrap();
    }
    assert!(
        app.mock
            .calls("create_dm")
            .iter()
            .any(|c| c.body == json!({"recipient_id": D_COUNSELOR}))
    );
    let notices: Vec<String> = app
        .mock
        .calls("create_message")
        .iter()
        .map(|c| c.body.to_string())
        .filter(|b| b.contains("plan 1"))
        .collect();
    assert_eq!(notices.len(), 2, "{notices:?}");
    for n in &notices {
        assert!(n.contains("C-1001") && !n.contains(MARKER), "{n}");
    }
    for v in &seen {
        assert_private(v);
        assert!(!v.to_string().contains(MARKER), "{v}");
    }
}

/// The Discord modal submission delivered again to another replica (or after a restart;
/// the replay guard is in memory): one plan, one set of notices, the same confirmation.
/// The interaction id is the request key, in the database.
#[tokio::test]
async fn discord_a_check_in_modal_submission_delivered_again_elsewhere_creates_one_plan() {
    let app = spawn_discord_app(None).await;
    use crate::discord::{COUNSELOR as D_COUNSELOR, TEACHER as D_TEACHER};
    let filed = app
        .interact(&command(
            D_TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
        ))
        .await;
    assert!(filed.to_string().contains("C-1001"), "{filed}");

    // The picker: every week, on Monday; then Continue opens the modal.
    let picker = app
        .interact(&command(D_COUNSELOR, "checkin", "schedule"))
        .await;
    let rows = picker["data"]["components"].clone();
    let rows = app
        .interact(&pick(D_COUNSELOR, "sh:fs:1:0", &["w1"], &rows))
        .await["data"]["components"]
        .clone();
    let rows = app
        .interact(&pick(D_COUNSELOR, "sh:fs:2:0", &["mon"], &rows))
        .await["data"]["components"]
        .clone();
    let mut go = interaction(
        3,
        D_COUNSELOR,
        "en-US",
        json!({"custom_id": custom_id_starting(&rows, "sh:fc:"), "component_type": 2}),
    );
    go["message"] = ephemeral_message(&rows);
    let modal = app.interact(&go).await;
    assert_eq!(modal["type"], 9, "{modal}");
    let modal_id = modal["data"]["custom_id"].as_str().unwrap().to_string();
    let components: Vec<Value> = modal["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["components"][0]["custom_id"].as_str().unwrap();
            let value = match id {
                "case" => "C-1001",
                "time" => "16:00",
                "staff" => "counselor@lincoln.example",
                _ => "",
            };
            json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
        })
        .collect();
    let mut submit = interaction(
        5,
        D_COUNSELOR,
        "en-US",
        json!({"custom_id": modal_id, "components": components}),
    );
    submit["message"] = ephemeral_message(&rows);

    // The same submission (one interaction id) here, then on another replica.
    let done = app.interact(&submit).await;
    assert_eq!(done["type"], 7, "{done}");
    assert!(done.to_string().contains("Check-in plan 1"), "{done}");
    let other = app.replica().await;
    let again = other.interact(&submit).await;
    assert_eq!(
        again["type"], 7,
        "the same confirmation, not an error: {again}"
    );
    assert!(again.to_string().contains("Check-in plan 1"), "{again}");
    assert_private(&again);

    let plans = app.engine.store.checkin_plans(None).await.unwrap();
    assert_eq!(plans.len(), 1, "one plan");
    assert_eq!(
        app.engine
            .store
            .checkin_changes(plans[0].id)
            .await
            .unwrap()
            .len(),
        1
    );
    let now = app.engine.clock.now().timestamp_millis();
    let queued = app.engine.store.pending_outbox(now, 100).await.unwrap();
    let notices = queued
        .iter()
        .filter(|r| r.key.starts_with("checkin:"))
        .count();
    assert_eq!(notices, 1, "one notice, to the counselor");
}

#[tokio::test]
async fn the_form_fits_each_platform_for_every_cadence_in_both_languages() {
    let app = spawn_discord_app(None).await;
    for loc in ["en-US", "es"] {
        let form = app.engine.checkin_form(loc);
        // Slack: the modal fits slack-morphism's model (what views.open sends).
        let view = safeharbor::adapters::slack::render::modal(&form, "Close", "{}");
        let parsed: Result<slack_morphism::prelude::SlackView, _> =
            serde_json::from_value(view.clone());
        assert!(parsed.is_ok(), "{loc}: {parsed:?}");
        assert!(view["title"]["text"].as_str().unwrap().chars().count() <= 24);
        // Discord: for each cadence, at most four selects and the button; every required
        // text field in the modal; custom ids within 100 characters.
        let cadences = match &form.fields[1].kind {
            FormFieldKind::Select { options } => options.clone(),
            _ => panic!("cadence is a select"),
        };
        for (i, _) in cadences.iter().enumerate() {
            let mut picks = FormPicks::default();
            let all_reminders: Vec<String> = match &form.fields[10].kind {
                FormFieldKind::MultiSelect { groups } => {
                    groups[0].1.iter().map(|(v, _)| v.clone()).collect()
                }
                _ => panic!("reminders are a multi-select"),
            };
            picks.apply(&form, 1, 0, &[cadences[i].0.clone()]);
            picks.apply(&form, 2, 0, &["sun".into()]);
            picks.apply(&form, 3, 0, &["last".into()]);
            picks.apply(&form, 4, 1, &["30".into()]);
            picks.apply(&form, 10, 0, &all_reminders);
            let rows = serde_json::to_value(form_picker(&form, &picks, "Continue")).unwrap();
            let rows = rows.as_array().unwrap();
            assert!(
                rows.len() <= 5,
                "{loc} {}: {} rows",
                cadences[i].0,
                rows.len()
            );
            for r in rows {
                let c = &r["components"][0];
                assert!(c["custom_id"].as_str().unwrap().len() <= 100, "{c}");
                assert!(c["placeholder"].as_str().unwrap_or("").chars().count() <= 150);
                for o in c["options"].as_array().into_iter().flatten() {
                    assert!(o["label"].as_str().unwrap().chars().count() <= 100);
                }
            }
            let shown: Vec<&str> = form_modal_fields(&form, &picks)
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            for required in [field::CASE, field::TIME, field::STAFF] {
                assert!(shown.contains(&required), "{loc}: {shown:?}");
            }
            assert!(shown.len() <= 5);
            let values = picks.values(&form);
            assert_eq!(values[field::CADENCE], vec![cadences[i].0.clone()]);
            assert_eq!(values[field::DAY], vec!["30".to_string()]);
        }
        for f in &form.fields {
            assert!(f.label.chars().count() <= 45, "{loc}: {}", f.label);
        }
    }
}
