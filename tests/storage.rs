//! The storage story, run on SQLite and on a real PostgreSQL server.
//!
//! PostgreSQL runs when `SAFEHARBOR_TEST_POSTGRES_URL` names a server we may create
//! databases on (e.g. `postgres://postgres:PASSWORD@127.0.0.1:5432/postgres`). Without it
//! the PostgreSQL test is reported as ignored, with that reason, by `cargo test`.
use safeharbor::domain::{
    AuditAction, ConcernState, NewPerson, OutboxKind, OutboxState, Partner, PartnerCategory,
    Platform, Role,
};
use safeharbor::store::{
    self, Backend, CheckinNextDue, CheckinPlanChange, CheckinStep, ConcernChange, ConcernRecord,
    EscalationEarliest, Holiday, ImportSummary, LatestCompletion, NewAudit, NewCadence,
    NewCheckinPlan, NewCompletion, NewConcern, NewOutbox, OutboxFor, ReminderStep, SharedStore,
};
use std::sync::Arc;

fn person(email: &str, name: &str, roles: Vec<Role>, position: i64) -> NewPerson {
    NewPerson {
        school_id: "lincoln-hs".into(),
        name: name.into(),
        email: email.into(),
        roles,
        locale: None,
        slack_user_id: Some(format!("U{position:08}")),
        discord_user_id: Some(format!("1000000000000000{position:02}")),
        teams_user_id: Some(format!("00000000-0000-0000-0000-0000000000{position:02}")),
        teams_webhook_url: None,
        position,
        demo: false,
    }
}

fn partner(id: &str, name: &str) -> Partner {
    Partner {
        id: id.into(),
        name: name.into(),
        category: PartnerCategory::Hotline,
        description: "d".into(),
        phones: vec!["1-800-000-0000 (main)".into(), "602-555-0100".into()],
        text: "12345".into(),
        email: String::new(),
        url: "https://example.org".into(),
        address: String::new(),
        city: String::new(),
        state: String::new(),
        postal_code: String::new(),
        service_area: vec!["national".into()],
        hours: String::new(),
        open_24_7: true,
        languages: vec!["en".into(), "es".into()],
        mou: false,
        mou_date: None,
        confidential: false,
        last_verified_on: Some("2026-11-01".parse().unwrap()),
        last_verified_by: "ops".into(),
    }
}

/// Everything the store promises, in one story.
async fn story(s: SharedStore) {
    s.migrate()
        .await
        .expect("migrations apply twice without harm");
    s.ping().await.unwrap();

    // Roster: import, then re-import updates by email (case-insensitive) instead of duplicating.
    let first = s
        .import_people(
            &[
                person("Ana@Example.org", "Ana", vec![Role::Teacher], 2),
                person(
                    "bo@example.org",
                    "Bo",
                    vec![Role::Counselor, Role::Nurse],
                    3,
                ),
            ],
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(
        first,
        ImportSummary {
            added: 2,
            updated: 0
        }
    );
    let again = s
        .import_people(
            &[
                person(
                    "ana@example.org",
                    "Ana María",
                    vec![Role::Teacher, Role::Coordinator],
                    2,
                ),
                person("cy@example.org", "Cy", vec![Role::Admin], 4),
            ],
            2_000,
        )
        .await
        .unwrap();
    assert_eq!(
        again,
        ImportSummary {
            added: 1,
            updated: 1
        }
    );
    let people = s.people().await.unwrap();
    assert_eq!(people.len(), 3);
    let ana = s.person_by_email("ANA@example.org").await.unwrap().unwrap();
    assert_eq!(ana.name, "Ana María");
    assert_eq!(ana.roles, vec![Role::Teacher, Role::Coordinator]);
    assert_eq!(ana.added_at_ms, 1_000, "re-import keeps the join date");

    // Platform identities.
    let bo = s
        .person_by_platform(Platform::Slack, "U00000003")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bo.email, "bo@example.org");
    assert_eq!(bo.roles, vec![Role::Counselor, Role::Nurse]);
    let by_discord = s
        .person_by_platform(Platform::Discord, "100000000000000003")
        .await
        .unwrap();
    assert_eq!(by_discord.map(|p| p.id), Some(bo.id));
    let by_teams = s
        .person_by_platform(Platform::Teams, "00000000-0000-0000-0000-000000000003")
        .await
        .unwrap();
    assert_eq!(by_teams.map(|p| p.id), Some(bo.id));
    assert!(
        s.person_by_platform(Platform::Slack, "UNOBODY")
            .await
            .unwrap()
            .is_none()
    );

    s.set_locale(bo.id, Some("es")).await.unwrap();
    assert_eq!(
        s.person_by_email("bo@example.org")
            .await
            .unwrap()
            .unwrap()
            .locale
            .as_deref(),
        Some("es")
    );

    // Partners: import, update, and shipped seeds never overwrite an operator's edit.
    let s1 = s
        .import_partners(&[partner("a", "Alpha"), partner("b", "Beta")])
        .await
        .unwrap();
    assert_eq!(
        s1,
        ImportSummary {
            added: 2,
            updated: 0
        }
    );
    let s2 = s
        .import_partners(&[partner("a", "Alpha Prime")])
        .await
        .unwrap();
    assert_eq!(
        s2,
        ImportSummary {
            added: 0,
            updated: 1
        }
    );
    let seeded = s
        .seed_partners(&[partner("a", "Shipped A"), partner("c", "Gamma")])
        .await
        .unwrap();
    assert_eq!(seeded, 1);
    let all = s.partners().await.unwrap();
    let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Alpha Prime", "Beta", "Gamma"]);
    assert_eq!(
        all[0],
        partner("a", "Alpha Prime"),
        "every field round-trips"
    );

    // Meta.
    assert_eq!(s.meta("k").await.unwrap(), None);
    s.set_meta("k", "1").await.unwrap();
    s.set_meta("k", "2").await.unwrap();
    assert_eq!(s.meta("k").await.unwrap().as_deref(), Some("2"));
    // By prefix (running processes, for `rekey`): `_` and `%` are plain characters, and
    // the case counts.
    for (k, v) in [
        ("run:a", "1"),
        ("run:b", "2"),
        ("runx", "3"),
        ("run_c", "4"),
        ("Run:d", "5"),
    ] {
        s.set_meta(k, v).await.unwrap();
    }
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        s.metas_with_prefix("run:").await.unwrap(),
        pairs(&[("run:a", "1"), ("run:b", "2")])
    );
    assert_eq!(
        s.metas_with_prefix("run_").await.unwrap(),
        pairs(&[("run_c", "4")])
    );
    s.delete_meta("run:a").await.unwrap();
    s.delete_meta("run:nobody").await.unwrap();
    assert_eq!(
        s.metas_with_prefix("run:").await.unwrap(),
        pairs(&[("run:b", "2")])
    );
    assert_eq!(s.meta("k").await.unwrap().as_deref(), Some("2"));

    // Demo people go away when a real roster arrives.
    let mut demo = person(
        "demo@demo.safeharbor.invalid",
        "Demo",
        vec![Role::Teacher],
        1,
    );
    demo.demo = true;
    s.import_people(&[demo], 3_000).await.unwrap();
    // ... in the same transaction as the roster: if a write fails (PostgreSQL refuses a
    // NUL byte in text; SQLite stores it), the demo people are still there.
    if s.backend() == Backend::Postgres {
        let bad = person("nul@example.org", "Nul\0Name", vec![Role::Teacher], 9);
        assert!(s.import_roster(&[bad], 3_000).await.is_err());
        let emails: Vec<String> = s
            .people()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.email)
            .collect();
        assert_eq!(
            emails.len(),
            4,
            "nothing removed, nothing added: {emails:?}"
        );
        assert!(emails.contains(&"demo@demo.safeharbor.invalid".to_string()));
    }
    let (removed, summary) = s.import_roster(&[], 3_000).await.unwrap();
    assert_eq!((removed, summary.added, summary.updated), (1, 0, 0));
    assert_eq!(s.people().await.unwrap().len(), 3);

    concern_story(&s, ana.id, bo.id).await;
    training_story(&s, ana.id, bo.id).await;
    checkin_story(&s, ana.id, bo.id).await;
    checkin_due_story(&s, ana.id, bo.id).await;
    checkin_request_key_story(&s, ana.id, bo.id).await;
}

