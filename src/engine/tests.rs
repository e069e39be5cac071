//! Core tests: the engine on a real SQLite file, driven by invocations.
use std::sync::Arc;

use chrono::TimeZone;

use super::*;
use crate::clock::ManualClock;
use crate::domain::Partner;

pub(super) struct TestEngine {
    pub engine: Engine,
    pub dir: tempfile::TempDir,
}

/// A throwaway data key.
pub(super) fn test_key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap()
}

pub(super) async fn engine() -> TestEngine {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    let config = Arc::new(crate::config::from_parts(None, None, &env).unwrap());
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap(),
    ));
    let engine = crate::app::build_engine(config, clock, test_key())
        .await
        .unwrap();
    TestEngine { engine, dir }
}

impl TestEngine {
    /// Run one command and return the reply as text.
    pub(super) async fn say(&self, user: &str, command: &str, text: &str) -> String {
        self.engine
            .handle(inv(user, command, text))
            .await
            .reply
            .to_text()
    }

    /// Give the demo counselor the Slack user id [`COUNSELOR_SLACK`]; an invocation from
    /// them on Slack (no command or text).
    pub(super) async fn counselor_on_slack(&self) -> Invocation {
        let mut people = crate::demo::demo_people();
        people[1].slack_user_id = Some(COUNSELOR_SLACK.into());
        self.engine
            .store
            .import_people(&people[1..2], 0)
            .await
            .unwrap();
        let mut slack = inv(COUNSELOR_SLACK, "", "");
        slack.platform = Platform::Slack;
        slack
    }
}

pub(super) fn inv(user: &str, command: &str, text: &str) -> Invocation {
    Invocation {
        platform: Platform::Console,
        user_id: user.into(),
        team_id: None,
        locale: None,
        request_id: None,
        command: command.into(),
        text: text.into(),
    }
}

pub(super) const TEACHER: &str = "teacher@demo.safeharbor.invalid";
pub(super) const COUNSELOR: &str = "counselor@demo.safeharbor.invalid";
pub(super) const COORDINATOR: &str = "coordinator@demo.safeharbor.invalid";
/// The demo counselor's Slack user id, once [`TestEngine::counselor_on_slack`] gives it.
pub(super) const COUNSELOR_SLACK: &str = "U0COUNSEL1";
const FOOTER_EN: &str = "Don't question the student yourself.";

#[tokio::test]
async fn indicators_without_words_lists_categories_and_ends_with_the_reminder() {
    let t = engine().await;
    let text = t.say(TEACHER, "indicators", "").await;
    for cat in [
        "Sex trafficking",
        "Labor trafficking",
        "Risk factors",
        "Vulnerable groups",
        "both",
    ] {
        assert!(text.contains(cat), "{cat} missing in {text}");
    }
    assert!(text.trim_end().ends_with(FOOTER_EN), "{text}");
    assert!(text.contains("/concern"), "{text}");
}

#[tokio::test]
async fn indicators_answers_in_the_readers_language() {
    let t = engine().await;
    let mut i = inv(TEACHER, "indicators", "deuda");
    i.locale = Some("es-MX".into());
    let text = t.engine.handle(i).await.reply.to_text();
    assert!(text.contains("deuda"), "{text}");
    assert!(text.contains("No interrogue"), "{text}");
}

#[tokio::test]
async fn unknown_words_say_nothing_matched_and_show_the_categories() {
    let t = engine().await;
    let text = t.say(TEACHER, "indicators", "xylophone").await;
    assert!(
        text.contains("Nothing in the catalog matched “xylophone”"),
        "{text}"
    );
    assert!(text.contains("Risk factors"), "{text}");
    assert!(text.trim_end().ends_with(FOOTER_EN));
}

#[tokio::test]
async fn a_category_word_lists_the_whole_category() {
    let t = engine().await;
    let text = t.say(TEACHER, "indicators", "labor").await;
    assert_eq!(text.matches("  • ").count(), 11, "{text}");
}

