//! Partner re-check nudges: two schools in America/New_York on the manual clock, partners
//! imported as `safeharbor partners import` reads them, the nudges read back from the
//! outbox as their recipients would see them.
use std::collections::HashSet;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;

use super::tests::test_key;
use super::*;
use crate::clock::ManualClock;
use crate::domain::{NewPerson, OutboxKind, Role};

const CONFIG: &str = r#"
[district]
name = "Harbor District"
[[schools]]
id = "harbor-hs"
name = "Harbor High"
time_zone = "America/New_York"
service_area = ["Harbor County"]
working_hours = "08:00-16:00"
working_days = ["mon", "tue", "wed", "thu", "fri"]
[[schools]]
id = "bay-ms"
name = "Bay Middle"
time_zone = "America/New_York"
service_area = ["Bay County"]
working_hours = "08:00-16:00"
working_days = ["mon", "tue", "wed", "thu", "fri"]
"#;

const HEADER: &str = "id,name,category,description,phone,text,email,url,address,city,state,postal_code,service_area,hours,open_24_7,languages,mou,mou_date,confidential,last_verified_on,last_verified_by";

/// One CSV row: a partner serving `area`, verified on `verified` (empty: never) by `by`.
fn row(id: &str, name: &str, category: &str, area: &str, verified: &str, by: &str) -> String {
    format!(
        "{id},{name},{category},Help for young people.,602-555-0100,,,,,,,,{area},,yes,en,no,,no,{verified},{by}"
    )
}

/// Harbor's stale shelter, a never-verified helpline there, a fresh clinic there, and
/// Bay's stale center (which Harbor's staff do not see).
fn partners_csv(shelter_verified: &str, shelter_by: &str) -> String {
    [
        HEADER.to_string(),
        row(
            "harbor-shelter",
            "Harbor Youth Shelter",
            "housing_shelter",
            "Harbor County",
            shelter_verified,
            shelter_by,
        ),
        row(
            "harbor-line",
            "Harbor Teen Line",
            "mental_health",
            "harbor-hs",
            "",
            "",
        ),
        row(
            "harbor-clinic",
            "Harbor Clinic",
            "health",
            "Harbor County",
            "2026-11-01",
            "Ops",
        ),
        row(
            "bay-center",
            "Bay Youth Center",
            "runaway_homeless",
            "Bay County",
            "2025-12-01",
            "Bay Ops",
        ),
    ]
    .join("\n")
}

