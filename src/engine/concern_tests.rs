//! Concern handoff tests: the engine on a real SQLite file, driven by invocations.
use super::concern::{CONCERN_LIST_MAX, ConcernForm, action, field};
use super::tests::{COORDINATOR, COUNSELOR, TEACHER, TestEngine, engine, inv};
use super::*;
use crate::domain::{AuditAction, CaseRef, ConcernState, NewPerson, OutboxKind, Role};

const MARKER: &str = "MARKER-7f3a";

impl TestEngine {
    async fn run(&self, user: &str, text: &str) -> Outcome {
        self.engine.handle(inv(user, "concern", text)).await
    }

    /// Add people to the roster after the demo three.
    async fn add(&self, people: &[(&str, &str, &str, Vec<Role>)]) {
        let rows: Vec<NewPerson> = people
            .iter()
            .enumerate()
            .map(|(i, (school, name, email, roles))| NewPerson {
                school_id: school.to_string(),
                name: name.to_string(),
                email: email.to_string(),
                roles: roles.clone(),
                locale: None,
                slack_user_id: None,
                discord_user_id: None,
                teams_user_id: None,
                teams_webhook_url: None,
                position: 100 + i as i64,
                demo: false,
            })
            .collect();
        self.engine.store.import_people(&rows, 0).await.unwrap();
    }

    async fn person_id(&self, email: &str) -> i64 {
        self.engine
            .store
            .person_by_email(email)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// Every concern on file, at every school, closed ones too (up to 1000).
    async fn all_concerns(&self) -> Vec<crate::store::ConcernRecord> {
        self.engine.store.concerns(None, true, 1000).await.unwrap()
    }

    /// Every byte of the SQLite database: the main file, the WAL and the shared memory.
    fn database_bytes(&self) -> Vec<u8> {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            if let Ok(b) = std::fs::read(self.dir.path().join(format!("t.db{suffix}"))) {
                all.extend(b);
            }
        }
        assert!(!all.is_empty(), "the database file exists");
        all
    }

    async fn actions(&self, case: i64) -> Vec<AuditAction> {
        self.engine
            .store
            .concern_audit(case)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn recipients(o: &Outcome) -> Vec<&str> {
    o.notifications
        .iter()
        .map(|n| n.recipient_name.as_str())
        .collect()
}

/// `#id` tags become the indicators; the words around them stay as written, with no
/// separator left dangling where a tag ended the list.
#[tokio::test]
async fn tags_leave_the_details_as_written() {
    let t = engine().await;
    for (text, details) in [
        ("S-1 new phone, tired, #sex-hotel-motel", "new phone, tired"),
        (
            "S-1 new phone, #sex-hotel-motel, tired.",
            "new phone, tired.",
        ),
        ("S-1 new phone, tired,", "new phone, tired,"),
    ] {
        let form = t.engine.parse_one_line(text);
        assert_eq!(form.details, details, "{text}");
    }
}

#[tokio::test]
async fn the_counselor_gets_the_concern_privately_and_the_receipt_holds_only_the_case_number() {
    let t = engine().await;
    let o = t
        .run(
            TEACHER,
            &format!("S-{MARKER} saw {MARKER} picked up by an older man at #sex-hotel-motel"),
        )
        .await;

    let receipt = o.reply.to_text();
    assert!(receipt.contains("C-1001"), "{receipt}");
    assert!(receipt.contains("Don't question the student"), "{receipt}");
    assert!(receipt.contains("counselor will follow up"), "{receipt}");
    assert!(receipt.contains("911") && receipt.contains("mandated reporting"));
    assert!(
        !receipt.contains(MARKER),
        "the receipt leaks content: {receipt}"
    );
    assert!(!receipt.contains("older man"), "{receipt}");
    assert!(!receipt.contains("call 911 now"), "no danger, no 911 alarm");

    assert_eq!(recipients(&o), vec!["Casey Demo (demo counselor)"]);
    let n = &o.notifications[0];
    let text = n.reply.to_text();
    assert!(
        text.contains(&format!("Student reference: S-{MARKER}")),
        "{text}"
    );
    assert!(text.contains(&format!("saw {MARKER} picked up")), "{text}");
    assert!(
        !text.contains("#sex-hotel-motel"),
        "the tag became an indicator"
    );
    assert!(text.contains("hotels, motels"), "indicator text: {text}");
    assert!(text.contains("Reported by: Dana Demo"), "{text}");
    assert!(
        text.contains("2026-11-22") && text.contains("10:00 MST"),
        "{text}"
    );
    assert!(text.contains("Steps for responding to suspected child trafficking"));
    assert!(
        text.contains("plans their education"),
        "all six steps: {text}"
    );
    let buttons: Vec<(&str, &str)> = n
        .reply
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Actions { buttons } => Some(buttons),
            _ => None,
        })
        .unwrap()
        .iter()
        .map(|b| (b.action.as_str(), b.value.as_str()))
        .collect();
    assert_eq!(
        buttons,
        vec![
            (action::ACK, "C-1001"),
            (action::NOTE, "C-1001"),
            (action::REASSIGN, "C-1001"),
            (action::REFER, "C-1001"),
            (action::CLOSE, "C-1001"),
        ]
    );

    // Stored: sealed concern, one pending outbox row (sealed), one audit row.
    let store = &t.engine.store;
    let c = store.concern(1).await.unwrap().unwrap();
    assert_eq!(c.state, ConcernState::Submitted);
    assert_eq!(c.assigned_to, Some(t.person_id(COUNSELOR).await));
    assert!(!contains(&c.sealed, MARKER));
    let pending = store.pending_outbox(i64::MAX, 10).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].id, n.outbox_id);
    assert_eq!(pending[0].kind, OutboxKind::Handoff);
    assert_eq!(pending[0].platform, Platform::Console);
    assert!(!contains(&pending[0].payload_sealed, MARKER));
    assert_eq!(
        t.engine.open_payload(&pending[0].payload_sealed).unwrap(),
        n.reply,
        "the dispatcher will send exactly what was shown"
    );
    assert_eq!(t.actions(1).await, vec![AuditAction::Filed]);

    assert!(
        !contains(&t.database_bytes(), MARKER),
        "the marker reached the database file in the clear"
    );
}