#[tokio::test]
async fn oversized_and_unknown_input_get_clear_messages() {
    let t = engine().await;
    let long = "a".repeat(10_000);
    let text = t.say(TEACHER, "indicators", &long).await;
    assert!(
        text.contains("10000 characters") && text.contains("4000"),
        "{}",
        &text[..200.min(text.len())]
    );
    let text = t.say(TEACHER, "frobnicate", "").await;
    assert!(text.contains("no command frobnicate"), "{text}");
    let text = t.say(TEACHER, "safeharbor", "dance").await;
    assert!(text.contains("“dance”"), "{text}");
}

fn partner(id: &str, area: &str, confidential: bool, verified: Option<&str>) -> Partner {
    Partner {
        id: id.into(),
        name: format!("Partner {id}"),
        category: crate::domain::PartnerCategory::HousingShelter,
        description: "Emergency beds for youth".into(),
        phones: vec!["602-555-0100".into()],
        text: String::new(),
        email: String::new(),
        url: String::new(),
        address: "123 Secret Lane".into(),
        city: "Phoenix".into(),
        state: "AZ".into(),
        postal_code: "85004".into(),
        service_area: vec![area.into()],
        hours: "9-5".into(),
        open_24_7: false,
        languages: vec!["en".into()],
        mou: true,
        mou_date: None,
        confidential,
        last_verified_on: verified.map(|d| d.parse().unwrap()),
        last_verified_by: "ops@example.org".into(),
    }
}

/// However many local partners a school has, `/partners` shows every national line: only
/// the local list is cut short, and the count of the rest says how to narrow it.
#[tokio::test]
async fn many_local_partners_never_push_out_the_national_hotlines() {
    let t = engine().await;
    let locals: Vec<Partner> = (0..12)
        .map(|i| partner(&format!("local-{i:02}"), "85004", false, Some("2026-11-01")))
        .collect();
    t.engine.store.import_partners(&locals).await.unwrap();
    let text = t.say(TEACHER, "partners", "").await;
    for line in ["1-888-373-7888", "1-800-422-4453", "1-800-843-5678", "988"] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert_eq!(text.matches("Partner local-").count(), 8, "{text}");
    assert!(text.contains("4 more; narrow"), "{text}");
}

/// A referral names a partner serving the case's school (or a national line), kept under
/// the directory's own id however it was typed.
#[tokio::test]
async fn a_referral_goes_to_a_partner_serving_the_cases_school() {
    let t = engine().await;
    t.engine
        .store
        .import_partners(&[
            partner("safe-house", "85004", true, Some("2026-11-01")),
            partner("far-away", "Pima County", false, Some("2026-11-01")),
        ])
        .await
        .unwrap();
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;
    let far = t.say(COUNSELOR, "concern", "refer C-1001 far-away").await;
    assert!(
        far.contains(
            "“far-away” is not cps, law_enforcement or a partner serving this case's school"
        ),
        "{far}"
    );
    let near = t.say(COUNSELOR, "concern", "refer C-1001 SAFE-HOUSE").await;
    assert!(near.contains("C-1001"), "{near}");
    let shown = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert!(
        shown.contains("safe-house")
            && !shown.contains("SAFE-HOUSE")
            && !shown.contains("far-away"),
        "{shown}"
    );
    let national = t.say(COUNSELOR, "concern", "refer C-1001 nhth").await;
    assert!(!national.contains("is not cps"), "{national}");
}