/// Check-ins: a plan, its assignees and the notices to them are written in one
/// transaction; plans list per case or all, with assignees in the order given.
async fn checkin_story(s: &SharedStore, ana: i64, bo: i64) {
    assert!(s.checkin_plans(None).await.unwrap().is_empty());
    let new = NewCheckinPlan {
        request_key: None,
        concern_id: 7,
        school_id: "lincoln-hs".into(),
        cadence: "every 1 weeks on mon for 6 then every 1 months on day 31".into(),
        at_time: "15:30".into(),
        time_zone: "America/New_York".into(),
        anchor_ms: 60_000,
        until_on: Some("2027-06-30".parse().unwrap()),
        remind_minutes: vec![1440, 60],
        assignees: vec![bo, ana],
        created_by: Some(ana),
        created_ms: 60_000,
    };
    let notice = |plan: i64, to: i64| NewOutbox {
        key: format!("checkin:{plan}:created:{to}"),
        recipient_id: to,
        platform: Platform::Slack,
        kind: OutboxKind::Reminder,
        concern_id: None,
        payload_sealed: vec![0xCD; 40],
        created_ms: 60_000,
        next_attempt_ms: 60_000,
    };
    let made = s
        .create_checkin_plan(&new, &|id| vec![notice(id, bo), notice(id, ana)])
        .await
        .unwrap();
    assert!(made.created);
    let (plan, ids) = (made.plan, made.outbox_ids);
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(Option::is_some));
    assert_eq!(plan.state, "active");
    assert_eq!(plan.assignees, [bo, ana]);

    let other = NewCheckinPlan {
        concern_id: 8,
        until_on: None,
        remind_minutes: vec![],
        assignees: vec![ana],
        ..new.clone()
    };
    let second = s
        .create_checkin_plan(&other, &|_| vec![])
        .await
        .unwrap()
        .plan;

    let all = s.checkin_plans(None).await.unwrap();
    assert_eq!(all, [plan.clone(), second.clone()]);
    assert_eq!(
        s.checkin_plans(Some(7)).await.unwrap(),
        std::slice::from_ref(&plan)
    );
    let listed = s.checkin_plans(Some(8)).await.unwrap();
    assert_eq!(listed[0].until_on, None);
    assert!(listed[0].remind_minutes.is_empty());
    assert!(s.checkin_plans(Some(9)).await.unwrap().is_empty());

    // A reminder step and its message are written once.
    let step = CheckinStep {
        plan_id: second.id,
        seq: 0,
        step: format!("r60:{ana}"),
        plan_updated_ms: second.updated_ms,
    };
    let row = NewOutbox {
        key: format!("checkin:{}:0:r60:{ana}", second.id),
        ..notice(second.id, ana)
    };
    let first = s
        .queue_checkin_steps(&[(step.clone(), row.clone())], 70_000)
        .await
        .unwrap();
    assert!(first[0].is_some());
    let again = s.queue_checkin_steps(&[(step, row)], 71_000).await.unwrap();
    assert_eq!(again, [None]);

    // An outcome is recorded once.
    let note = [9u8, 8, 7];
    assert!(
        s.record_checkin_outcome(second.id, 0, "done", Some(ana), Some(&note), 80_000)
            .await
            .unwrap()
    );
    assert!(
        !s.record_checkin_outcome(second.id, 0, "skipped", Some(bo), None, 81_000)
            .await
            .unwrap()
    );
    assert_eq!(
        s.checkin_outcomes(second.id).await.unwrap(),
        [(0, "done".to_string())]
    );

    // Pause: state, off span, change row and notice in one transaction; a stale read
    // (another change in between) writes nothing.
    let pause = CheckinPlanChange {
        plan_id: second.id,
        expect_updated_ms: second.updated_ms,
        action: "paused".into(),
        actor_id: Some(bo),
        reason_sealed: Some(vec![0xEE; 24]),
        at_ms: 90_000,
        state: "paused".into(),
        off_spans: vec![(90_000, None)],
        cadence: None,
        assignees: None,
    };
    let notice_row = NewOutbox {
        key: format!("checkin:{}:paused:90000:{ana}", second.id),
        ..notice(second.id, ana)
    };
    let ids = s
        .change_checkin_plan(&pause, std::slice::from_ref(&notice_row))
        .await
        .unwrap()
        .expect("applied");
    assert!(ids[0].is_some());
    assert_eq!(s.change_checkin_plan(&pause, &[]).await.unwrap(), None);
    let paused = &s.checkin_plans(Some(8)).await.unwrap()[0];
    assert_eq!(paused.state, "paused");
    assert_eq!(paused.off_spans, [(90_000, None)]);

    // A reminder worked out from the plan as it was before the pause (the scheduler read
    // it, then the pause was saved) is not queued; one worked out after it is.
    let late = |plan_updated_ms| CheckinStep {
        plan_id: second.id,
        seq: 1,
        step: format!("r60:{ana}"),
        plan_updated_ms,
    };
    let late_row = NewOutbox {
        key: format!("checkin:{}:1:r60:{ana}", second.id),
        ..notice(second.id, ana)
    };
    let stale = s
        .queue_checkin_steps(&[(late(second.updated_ms), late_row.clone())], 95_000)
        .await
        .unwrap();
    assert_eq!(stale, [None], "a step from before the pause was queued");
    let steps = s.checkin_history_of(&[second.id]).await.unwrap().steps;
    assert_eq!(steps, [(second.id, 0, format!("r60:{ana}"))]);
    let fresh = s
        .queue_checkin_steps(&[(late(paused.updated_ms), late_row)], 96_000)
        .await
        .unwrap();
    assert!(fresh[0].is_some(), "a step from the plan as it is now");

    // Change: the old cadence goes to the history, numbered past every step used.
    let change = CheckinPlanChange {
        expect_updated_ms: paused.updated_ms,
        action: "changed".into(),
        reason_sealed: None,
        at_ms: 100_000,
        state: "active".into(),
        off_spans: vec![(90_000, Some(100_000))],
        cadence: Some(NewCadence {
            cadence: "every 2 weeks on thu".into(),
            at_time: "13:30".into(),
            time_zone: "America/Phoenix".into(),
            anchor_ms: 100_000,
            until_on: None,
            remind_minutes: vec![60],
            seq_base_at_least: 0,
            old_to_ms: 100_000,
        }),
        assignees: Some(vec![bo, ana]),
        ..pause.clone()
    };
    s.change_checkin_plan(&change, &[])
        .await
        .unwrap()
        .expect("applied");
    let changed = &s.checkin_plans(Some(8)).await.unwrap()[0];
    assert_eq!(changed.cadence, "every 2 weeks on thu");
    assert_eq!(changed.seq_base, 2, "steps 0 and 1 and outcome 0 were used");
    assert_eq!(changed.off_spans, [(90_000, Some(100_000))]);
    assert_eq!(changed.history.len(), 1);
    assert_eq!(changed.history[0].cadence, other.cadence);
    assert_eq!(changed.history[0].to_ms, 100_000);
    let log = s.checkin_changes(second.id).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(actions, ["created", "paused", "changed"]);
    assert_eq!(log[1].actor_id, Some(bo));
    assert_eq!(log[1].reason_sealed.as_deref(), Some(&[0xEE; 24][..]));
    assert_eq!(log[2].cadence.as_deref(), Some("every 2 weeks on thu"));
    // The log keeps the time, zone and people each change set.
    assert_eq!(log[2].at_time.as_deref(), Some("13:30"));
    assert_eq!(log[2].time_zone.as_deref(), Some("America/Phoenix"));
    assert_eq!(log[2].assignees.as_deref(), Some(&[bo, ana][..]));
    assert_eq!(log[1].assignees, None, "a pause does not set people");
    assert_eq!(log[0].assignees.as_deref(), Some(&second.assignees[..]));
    assert_eq!(log[0].at_time.as_deref(), Some(second.at_time.as_str()));
    assert_eq!(
        changed.assignees,
        [bo, ana],
        "the new people, in the order given"
    );

    // Holidays: a school's import replaces its dates only.
    let h = |school: &str, d: &str| Holiday {
        school_id: school.into(),
        date: d.parse().unwrap(),
        name: "closed".into(),
    };
    let first = s
        .import_holidays(
            &[h("lincoln-hs", "2026-12-24"), h("other-hs", "2026-12-25")],
            0,
        )
        .await
        .unwrap();
    assert_eq!((first.added, first.updated), (2, 0));
    let again = s
        .import_holidays(
            &[h("lincoln-hs", "2026-12-24"), h("lincoln-hs", "2026-12-31")],
            0,
        )
        .await
        .unwrap();
    assert_eq!((again.added, again.updated), (1, 1));
    let all: Vec<(String, String)> = s
        .holidays()
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.school_id, h.date.to_string()))
        .collect();
    assert_eq!(
        all,
        [
            ("lincoln-hs".to_string(), "2026-12-24".to_string()),
            ("lincoln-hs".into(), "2026-12-31".into()),
            ("other-hs".into(), "2026-12-25".into())
        ]
    );
    // Their check-ins may have moved: the school's plans are due at the import's time.
    let plans = s.checkin_plans(None).await.unwrap();
    assert!(plans.iter().all(|p| p.next_due_ms == Some(0)), "{plans:?}");
    // One plan by id, with its assignees and history.
    assert_eq!(
        s.checkin_plan(second.id).await.unwrap().as_ref(),
        plans.last()
    );
    assert_eq!(s.checkin_plan(999_999).await.unwrap(), None);

    // The newest of a school's plans, newest first, at most the limit (`/checkin list`).
    let elsewhere = NewCheckinPlan {
        concern_id: 9,
        school_id: "other-hs".into(),
        ..other.clone()
    };
    let third = s
        .create_checkin_plan(&elsewhere, &|_| vec![])
        .await
        .unwrap()
        .plan;
    let ids = |plans: Vec<safeharbor::store::CheckinPlanRecord>| {
        plans.into_iter().map(|p| p.id).collect::<Vec<_>>()
    };
    let recent = |school, limit| s.recent_checkin_plans(school, limit);
    assert_eq!(
        ids(recent(Some("lincoln-hs"), 1).await.unwrap()),
        [second.id]
    );
    assert_eq!(
        ids(recent(Some("lincoln-hs"), 10).await.unwrap()),
        [second.id, plan.id]
    );
    assert_eq!(
        ids(recent(None, 10).await.unwrap()),
        [third.id, second.id, plan.id]
    );
    let full = recent(Some("other-hs"), 10).await.unwrap();
    assert_eq!(full[0].assignees, [ana], "with their details");
}

/// A plan's request key: the same submission delivered again (a platform retry, a double
/// click, another replica) creates nothing new and hands back the first plan; different
/// keys, and no key, each create a plan.
async fn checkin_request_key_story(s: &SharedStore, ana: i64, bo: i64) {
    let new = |concern_id: i64, key: Option<&str>| NewCheckinPlan {
        request_key: key.map(String::from),
        concern_id,
        school_id: "key-hs".into(),
        cadence: "every 2 weeks on wed".into(),
        at_time: "10:00".into(),
        time_zone: "America/Phoenix".into(),
        anchor_ms: 90_000,
        until_on: None,
        remind_minutes: vec![60],
        assignees: vec![ana, bo],
        created_by: Some(ana),
        created_ms: 90_000,
    };
    let notices = |plan: i64| -> Vec<NewOutbox> {
        [ana, bo]
            .iter()
            .map(|&to| NewOutbox {
                key: format!("checkin:{plan}:created:{to}"),
                recipient_id: to,
                platform: Platform::Slack,
                kind: OutboxKind::Reminder,
                concern_id: None,
                payload_sealed: vec![0xAB; 24],
                created_ms: 90_000,
                next_attempt_ms: 90_000,
            })
            .collect()
    };
    let queued_for = |plans: Vec<i64>| async move {
        let rows = s.pending_outbox(i64::MAX, 100_000).await.unwrap();
        rows.into_iter()
            .filter(|r| {
                plans
                    .iter()
                    .any(|p| r.key.starts_with(&format!("checkin:{p}:")))
            })
            .count()
    };

    // The same key twice: one plan, one set of rows, the first plan handed back.
    let first = s
        .create_checkin_plan(&new(500, Some("slack:view:V0KEY1")), &notices)
        .await
        .unwrap();
    assert!(first.created);
    assert_eq!(first.outbox_ids.len(), 2);
    // A retry a minute later, with other values (a later clock), still finds the first.
    let retry = NewCheckinPlan {
        created_ms: 150_000,
        anchor_ms: 150_000,
        ..new(500, Some("slack:view:V0KEY1"))
    };
    let called = std::sync::atomic::AtomicBool::new(false);
    let again = s
        .create_checkin_plan(&retry, &|id| {
            called.store(true, std::sync::atomic::Ordering::SeqCst);
            notices(id)
        })
        .await
        .unwrap();
    assert!(!again.created, "a repeated key creates nothing");
    assert!(again.outbox_ids.is_empty());
    assert!(
        !called.load(std::sync::atomic::Ordering::SeqCst),
        "no messages are built for a repeat"
    );
    assert_eq!(again.plan, first.plan, "the first plan, with its assignees");
    assert_eq!(
        s.checkin_plans(Some(500)).await.unwrap(),
        std::slice::from_ref(&first.plan)
    );
    assert_eq!(
        queued_for(vec![first.plan.id]).await,
        2,
        "one set of notices"
    );
    let changes = s.checkin_changes(first.plan.id).await.unwrap();
    assert_eq!(changes.len(), 1, "one 'created' row");
    assert_eq!(changes[0].at_ms, 90_000);

    // A plan changed since is handed back as it is now.
    let paused = s
        .change_checkin_plan(
            &CheckinPlanChange {
                plan_id: first.plan.id,
                expect_updated_ms: first.plan.updated_ms,
                action: "paused".into(),
                actor_id: Some(bo),
                reason_sealed: None,
                at_ms: 100_000,
                state: "paused".into(),
                off_spans: vec![(100_000, None)],
                cadence: None,
                assignees: None,
            },
            &[],
        )
        .await
        .unwrap();
    assert!(paused.is_some());
    let later = s
        .create_checkin_plan(&new(500, Some("slack:view:V0KEY1")), &notices)
        .await
        .unwrap();
    assert!(!later.created);
    assert_eq!(later.plan.state, "paused");
    assert_eq!(later.plan.id, first.plan.id);

    // Different keys, and no key (twice), each create a plan.
    let other = s
        .create_checkin_plan(&new(501, Some("slack:view:V0KEY2")), &notices)
        .await
        .unwrap();
    let discord = s
        .create_checkin_plan(&new(501, Some("discord:1300000000000000001")), &notices)
        .await
        .unwrap();
    let bare = s
        .create_checkin_plan(&new(502, None), &notices)
        .await
        .unwrap();
    let bare_again = s
        .create_checkin_plan(&new(502, None), &notices)
        .await
        .unwrap();
    assert_eq!(
        other.plan.id,
        first.plan.id + 1,
        "the repeats used up no plan number"
    );
    for made in [&other, &discord, &bare, &bare_again] {
        assert!(made.created);
        assert_eq!(made.outbox_ids.len(), 2);
    }
    assert_eq!(s.checkin_plans(Some(501)).await.unwrap().len(), 2);
    assert_eq!(s.checkin_plans(Some(502)).await.unwrap().len(), 2);
    let ids = vec![
        other.plan.id,
        discord.plan.id,
        bare.plan.id,
        bare_again.plan.id,
    ];
    assert_eq!(queued_for(ids).await, 8);

    // The same key from two requests at once (two replicas): one plan, one set of rows.
    let race: Vec<_> = (0..4)
        .map(|_| {
            let s = s.clone();
            let plan = new(503, Some("discord:1300000000000000099"));
            tokio::spawn(async move {
                let notices = |plan: i64| -> Vec<NewOutbox> {
                    vec![NewOutbox {
                        key: format!("checkin:{plan}:created:{ana}"),
                        recipient_id: ana,
                        platform: Platform::Discord,
                        kind: OutboxKind::Reminder,
                        concern_id: None,
                        payload_sealed: vec![0xAB; 24],
                        created_ms: 90_000,
                        next_attempt_ms: 90_000,
                    }]
                };
                s.create_checkin_plan(&plan, &notices).await.unwrap()
            })
        })
        .collect();
    let mut results = vec![];
    for t in race {
        results.push(t.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.created).count(), 1);
    assert!(results.iter().all(|r| r.plan.id == results[0].plan.id));
    let plans = s.checkin_plans(Some(503)).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(queued_for(vec![plans[0].id]).await, 1);
    assert_eq!(s.checkin_changes(plans[0].id).await.unwrap().len(), 1);
}