#[tokio::test]
async fn immediate_danger_says_call_911_first_and_reaches_primary_backups_and_admins_at_once() {
    let t = engine().await;
    t.add(&[
        (
            "demo-school",
            "Bea Backup",
            "bea@example.org",
            vec![Role::BackupCounselor],
        ),
        (
            "other-school",
            "Ada Admin",
            "ada@example.org",
            vec![Role::Admin],
        ),
        (
            "other-school",
            "Otto Other",
            "otto@example.org",
            vec![Role::Counselor],
        ),
    ])
    .await;
    let o = t
        .run(TEACHER, "S-1 danger: she says she cannot go home tonight")
        .await;
    match &o.reply.blocks[0] {
        Block::Warning { text } => assert!(text.contains("call 911 now"), "{text}"),
        other => panic!("the 911 warning must come first, got {other:?}"),
    }
    assert_eq!(
        recipients(&o),
        vec![
            "Casey Demo (demo counselor)",
            "Bea Backup",
            "Jordan Demo (demo coordinator)",
            "Ada Admin",
        ]
    );
    for n in &o.notifications {
        let text = n.reply.to_text();
        assert!(text.contains("IMMEDIATE DANGER"), "{text}");
        assert!(text.contains("cannot go home tonight"), "{text}");
        assert!(
            !text.contains("danger: she"),
            "the flag word is not part of the details"
        );
    }
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert!(c.immediate_danger);

    // Looked at later it is a case, not a "new concern"; once closed nobody is asked to
    // act now.
    let shown = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert!(
        shown.starts_with("== Case C-1001, reported as immediate danger ==")
            && shown.contains("Please act now"),
        "{shown}"
    );
    t.say(COUNSELOR, "concern", "close C-1001 safe with family")
        .await;
    let closed = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert!(
        closed.starts_with("== Case C-1001, reported as immediate danger ==")
            && !closed.contains("Please act now")
            && !closed.contains("new concern"),
        "{closed}"
    );
}

/// A `#tag` shaped like a catalog id that the catalog lacks is named, and nothing is filed:
/// the reporter meant a sign, and dropping it into the details would lose it. `/indicators`
/// shows the ids; other `#` words (`room #3`) are details.
#[tokio::test]
async fn an_unknown_indicator_id_is_named_and_nothing_is_filed() {
    let t = engine().await;
    let refused = t
        .say(TEACHER, "concern", "S-11 seen at #hotel-stay every week")
        .await;
    assert!(
        refused.contains("“hotel-stay” is not in the indicator catalog")
            && refused.contains("/indicators WORDS shows each sign with its #id")
            && refused.contains("Nothing was saved"),
        "{refused}"
    );
    assert!(t.all_concerns().await.is_empty());
    let found = t.say(TEACHER, "indicators", "hotel").await;
    assert!(found.contains("#sex-hotel-motel"), "{found}");
    let filed = t
        .say(
            TEACHER,
            "concern",
            "S-11 waits in room #3, #sex-hotel-motel",
        )
        .await;
    assert!(filed.contains("C-1001"), "{filed}");
}

/// An urgent one-liner that cannot be filed says to call 911 before anything else, and
/// `danger` (or `peligro`) first is the alarm, never a student's reference.
#[tokio::test]
async fn an_urgent_filing_that_is_refused_still_says_call_911_first() {
    let t = engine().await;
    for text in [
        "danger he is in a van outside now",
        "PELIGRO: está en una camioneta",
        "S-60 danger",
    ] {
        let o = t.run(TEACHER, text).await;
        match &o.reply.blocks[0] {
            Block::Warning { text: w } => assert!(w.contains("call 911 now"), "{text}: {w}"),
            other => panic!("{text}: the 911 warning must come first, got {other:?}"),
        }
        let reply = o.reply.to_text();
        assert!(reply.contains("Nothing was saved"), "{reply}");
        assert!(o.notifications.is_empty(), "{text}");
    }
    let refused = t.say(TEACHER, "concern", "danger he is in a van").await;
    assert!(refused.contains("Student reference: required"), "{refused}");
    assert!(t.all_concerns().await.is_empty(), "nothing was filed");
    // Not urgent: refused without the alarm.
    let plain = t.say(TEACHER, "concern", "S-61").await;
    assert!(!plain.contains("911 now"), "{plain}");
}

#[tokio::test]
async fn a_retried_request_never_files_a_second_concern() {
    let t = engine().await;
    let mut first = inv(TEACHER, "concern", "S-2 asked me about a modeling job");
    first.request_id = Some("trigger-123".into());
    let a = t.engine.handle(first.clone()).await;
    let b = t.engine.handle(first.clone()).await;
    assert_eq!(a.notifications.len(), 1);
    assert!(b.notifications.is_empty(), "nothing is queued twice");
    assert_eq!(a.reply, b.reply, "the same receipt, the same case number");
    let via_form = t
        .engine
        .submit_concern(
            &first,
            ConcernForm {
                student_ref: "S-2".into(),
                details: "again".into(),
                ..Default::default()
            },
        )
        .await;
    assert!(via_form.reply.to_text().contains("C-1001"));
    let store = &t.engine.store;
    assert_eq!(t.all_concerns().await.len(), 1);
    assert_eq!(store.pending_outbox(i64::MAX, 10).await.unwrap().len(), 1);
    assert_eq!(t.actions(1).await, vec![AuditAction::Filed]);
}

#[tokio::test]
async fn with_nobody_to_receive_it_the_receipt_says_so_even_on_a_repeat() {
    let t = engine().await;
    // Everyone at the demo school a teacher: no counselor, backup, coordinator or admin.
    let mut people = crate::demo::demo_people();
    for p in &mut people {
        p.roles = vec![Role::Teacher];
    }
    t.engine.store.import_people(&people, 0).await.unwrap();
    let mut first = inv(TEACHER, "concern", "S-9 was offered a job by an older man");
    first.request_id = Some("trigger-456".into());
    let a = t.engine.handle(first.clone()).await;
    let b = t.engine.handle(first).await;
    let text = a.reply.to_text();
    assert!(
        text.contains("Case C-1001 is saved, but no counselor is set up"),
        "{text}"
    );
    assert!(a.notifications.is_empty(), "nobody to send it to");
    assert_eq!(
        a.reply, b.reply,
        "the repeat gets the same receipt, warning first"
    );
    assert_eq!(t.all_concerns().await.len(), 1);
}