#[tokio::test]
async fn partners_in_area_with_confidential_address_withheld_and_stale_flagged() {
    let t = engine().await;
    t.engine
        .store
        .import_partners(&[
            partner("safe-house", "Maricopa County", true, Some("2026-10-01")),
            partner("open-shelter", "85004", false, Some("2025-01-01")),
            partner("far-away", "Pima County", false, Some("2026-10-01")),
        ])
        .await
        .unwrap();
    let text = t.say(TEACHER, "partners", "shelter").await;
    assert!(
        text.contains("Partner safe-house") && text.contains("Partner open-shelter"),
        "{text}"
    );
    assert!(
        !text.contains("Partner far-away"),
        "outside the school's area: {text}"
    );
    assert!(
        !text.contains("Hotline"),
        "the category filter keeps to shelters: {text}"
    );
    assert_eq!(
        text.matches("123 Secret Lane").count(),
        1,
        "only the non-confidential address: {text}"
    );
    assert!(text.contains("withheld (confidential location)"), "{text}");
    assert_eq!(
        text.matches("Not verified in the last 180 days").count(),
        1,
        "{text}"
    );
    // Spanish category word, Spanish reader.
    let mut i = inv(TEACHER, "partners", "refugio");
    i.locale = Some("es".into());
    let text = t.engine.handle(i).await.reply.to_text();
    assert!(
        text.contains("Partner safe-house") && text.contains("reservada"),
        "{text}"
    );
    // National hotlines are always there.
    let text = t.say(TEACHER, "partners", "").await;
    assert!(text.contains("1-888-373-7888"), "{text}");
    // A category with nobody in it here says so and offers the national lines, rather
    // than listing the categories again.
    let text = t.say(TEACHER, "partners", "legal").await;
    assert!(
        text.contains(
            "The directory has no partner in “Legal advocacy” serving Demo High School yet"
        ),
        "{text}"
    );
    assert!(
        text.contains("1-888-373-7888") && !text.contains("Categories you can ask for"),
        "{text}"
    );
    // Words that match nothing still get the categories.
    let text = t.say(TEACHER, "partners", "zzyzx").await;
    assert!(text.contains("Categories you can ask for"), "{text}");
}

/// The shipped national lines are described in the reader's language; a description a
/// district has edited is shown as it wrote it.
#[tokio::test]
async fn national_lines_are_described_in_the_readers_language() {
    let t = engine().await;
    let spanish = |text: &str| {
        let mut i = inv(TEACHER, "partners", text);
        i.locale = Some("es".into());
        i
    };
    let es = t.engine.handle(spanish("")).await.reply.to_text();
    assert!(
        es.contains("Línea de ayuda a toda hora para denunciar una sospecha de trata")
            && es.contains("Apoyo gratuito por llamada, mensaje de texto o chat"),
        "{es}"
    );
    assert!(!es.contains("Round-the-clock"), "{es}");
    // Words of the Spanish description find the line.
    let es = t.engine.handle(spanish("sospecha")).await.reply.to_text();
    assert!(
        es.contains("1-888-373-7888") && !es.contains("988 "),
        "{es}"
    );
    let en = t.say(TEACHER, "partners", "").await;
    assert!(
        en.contains("Round-the-clock hotline to report suspected trafficking"),
        "{en}"
    );

    let mut edited: Vec<Partner> = t.engine.store.partners().await.unwrap();
    edited.retain(|p| p.id == "nhth");
    edited[0].description = "Our district's note: call them first.".into();
    t.engine.store.import_partners(&edited).await.unwrap();
    let es = t.engine.handle(spanish("")).await.reply.to_text();
    assert!(es.contains("Our district's note: call them first."), "{es}");
    assert!(
        es.contains("Apoyo gratuito por llamada"),
        "the others stay: {es}"
    );
}