/// Next due times: plans due now are read in (next_due_ms, id) batches through the
/// index, with their assignees, earlier cadences, outcomes and steps (read per hundred
/// plans); a next due time is written only if the plan is still as read.
async fn checkin_due_story(s: &SharedStore, ana: i64, bo: i64) {
    const N: i64 = 250;
    let mut ids = vec![];
    for i in 0..N {
        let new = NewCheckinPlan {
            request_key: None,
            concern_id: 100 + i,
            school_id: "due-hs".into(),
            cadence: "every 1 weeks on tue".into(),
            at_time: "09:00".into(),
            time_zone: "America/Phoenix".into(),
            anchor_ms: 1_000_000,
            until_on: None,
            remind_minutes: vec![60],
            // Every other plan has both people, in turn.
            assignees: if i % 2 == 0 { vec![ana, bo] } else { vec![bo] },
            created_by: None,
            // Due when made: one millisecond apart, the last ones first.
            created_ms: 2_000_000 - i,
        };
        let plan = s.create_checkin_plan(&new, &|_| vec![]).await.unwrap().plan;
        assert_eq!(plan.next_due_ms, Some(2_000_000 - i));
        ids.push(plan.id);
    }
    // Not yet due at 1_999_899: the 100 made last (with next due 1_999_751..1_999_850),
    // and more, are; read them 100 at a time in due order.
    let now = 1_999_850;
    let mut seen = vec![];
    let mut here = vec![];
    let mut after = (i64::MIN, i64::MIN);
    loop {
        let batch = s.due_checkin_plans(now, after, 100).await.unwrap();
        let Some(last) = batch.last() else { break };
        after = (last.next_due_ms.unwrap(), last.id);
        assert!(batch.len() <= 100);
        for p in &batch {
            assert!(p.next_due_ms.unwrap() <= now);
            if p.school_id != "due-hs" {
                continue;
            }
            here.push(p.next_due_ms.unwrap());
            let i = p.concern_id - 100;
            let want = if i % 2 == 0 { vec![ana, bo] } else { vec![bo] };
            assert_eq!(p.assignees, want, "plan {}", p.id);
        }
        seen.extend(batch.iter().map(|p| p.next_due_ms.unwrap()));
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(seen, sorted, "in due order");
    // The plans of checkin_story are due earlier; these from 1_999_751 to 1_999_850.
    assert_eq!(here.len(), 100);
    assert_eq!(here[0], 2_000_000 - (N - 1));
    assert_eq!(*here.last().unwrap(), now);
    assert_eq!(s.next_checkin_due().await.unwrap(), Some(0));

    // Outcomes and steps of more than a hundred plans, in one call.
    let last = *ids.last().unwrap();
    s.record_checkin_outcome(last, 0, "done", Some(ana), None, 3_000_000)
        .await
        .unwrap();
    let step = CheckinStep {
        plan_id: ids[0],
        seq: 2,
        step: format!("r60:{bo}"),
        plan_updated_ms: s.checkin_plan(ids[0]).await.unwrap().unwrap().updated_ms,
    };
    let row = NewOutbox {
        key: format!("checkin:{}:2:r60:{bo}", ids[0]),
        recipient_id: bo,
        platform: Platform::Slack,
        kind: OutboxKind::Reminder,
        concern_id: None,
        payload_sealed: vec![1; 8],
        created_ms: 3_000_000,
        next_attempt_ms: 3_000_000,
    };
    s.queue_checkin_steps(&[(step, row)], 3_000_000)
        .await
        .unwrap();
    let history = s.checkin_history_of(&ids).await.unwrap();
    assert_eq!(history.outcomes, [(last, 0, "done".to_string())]);
    assert_eq!(history.steps, [(ids[0], 2, format!("r60:{bo}"))]);

    // A next due time is written only if the plan is still as read.
    let plan = s.checkin_plan(ids[0]).await.unwrap().unwrap();
    let next = |expect_updated_ms, expect_next_due_ms, to| CheckinNextDue {
        plan_id: plan.id,
        expect_updated_ms,
        expect_next_due_ms,
        next_due_ms: to,
    };
    let read = plan.next_due_ms.unwrap();
    let stale = [
        next(plan.updated_ms + 1, read, Some(5_000_000)),
        next(plan.updated_ms, read + 1, Some(5_000_000)),
    ];
    assert_eq!(s.set_checkin_next_due(&stale).await.unwrap(), 0);
    let fresh = [next(plan.updated_ms, read, None)];
    assert_eq!(s.set_checkin_next_due(&fresh).await.unwrap(), 1);
    let plan = s.checkin_plan(ids[0]).await.unwrap().unwrap();
    assert_eq!(plan.next_due_ms, None, "nothing left to do");
    assert!(
        !s.due_checkin_plans(i64::MAX, (i64::MIN, i64::MIN), 1000)
            .await
            .unwrap()
            .iter()
            .any(|p| p.id == plan.id)
    );

    // A school's plans marked due again (its closed days changed).
    assert_eq!(
        s.mark_checkin_plans_due("due-hs", 4_000_000).await.unwrap(),
        N as u64
    );
    let plan = s.checkin_plan(ids[0]).await.unwrap().unwrap();
    assert_eq!(plan.next_due_ms, Some(4_000_000));
}

/// Training: completions (the latest per person and course) and reminder steps that are
/// written once, each with its message, in one transaction.
async fn training_story(s: &SharedStore, ana: i64, bo: i64) {
    let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
    assert!(s.latest_completions().await.unwrap().is_empty());
    for (who, course, on) in [
        (ana, "awareness", "2026-02-28"),
        (ana, "awareness", "2025-03-01"),
        (bo, "intensive", "2026-01-10"),
    ] {
        let added = s
            .add_completion(&NewCompletion {
                person_id: who,
                course_id: course.into(),
                completed_on: day(on),
                recorded_by: Some(ana),
                recorded_ms: 50_000,
            })
            .await
            .unwrap();
        assert!(added, "{course} on {on}");
    }
    // The same completion again (a second press, a retried request) writes nothing.
    let again = s
        .add_completion(&NewCompletion {
            person_id: bo,
            course_id: "intensive".into(),
            completed_on: day("2026-01-10"),
            recorded_by: Some(bo),
            recorded_ms: 60_000,
        })
        .await
        .unwrap();
    assert!(!again, "recorded already");
    let latest = s.latest_completions().await.unwrap();
    assert_eq!(
        latest,
        vec![
            LatestCompletion {
                person_id: ana,
                course_id: "awareness".into(),
                completed_on: day("2026-02-28"),
            },
            LatestCompletion {
                person_id: bo,
                course_id: "intensive".into(),
                completed_on: day("2026-01-10"),
            },
        ]
    );

    let step = |who: i64, name: &str| ReminderStep {
        person_id: who,
        course_id: "awareness".into(),
        due_on: day("2027-02-28"),
        step: name.into(),
    };
    let row = |who: i64, name: &str| NewOutbox {
        key: format!("training:{who}:awareness:2027-02-28:{name}"),
        recipient_id: who,
        platform: Platform::Slack,
        kind: OutboxKind::Reminder,
        concern_id: None,
        payload_sealed: vec![1, 2, 3],
        created_ms: 60_000,
        next_attempt_ms: 60_000,
    };
    let first = s
        .queue_reminders(
            &[
                (step(ana, "30"), row(ana, "30")),
                (step(bo, "30"), row(bo, "30")),
            ],
            60_000,
        )
        .await
        .unwrap();
    assert!(first.iter().all(Option::is_some), "{first:?}");
    let again = s
        .queue_reminders(
            &[
                (step(ana, "30"), row(ana, "30")),
                (step(ana, "7"), row(ana, "7")),
            ],
            61_000,
        )
        .await
        .unwrap();
    assert_eq!(again[0], None, "a step is written once");
    assert!(again[1].is_some());
    let mut sent = s.sent_reminders(day("2027-01-01")).await.unwrap();
    sent.sort_by(|a, b| (a.person_id, &a.step).cmp(&(b.person_id, &b.step)));
    assert_eq!(sent, vec![step(ana, "30"), step(ana, "7"), step(bo, "30")]);
    assert!(
        s.sent_reminders(day("2027-03-01"))
            .await
            .unwrap()
            .is_empty()
    );
    let reminders = s
        .pending_outbox(i64::MAX, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == OutboxKind::Reminder)
        .count();
    assert_eq!(reminders, 3);
}

fn handoff(c: &ConcernRecord, to: i64, at: i64) -> NewOutbox {
    NewOutbox {
        key: format!("concern:{}:handoff:{to}", c.id),
        recipient_id: to,
        platform: Platform::Slack,
        kind: OutboxKind::Handoff,
        concern_id: Some(c.id),
        payload_sealed: vec![0xAB; 48],
        created_ms: at,
        next_attempt_ms: at,
    }
}

fn event(concern_id: i64, actor: i64, action: AuditAction, at_ms: i64) -> NewAudit {
    NewAudit {
        concern_id,
        actor_id: Some(actor),
        action,
        detail: None,
        note_sealed: None,
        at_ms,
    }
}

/// Concerns, their audit trail and the outbox: filing is one transaction, a retried
/// request files nothing new, changes are optimistic, delivery moves a handoff along.
async fn concern_story(s: &SharedStore, teacher: i64, counselor: i64) {
    let new = NewConcern {
        request_key: "slack:trigger-1".into(),
        school_id: "lincoln-hs".into(),
        reporter_id: Some(teacher),
        reporter_platform: Platform::Slack,
        reporter_user_id: None,
        immediate_danger: true,
        assigned_to: Some(counselor),
        sealed: vec![1, 2, 3, 0, 255],
        created_ms: 10_000,
    };
    // The builder may name the same key twice: the second is skipped, not an error.
    let rows: OutboxFor = Arc::new(move |c: &ConcernRecord| {
        vec![handoff(c, counselor, 10_000), handoff(c, counselor, 10_000)]
    });
    let filed = s.file_concern(new.clone(), rows.clone()).await.unwrap();
    assert!(filed.created);
    assert_eq!(filed.outbox_ids.len(), 2);
    assert!(filed.outbox_ids[0].is_some() && filed.outbox_ids[1].is_none());
    let c = &filed.concern;
    assert_eq!(
        (c.state, c.immediate_danger, c.reporter_id, c.assigned_to),
        (
            ConcernState::Submitted,
            true,
            Some(teacher),
            Some(counselor)
        )
    );
    assert_eq!(c.sealed, vec![1, 2, 3, 0, 255], "bytes round-trip");
    assert_eq!((c.created_ms, c.updated_ms), (10_000, 10_000));
    assert_eq!(c.reporter_platform, Platform::Slack);
    assert_eq!(s.concern(c.id).await.unwrap().as_ref(), Some(c));

    // A retried request returns the first concern and writes nothing.
    let retry = NewConcern {
        sealed: vec![9],
        created_ms: 20_000,
        ..new.clone()
    };
    let again = s.file_concern(retry, rows.clone()).await.unwrap();
    assert!(!again.created);
    assert_eq!(&again.concern, c);
    assert!(again.outbox_ids.is_empty());

    // Two deliveries of one request racing each other: still one concern.
    let racing = NewConcern {
        request_key: "discord:interaction-9".into(),
        school_id: "other-hs".into(),
        immediate_danger: false,
        reporter_id: None,
        reporter_platform: Platform::Discord,
        reporter_user_id: Some("100000000000000099".into()),
        ..new.clone()
    };
    let (a, b) = tokio::join!(
        s.file_concern(racing.clone(), rows.clone()),
        s.file_concern(racing.clone(), rows.clone())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.concern.id, b.concern.id);
    assert!(a.created ^ b.created, "exactly one of the two filed it");
    let other = a.concern.clone();
    assert_eq!(
        other.reporter_user_id.as_deref(),
        Some("100000000000000099")
    );

    // Lists: newest first; by school; open only unless asked.
    let ids = |v: Vec<ConcernRecord>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.concerns(None, false, 1000).await.unwrap()),
        vec![other.id, c.id]
    );
    assert_eq!(
        ids(s.concerns(Some("lincoln-hs"), false, 1000).await.unwrap()),
        vec![c.id]
    );

    // The outbox: due rows only, oldest first; sending a handoff delivers the concern.
    assert!(
        s.pending_outbox(9_999, 10).await.unwrap().is_empty(),
        "not due yet"
    );
    let due = s.pending_outbox(10_000, 10).await.unwrap();
    assert_eq!(due.len(), 2, "one handoff per concern");
    let row = due.iter().find(|r| r.concern_id == Some(c.id)).unwrap();
    assert_eq!(Some(row.id), filed.outbox_ids[0]);
    assert_eq!(
        (
            row.state,
            row.attempts,
            row.kind,
            row.platform,
            row.recipient_id
        ),
        (
            OutboxState::Pending,
            0,
            OutboxKind::Handoff,
            Platform::Slack,
            counselor
        )
    );
    assert_eq!(row.payload_sealed, vec![0xAB; 48]);
    assert!(s.mark_outbox_sent(row.id, 11_000).await.unwrap());
    assert!(
        !s.mark_outbox_sent(row.id, 11_500).await.unwrap(),
        "only once"
    );
    let delivered = s.concern(c.id).await.unwrap().unwrap();
    assert_eq!(delivered.state, ConcernState::Delivered);
    assert_eq!(delivered.delivered_ms, Some(11_000));
    assert_eq!(s.pending_outbox(i64::MAX, 10).await.unwrap().len(), 1);

    // Acknowledge, with the reporter's status notice, in one transaction.
    let status = NewOutbox {
        key: format!("concern:{}:reporter:acknowledged", c.id),
        recipient_id: teacher,
        kind: OutboxKind::Status,
        ..handoff(c, teacher, 12_000)
    };
    let ack = ConcernChange {
        concern_id: c.id,
        from_state: ConcernState::Delivered,
        to_state: Some(ConcernState::Acknowledged),
        assign_to: Some(counselor),
        acknowledge: true,
        event: event(c.id, counselor, AuditAction::Acknowledged, 12_000),
    };
    let (after, out_ids) = s
        .change_concern(&ack, std::slice::from_ref(&status))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.state, ConcernState::Acknowledged);
    assert_eq!(
        (after.acknowledged_ms, after.updated_ms),
        (Some(12_000), 12_000)
    );
    assert!(out_ids[0].is_some());
    // Decided on a state that no longer holds: nothing is written.
    assert!(
        s.change_concern(&ack, std::slice::from_ref(&status))
            .await
            .unwrap()
            .is_none()
    );
    let audit_before = s.concern_audit(c.id).await.unwrap().len();

    // A note (sealed), then closing.
    let mut note = event(c.id, counselor, AuditAction::Noted, 13_000);
    note.note_sealed = Some(vec![7, 7, 7]);
    let noted = ConcernChange {
        concern_id: c.id,
        from_state: ConcernState::Acknowledged,
        to_state: None,
        assign_to: None,
        acknowledge: false,
        event: note,
    };
    let (after, _) = s.change_concern(&noted, &[]).await.unwrap().unwrap();
    assert_eq!(
        after.state,
        ConcernState::Acknowledged,
        "a note changes no state"
    );
    let close = ConcernChange {
        concern_id: c.id,
        from_state: ConcernState::Acknowledged,
        to_state: Some(ConcernState::Closed),
        assign_to: None,
        acknowledge: true,
        event: event(c.id, counselor, AuditAction::Closed, 14_000),
    };
    let (closed, _) = s.change_concern(&close, &[]).await.unwrap().unwrap();
    assert_eq!(closed.state, ConcernState::Closed);
    assert_eq!(closed.closed_ms, Some(14_000));
    assert_eq!(
        closed.acknowledged_ms,
        Some(12_000),
        "the first acknowledgement stays"
    );
    assert_eq!(
        ids(s.concerns(Some("lincoln-hs"), false, 1000).await.unwrap()),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(s.concerns(Some("lincoln-hs"), true, 1000).await.unwrap()),
        vec![c.id]
    );

    // Reads are audited in bulk; the trail reads back in order with every field.
    s.add_audit(&[event(c.id, counselor, AuditAction::Viewed, 15_000)])
        .await
        .unwrap();
    let trail = s.concern_audit(c.id).await.unwrap();
    assert_eq!(trail.len(), audit_before + 3);
    let actions: Vec<AuditAction> = trail.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::Filed,
            AuditAction::Acknowledged,
            AuditAction::Noted,
            AuditAction::Closed,
            AuditAction::Viewed
        ]
    );
    assert_eq!(trail[0].actor_id, Some(teacher));
    assert_eq!(trail[0].at_ms, 10_000);
    assert_eq!(trail[2].note_sealed.as_deref(), Some(&[7u8, 7, 7][..]));
    assert!(s.concern(999_999).await.unwrap().is_none());
}