#[tokio::test]
async fn validation_names_each_field_and_saves_nothing() {
    let t = engine().await;
    let form = ConcernForm {
        student_ref: "  ".into(),
        indicators: vec!["sex-hotel-motel".into(), "nope".into()],
        details: String::new(),
        immediate_danger: false,
    };
    let errors = t.engine.validate_concern("en-US", &form);
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![field::STUDENT_REF, field::INDICATORS, field::DETAILS]
    );
    let text = t
        .engine
        .submit_concern(&inv(TEACHER, "concern", ""), form)
        .await
        .reply
        .to_text();
    assert!(text.contains("Student reference: required"), "{text}");
    assert!(
        text.contains("“nope” is not in the indicator catalog"),
        "{text}"
    );
    assert!(text.contains("Details: required"), "{text}");
    assert!(text.contains("Nothing was saved"), "{text}");

    let text = t.say(TEACHER, "concern", "S-3").await;
    assert!(text.contains("Details: required"), "{text}");
    let long_ref = "x".repeat(65);
    let text = t
        .say(TEACHER, "concern", &format!("{long_ref} details"))
        .await;
    assert!(text.contains("Student reference: at most 64"), "{text}");

    let store = &t.engine.store;
    assert!(t.all_concerns().await.is_empty());
    assert!(store.pending_outbox(i64::MAX, 10).await.unwrap().is_empty());

    // The Spanish reader gets Spanish field names.
    let mut i = inv(TEACHER, "concern", "S-3");
    i.locale = Some("es".into());
    let text = t.engine.handle(i).await.reply.to_text();
    assert!(text.contains("Detalles: obligatorios"), "{text}");
}

#[tokio::test]
async fn without_text_the_reply_is_the_form_with_localized_grouped_indicators() {
    let t = engine().await;
    let mut i = inv(TEACHER, "concern", "");
    i.locale = Some("es-MX".into());
    let reply = t.engine.handle(i).await.reply;
    let form = reply.form.as_ref().expect("a form");
    assert_eq!(form.id, concern::FORM_ID);
    let ids: Vec<&str> = form.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            field::STUDENT_REF,
            field::INDICATORS,
            field::DETAILS,
            field::IMMEDIATE_DANGER
        ]
    );
    let FormFieldKind::MultiSelect { groups } = &form.fields[1].kind else {
        panic!("indicators are a multi-select");
    };
    assert_eq!(groups.len(), 5);
    assert_eq!(groups[0].0, "Indicadores de trata con fines sexuales");
    assert_eq!(groups.iter().map(|g| g.1.len()).sum::<usize>(), 65);
    assert!(groups[0].1.iter().any(|(id, _)| id == "sex-hotel-motel"));
    assert!(matches!(form.fields[3].kind, FormFieldKind::YesNo { .. }));
    let text = reply.to_text();
    assert!(text.contains("/concern REF-ESTUDIANTE"), "{text}");
    assert!(t.all_concerns().await.is_empty());
}

#[tokio::test]
async fn the_counselor_reads_the_handoff_in_their_own_language() {
    let t = engine().await;
    let counselor = t.person_id(COUNSELOR).await;
    t.engine
        .store
        .set_locale(counselor, Some("es"))
        .await
        .unwrap();
    let o = t
        .run(TEACHER, "S-4 #labor-debt-to-employer says he owes his boss")
        .await;
    assert!(o.reply.to_text().contains("Concern received"));
    let text = o.notifications[0].reply.to_text();
    assert!(text.contains("Nueva preocupación C-1001"), "{text}");
    assert!(
        text.contains("Pasos ante una sospecha de trata infantil"),
        "{text}"
    );
    assert!(text.contains("noviembre"), "{text}");
    assert!(text.contains("[Confirmar]"), "{text}");
}

#[tokio::test]
async fn outsiders_get_the_same_refusal_whether_or_not_the_case_exists() {
    let t = engine().await;
    t.add(&[(
        "other-school",
        "Otto Other",
        "otto@example.org",
        vec![Role::Counselor],
    )])
    .await;
    t.run(TEACHER, &format!("S-5 {MARKER}")).await;
    for who in [TEACHER, "otto@example.org", "stranger@example.org"] {
        for sub in ["show", "ack", "note", "close", "audit"] {
            let existing = t.say(who, "concern", &format!("{sub} C-1001 x")).await;
            let missing = t.say(who, "concern", &format!("{sub} C-1999 x")).await;
            assert_eq!(existing, missing, "{who} {sub}");
            assert!(existing.contains("No case with that number"), "{existing}");
            assert!(!existing.contains(MARKER));
        }
    }
    let list = t.say(TEACHER, "concern", "list").await;
    assert!(list.contains("not available to you"), "{list}");
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert_eq!(c.state, ConcernState::Submitted, "nothing changed");
    let refused = t
        .actions(1)
        .await
        .into_iter()
        .filter(|a| *a == AuditAction::Refused)
        .count();
    assert_eq!(
        refused, 10,
        "each refusal of a real case by a roster member is audited"
    );
}

#[tokio::test]
async fn acknowledgement_tells_the_reporter_the_status_only_and_once() {
    let t = engine().await;
    t.run(TEACHER, &format!("S-{MARKER} {MARKER} details"))
        .await;
    let o = t.run(COUNSELOR, "ack c-1001").await;
    assert!(o.reply.to_text().contains("You acknowledged C-1001"));
    assert_eq!(recipients(&o), vec!["Dana Demo (demo teacher)"]);
    let notice = o.notifications[0].reply.to_text();
    assert!(
        notice.contains("C-1001") && notice.contains("acknowledged"),
        "{notice}"
    );
    assert!(!notice.contains(MARKER), "status only: {notice}");
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert_eq!(c.state, ConcernState::Acknowledged);
    assert_eq!(c.assigned_to, Some(t.person_id(COUNSELOR).await));
    assert!(c.acknowledged_ms.is_some());

    let again = t.run(COUNSELOR, "ack C-1001").await;
    assert!(again.reply.to_text().contains("already acknowledged"));
    assert!(again.notifications.is_empty());
    // A later referral does not tell the reporter again.
    let refer = t.run(COUNSELOR, "refer C-1001 cps").await;
    assert!(refer.notifications.is_empty());
    let status: Vec<_> = t
        .engine
        .store
        .pending_outbox(i64::MAX, 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == OutboxKind::Status)
        .collect();
    assert_eq!(status.len(), 1);
    assert!(!contains(&status[0].payload_sealed, "C-1001"), "sealed too");
}