/// Each shipped national line has its description in every language, the English one
/// exactly as the CSV has it (else it would never be translated).
#[test]
fn every_shipped_national_line_is_described_in_every_language() {
    let i18n = crate::i18n::I18n::load().unwrap();
    let shipped = include_str!("../../data/partners/national.csv");
    let mut rows = csv::Reader::from_reader(shipped.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in rows.records() {
        let row = row.unwrap();
        let id = format!("partner-desc-{}", &row[col("id")]);
        assert_eq!(
            i18n.msg("en-US", &id, &[]),
            &row[col("description")],
            "{id}"
        );
        for loc in crate::domain::SUPPORTED_LOCALES {
            assert_ne!(i18n.msg(loc, &id, &[]), id, "{loc} lacks {id}");
        }
    }
}

#[tokio::test]
async fn language_preference_is_saved_and_used() {
    let t = engine().await;
    let text = t.say(TEACHER, "safeharbor", "language klingon").await;
    assert!(
        text.contains("“klingon” is not an available language"),
        "{text}"
    );
    let text = t.say(TEACHER, "safeharbor", "language es").await;
    assert!(text.contains("Su idioma ahora es español (es)"), "{text}");
    let text = t.say(TEACHER, "indicators", "").await;
    assert!(text.contains("Factores de riesgo"), "{text}");
}

/// `/checkin help` and `/training ayuda` answer with that command's own help, as the
/// reader may use it, instead of "does not know help".
#[tokio::test]
async fn a_command_with_subcommands_answers_help_with_its_own() {
    let t = engine().await;
    let checkin = t.say(COUNSELOR, "checkin", "help").await;
    assert!(
        checkin.contains("/checkin schedule CASE every N")
            && checkin.contains("/checkin calendar")
            && !checkin.contains("/training")
            && !checkin.contains("does not know"),
        "{checkin}"
    );
    let teacher = t.say(TEACHER, "training", "HELP").await;
    assert!(
        teacher.contains("/training done COURSE [YYYY-MM-DD]")
            && !teacher.contains("/training report")
            && !teacher.contains("/checkin"),
        "{teacher}"
    );
    let coordinator = t.say(COORDINATOR, "training", "help").await;
    assert!(coordinator.contains("/training report"), "{coordinator}");
    // Not alone, `help` is still an unknown subcommand, named as such.
    let other = t.say(COUNSELOR, "checkin", "help me").await;
    assert!(other.contains("“help”"), "{other}");
    t.say(COUNSELOR, "safeharbor", "idioma es").await;
    let es = t.say(COUNSELOR, "training", "ayuda").await;
    assert!(es.contains("/training hecho CURSO"), "{es}");
}

#[tokio::test]
async fn help_lists_only_what_the_reader_may_use() {
    let t = engine().await;
    let teacher = t.say(TEACHER, "safeharbor", "help").await;
    assert!(
        teacher.contains("/indicators") && !teacher.contains("/concern list"),
        "{teacher}"
    );
    assert!(teacher.contains("not an emergency service"), "{teacher}");
    // The Spanish word for the subcommand gives the same list.
    assert_eq!(t.say(TEACHER, "safeharbor", "Ayuda").await, teacher);
    let counselor = t.say(COUNSELOR, "safeharbor", "").await;
    assert!(counselor.contains("/concern list"), "{counselor}");
    // Recording a course for someone else is the coordinators': only they see `for EMAIL`.
    for reader in [TEACHER, COUNSELOR] {
        let help = t.say(reader, "safeharbor", "help").await;
        assert!(
            help.contains("/training done COURSE [YYYY-MM-DD]"),
            "{help}"
        );
        assert!(!help.contains("for EMAIL"), "{help}");
    }
    // In Spanish, the usage lines are Spanish, and every subcommand word they show is one
    // the command takes.
    t.say(COUNSELOR, "safeharbor", "idioma es").await;
    let es = t.say(COUNSELOR, "safeharbor", "ayuda").await;
    assert!(
        es.contains("/checkin programar CASO cada N")
            && es.contains("/training hecho CURSO [AAAA-MM-DD] —")
            && !es.contains("para CORREO"),
        "{es}"
    );
    for line in es.lines() {
        let mut words = line.split_whitespace().skip_while(|w| !w.starts_with('/'));
        let (Some(command), Some(sub)) = (words.next(), words.next()) else {
            continue;
        };
        let command = command.trim_start_matches('/');
        if command == "concern" && sub != "—" && sub == sub.to_lowercase() {
            // Before a case number, or alone (`lista`); elsewhere a word there is a
            // student's reference.
            let routed = [sub.to_string(), format!("{sub} C-1001")]
                .iter()
                .any(|asked| super::concern::concern_subcommand(asked).is_some());
            assert!(routed, "/concern {sub}");
            continue;
        }
        if !["checkin", "training", "safeharbor"].contains(&command) || sub == "—" {
            continue;
        }
        let answer = t.say(COUNSELOR, command, sub).await;
        assert!(!answer.contains("no reconoce"), "{command} {sub}: {answer}");
    }
    let coordinator = t.say(COORDINATOR, "safeharbor", "help").await;
    assert!(
        coordinator.contains("/training done COURSE [YYYY-MM-DD] [for EMAIL]"),
        "{coordinator}"
    );
}