/// Submissions arriving together are written in one transaction (group commit). Each
/// still gets its own case, audit row and messages; one that fails fails alone; one whose
/// caller went away is still filed, once; and a retry in the same batch files nothing new.
async fn concerns_filed_together(s: SharedStore) {
    let new = |key: String| NewConcern {
        request_key: key,
        school_id: "lincoln-hs".into(),
        reporter_id: None,
        reporter_platform: Platform::Slack,
        reporter_user_id: Some("U0TEACHER".into()),
        immediate_danger: false,
        assigned_to: None,
        sealed: vec![7; 32],
        created_ms: 50_000,
    };
    let rows: OutboxFor = Arc::new(|c: &ConcernRecord| vec![handoff(c, 77, 50_000)]);
    // A row naming a case that does not exist breaks the foreign key, failing the batch.
    let broken: OutboxFor = Arc::new(|c: &ConcernRecord| {
        vec![NewOutbox {
            concern_id: Some(c.id + 1_000_000),
            ..handoff(c, 77, 50_000)
        }]
    });
    let mut tasks = vec![];
    for i in 0..40 {
        let (store, rows) = (s.clone(), rows.clone());
        // Submission 5 is sent twice (a platform retry) and lands in the same batch.
        let key = format!("slack:view-{}", if i == 6 { 5 } else { i });
        tasks.push(tokio::spawn(async move {
            store.file_concern(new(key), rows).await
        }));
        if i == 20 {
            let s = s.clone();
            let (bad, broken) = (new("slack:view-bad".into()), broken.clone());
            tasks.push(tokio::spawn(
                async move { s.file_concern(bad, broken).await },
            ));
        }
    }
    // Let every submission queue up, then let the callers of some go away.
    tokio::task::yield_now().await;
    let gone: Vec<usize> = vec![0, 13, 30];
    for &i in &gone {
        tasks[i].abort();
    }
    let mut filed = vec![];
    let mut failed = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await {
            Err(e) => assert!(e.is_cancelled() && gone.contains(&i), "task {i}: {e}"),
            Ok(Ok(f)) => filed.push(f),
            Ok(Err(e)) => {
                assert_eq!(i, 21, "only the broken submission fails: {e}");
                failed += 1;
            }
        }
    }
    assert_eq!(failed, 1);
    assert_eq!(filed.len(), 41 - 1 - gone.len());
    let created: Vec<_> = filed.iter().filter(|f| f.created).collect();
    assert_eq!(
        created.len(),
        filed.len() - 1,
        "the retry of view 5 filed nothing new"
    );
    let five: Vec<_> = filed
        .iter()
        .filter(|f| f.concern.request_key == "slack:view-5")
        .collect();
    assert_eq!(five.len(), 2);
    assert_eq!(five[0].concern.id, five[1].concern.id);
    let mut ids: Vec<i64> = created.iter().map(|f| f.concern.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), created.len(), "one case each");
    for f in &created {
        assert_eq!(f.outbox_ids.len(), 1);
        let audit = s.concern_audit(f.concern.id).await.unwrap();
        assert_eq!(audit.len(), 1, "its filed row");
        assert_eq!(audit[0].action, AuditAction::Filed);
    }
    // Nothing of the broken one was kept: filing it again creates it.
    let again = s
        .file_concern(new("slack:view-bad".into()), rows.clone())
        .await
        .unwrap();
    assert!(again.created);
    // The submissions whose callers went away were filed, once: a resubmission (the
    // platform retrying, or the person pressing Submit again) gets the same case.
    for key in ["slack:view-0", "slack:view-13", "slack:view-29"] {
        let f = s.file_concern(new(key.into()), rows.clone()).await.unwrap();
        assert!(!f.created, "{key} was filed although its caller went away");
    }
    // Every case once with its one handoff: 39 different submissions (view 5 twice, no
    // view 6) and the broken one filed again.
    let all = s.concerns(None, true, 1000).await.unwrap();
    assert_eq!(all.len(), 40);
    let queued = s.pending_outbox(50_000, 1000).await.unwrap();
    assert_eq!(queued.len(), 40);

    // Deliveries finishing together are recorded together too: each message with its
    // own time, each handoff's case delivered at that time, a message marked twice
    // (two deliveries racing) sent once.
    let mut marks = vec![];
    for (n, row) in queued.iter().enumerate() {
        let store = s.clone();
        let (id, at) = (row.id, 60_000 + n as i64);
        marks.push(tokio::spawn(
            async move { store.mark_outbox_sent(id, at).await },
        ));
    }
    let twice = {
        let (store, id) = (s.clone(), queued[3].id);
        tokio::spawn(async move { store.mark_outbox_sent(id, 99_999).await })
    };
    let mut firsts = vec![];
    for m in marks {
        firsts.push(m.await.unwrap().unwrap());
    }
    let second = twice.await.unwrap().unwrap();
    assert_eq!(
        firsts.iter().filter(|m| **m).count() + usize::from(second),
        40,
        "every message sent exactly once"
    );
    assert!(s.pending_outbox(200_000, 1000).await.unwrap().is_empty());
    for (n, row) in queued.iter().enumerate() {
        let c = s.concern(row.concern_id.unwrap()).await.unwrap().unwrap();
        assert_eq!(c.state, ConcernState::Delivered);
        if n != 3 {
            assert_eq!(c.delivered_ms, Some(60_000 + n as i64), "its own time");
            assert_eq!(c.updated_ms, 60_000 + n as i64);
        }
    }

    // Other messages (reminders, notices) are queued in multi-row statements too: each
    // row's id comes back in the order given, and a key queued before, or named twice in
    // the list, gets None and is queued once.
    let reminder = |n: usize| NewOutbox {
        key: format!("reminder:{n}"),
        recipient_id: 77,
        platform: Platform::Discord,
        kind: OutboxKind::Reminder,
        concern_id: None,
        payload_sealed: vec![n as u8; 8],
        created_ms: 300_000,
        next_attempt_ms: 300_000 + n as i64,
    };
    assert!(s.queue_outbox(&[reminder(0)]).await.unwrap()[0].is_some());
    let mut list: Vec<NewOutbox> = (0..70).map(reminder).collect();
    list.insert(50, reminder(10));
    let ids = s.queue_outbox(&list).await.unwrap();
    assert_eq!(ids.len(), 71);
    assert_eq!(ids[0], None, "queued before");
    assert_eq!(ids[50], None, "named twice");
    let pending = s.pending_outbox(400_000, 1000).await.unwrap();
    let by_id: std::collections::HashMap<i64, &safeharbor::store::OutboxRecord> =
        pending.iter().map(|r| (r.id, r)).collect();
    for (i, (o, id)) in list.iter().zip(&ids).enumerate() {
        if i == 0 || i == 50 {
            continue;
        }
        let row = by_id[&id.expect("a new key gets its id")];
        assert_eq!(row.key, o.key, "row {i}: its own id");
        assert_eq!(row.next_attempt_ms, o.next_attempt_ms);
        assert_eq!(row.payload_sealed, o.payload_sealed);
    }
    let reminders = pending
        .iter()
        .filter(|r| r.kind == OutboxKind::Reminder)
        .count();
    assert_eq!(reminders, 70, "each key once");

    // Case numbers follow the order submissions come in, across however the backend
    // hands out ids (PostgreSQL reserves them a few at a time).
    let mut last = 0;
    for i in 0..40 {
        let f = s
            .file_concern(new(format!("slack:view-seq-{i}")), rows.clone())
            .await
            .unwrap();
        assert!(f.created);
        assert!(f.concern.id > last, "{} after {last}", f.concern.id);
        last = f.concern.id;
        let stored = s.concern(f.concern.id).await.unwrap().unwrap();
        assert_eq!(
            stored, f.concern,
            "what filing handed back is what was stored"
        );
        assert_eq!(f.outbox_ids.len(), 1);
        assert!(f.outbox_ids[0].is_some());
    }
}