/// A reporter who has since left the roster is not sent the status: nobody would see it,
/// and the admins would be told 24 hours later that it could not be delivered.
#[tokio::test]
async fn a_reporter_who_has_left_is_not_sent_the_status() {
    let t = engine().await;
    let lee = "lee@demo.safeharbor.invalid";
    t.add(&[("demo-school", "Lee Leaving", lee, vec![Role::Teacher])])
        .await;
    t.run(lee, "S-7 seen at a motel").await;
    t.add(&[("demo-school", "Lee Leaving", lee, vec![])]).await;

    let o = t.run(COUNSELOR, "ack C-1001").await;
    let reply = o.reply.to_text();
    assert!(reply.contains("You acknowledged C-1001"), "{reply}");
    assert!(!reply.contains("reporter was told"), "{reply}");
    assert!(o.notifications.is_empty(), "{:?}", recipients(&o));
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert_eq!(c.state, ConcernState::Acknowledged);
}

#[tokio::test]
async fn counselors_act_on_cases_and_every_read_and_change_is_audited() {
    let t = engine().await;
    t.add(&[(
        "demo-school",
        "Bea Backup",
        "bea@example.org",
        vec![Role::BackupCounselor],
    )])
    .await;
    t.run(TEACHER, "S-6 new phone and cash, tired in class")
        .await;

    let list = t.say(COUNSELOR, "concern", "list").await;
    assert!(list.contains("Open cases (1)"), "{list}");
    assert!(
        list.contains("C-1001: submitted") && list.contains("student S-6"),
        "{list}"
    );

    let noted = t
        .say(
            COUNSELOR,
            "concern",
            "note C-1001 NOTE-SECRET spoke with the nurse",
        )
        .await;
    assert!(noted.contains("Note added to C-1001"), "{noted}");
    let bad = t
        .say(COUNSELOR, "concern", "refer C-1001 nowhere-agency")
        .await;
    assert!(bad.contains("“nowhere-agency” is not cps"), "{bad}");
    // A referral before any acknowledgement acknowledges it: the reporter hears once.
    let referred = t
        .run(COUNSELOR, "refer C-1001 cps called the hotline")
        .await;
    assert!(
        referred
            .reply
            .to_text()
            .contains("Referral to child protective services")
    );
    assert_eq!(recipients(&referred), vec!["Dana Demo (demo teacher)"]);
    let not_counselor = t
        .say(
            COUNSELOR,
            "concern",
            "reassign C-1001 teacher@demo.safeharbor.invalid",
        )
        .await;
    assert!(
        not_counselor.contains("is not a counselor"),
        "{not_counselor}"
    );
    let reassigned = t.run(COUNSELOR, "reassign C-1001 BEA@example.org").await;
    assert_eq!(recipients(&reassigned), vec!["Bea Backup"]);
    let handoff = reassigned.notifications[0].reply.to_text();
    assert!(
        handoff.contains("new phone and cash") && handoff.contains("Assigned to: Bea Backup"),
        "{handoff}"
    );
    // Again to the same counselor: nothing moves, nobody is told twice.
    let again = t.run(COUNSELOR, "reassign C-1001 bea@example.org").await;
    assert!(again.notifications.is_empty());
    assert!(
        again
            .reply
            .to_text()
            .contains("C-1001 is already assigned to Bea Backup; nothing changed"),
        "{}",
        again.reply.to_text()
    );

    let usage = t.say("bea@example.org", "concern", "close C-1001").await;
    assert!(
        usage.contains("Usage: /concern close CASE outcome…"),
        "{usage}"
    );
    let closed = t
        .say(
            "bea@example.org",
            "concern",
            "close C-1001 CPS opened a case",
        )
        .await;
    assert!(closed.contains("C-1001 is closed"), "{closed}");
    let late = t.say(COUNSELOR, "concern", "note C-1001 more").await;
    assert!(late.contains("closed and cannot be changed"), "{late}");

    let shown = t.say(COORDINATOR, "concern", "show C-1001").await;
    assert!(shown.contains("Status: closed"), "{shown}");
    assert!(shown.contains("History"), "{shown}");
    assert!(
        shown.contains("added a note: NOTE-SECRET spoke with the nurse"),
        "{shown}"
    );
    assert!(
        shown.contains("recorded a referral → child protective services: called the hotline"),
        "{shown}"
    );
    assert_eq!(
        shown.matches("reassigned it → Bea Backup").count(),
        1,
        "{shown}"
    );
    assert!(shown.contains("closed it: CPS opened a case"), "{shown}");
    // Newest first: the closing above the note, the note above the filing.
    let at = |what: &str| {
        shown
            .find(what)
            .unwrap_or_else(|| panic!("{what}: {shown}"))
    };
    assert!(
        at("History, newest first") < at("closed it: CPS opened a case")
            && at("closed it: CPS opened a case") < at("added a note: NOTE-SECRET")
            && at("added a note: NOTE-SECRET") < at("filed it"),
        "{shown}"
    );
    assert!(
        !shown.contains("[Acknowledge]"),
        "no actions on a closed case"
    );

    let open_list = t.say(COUNSELOR, "concern", "list").await;
    assert!(open_list.contains("Open cases (0)"), "{open_list}");
    let all = t.say(COUNSELOR, "concern", "list all").await;
    assert!(all.contains("C-1001: closed"), "{all}");

    // Admins see every read too; counselors may not see the audit log.
    let refused = t.say(COUNSELOR, "concern", "audit C-1001").await;
    assert!(refused.contains("No case with that number"), "{refused}");
    let audit = t.say(COORDINATOR, "concern", "audit C-1001").await;
    assert!(audit.contains("Audit log of C-1001"), "{audit}");
    assert!(
        audit.contains("Casey Demo (demo counselor) saw it in a list"),
        "{audit}"
    );
    assert!(
        audit.contains("Jordan Demo (demo coordinator) viewed it"),
        "{audit}"
    );
    assert!(
        !audit.contains("NOTE-SECRET"),
        "the audit log shows who and what, not notes"
    );
    // Newest first: this very read heads it, the filing ends it.
    let items: Vec<&str> = audit
        .lines()
        .filter(|l| l.trim_start().starts_with("• "))
        .collect();
    assert!(
        items
            .first()
            .is_some_and(|l| l.contains("Jordan Demo (demo coordinator) viewed it"))
            && items.last().is_some_and(|l| l.contains("filed it")),
        "{audit}"
    );

    use AuditAction::*;
    let actions = t.actions(1).await;
    assert_eq!(
        actions,
        vec![
            Filed, Listed, Noted, Referred, Reassigned, Closed, Viewed, Listed, Refused, Viewed
        ]
    );
    let events = t.engine.store.concern_audit(1).await.unwrap();
    assert!(events.iter().all(|e| {
        e.note_sealed
            .as_deref()
            .is_none_or(|n| !contains(n, "NOTE-SECRET"))
    }));
    assert!(!contains(&t.database_bytes(), "NOTE-SECRET"));
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert_eq!(c.state, ConcernState::Closed);
    assert!(c.closed_ms.is_some() && c.acknowledged_ms.is_some());
    assert_eq!(c.assigned_to, Some(t.person_id("bea@example.org").await));
}