fn person(
    email: &str,
    name: &str,
    school: &str,
    roles: Vec<Role>,
    locale: Option<&str>,
    pos: i64,
) -> NewPerson {
    NewPerson {
        school_id: school.into(),
        name: name.into(),
        email: email.into(),
        roles,
        locale: locale.map(String::from),
        slack_user_id: Some(format!("U{pos:08}")),
        discord_user_id: None,
        teams_user_id: None,
        teams_webhook_url: None,
        position: pos,
        demo: false,
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A New York wall-clock time as UTC.
fn ny(day: &str, hour: u32, minute: u32) -> chrono::DateTime<Utc> {
    New_York
        .from_local_datetime(&date(day).and_hms_opt(hour, minute, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

struct District {
    engine: Engine,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

/// Harbor High: Ana (teacher), Cora (counselor), Cy (coordinator, `cy_locale`), Hal
/// (admin). Bay Middle: Bea (teacher) and Abe (admin), no coordinator. The partners of
/// [`partners_csv`], the shelter verified 2026-01-10 by Ops.
async fn district(start: chrono::DateTime<Utc>, cy_locale: Option<&str>) -> District {
    district_with("", start, cy_locale).await
}

/// [`district`], with more configuration.
async fn district_with(
    extra: &str,
    start: chrono::DateTime<Utc>,
    cy_locale: Option<&str>,
) -> District {
    let toml = format!("{CONFIG}{extra}");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    let config = Arc::new(crate::config::from_parts(Some(&toml), None, &env).unwrap());
    let clock = ManualClock::new(start);
    let engine = crate::app::build_engine(config, Arc::new(clock.clone()), test_key())
        .await
        .unwrap();
    let h = "harbor-hs";
    engine
        .store
        .import_people(
            &[
                person(
                    "ana@h.example",
                    "Ana Teacher",
                    h,
                    vec![Role::Teacher],
                    None,
                    1,
                ),
                person(
                    "cora@h.example",
                    "Cora Counselor",
                    h,
                    vec![Role::Counselor],
                    None,
                    2,
                ),
                person(
                    "cy@h.example",
                    "Cy Coordinator",
                    h,
                    vec![Role::Coordinator],
                    cy_locale,
                    3,
                ),
                person("hal@h.example", "Hal Admin", h, vec![Role::Admin], None, 4),
                person(
                    "bea@b.example",
                    "Bea Teacher",
                    "bay-ms",
                    vec![Role::Teacher],
                    None,
                    5,
                ),
                person(
                    "abe@b.example",
                    "Abe Admin",
                    "bay-ms",
                    vec![Role::Admin],
                    None,
                    6,
                ),
            ],
            start.timestamp_millis(),
        )
        .await
        .unwrap();
    let d = District {
        engine,
        clock,
        _dir: dir,
    };
    d.import(&partners_csv("2026-01-10", "Ops")).await;
    d
}

impl District {
    /// As `safeharbor partners import FILE.csv` does.
    async fn import(&self, csv: &str) {
        let partners = crate::csvio::parse_partners(csv.as_bytes()).unwrap();
        self.engine.store.import_partners(&partners).await.unwrap();
    }

    async fn reminder_ids(&self) -> HashSet<i64> {
        self.engine
            .store
            .pending_outbox(i64::MAX, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == OutboxKind::Reminder)
            .map(|r| r.id)
            .collect()
    }

    /// Run the nudge pass at a moment; the private messages it queued, as (recipient's
    /// name, text), by name.
    async fn pass_at(&self, at: chrono::DateTime<Utc>) -> Vec<(String, String)> {
        self.clock.set(at);
        let before = self.reminder_ids().await;
        let queued = self.engine.partner_nudges().await.unwrap();
        let new = self.new_since(&before).await;
        assert_eq!(queued as usize, new.len(), "{new:?}");
        new
    }

    async fn new_since(&self, before: &HashSet<i64>) -> Vec<(String, String)> {
        let people = self.engine.store.people().await.unwrap();
        let mut out: Vec<(String, String)> = self
            .engine
            .store
            .pending_outbox(i64::MAX, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == OutboxKind::Reminder && !before.contains(&r.id))
            .map(|r| {
                let name = people
                    .iter()
                    .find(|p| p.id == r.recipient_id)
                    .unwrap()
                    .name
                    .clone();
                let text = self
                    .engine
                    .open_payload(&r.payload_sealed)
                    .unwrap()
                    .to_text();
                (name, text)
            })
            .collect();
        out.sort();
        out
    }
}

fn names(msgs: &[(String, String)]) -> Vec<&str> {
    msgs.iter().map(|(n, _)| n.as_str()).collect()
}

/// Monday 2026-11-23, 10:00 in New York: a working day, in working hours.
const MONDAY: &str = "2026-11-23";

#[tokio::test]
async fn a_stale_partner_is_nudged_to_the_coordinator_once_then_every_30_days() {
    // Arrange
    let d = district(ny(MONDAY, 10, 0), None).await;

    // Act
    let first = d.pass_at(ny(MONDAY, 10, 0)).await;

    // Assert: one message, to Harbor's coordinator (and Bay's admin, for Bay's partner).
    assert_eq!(names(&first), ["Abe Admin", "Cy Coordinator"], "{first:?}");
    let cy = &first[1].1;
    assert!(
        cy.contains("Partner contacts to re-check for Harbor High"),
        "{cy}"
    );
    assert!(
        cy.contains("Harbor Youth Shelter (Housing and shelter): last verified January 10, 2026 (2026-01-10) by Ops"),
        "{cy}"
    );
    assert!(
        cy.contains("Harbor Teen Line (Mental health): never verified"),
        "{cy}"
    );
    assert!(
        cy.contains("not been verified in the last 180 days"),
        "{cy}"
    );
    assert!(cy.contains("call or email the agency"), "{cy}");
    assert!(
        cy.contains("last_verified_on") && cy.contains("last_verified_by"),
        "{cy}"
    );
    assert!(cy.contains("safeharbor partners import"), "{cy}");
    // Fresh, or not seen at Harbor: not listed. The shipped national lines were verified
    // on 2026-11-22.
    for absent in [
        "Harbor Clinic",
        "Bay Youth Center",
        "National Human Trafficking Hotline",
    ] {
        assert!(!cy.contains(absent), "{absent} in {cy}");
    }

    // The same day, the next day and 29 days later: nothing more.
    assert!(d.pass_at(ny(MONDAY, 14, 0)).await.is_empty());
    assert!(d.pass_at(ny("2026-11-24", 9, 0)).await.is_empty());
    assert!(d.pass_at(ny("2026-12-22", 10, 0)).await.is_empty());

    // 30 days on, still stale: nudged again.
    let again = d.pass_at(ny("2026-12-23", 10, 0)).await;
    assert_eq!(names(&again), ["Abe Admin", "Cy Coordinator"], "{again:?}");
    assert!(again[1].1.contains("Harbor Youth Shelter"), "{again:?}");
    assert!(d.pass_at(ny("2026-12-23", 10, 1)).await.is_empty());
}

#[tokio::test]
async fn a_re_verified_partner_is_not_nudged_until_it_goes_stale_again() {
    // Arrange: nudged on Monday; the shelter re-checked and imported on Friday.
    let d = district(ny(MONDAY, 10, 0), None).await;
    assert_eq!(
        names(&d.pass_at(ny(MONDAY, 10, 0)).await),
        ["Abe Admin", "Cy Coordinator"]
    );
    d.clock.set(ny("2026-11-27", 11, 0));
    d.import(&partners_csv("2026-11-27", "Cy Coordinator"))
        .await;

    // Act: 30 days after the first nudge.
    let later = d.pass_at(ny("2026-12-23", 10, 0)).await;

    // Assert: the never-verified line is still due; the shelter is not.
    let cy = &later.iter().find(|(n, _)| n == "Cy Coordinator").unwrap().1;
    assert!(cy.contains("Harbor Teen Line"), "{cy}");
    assert!(!cy.contains("Harbor Youth Shelter"), "{cy}");

    // Once the Teen Line is verified too, Harbor hears nothing.
    let csv = partners_csv("2026-11-27", "Cy Coordinator").replace(
        "harbor-hs,,yes,en,no,,no,,",
        "harbor-hs,,yes,en,no,,no,2026-12-23,Cy",
    );
    d.import(&csv).await;
    assert!(
        !names(&d.pass_at(ny("2027-01-25", 10, 0)).await).contains(&"Cy Coordinator"),
        "nothing stale at Harbor"
    );

    // On 2027-05-26 the clinic and the shipped national lines are stale, the shelter
    // (verified 180 days before) not yet; the next day it is, and only it is new.
    let may26 = d.pass_at(ny("2027-05-26", 10, 0)).await;
    let cy = &may26.iter().find(|(n, _)| n == "Cy Coordinator").unwrap().1;
    assert!(cy.contains("Harbor Clinic"), "{cy}");
    assert!(cy.contains("National Human Trafficking Hotline"), "{cy}");
    assert!(!cy.contains("Harbor Youth Shelter"), "{cy}");
    let may27 = d.pass_at(ny("2027-05-27", 10, 0)).await;
    let cy = &may27
        .iter()
        .find(|(n, _)| n == "Cy Coordinator")
        .expect("nudged again: the cycle starts afresh")
        .1;
    assert!(
        cy.contains("Harbor Youth Shelter (Housing and shelter): last verified November 27, 2026 (2026-11-27) by Cy Coordinator"),
        "{cy}"
    );
    assert!(cy.contains("This partner your staff see"), "{cy}");
    for absent in [
        "Harbor Clinic",
        "National Human Trafficking Hotline",
        "Harbor Teen Line",
    ] {
        assert!(!cy.contains(absent), "{absent} in {cy}");
    }
}

#[tokio::test]
async fn a_new_verified_date_that_goes_stale_starts_a_new_cycle_at_once() {
    // Arrange: records go stale after 20 days. The shelter is nudged on Monday, then
    // re-checked on Tuesday.
    let d = district_with(
        "[partners]\nstale_after_days = 20\n",
        ny(MONDAY, 10, 0),
        None,
    )
    .await;
    let first = d.pass_at(ny(MONDAY, 10, 0)).await;
    assert!(first[1].1.contains("Harbor Youth Shelter"), "{first:?}");
    d.clock.set(ny("2026-11-24", 9, 0));
    d.import(&partners_csv("2026-11-24", "Cy Coordinator"))
        .await;

    // Act / Assert: 20 days after the new date it is still fresh; 21 days after, stale
    // again and nudged, though the last nudge was only 22 days ago.
    let dec14 = d.pass_at(ny("2026-12-14", 10, 0)).await;
    assert!(
        !dec14
            .iter()
            .any(|(_, t)| t.contains("Harbor Youth Shelter")),
        "{dec14:?}"
    );
    let dec15 = d.pass_at(ny("2026-12-15", 10, 0)).await;
    assert_eq!(names(&dec15), ["Cy Coordinator"], "{dec15:?}");
    assert!(
        dec15[0].1.contains("Harbor Youth Shelter (Housing and shelter): last verified November 24, 2026 (2026-11-24) by Cy Coordinator"),
        "{dec15:?}"
    );
    assert!(
        dec15[0].1.contains("not been verified in the last 20 days"),
        "{dec15:?}"
    );
}

#[tokio::test]
async fn nothing_is_sent_outside_working_time_until_it_begins() {
    // Arrange: Saturday morning.
    let d = district(ny("2026-11-21", 10, 0), None).await;

    // Act / Assert: the weekend, and Monday before 08:00, are quiet.
    assert!(d.pass_at(ny("2026-11-21", 10, 0)).await.is_empty());
    assert!(d.pass_at(ny("2026-11-22", 12, 0)).await.is_empty());
    assert!(d.pass_at(ny(MONDAY, 7, 59)).await.is_empty());
    let first = d.pass_at(ny(MONDAY, 8, 0)).await;
    assert_eq!(names(&first), ["Abe Admin", "Cy Coordinator"], "{first:?}");
    // After hours the same day: nothing new either.
    assert!(d.pass_at(ny(MONDAY, 16, 0)).await.is_empty());
}

#[tokio::test]
async fn a_school_without_a_coordinator_nudges_its_admins_about_its_own_partners() {
    let d = district(ny(MONDAY, 10, 0), None).await;

    let msgs = d.pass_at(ny(MONDAY, 10, 0)).await;

    // Bay has no coordinator: Abe, its admin, hears about Bay's partner only. Harbor has
    // one, so Hal (Harbor's admin) hears nothing; teachers and counselors never do.
    assert_eq!(names(&msgs), ["Abe Admin", "Cy Coordinator"], "{msgs:?}");
    let abe = &msgs[0].1;
    assert!(
        abe.contains("Partner contacts to re-check for Bay Middle"),
        "{abe}"
    );
    assert!(
        abe.contains("Bay Youth Center (Runaway and homeless youth): last verified December 1, 2025 (2025-12-01) by Bay Ops"),
        "{abe}"
    );
    for absent in ["Harbor High", "Harbor Youth Shelter", "Harbor Teen Line"] {
        assert!(!abe.contains(absent), "{absent} in {abe}");
    }
}

#[tokio::test]
async fn a_spanish_speaking_coordinator_is_nudged_in_spanish() {
    let d = district(ny(MONDAY, 10, 0), Some("es")).await;

    let msgs = d.pass_at(ny(MONDAY, 10, 0)).await;

    let cy = &msgs.iter().find(|(n, _)| n == "Cy Coordinator").unwrap().1;
    assert!(
        cy.contains("Contactos de organizaciones aliadas que hay que revisar en Harbor High"),
        "{cy}"
    );
    assert!(
        cy.contains("Harbor Youth Shelter (Vivienda y refugio): verificada por última vez el 10 de enero de 2026 (2026-01-10) por Ops"),
        "{cy}"
    );
    assert!(cy.contains("Harbor Teen Line"), "{cy}");
    assert!(cy.contains("nunca verificada"), "{cy}");
    assert!(cy.contains("llame o escriba a la organización"), "{cy}");
    assert!(cy.contains("safeharbor partners import"), "{cy}");
    assert!(!cy.contains("last verified"), "{cy}");
    // Abe kept English.
    let abe = &msgs.iter().find(|(n, _)| n == "Abe Admin").unwrap().1;
    assert!(abe.contains("Partner contacts to re-check"), "{abe}");
}

#[tokio::test]
async fn the_scheduler_pass_queues_the_nudges() {
    // Arrange
    let d = district(ny(MONDAY, 10, 0), None).await;
    let before = d.reminder_ids().await;

    // Act: one scheduler pass (shutdown already requested, so it stops after it).
    crate::scheduler::run(d.engine.clone(), std::future::ready(())).await;

    // Assert
    // (The pass also queues everyone's first training reminders.)
    let msgs = d.new_since(&before).await;
    let cy: Vec<_> = msgs
        .iter()
        .filter(|(n, t)| n == "Cy Coordinator" && t.contains("Partner contacts to re-check"))
        .collect();
    assert_eq!(cy.len(), 1, "{msgs:?}");
    assert!(cy[0].1.contains("Harbor Youth Shelter"), "{msgs:?}");
}