#[tokio::test]
async fn sqlite_concerns_filed_together() {
    on_sqlite("batch.db", async |url| {
        concerns_filed_together(open(&url).await).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_concerns_filed_together() {
    on_postgres(async |url| concerns_filed_together(open(&url).await).await).await;
}

#[tokio::test]
async fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("story.db").display()
    );
    let s = store::open_and_migrate(&url, None).await.unwrap();
    assert_eq!(s.backend(), Backend::Sqlite);
    story(s).await;
}

/// A fresh database on the test server, dropped afterwards.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create() -> Self {
        let admin = std::env::var("SAFEHARBOR_TEST_POSTGRES_URL").expect(
            "SAFEHARBOR_TEST_POSTGRES_URL must name a PostgreSQL server to run this test \
             (e.g. postgres://postgres:PASSWORD@127.0.0.1:5432/postgres)",
        );
        let name = format!("sh_test_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&admin)
            .await
            .expect("connect to the test server");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{name}");
        Self { admin, name, url }
    }

    async fn drop_it(self) {
        let pool = sqlx::PgPool::connect(&self.admin).await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&pool)
        .await;
    }
}

/// Run `test` with the URL of a fresh SQLite file called `file`, removed afterwards.
async fn on_sqlite(file: &str, test: impl AsyncFnOnce(String)) {
    let dir = tempfile::tempdir().unwrap();
    test(format!(
        "sqlite://{}?mode=rwc",
        dir.path().join(file).display()
    ))
    .await;
}

/// Run `test` with the URL of a fresh database on the test server, dropped afterwards.
async fn on_postgres(test: impl AsyncFnOnce(String)) {
    let db = PgDatabase::create().await;
    test(db.url.clone()).await;
    db.drop_it().await;
}

/// A store on `url`, migrated.
async fn open(url: &str) -> SharedStore {
    store::open_and_migrate(url, None).await.unwrap()
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_story() {
    let db = PgDatabase::create().await;
    let s = store::open_and_migrate(&db.url, None).await.unwrap();
    assert_eq!(s.backend(), Backend::Postgres);
    story(s).await;
    db.drop_it().await;
}

#[test]
fn migration_folders_match() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let list = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        list("sqlite"),
        list("postgres"),
        "each migration needs one file per backend"
    );
}

/// The newest migration this version has, from the migrations folder.
fn newest_migration() -> i64 {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.split('_').next()?.parse::<i64>().ok()
        })
        .max()
        .unwrap()
}

/// A database a newer SafeHarbor migrated (its migration 9999): this version refuses it,
/// from `migrate` and from the check check-config makes, in words that say what to do,
/// and leaves it as it is.
async fn a_newer_database_is_refused_in_plain_words(url: &str) {
    let s = store::open(url, None).await.unwrap();
    let newest = newest_migration();
    let all = s.pending_migrations().await.unwrap();
    assert!(
        all >= 14,
        "a fresh database has every migration to apply: {all}"
    );
    s.migrate().await.unwrap();
    assert_eq!(s.pending_migrations().await.unwrap(), 0, "up to date");

    let future = if url.starts_with("sqlite:") {
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, x'00', 0)"
    } else {
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, decode('00', 'hex'), 0)"
    };
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(future).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(future).execute(&pool).await.unwrap();
        pool.close().await;
    }

    let expected = format!(
        "this database was last written by a newer SafeHarbor (migration 9999; this version \
         knows up to {newest}): run the newer version, or restore a backup made before the upgrade"
    );
    let e = store::open_and_migrate(url, None)
        .await
        .err()
        .expect("a newer database is refused");
    assert!(
        matches!(e, store::StoreError::NewerDatabase { applied: 9999, known } if known == newest),
        "{e:?}"
    );
    assert_eq!(e.to_string(), expected);
    assert!(!e.to_string().contains("missing in the resolved"), "{e}");
    let e = s.migrate().await.unwrap_err();
    assert_eq!(e.to_string(), expected, "an open store says the same");
    let e = s.pending_migrations().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        expected,
        "check-config's check says the same"
    );
}