#[tokio::test]
async fn case_words_that_are_not_case_numbers_say_so() {
    let t = engine().await;
    let text = t.say(COUNSELOR, "concern", "show banana").await;
    assert!(text.contains("“banana” is not a case number"), "{text}");
    let text = t.say(COUNSELOR, "concern", "show").await;
    assert!(text.contains("Usage: /concern show CASE"), "{text}");
    assert_eq!(CaseRef::parse("C-1001"), Some(CaseRef(1)));
}

#[tokio::test]
async fn help_shows_the_concern_text_form_and_only_permitted_actions() {
    let t = engine().await;
    let teacher = t.say(TEACHER, "safeharbor", "help").await;
    assert!(
        teacher.contains("/concern STUDENT-REF details…"),
        "{teacher}"
    );
    assert!(!teacher.contains("/concern ack"), "{teacher}");
    let counselor = t.say(COUNSELOR, "safeharbor", "help").await;
    for usage in [
        "/concern ack CASE",
        "/concern note CASE text…",
        "/concern reassign CASE EMAIL",
        "/concern refer CASE cps|law_enforcement|PARTNER-ID",
        "/concern close CASE outcome…",
    ] {
        assert!(counselor.contains(usage), "{usage} missing: {counselor}");
    }
    assert!(!counselor.contains("/concern audit"), "admins only");
    let admin = t.say(COORDINATOR, "safeharbor", "help").await;
    assert!(admin.contains("/concern audit CASE"), "{admin}");
}

#[tokio::test]
async fn a_reporter_off_the_roster_is_still_heard_and_named_by_platform_id() {
    let t = engine().await;
    let counselor = t.person_id(COUNSELOR).await;
    t.engine
        .store
        .set_locale(counselor, Some("es"))
        .await
        .unwrap();
    // As a Slack modal submission would arrive, from someone the roster does not know.
    let mut from_slack = inv("U0NOTLISTED", "concern", "");
    from_slack.platform = Platform::Slack;
    from_slack.request_id = Some("view-V123".into());
    let o = t
        .engine
        .submit_concern(
            &from_slack,
            ConcernForm {
                student_ref: "S-9".into(),
                indicators: vec!["both-new-possessions".into()],
                details: "new phone, never eats lunch".into(),
                immediate_danger: false,
            },
        )
        .await;
    assert!(o.reply.to_text().contains("C-1001"));
    let text = o.notifications[0].reply.to_text();
    assert!(
        text.contains("Reportado por: alguien que no está en la lista del personal (usuario de slack U0NOTLISTED)"),
        "{text}"
    );
    let c = t.engine.store.concern(1).await.unwrap().unwrap();
    assert_eq!(
        (c.reporter_id, c.reporter_user_id.as_deref()),
        (None, Some("U0NOTLISTED"))
    );
    assert_eq!(c.request_key, "slack:view-V123");
    let shown = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert!(shown.contains("usuario de slack U0NOTLISTED"), "{shown}");
    // Nobody to tell on acknowledgement, and nothing breaks.
    let ack = t.run(COUNSELOR, "ack C-1001").await;
    assert!(ack.notifications.is_empty());
    assert_eq!(
        t.engine.store.concern(1).await.unwrap().unwrap().state,
        ConcernState::Acknowledged
    );
}

#[tokio::test]
async fn concern_help_shows_the_form_instead_of_filing() {
    let t = engine().await;
    let reply = t.engine.handle(inv(TEACHER, "concern", "help")).await.reply;
    assert!(reply.form.is_some());
    assert!(t.all_concerns().await.is_empty());
}

#[tokio::test]
async fn a_long_case_list_shows_the_newest_and_says_there_are_more() {
    let t = engine().await;
    let reporters: Vec<(String, String)> = (0..6)
        .map(|i| (format!("Teacher {i}"), format!("teacher{i}@example.org")))
        .collect();
    let rows: Vec<(&str, &str, &str, Vec<Role>)> = reporters
        .iter()
        .map(|(name, email)| {
            (
                "demo-school",
                name.as_str(),
                email.as_str(),
                vec![Role::Teacher],
            )
        })
        .collect();
    t.add(&rows).await;
    let total = CONCERN_LIST_MAX + 3;
    for i in 0..total {
        let (_, email) = &reporters[i % reporters.len()];
        let filed = t.run(email, &format!("S-{i} tired in class")).await;
        assert!(
            filed.reply.to_text().contains(&format!("C-{}", 1001 + i)),
            "{}",
            filed.reply.to_text()
        );
    }
    let list = t.say(COUNSELOR, "concern", "list").await;
    assert!(
        list.contains(&format!("Open cases ({CONCERN_LIST_MAX}+)")),
        "{list}"
    );
    assert!(
        list.contains(&format!("These are the {CONCERN_LIST_MAX} newest")),
        "{list}"
    );
    let newest = format!("C-{}:", 1000 + total);
    let oldest_shown = format!("C-{}:", 1000 + total - CONCERN_LIST_MAX + 1);
    let first_hidden = format!("C-{}:", 1000 + total - CONCERN_LIST_MAX);
    assert!(
        list.contains(&newest) && list.contains(&oldest_shown),
        "{list}"
    );
    assert!(
        !list.contains(&first_hidden) && !list.contains("C-1001:"),
        "{list}"
    );
    // An older case is still reached by its number.
    let old = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert!(old.contains("S-0"), "{old}");
}