#[tokio::test]
async fn sqlite_a_newer_database_is_refused_in_plain_words() {
    on_sqlite("newer.db", async |url| {
        a_newer_database_is_refused_in_plain_words(&url).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_a_newer_database_is_refused_in_plain_words() {
    on_postgres(async |url| a_newer_database_is_refused_in_plain_words(&url).await).await;
}

#[tokio::test]
async fn an_unreachable_database_gets_a_clear_message_without_its_password() {
    let e = store::open("postgres://postgres:hunter2@127.0.0.1:1/nope", None)
        .await
        .err()
        .expect("nothing listens on port 1");
    let text = e.to_string();
    assert!(
        text.contains("cannot open the database postgres://postgres:***@127.0.0.1:1/nope"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
}

mod exactly_once {
    //! Several dispatchers (as several `serve` processes would run) on one database:
    //! every queued message is delivered exactly once.
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use async_trait::async_trait;
    use chrono::TimeZone;
    use safeharbor::domain::{NewPerson, Person, Platform, Role};
    use safeharbor::engine::{ConcernForm, Engine, Invocation, Reply};
    use safeharbor::outbox::dispatcher::{DispatchSettings, Dispatcher};
    use safeharbor::outbox::{Delivered, Messenger, SendError};

    #[derive(Default)]
    struct Counting(Mutex<HashMap<String, usize>>);

    #[async_trait]
    impl Messenger for Counting {
        fn platform(&self) -> Platform {
            Platform::Slack
        }
        async fn send(
            &self,
            _to: &Person,
            _m: &Reply,
            key: &str,
            _maybe_sent: Option<safeharbor::outbox::MaybeSent>,
        ) -> Result<Delivered, SendError> {
            // A little latency, so the dispatchers overlap.
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            *self.0.lock().unwrap().entry(key.to_string()).or_default() += 1;
            Ok(Delivered::default())
        }
    }

    const TOML: &str = "[[schools]]\nid = \"lincoln-hs\"\nname = \"Lincoln\"\ntime_zone = \"America/Phoenix\"\n\n# A burst from one reporter, on purpose: no abuse limit here.\n[limits]\nconcerns_per_user_per_hour = 0\ncommands_per_user_per_minute = 0\nconcerns_per_workspace_per_hour = 0\ncommands_per_workspace_per_minute = 0\n";

    async fn engine(url: &str, key: &safeharbor::crypto::DataKey) -> Engine {
        let url = url.to_string();
        let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
        let config = Arc::new(safeharbor::config::from_parts(Some(TOML), None, &env).unwrap());
        let clock = safeharbor::clock::ManualClock::new(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 23, 17, 0, 0)
                .unwrap(),
        );
        safeharbor::app::build_engine(config, Arc::new(clock), key.clone())
            .await
            .unwrap()
    }

    fn person(email: &str, roles: Vec<Role>, slack: &str, position: i64) -> NewPerson {
        NewPerson {
            school_id: "lincoln-hs".into(),
            name: email.into(),
            email: email.into(),
            roles,
            locale: None,
            slack_user_id: Some(slack.into()),
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: None,
            position,
            demo: false,
        }
    }

    pub async fn run(url: &str) {
        const CONCERNS: usize = 120;
        let key = safeharbor::crypto::DataKey::from_base64(
            &safeharbor::crypto::DataKey::generate_base64(),
            "t",
        )
        .unwrap();
        let first = engine(url, &key).await;
        first
            .store
            .import_people(
                &[
                    person("t@x.org", vec![Role::Teacher], "U0T0000001", 1),
                    person("c@x.org", vec![Role::Counselor], "U0C0000001", 2),
                ],
                0,
            )
            .await
            .unwrap();
        for i in 0..CONCERNS {
            let inv = Invocation {
                platform: Platform::Slack,
                user_id: "U0T0000001".into(),
                team_id: None,
                locale: None,
                request_id: Some(format!("req-{i}")),
                command: "concern".into(),
                text: String::new(),
            };
            let form = ConcernForm {
                student_ref: format!("S-{i}"),
                indicators: vec![],
                details: "details".into(),
                immediate_danger: false,
            };
            first.submit_concern(&inv, form).await;
        }
        let counting = Arc::new(Counting::default());
        let settings = DispatchSettings {
            batch: 7,
            ..Default::default()
        };
        let mut tasks = vec![];
        for _ in 0..3 {
            let engine = engine(url, &key).await;
            let d = Dispatcher::new(
                engine,
                vec![counting.clone() as Arc<dyn Messenger>],
                settings.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let r = d.pass().await.unwrap();
                    sent += r.sent;
                    if r.claimed == 0 {
                        break sent;
                    }
                }
            }));
        }
        let mut per_dispatcher = vec![];
        for t in tasks {
            per_dispatcher.push(t.await.unwrap());
        }
        let counts = counting.0.lock().unwrap().clone();
        println!(
            "deliveries per dispatcher: {per_dispatcher:?}; distinct messages: {}",
            counts.len()
        );
        assert_eq!(counts.len(), CONCERNS, "every message delivered");
        assert!(counts.values().all(|n| *n == 1), "none twice: {counts:?}");
        assert_eq!(per_dispatcher.iter().sum::<usize>(), CONCERNS);
        let (pending, failed) = first.store.outbox_depth().await.unwrap();
        assert_eq!((pending, failed), (0, 0));
    }
}

#[tokio::test]
async fn sqlite_several_dispatchers_deliver_each_message_once() {
    on_sqlite("once.db", async |url| exactly_once::run(&url).await).await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_several_dispatchers_deliver_each_message_once() {
    on_postgres(async |url| exactly_once::run(&url).await).await;
}

mod sealed_webhooks {
    //! Teams webhook URLs at rest: sealed under the data key, in a new database and in one
    //! an earlier version left with the URLs in plain text; still given back to whoever
    //! has the key; refused, with a message that says why, under another key or in
    //! another person's row.
    use std::str::FromStr;

    use safeharbor::crypto::DataKey;
    use safeharbor::domain::{NewPerson, Role};
    use safeharbor::store::{self, StoreError};

    const MARKER: &str = "MARKER-HOOK-4b1d";

    fn hook(n: u32) -> String {
        format!("https://flows.example/workflows/{n}/triggers/manual/paths/invoke?sig={MARKER}-{n}")
    }

    pub(super) fn key() -> DataKey {
        DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap()
    }

    /// A counselor at lincoln-hs, with a Teams webhook URL if given.
    pub(super) fn person(email: &str, url: Option<String>, position: i64) -> NewPerson {
        NewPerson {
            school_id: "lincoln-hs".into(),
            name: email.into(),
            email: email.into(),
            roles: vec![Role::Counselor],
            locale: None,
            slack_user_id: None,
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: url,
            position,
            demo: false,
        }
    }

    /// Raw SQL on the database, as an earlier version (or someone with the file) would.
    async fn raw(url: &str, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::raw_sql(sql).execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::raw_sql(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }

    /// A person row as the previous version's roster import wrote it: the URL in plain text.
    fn plain_row(email: &str, url: &str, position: i64) -> String {
        format!(
            "INSERT INTO people (school_id, name, email, roles, locale, slack_user_id, \
             discord_user_id, teams_user_id, teams_webhook_url, position, added_at_ms, demo) \
             VALUES ('lincoln-hs', '{email}', '{email}', 'counselor', NULL, NULL, NULL, NULL, \
             '{url}', {position}, 0, FALSE)"
        )
    }

    /// The database as the previous version (migrations up to 0013) left it, with a
    /// roster whose webhook URLs are in plain text: Ana, Bo and a page's worth of others
    /// (enough that SQLite leaves what an update replaces in the page's free space).
    async fn previous_version(url: &str) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        if url.starts_with("sqlite:") {
            let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .unwrap()
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
            let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
            let m = sqlx::migrate::Migrator::new(dir.join("sqlite"))
                .await
                .unwrap();
            m.run_to(13, &pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let m = sqlx::migrate::Migrator::new(dir.join("postgres"))
                .await
                .unwrap();
            m.run_to(13, &pool).await.unwrap();
            pool.close().await;
        }
        let mut rows = vec![
            plain_row("ana@example.org", &hook(1), 1),
            plain_row("bo@example.org", &hook(2), 2),
        ];
        for n in 10..40 {
            rows.push(plain_row(&format!("p{n}@example.org"), &hook(n), n.into()));
        }
        raw(url, &rows.join(";\n")).await;
    }

    /// The story; `at_rest` gives every byte someone holding the database would see.
    pub async fn story(url: &str, at_rest: impl AsyncFn() -> Vec<u8>) {
        let holds_marker = async || {
            at_rest()
                .await
                .windows(MARKER.len())
                .any(|w| w == MARKER.as_bytes())
        };
        // Arrange: the previous version's database, URLs in plain text.
        previous_version(url).await;
        assert!(
            holds_marker().await,
            "the previous version stored them in plain text"
        );

        // Act: this version opens it with the key.
        let key = key();
        let s = store::open_and_migrate(url, Some(key.clone()))
            .await
            .unwrap();

        // Assert: no URL left in plain text, and each person still has their own.
        assert!(!holds_marker().await, "sealed on open");
        let url_of = async |s: &store::SharedStore, email: &str| {
            s.person_by_email(email)
                .await
                .unwrap()
                .unwrap()
                .teams_webhook_url
        };
        assert_eq!(url_of(&s, "ana@example.org").await, Some(hook(1)));
        assert_eq!(url_of(&s, "bo@example.org").await, Some(hook(2)));
        drop(s);

        // Opening again changes nothing.
        let s = store::open_and_migrate(url, Some(key.clone()))
            .await
            .unwrap();
        assert_eq!(url_of(&s, "ana@example.org").await, Some(hook(1)));
        assert!(!holds_marker().await);

        // An import stores the URL sealed: new people and updated ones.
        let summary = s
            .import_people(
                &[
                    person("ana@example.org", Some(hook(3)), 1),
                    person("bo@example.org", Some(hook(2)), 2),
                    person("cy@example.org", Some(hook(4)), 3),
                ],
                5,
            )
            .await
            .unwrap();
        assert_eq!((summary.added, summary.updated), (1, 2));
        assert!(!holds_marker().await, "imported sealed");
        assert_eq!(url_of(&s, "ana@example.org").await, Some(hook(3)));
        assert_eq!(url_of(&s, "cy@example.org").await, Some(hook(4)));
        drop(s);

        // Without the key: the URLs read as absent, and none can be stored.
        let keyless = store::open_and_migrate(url, None).await.unwrap();
        assert_eq!(url_of(&keyless, "ana@example.org").await, None);
        let refused = keyless
            .import_people(&[person("dee@example.org", Some(hook(5)), 4)], 6)
            .await;
        assert!(matches!(refused, Err(StoreError::NoDataKey)), "{refused:?}");
        assert!(
            keyless
                .person_by_email("dee@example.org")
                .await
                .unwrap()
                .is_none()
        );
        drop(keyless);

        // Another key: refused, saying which key is wrong, never showing the URL. A URL the
        // previous version stored meanwhile is not sealed under that key either.
        raw(url, &plain_row("eve@example.org", &hook(6), 5)).await;
        let e = store::open_and_migrate(url, Some(self::key()))
            .await
            .err()
            .expect("another key does not open the URLs");
        let text = e.to_string();
        assert!(
            text.contains("does not open with this data key")
                && text.contains("SAFEHARBOR_DATA_KEY"),
            "{text}"
        );
        assert!(
            !text.contains(MARKER) && !text.contains("flows.example"),
            "{text}"
        );
        assert!(
            holds_marker().await,
            "nothing was sealed under the wrong key"
        );
        let s = store::open_and_migrate(url, Some(key.clone()))
            .await
            .unwrap();
        assert_eq!(url_of(&s, "eve@example.org").await, Some(hook(6)));
        assert!(!holds_marker().await);
        let bo = s
            .person_by_email("bo@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        drop(s);

        // A sealed URL copied into another person's row does not open there.
        raw(
            url,
            "UPDATE people SET teams_webhook_sealed = \
             (SELECT teams_webhook_sealed FROM people WHERE email = 'ana@example.org') \
             WHERE email = 'bo@example.org'",
        )
        .await;
        let e = store::open_and_migrate(url, Some(key.clone()))
            .await
            .err()
            .expect("a URL moved to another row does not open");
        assert!(
            e.to_string()
                .contains(&format!("the Teams webhook URL stored for person {bo}")),
            "{e}"
        );
    }
}

/// The SQLite file and its WAL, as bytes.
fn sqlite_files(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = path.with_extension("db-wal");
    if let Ok(w) = std::fs::read(&wal) {
        bytes.extend(w);
    }
    bytes
}

#[tokio::test]
async fn sqlite_webhook_urls_are_sealed_at_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hooks.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    sealed_webhooks::story(&url, async || sqlite_files(&path)).await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_webhook_urls_are_sealed_at_rest() {
    let db = PgDatabase::create().await;
    let url = db.url.clone();
    // Every row of the people table as PostgreSQL gives it out, and the sealed bytes.
    let at_rest = async || {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let rows: Vec<String> = sqlx::query_scalar("SELECT p::text FROM people p")
            .fetch_all(&pool)
            .await
            .unwrap();
        // (Not there before this version's migration.)
        let sealed: Vec<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT teams_webhook_sealed FROM people")
                .fetch_all(&pool)
                .await
                .unwrap_or_default();
        pool.close().await;
        let mut bytes = rows.concat().into_bytes();
        bytes.extend(sealed.into_iter().flatten().flatten());
        bytes
    };
    sealed_webhooks::story(&url, at_rest).await;
    db.drop_it().await;
}

/// The scheduler writing reminders (each step locks its plan `FOR SHARE`, see
/// `queue_checkin_steps`) while a holiday import marks the school's plans due (an UPDATE
/// of them all) must not deadlock: both take the plans' locks in id order, whatever order
/// the reminders come in.
#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_reminders_and_a_holiday_import_at_once_do_not_deadlock() {
    let db = PgDatabase::create().await;
    let s = store::open_and_migrate(&db.url, None).await.unwrap();
    s.import_people(
        &[person("ana@example.org", "Ana", vec![Role::Counselor], 1)],
        0,
    )
    .await
    .unwrap();
    let ana = s
        .person_by_email("ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut plans = vec![];
    for concern_id in 100..160 {
        let new = NewCheckinPlan {
            request_key: None,
            concern_id,
            school_id: "lincoln-hs".into(),
            cadence: "every 1 weeks on mon".into(),
            at_time: "15:30".into(),
            time_zone: "America/New_York".into(),
            anchor_ms: 0,
            until_on: None,
            remind_minutes: vec![60],
            assignees: vec![ana],
            created_by: Some(ana),
            created_ms: 0,
        };
        plans.push(s.create_checkin_plan(&new, &|_| vec![]).await.unwrap().plan);
    }
    for round in 0..20 {
        // Due order is not id order: here the newest plan comes first.
        let steps: Vec<(CheckinStep, NewOutbox)> = plans
            .iter()
            .rev()
            .map(|p| {
                let step = CheckinStep {
                    plan_id: p.id,
                    seq: round,
                    step: format!("r60:{ana}"),
                    plan_updated_ms: p.updated_ms,
                };
                let row = NewOutbox {
                    key: format!("checkin:{}:{round}:r60:{ana}", p.id),
                    recipient_id: ana,
                    platform: Platform::Slack,
                    kind: OutboxKind::Reminder,
                    concern_id: None,
                    payload_sealed: vec![1; 8],
                    created_ms: 1_000,
                    next_attempt_ms: 1_000,
                };
                (step, row)
            })
            .collect();
        let (queued, marked) = tokio::join!(
            s.queue_checkin_steps(&steps, 1_000),
            s.mark_checkin_plans_due("lincoln-hs", 1_000)
        );
        let queued = queued.unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(queued.iter().all(Option::is_some), "round {round}");
        assert_eq!(marked.unwrap_or_else(|e| panic!("round {round}: {e}")), 60);
    }
    db.drop_it().await;
}

/// Two `roster import`s at once (two terminals, or a retried job): the same people in
/// opposite orders, some already on the roster and most new. Both must land, with each
/// email once, on PostgreSQL as on SQLite, instead of one failing on a deadlock or on the
/// unique email. Each store stands for one process.
async fn two_roster_imports_at_once(url: &str) {
    let first = open(url).await;
    let second = open(url).await;
    let everyone: Vec<NewPerson> = (0..120)
        .map(|i| person(&format!("p{i}@example.org"), "P", vec![Role::Teacher], i))
        .collect();
    // A tenth are there before.
    first.import_people(&everyone[..12], 0).await.unwrap();
    for round in 0..5 {
        let mut reversed = everyone.clone();
        reversed.reverse();
        let (a, b) = tokio::join!(
            first.import_roster(&everyone, round),
            second.import_roster(&reversed, round)
        );
        let a = a.unwrap_or_else(|e| panic!("round {round}, first import: {e}"));
        let b = b.unwrap_or_else(|e| panic!("round {round}, second import: {e}"));
        assert_eq!(a.1.added + a.1.updated, 120, "round {round}");
        assert_eq!(b.1.added + b.1.updated, 120, "round {round}");
        if round == 0 {
            // One of them added the 108 new people; the other found them there.
            assert_eq!(a.1.added + b.1.added, 108, "{a:?} {b:?}");
        }
        let mut people = first.people().await.unwrap();
        people.sort_by(|x, y| x.email.cmp(&y.email));
        assert_eq!(people.len(), 120, "round {round}");
        people.dedup_by(|x, y| x.email == y.email);
        assert_eq!(people.len(), 120, "round {round}: an email twice");
    }
}

#[tokio::test]
async fn sqlite_two_roster_imports_at_once() {
    on_sqlite("imports.db", async |url| {
        two_roster_imports_at_once(&url).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_two_roster_imports_at_once() {
    on_postgres(async |url| two_roster_imports_at_once(&url).await).await;
}

/// A retried request (Slack sends one when the first answer is slow) files nothing new
/// and uses up no case number: the next concern filed gets the next number.
async fn a_retry_skips_no_case_number(s: SharedStore) {
    let new = |key: &str| NewConcern {
        request_key: key.into(),
        school_id: "lincoln-hs".into(),
        reporter_id: Some(1),
        reporter_platform: Platform::Slack,
        reporter_user_id: None,
        immediate_danger: false,
        assigned_to: Some(2),
        sealed: vec![1],
        created_ms: 10_000,
    };
    let none: OutboxFor = Arc::new(|_: &ConcernRecord| vec![]);
    let first = s
        .file_concern(new("slack:view-1"), none.clone())
        .await
        .unwrap();
    for _ in 0..3 {
        let retry = s
            .file_concern(new("slack:view-1"), none.clone())
            .await
            .unwrap();
        assert!(!retry.created);
        assert_eq!(retry.concern.id, first.concern.id);
    }
    let next = s
        .file_concern(new("slack:view-2"), none.clone())
        .await
        .unwrap();
    assert!(next.created);
    assert_eq!(
        next.concern.id,
        first.concern.id + 1,
        "a case number was skipped"
    );
}

#[tokio::test]
async fn sqlite_a_retry_skips_no_case_number() {
    on_sqlite("retry.db", async |url| {
        a_retry_skips_no_case_number(open(&url).await).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_a_retry_skips_no_case_number() {
    on_postgres(async |url| a_retry_skips_no_case_number(open(&url).await).await).await;
}

/// What the scheduler reads for escalations: the candidates filed by a time, and each
/// school's oldest unacknowledged concern at each level (instead of every concern).
async fn escalation_reads(s: SharedStore) {
    let none: OutboxFor = Arc::new(|_: &ConcernRecord| vec![]);
    let mut ids = vec![];
    for (key, school, at) in [
        ("k1", "a-hs", 1_000),
        ("k2", "a-hs", 2_000),
        ("k3", "b-hs", 3_000),
        ("k4", "b-hs", 4_000),
    ] {
        let new = NewConcern {
            request_key: key.into(),
            school_id: school.into(),
            reporter_id: Some(1),
            reporter_platform: Platform::Slack,
            reporter_user_id: None,
            immediate_danger: false,
            assigned_to: Some(2),
            sealed: vec![1],
            created_ms: at,
        };
        ids.push(s.file_concern(new, none.clone()).await.unwrap().concern.id);
    }
    let filed_by = |ms| {
        let s = s.clone();
        async move {
            s.escalation_candidates(ms)
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(filed_by(2_500).await, ids[..2]);
    assert_eq!(filed_by(10_000).await, ids);
    assert!(filed_by(999).await.is_empty());

    // The first concern of a-hs goes up a level: a-hs now has one at each level.
    let audit = NewAudit {
        concern_id: ids[0],
        actor_id: None,
        action: AuditAction::Escalated,
        detail: Some("1".into()),
        note_sealed: None,
        at_ms: 5_000,
    };
    assert!(s.escalate(ids[0], 0, 1, &audit, &[]).await.unwrap());
    let mut earliest = s.escalation_earliest().await.unwrap();
    earliest.sort_by(|x, y| (&x.school_id, x.level).cmp(&(&y.school_id, y.level)));
    let row = |school: &str, level, created_ms| EscalationEarliest {
        school_id: school.into(),
        level,
        created_ms,
    };
    assert_eq!(
        earliest,
        [
            row("a-hs", 0, 2_000),
            row("a-hs", 1, 1_000),
            row("b-hs", 0, 3_000)
        ]
    );
}

#[tokio::test]
async fn sqlite_escalation_reads() {
    on_sqlite("esc.db", async |url| {
        escalation_reads(open(&url).await).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_escalation_reads() {
    on_postgres(async |url| escalation_reads(open(&url).await).await).await;
}

/// Reminder steps settled together by one message (a partner re-check nudge lists several
/// partners): the message is queued when any of its steps is new, never twice; and a
/// pass reads back only the steps of its own kind, recent enough to matter.
async fn reminder_groups(s: SharedStore) {
    let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
    let step = |who: i64, partner: &str, on: &str, verified: &str| ReminderStep {
        person_id: who,
        course_id: format!("*partner:{partner}"),
        due_on: day(on),
        step: verified.into(),
    };
    let row = |key: &str| NewOutbox {
        key: key.into(),
        recipient_id: 7,
        platform: Platform::Slack,
        kind: OutboxKind::Reminder,
        concern_id: None,
        payload_sealed: vec![4, 5, 6],
        created_ms: 70_000,
        next_attempt_ms: 70_000,
    };
    // A training step on the same day, which the partner read must leave out.
    s.queue_reminders(
        &[(
            ReminderStep {
                person_id: 7,
                course_id: "awareness".into(),
                due_on: day("2027-01-04"),
                step: "30".into(),
            },
            row("training:7"),
        )],
        69_000,
    )
    .await
    .unwrap();

    let shelter = step(7, "shelter", "2027-01-04", "verified:2026-01-10");
    let line = step(7, "line", "2027-01-04", "never-verified");
    let first = s
        .queue_reminder_groups(
            &[
                (vec![shelter.clone(), line.clone()], row("nudge:a")),
                (
                    vec![step(8, "shelter", "2027-01-04", "verified:2026-01-10")],
                    row("nudge:b"),
                ),
            ],
            70_000,
        )
        .await
        .unwrap();
    assert!(first.iter().all(Option::is_some), "{first:?}");

    // The same again (a retried pass): nothing. One new step among old ones: queued.
    let center = step(7, "center", "2027-01-04", "verified:2025-12-01");
    let again = s
        .queue_reminder_groups(
            &[
                (vec![shelter.clone(), line.clone()], row("nudge:a")),
                (vec![line.clone()], row("nudge:c")),
                (vec![line.clone(), center.clone()], row("nudge:d")),
            ],
            71_000,
        )
        .await
        .unwrap();
    assert_eq!(again[0], None, "every step written before");
    assert_eq!(again[1], None, "a new key, but no new step");
    assert!(again[2].is_some(), "one step is new");

    let mut mine = s
        .sent_reminders_of("*partner:", day("2027-01-04"))
        .await
        .unwrap();
    mine.sort_by(|a, b| (a.person_id, &a.course_id).cmp(&(b.person_id, &b.course_id)));
    assert_eq!(
        mine,
        vec![
            center,
            line,
            shelter,
            step(8, "shelter", "2027-01-04", "verified:2026-01-10"),
        ]
    );
    assert!(
        s.sent_reminders_of("*partner:", day("2027-01-05"))
            .await
            .unwrap()
            .is_empty(),
        "older than asked for"
    );
    let training = s.sent_reminders(day("2027-01-01")).await.unwrap();
    assert_eq!(
        training
            .iter()
            .map(|r| r.course_id.as_str())
            .collect::<Vec<_>>(),
        ["awareness"],
        "the training read leaves the nudges' steps out"
    );
    assert!(
        s.sent_reminders_of("*PARTNER:", day("2027-01-01"))
            .await
            .unwrap()
            .is_empty(),
        "a prefix is matched as written"
    );
    let keys: Vec<String> = s
        .pending_outbox(i64::MAX, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(keys, ["training:7", "nudge:a", "nudge:b", "nudge:d"]);
}

#[tokio::test]
async fn sqlite_reminder_groups() {
    on_sqlite("groups.db", async |url| {
        reminder_groups(open(&url).await).await
    })
    .await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_reminder_groups() {
    on_postgres(async |url| reminder_groups(open(&url).await).await).await;
}

mod rekeying {
    //! `Store::rekey`: every sealed value under the new key, all or nothing.
    use std::sync::Arc;

    use safeharbor::domain::{AuditAction, OutboxKind, Platform};
    use safeharbor::store::rekey::SEALED_COLUMNS;
    use safeharbor::store::{
        self, CheckinPlanChange, ConcernRecord, NewAudit, NewCheckinPlan, NewConcern, NewOutbox,
        OutboxFor, RekeyPhase, StoreError,
    };

    use super::sealed_webhooks::{key, person};

    const MARKER: &str = "MARKER-REKEY-91d0";

    /// Every sealed value, per `table.column`, in key order, as the database holds it.
    async fn sealed_values(url: &str) -> Vec<(String, Vec<Vec<u8>>)> {
        let mut out = vec![];
        for c in SEALED_COLUMNS {
            let sql = sqlx::AssertSqlSafe(format!(
                "SELECT {col} FROM {t} WHERE {col} IS NOT NULL ORDER BY {keys}",
                col = c.column,
                t = c.table,
                keys = c.keys.join(", ")
            ));
            let values: Vec<Vec<u8>> = if url.starts_with("sqlite:") {
                let pool = sqlx::SqlitePool::connect(url).await.unwrap();
                let v = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
                pool.close().await;
                v
            } else {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                let v = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
                pool.close().await;
                v
            };
            out.push((c.name(), values));
        }
        out
    }

    /// Set every outcome note to `bytes`, as someone with the file (or a bug) might.
    async fn set_outcome_notes(url: &str, bytes: &[u8]) {
        let sql = "UPDATE checkin_outcomes SET note_sealed = $1";
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(sql).bind(bytes).execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(sql).bind(bytes).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }

    fn hook() -> String {
        format!("https://flows.example/workflows/3/invoke?sig={MARKER}-HOOK")
    }

    pub async fn story(url: &str) {
        let (old, new) = (key(), key());
        let s = store::open_and_migrate(url, Some(old.clone()))
            .await
            .unwrap();
        s.import_people(
            &[
                person("ana@example.org", None, 1),
                person("bo@example.org", Some(hook()), 2),
            ],
            1,
        )
        .await
        .unwrap();
        let bo = s
            .person_by_email("bo@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;

        // One value in each sealed column, under the old key.
        let sealed_msg = old.seal(format!("{MARKER}-MESSAGE").as_bytes());
        let rows: OutboxFor = Arc::new(move |c: &ConcernRecord| {
            vec![NewOutbox {
                key: format!("concern:{}:handoff", c.id),
                recipient_id: bo,
                platform: Platform::Teams,
                kind: OutboxKind::Handoff,
                concern_id: Some(c.id),
                payload_sealed: sealed_msg.clone(),
                created_ms: 10,
                next_attempt_ms: 10,
            }]
        });
        let filed = s
            .file_concern(
                NewConcern {
                    request_key: "console:1".into(),
                    school_id: "lincoln-hs".into(),
                    reporter_id: Some(bo),
                    reporter_platform: Platform::Console,
                    reporter_user_id: None,
                    immediate_danger: false,
                    assigned_to: Some(bo),
                    sealed: old.seal(format!("{MARKER}-CONTENT").as_bytes()),
                    created_ms: 10,
                },
                rows,
            )
            .await
            .unwrap();
        let case = filed.concern.id;
        s.add_audit(&[NewAudit {
            concern_id: case,
            actor_id: Some(bo),
            action: AuditAction::Noted,
            detail: None,
            note_sealed: Some(old.seal(format!("{MARKER}-NOTE").as_bytes())),
            at_ms: 20,
        }])
        .await
        .unwrap();
        let plan = s
            .create_checkin_plan(
                &NewCheckinPlan {
                    request_key: None,
                    concern_id: case,
                    school_id: "lincoln-hs".into(),
                    cadence: "every 1 weeks on mon".into(),
                    at_time: "15:30".into(),
                    time_zone: "America/New_York".into(),
                    anchor_ms: 30,
                    until_on: None,
                    remind_minutes: vec![60],
                    assignees: vec![bo],
                    created_by: Some(bo),
                    created_ms: 30,
                },
                &|_| vec![],
            )
            .await
            .unwrap()
            .plan;
        let outcome_note = old.seal(format!("{MARKER}-OUTCOME").as_bytes());
        assert!(
            s.record_checkin_outcome(plan.id, 0, "done", Some(bo), Some(&outcome_note), 40)
                .await
                .unwrap()
        );
        s.change_checkin_plan(
            &CheckinPlanChange {
                plan_id: plan.id,
                expect_updated_ms: plan.updated_ms,
                action: "paused".into(),
                actor_id: Some(bo),
                reason_sealed: Some(old.seal(format!("{MARKER}-REASON").as_bytes())),
                at_ms: 50,
                state: "paused".into(),
                off_spans: vec![(50, None)],
                cadence: None,
                assignees: None,
            },
            &[],
        )
        .await
        .unwrap()
        .unwrap();
        drop(s);
        let before = sealed_values(url).await;
        for (column, values) in &before {
            assert!(!values.is_empty(), "nothing in {column}");
        }

        // A value that does not open with the old key, in the last table but one: the
        // values before it open, and nothing at all is written.
        let s = store::open_and_migrate(url, None).await.unwrap();
        set_outcome_notes(url, &key().seal(b"another key")).await;
        let damaged = sealed_values(url).await;
        let seen = std::sync::Mutex::new(vec![]);
        let progress = |phase: RekeyPhase, column: &str, done: u64, total: u64| {
            seen.lock()
                .unwrap()
                .push(format!("{phase:?} {column} {done}/{total}"));
        };
        let e = s
            .rekey(&old, &new, &progress)
            .await
            .expect_err("a value that does not open stops the re-keying");
        let text = e.to_string();
        assert!(matches!(e, StoreError::WrongKey { .. }), "{e:?}");
        assert!(
            text.contains(&format!(
                "checkin_outcomes.note_sealed (row plan_id {}, seq 0)",
                plan.id
            )) && !text.contains(MARKER),
            "{text}"
        );
        assert!(
            seen.lock()
                .unwrap()
                .contains(&"Checking concerns.sealed 1/1".to_string()),
            "{:?}",
            seen.lock().unwrap()
        );
        assert_eq!(sealed_values(url).await, damaged, "a value was changed");
        assert_eq!(s.meta("data_key_check").await.unwrap(), None);
        // The wrong key as the current one: the first value is named, nothing changes.
        set_outcome_notes(url, &outcome_note).await;
        let e = s.rekey(&key(), &new, &progress).await.unwrap_err();
        assert!(
            e.to_string()
                .contains(&format!("concerns.sealed (row id {case})")),
            "{e}"
        );
        assert_eq!(sealed_values(url).await, before);

        // With every value whole: all of them under the new key, the same content.
        let report = s.rekey(&old, &new, &progress).await.unwrap();
        let counts: Vec<(&str, u64)> = report
            .columns
            .iter()
            .map(|(c, n)| (c.as_str(), *n))
            .collect();
        assert_eq!(
            counts,
            [
                ("concerns.sealed", 1),
                ("concern_events.note_sealed", 1),
                ("outbox.payload_sealed", 1),
                ("checkin_changes.reason_sealed", 1),
                ("checkin_outcomes.note_sealed", 1),
                ("people.teams_webhook_sealed", 1),
            ]
        );
        assert_eq!(report.scrubbed, url.starts_with("sqlite:"));
        drop(s);
        let after = sealed_values(url).await;
        for ((column, was), (_, now)) in before.iter().zip(&after) {
            assert_eq!(was.len(), now.len(), "{column}");
            for (w, n) in was.iter().zip(now) {
                assert_ne!(w, n, "{column}: a value was left as it was");
                if column == "people.teams_webhook_sealed" {
                    continue; // bound to its row: checked through the store below
                }
                assert_eq!(
                    old.open(w).unwrap(),
                    new.open(n).unwrap(),
                    "{column}: the content changed"
                );
                assert!(old.open(n).is_err(), "{column}: the old key still opens it");
            }
        }
        // The new key gives the webhook URL back; the old key is refused at once.
        let s = store::open_and_migrate(url, Some(new.clone()))
            .await
            .unwrap();
        let bo_now = s.person_by_email("bo@example.org").await.unwrap().unwrap();
        assert_eq!(bo_now.teams_webhook_url, Some(hook()));
        drop(s);
        let e = store::open_and_migrate(url, Some(old.clone()))
            .await
            .err()
            .expect("the old key is refused");
        assert!(
            e.to_string()
                .contains("does not open with this data key: SAFEHARBOR_DATA_KEY"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn sqlite_rekey_is_all_or_nothing() {
    on_sqlite("rekey.db", async |url| rekeying::story(&url).await).await;
}

#[tokio::test]
#[ignore = "PostgreSQL not tested: set SAFEHARBOR_TEST_POSTGRES_URL and run with --include-ignored (.ci/run does)"]
async fn postgres_rekey_is_all_or_nothing() {
    on_postgres(async |url| rekeying::story(&url).await).await;
}