#[tokio::test]
async fn a_case_number_alone_shows_the_case_instead_of_filing_one() {
    let t = engine().await;
    t.say(TEACHER, "concern", &format!("S-1 {MARKER} seen at a motel"))
        .await;
    let show = t.say(COUNSELOR, "concern", "show C-1001").await;
    for text in ["C-1001", "c1001", " C-1001 "] {
        let shown = t.say(COUNSELOR, "concern", text).await;
        assert_eq!(shown, show, "{text}");
    }
    assert!(show.contains(MARKER), "the counselor sees the case: {show}");
    // Someone who may not see the case gets the same refusal as with show.
    let refused = t.say(TEACHER, "concern", "C-1001").await;
    assert_eq!(refused, t.say(TEACHER, "concern", "show C-1001").await);
    assert!(!refused.contains(MARKER));
    // A bare number may be a student's: still the filing, which asks for details.
    let bare = t.say(TEACHER, "concern", "1001").await;
    assert!(bare.contains("Details: required"), "{bare}");
    assert_eq!(t.all_concerns().await.len(), 1, "nothing new was filed");
}

#[tokio::test]
async fn the_acknowledgement_says_who_has_the_case_now() {
    let t = engine().await;
    t.run(TEACHER, "S-1 seen at a motel").await;
    t.run(TEACHER, "S-2 seen at a motel").await;
    let mine = t.run(COUNSELOR, "ack C-1001").await.reply.to_text();
    assert!(
        mine.contains("You acknowledged C-1001; it is now assigned to you."),
        "{mine}"
    );
    // A coordinator's acknowledgement leaves the case with its counselor, and says so.
    let theirs = t.run(COORDINATOR, "ack C-1002").await.reply.to_text();
    assert!(
        theirs.contains("You acknowledged C-1002; it stays assigned to Casey Demo"),
        "{theirs}"
    );
    let c = t.engine.store.concern(2).await.unwrap().unwrap();
    assert_eq!(
        Some(c.assigned_to.unwrap()),
        Some(t.person_id(COUNSELOR).await)
    );
    // The list of every case does not suggest listing every case.
    let all = t.say(COORDINATOR, "concern", "list all").await;
    assert!(all.contains("C-1002") && !all.contains("list all"), "{all}");
    let open = t.say(COORDINATOR, "concern", "list").await;
    assert!(open.contains("list all"), "{open}");
}

/// Every subcommand declared in `commands/concern.toml` is routed by its name.
#[test]
fn every_declared_subcommand_is_routed() {
    let commands = crate::spec::Commands::load().unwrap();
    let spec = commands.by_id("concern").unwrap();
    for s in &spec.subcommands {
        assert_eq!(
            super::concern::concern_subcommand(&format!("{} C-1001", s.name)),
            Some(s.name.as_str())
        );
    }
}

/// The Spanish names act on a case where they cannot be a student's reference: before a
/// case number, and `lista` alone or with `todos`. Anywhere else the word is a student's.
#[tokio::test]
async fn case_subcommands_may_be_written_in_spanish() {
    let t = engine().await;
    t.say(TEACHER, "concern", &format!("S-1 {MARKER} seen at a motel"))
        .await;
    let show = t.say(COUNSELOR, "concern", "show C-1001").await;
    assert_eq!(t.say(COUNSELOR, "concern", "ver C-1001").await, show);
    assert_eq!(
        t.say(COUNSELOR, "concern", "lista").await,
        t.say(COUNSELOR, "concern", "list").await
    );
    let acked = t.say(COUNSELOR, "concern", "confirmar C-1001").await;
    assert!(acked.contains("C-1001"), "{acked}");
    t.say(
        COUNSELOR,
        "concern",
        "nota C-1001 NOTE-ES habló con la enfermera",
    )
    .await;
    let closed = t
        .say(COUNSELOR, "concern", "cerrar C-1001 se derivó a CPS")
        .await;
    assert!(closed.contains("C-1001"), "{closed}");
    let open = t.say(COUNSELOR, "concern", "lista").await;
    let all = t.say(COUNSELOR, "concern", "lista todos").await;
    assert!(
        !open.contains("C-1001") && all.contains("C-1001"),
        "{open}\n{all}"
    );
    let shown = t.say(COUNSELOR, "concern", "mostrar C-1001").await;
    assert!(shown.contains("NOTE-ES"), "{shown}");
    // Alone, a Spanish name answers with its usage as the English one does.
    for (es, en) in [("ver", "show"), ("nota", "note"), ("cerrar", "close")] {
        let usage = t.say(COUNSELOR, "concern", en).await;
        assert!(usage.contains(&format!("Usage: /concern {en}")), "{usage}");
        assert_eq!(t.say(COUNSELOR, "concern", es).await, usage);
    }
    assert_eq!(t.all_concerns().await.len(), 1, "nothing new was filed");

    // Not before a case number: a concern about a student referred to as "nota".
    let filed = t
        .say(
            TEACHER,
            "concern",
            "nota seen with an older adult at pickup",
        )
        .await;
    assert!(filed.contains("C-1002"), "{filed}");
    let concerns = t.all_concerns().await;
    assert_eq!(concerns.len(), 2);
}

/// Everything logged on this thread, at every level, while its guard lives (a
/// `#[tokio::test]` runs its tasks on the test's thread).
struct Logs(crate::telemetry::Captured);

impl Logs {
    fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let buf = crate::telemetry::Captured::default();
        let out = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || out.clone())
            .with_ansi(false)
            .finish();
        (Self(buf), tracing::subscriber::set_default(subscriber))
    }

    /// What was logged since the last take.
    fn take(&self) -> String {
        self.0.take()
    }
}

impl TestEngine {
    /// Replace a case's sealed content behind the store's back, as a damaged row or a
    /// row restored from a backup made under another key would be.
    async fn overwrite_sealed(&self, case: i64, sealed: &[u8]) {
        let pool = sqlx::SqlitePool::connect(&self.engine.config.database_url)
            .await
            .unwrap();
        sqlx::query("UPDATE concerns SET sealed = $1 WHERE id = $2")
            .bind(sealed)
            .bind(case)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }

    /// Cases 1 to `n` filed by the teacher.
    async fn file_cases(&self, n: i64) {
        for n in 1..=n {
            self.run(
                TEACHER,
                &format!("S-{n} new phone and cash, tired in class"),
            )
            .await;
        }
    }

    /// A case's content (holding [`MARKER`]) sealed under another key, as in a row
    /// restored from a backup made under it.
    async fn seal_under_another_key(&self, case: i64) {
        let content = serde_json::json!({
            "student_ref": format!("S-{MARKER}"),
            "details": format!("{MARKER} details"),
            "indicators": [],
        });
        let other_key = super::tests::test_key();
        self.overwrite_sealed(case, &other_key.seal(content.to_string().as_bytes()))
            .await;
    }

    /// A case's content damaged: it opens, and is not a case's content (it holds
    /// [`MARKER`]).
    async fn damage(&self, case: i64) {
        let sealed = self
            .engine
            .key
            .seal(format!("{MARKER} not json").as_bytes());
        self.overwrite_sealed(case, &sealed).await;
    }

    /// Cases 1 to 4 filed by the teacher; 2 sealed under another key, 4 damaged.
    async fn two_unreadable_cases(&self) {
        self.file_cases(4).await;
        self.seal_under_another_key(2).await;
        self.damage(4).await;
    }
}

/// Every reply and private message of an outcome, as text.
fn all_text(o: &Outcome) -> String {
    let mut text = o.reply.to_text();
    for n in &o.notifications {
        text.push_str(&n.reply.to_text());
    }
    text
}

/// A case whose content will not open with the data key (a damaged row, a row restored
/// from a backup under another key) never fails a list: the other cases are all there,
/// and it is listed by its number, school, status and dates, saying its content cannot be
/// opened. `show` says so too, records the view it shows, and the case can still be acted
/// on. Each request logs each such case once, by id and why; the admins get one alert per
/// case, however often it is looked at. Its content appears in no reply and no log line.
#[tokio::test]
async fn a_case_that_will_not_open_is_shown_by_its_number_and_never_breaks_a_list() {
    let t = engine().await;
    t.add(&[(
        "demo-school",
        "Bea Backup",
        "bea@example.org",
        vec![Role::BackupCounselor],
    )])
    .await;
    t.two_unreadable_cases().await;
    let school = t.engine.config.default_school().name.clone();
    let (logs, _guard) = Logs::capture();
    let mut everything = String::new();

    // The counselor's list: every case, the unreadable ones by what is stored in the clear.
    let listed = t.run(COUNSELOR, "list all").await;
    let text = listed.reply.to_text();
    let logged = logs.take();
    everything.push_str(&all_text(&listed));
    everything.push_str(&logged);
    assert!(!listed.unavailable, "{text}");
    assert!(!text.contains("Something went wrong"), "{text}");
    assert!(text.contains("All cases (4)"), "{text}");
    for n in [1, 3] {
        assert!(
            text.contains(&format!("C-100{n}: submitted"))
                && text.contains(&format!("student S-{n}")),
            "{text}"
        );
    }
    for n in [2, 4] {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("C-100{n}: ")))
            .unwrap_or_else(|| panic!("C-100{n} is listed: {text}"));
        assert!(
            line.contains(&format!("C-100{n}: submitted, {school}, filed "))
                && line.contains("last changed")
                && line.contains("assigned to Casey Demo (demo counselor)")
                && line.contains(
                    "its content cannot be opened with this server's data key: tell an admin"
                ),
            "{line}"
        );
        assert!(!line.contains("student"), "{line}");
    }
    // Logged once each, by id and why; the admin (the demo coordinator) alerted once each.
    for (id, kind) in [
        (2, "does not open with the data key"),
        (4, "not valid content"),
    ] {
        let lines: Vec<&str> = logged
            .lines()
            .filter(|l| l.contains(&format!("case_id={id} ")) && l.contains("cannot be opened"))
            .collect();
        assert_eq!(lines.len(), 1, "{logged}");
        assert!(
            lines[0].contains(kind) && lines[0].contains("admins_alerted=1"),
            "{}",
            lines[0]
        );
    }
    assert!(!logged.contains("storage problem"), "{logged}");
    assert_eq!(
        recipients(&listed),
        vec!["Jordan Demo (demo coordinator)"; 2]
    );
    for n in [4, 2] {
        let alert = listed.notifications[if n == 4 { 0 } else { 1 }]
            .reply
            .to_text();
        assert!(
            alert.contains(&format!(
                "Case C-100{n} at {school} cannot be opened with this server's data key"
            )),
            "{alert}"
        );
    }
    let outbox = t.engine.store.pending_outbox(i64::MAX, 100).await.unwrap();
    assert_eq!(
        outbox
            .iter()
            .filter(|r| r.kind == OutboxKind::Alert)
            .count(),
        2
    );

    // Listed again, by the admin: the same answer, and nobody is alerted twice.
    let again = t.run(COORDINATOR, "list all").await;
    everything.push_str(&all_text(&again));
    let logged = logs.take();
    everything.push_str(&logged);
    assert!(again.reply.to_text().contains("C-1003: submitted"));
    assert!(again.notifications.is_empty(), "one alert per case");
    assert!(logged.contains("admins_alerted=0"), "{logged}");

    // Shown: says so plainly, and the view it shows is recorded.
    let shown = t.run(COUNSELOR, "show C-1002").await;
    let text = shown.reply.to_text();
    everything.push_str(&all_text(&shown));
    let logged = logs.take();
    everything.push_str(&logged);
    assert!(
        !shown.unavailable && !text.contains("nothing was saved"),
        "{text}"
    );
    assert!(
        text.contains("Case C-1002")
            && text.contains("Status: submitted")
            && text.contains(&format!("School: {school}"))
            && text.contains("content (the student reference, what was observed, the details) cannot be opened with this server's data key")
            && text.contains("History")
            && !text.contains("Student reference"),
        "{text}"
    );
    assert_eq!(
        logged
            .lines()
            .filter(|l| l.contains("case_id=2 ") && l.contains("cannot be opened"))
            .count(),
        1,
        "{logged}"
    );
    assert_eq!(
        t.actions(2).await,
        vec![
            AuditAction::Filed,
            AuditAction::Listed,
            AuditAction::Listed,
            AuditAction::Viewed
        ]
    );

    // Acted on all the same; a new counselor hears of it by number.
    let acked = t.run(COUNSELOR, "ack C-1004").await;
    everything.push_str(&all_text(&acked));
    assert!(
        acked.reply.to_text().contains("You acknowledged C-1004"),
        "{}",
        acked.reply.to_text()
    );
    let moved = t.run(COUNSELOR, "reassign C-1002 bea@example.org").await;
    everything.push_str(&all_text(&moved));
    assert_eq!(recipients(&moved), vec!["Bea Backup"]);
    let said = moved.reply.to_text();
    assert!(
        said.contains("C-1002 is now assigned to Bea Backup")
            && said.contains("but not its details: its content cannot be opened")
            && !said.contains("sent the details"),
        "{said}"
    );
    let handoff = moved.notifications[0].reply.to_text();
    assert!(
        handoff.contains("New concern C-1002")
            && handoff.contains("cannot be opened with this server's data key")
            && handoff.contains("Assigned to: Bea Backup"),
        "{handoff}"
    );
    everything.push_str(&logs.take());

    assert!(!everything.contains(MARKER), "content leaked: {everything}");
}

/// A process still running with the key the database was re-keyed away from opens no
/// case: the cases are not at fault, so the admins are not alerted about each of them.
#[tokio::test]
async fn under_a_stale_key_the_cases_are_listed_and_nobody_is_alerted() {
    let t = engine().await;
    t.two_unreadable_cases().await;
    let new_key = super::tests::test_key();
    t.engine
        .store
        .set_meta(
            crate::store::rekey::KEY_CHECK,
            &crate::store::rekey::key_check(&new_key),
        )
        .await
        .unwrap();
    let (logs, _guard) = Logs::capture();
    let listed = t.run(COORDINATOR, "list").await;
    assert!(listed.reply.to_text().contains("Open cases (4)"));
    assert!(listed.notifications.is_empty());
    let logged = logs.take();
    assert!(logged.contains("admins not alerted"), "{logged}");
    assert!(!logged.contains(MARKER) && !listed.reply.to_text().contains(MARKER));
}

/// One case whose content will not open (a row sealed under another key, a damaged one)
/// never holds back escalation: a pass escalates it all the same, by its number, school,
/// status and who has it, saying its content cannot be opened, and every other case as
/// usual. The admin is alerted about it once, however many passes escalate it; each pass
/// logs it once, by id and why; its content appears in no message, log line or error.
#[tokio::test]
async fn a_case_that_will_not_open_still_escalates_and_holds_back_no_other() {
    use chrono::TimeZone;
    // Under another key, two passes (one per level); damaged, one late pass for both.
    for (another_key, passes) in [(true, vec![16, 15]), (false, vec![31])] {
        let start = Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap();
        let (engine, clock, dir) = super::checkin_tests::with_clock(start).await;
        let t = TestEngine { engine, dir };
        t.file_cases(2).await;
        if another_key {
            t.seal_under_another_key(2).await;
        } else {
            t.damage(2).await;
        }
        let school = t.engine.config.default_school().name.clone();
        let (logs, _guard) = Logs::capture();
        let mut everything = String::new();

        let mut escalated = 0;
        for minutes in &passes {
            clock.advance(chrono::Duration::minutes(*minutes));
            let report = t.engine.run_due().await;
            let logged = logs.take();
            everything.push_str(&logged);
            let report = match report {
                Ok(report) => report,
                Err(e) => {
                    assert!(!e.to_string().contains(MARKER), "content leaked: {e}");
                    panic!("the escalation pass failed: {e}");
                }
            };
            escalated += report.escalated;
            // Logged once a pass, by id and why, never with its content.
            let kind = if another_key {
                "does not open with the data key"
            } else {
                "not valid content"
            };
            let lines: Vec<&str> = logged
                .lines()
                .filter(|l| l.contains("case_id=2 ") && l.contains("cannot be opened"))
                .collect();
            assert_eq!(lines.len(), 1, "{logged}");
            assert!(lines[0].contains(kind), "{}", lines[0]);
        }
        // Both cases, at both levels.
        assert_eq!(escalated, 4, "another key: {another_key}");
        for n in 1..=2 {
            assert_eq!(
                t.actions(n).await,
                vec![
                    AuditAction::Filed,
                    AuditAction::Escalated,
                    AuditAction::Escalated
                ],
                "C-100{n}"
            );
        }

        let outbox = t.engine.store.pending_outbox(i64::MAX, 100).await.unwrap();
        let text = |r: &crate::store::OutboxRecord| {
            t.engine.open_payload(&r.payload_sealed).unwrap().to_text()
        };
        for r in &outbox {
            everything.push_str(&text(r));
        }
        let escalations = |case: i64| -> Vec<String> {
            outbox
                .iter()
                .filter(|r| r.kind == OutboxKind::Escalation && r.concern_id == Some(case))
                .map(text)
                .collect()
        };
        let normal = escalations(1);
        assert_eq!(normal.len(), 2, "{normal:?}");
        for e in &normal {
            assert!(
                e.contains("Case C-1001 has") && e.contains("Student reference: S-1"),
                "{e}"
            );
            assert!(!e.contains("cannot be opened"), "{e}");
        }
        let damaged = escalations(2);
        assert_eq!(damaged.len(), 2, "{damaged:?}");
        for e in &damaged {
            assert!(
                e.contains("Case C-1002 has")
                    && e.contains("not been acknowledged after")
                    && e.contains("Case: C-1002")
                    && e.contains(&format!("School: {school}"))
                    && e.contains("Status: ")
                    && e.contains("Assigned to: Casey Demo")
                    && e.contains("cannot be opened with this server's data key"),
                "{e}"
            );
            assert!(
                !e.contains("Student reference") && !e.contains("Details:"),
                "{e}"
            );
        }
        // One alert, to the admin (the demo coordinator), about that case only.
        let alerts: Vec<_> = outbox
            .iter()
            .filter(|r| r.kind == OutboxKind::Alert)
            .collect();
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].concern_id, Some(2));
        let coordinator = t
            .person_id(&format!("coordinator@{}", crate::demo::DEMO_DOMAIN))
            .await;
        assert_eq!(alerts[0].recipient_id, coordinator);
        let alert = text(alerts[0]);
        assert!(
            alert.contains(&format!(
                "Case C-1002 at {school} cannot be opened with this server's data key"
            )),
            "{alert}"
        );

        assert!(!everything.contains(MARKER), "content leaked: {everything}");
    }
}
