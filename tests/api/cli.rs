//! The binary as an operator uses it: console from a pipe, imports, exports, check-config, serve.
use std::time::{Duration, Instant};

use crate::helpers::{Scratch, text};

const ROSTER_HEADER: &str = "school_id,name,email,roles,locale,slack_user_id,discord_user_id,teams_user_id,teams_webhook_url";
/// A data key (32 bytes, base64), as an operator sets it.
const DATA_KEY: &str = "Q0xJVEVTVGtleTAxMjM0NTY3ODlhYmNkZWYwMTIzNDU=";
const OTHER_KEY: &str = "T1RIRVJrZXkwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc=";

#[test]
fn console_from_a_pipe_answers_each_line() {
    let s = Scratch::new();
    let out = s.run(
        &["console"],
        "/indicators hotel\nhello there\n/indicators zzzz\n",
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("DEMO DATA"), "{stdout}");
    assert!(stdout.contains("hotels, motels"), "{stdout}");
    assert!(stdout.contains("Noticed this? Use /concern. Don't question the student yourself."));
    assert!(
        stdout.contains("Commands start with a slash"),
        "a non-command line shows help: {stdout}"
    );
    assert!(
        stdout.contains("Nothing in the catalog matched “zzzz”"),
        "{stdout}"
    );
    assert!(
        s.path().join("safeharbor.db").exists(),
        "the SQLite file is created on first run"
    );
}

#[test]
fn console_as_picks_the_person() {
    let s = Scratch::new();
    let (stdout, _) = text(&s.run(&["console", "--as", "counselor"], ""));
    assert!(stdout.contains("Casey Demo (demo counselor)"), "{stdout}");
    let out = s.run(&["console", "--as", "nobody@example.org"], "");
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("nobody on the roster matches \"nobody@example.org\""),
        "{stderr}"
    );
}

#[test]
fn roster_import_validates_everything_and_reimport_updates() {
    let s = Scratch::new();
    let bad = format!(
        "{ROSTER_HEADER}\n\
demo-school,Ana Ruiz,ana@example.org,teacher,es,U0123ABCD,,,\n\
demo-school,Bo,bo@,counselor;wizard,,,,,\n\
nowhere,Cy,cy@example.org,teacher,,,,,https://secret.example/hook?sig=TOPSECRET\n"
    );
    let file = s.write("bad.csv", bad.as_bytes());
    let out = s.run(&["roster", "import", file.to_str().unwrap()], "");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 3, field email"), "{stderr}");
    assert!(
        stderr.contains("line 3, field roles: \"wizard\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, field school_id: \"nowhere\""),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    // Nothing was saved: Ana is not there.
    let (stdout, _) = text(&s.run(&["roster", "export"], ""));
    assert_eq!(
        stdout.trim(),
        ROSTER_HEADER,
        "demo people are not exported, and nobody else exists"
    );

    let good = format!(
        "{ROSTER_HEADER}\n\
demo-school,Ana Ruiz,ana@example.org,teacher,es,U0123ABCD,,,\n\
demo-school,Bo Chen,bo@example.org,counselor;nurse,,,,,https://flows.example/hook?sig=TOPSECRET\n"
    );
    let file = s.write("good.csv", good.as_bytes());
    // Webhook URLs are stored sealed under the data key, so these runs have it.
    let keyed = |args: &[&str], stdin: &str| {
        let mut c = s.command(args);
        c.env("SAFEHARBOR_DATA_KEY", DATA_KEY);
        s.run_with(c, stdin)
    };
    let (stdout, stderr) = text(&keyed(&["roster", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("2 added, 0 updated"), "{stdout}{stderr}");
    let (stdout, _) = text(&keyed(&["roster", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("0 added, 2 updated"), "{stdout}");
    let (stdout, _) = text(&s.run(&["roster", "export"], ""));
    assert!(
        stdout.contains("ana@example.org") && stdout.contains("counselor;nurse"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("TOPSECRET"),
        "webhook URLs are secrets: {stdout}"
    );
    let (stdout, _) = text(&keyed(&["roster", "export", "--include-secrets"], ""));
    assert!(stdout.contains("TOPSECRET"), "{stdout}");
    // The imported person can use the console, in their language.
    let (stdout, _) = text(&keyed(
        &["console", "--as", "ana@example.org"],
        "/indicators deuda\n",
    ));
    assert!(stdout.contains("No interrogue"), "{stdout}");
}

#[test]
fn roster_webhook_urls_are_sealed_in_the_file_and_need_the_data_key() {
    let s = Scratch::new();
    let roster = format!(
        "{ROSTER_HEADER}\n\
demo-school,Bo Chen,bo@example.org,counselor,,,,,https://flows.example/workflows/1/invoke?sig=MARKER-SIG-77\n"
    );
    let file = s.write("roster.csv", roster.as_bytes());
    let with_key = |key: &str, args: &[&str]| {
        let mut c = s.command(args);
        c.env("SAFEHARBOR_DATA_KEY", key);
        text(&s.run_with(c, ""))
    };

    // Without a data key, a roster with webhook URLs is refused, and nothing is written.
    let out = s.run(&["roster", "import", "roster.csv"], "");
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("SAFEHARBOR_DATA_KEY") && stderr.contains("Nothing was imported"),
        "{stderr}"
    );
    let (stdout, _) = text(&s.run(&["roster", "export"], ""));
    assert_eq!(stdout.trim(), ROSTER_HEADER);

    // With it, the URL is stored, and the database file never holds it in plain text.
    let (stdout, stderr) = with_key(DATA_KEY, &["roster", "import", file.to_str().unwrap()]);
    assert!(stdout.contains("1 added, 0 updated"), "{stdout}{stderr}");
    let db = s.path().join("safeharbor.db");
    let mut at_rest = std::fs::read(&db).unwrap();
    at_rest.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    assert!(
        !at_rest.windows(10).any(|w| w == b"MARKER-SIG"),
        "the webhook URL is in the database file in plain text"
    );

    // Exports: without --include-secrets (no key needed) the URL is left out; with it,
    // the key gives the URL back.
    let (stdout, _) = text(&s.run(&["roster", "export"], ""));
    assert!(
        stdout.contains("bo@example.org") && !stdout.contains("MARKER-SIG"),
        "{stdout}"
    );
    let out = s.run(&["roster", "export", "--include-secrets"], "");
    let (stdout, stderr) = text(&out);
    assert!(
        !out.status.success() && !stdout.contains("MARKER-SIG"),
        "{stdout}"
    );
    assert!(stderr.contains("SAFEHARBOR_DATA_KEY"), "{stderr}");
    let (stdout, _) = with_key(DATA_KEY, &["roster", "export", "--include-secrets"]);
    assert!(
        stdout.contains("https://flows.example/workflows/1/invoke?sig=MARKER-SIG-77"),
        "{stdout}"
    );
    // To a file: readable by its owner only, even over a file that was world-readable.
    let out_file = s.write("secrets.csv", b"old");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out_file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let path = out_file.to_str().unwrap();
        with_key(
            DATA_KEY,
            &["roster", "export", "--include-secrets", "--out", path],
        );
        let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
        let written = std::fs::read_to_string(&out_file).unwrap();
        assert!(written.contains("MARKER-SIG-77") && !written.starts_with("old"));
    }

    // Another key: a clear error that names the key, never the URL; the console and
    // check-config say the same.
    for args in [
        &["roster", "export", "--include-secrets"][..],
        &["console", "--as", "bo@example.org"],
        &["check-config"],
    ] {
        let (stdout, stderr) = with_key(OTHER_KEY, args);
        let all = format!("{stdout}{stderr}");
        assert!(
            all.contains("the Teams webhook URL stored for person ")
                && all.contains("does not open with this data key: SAFEHARBOR_DATA_KEY"),
            "{args:?}: {all}"
        );
        assert!(
            !all.contains("MARKER-SIG") && !all.contains("flows.example"),
            "{all}"
        );
    }
}

/// A roster file with only a new counselor puts them first (their row in that file): the
/// import says so, and how to keep the primary; demoting the only counselor is said too.
#[test]
fn a_roster_import_that_changes_the_primary_counselor_says_so() {
    let s = Scratch::new();
    let import = |rows: &str| {
        let file = s.write("r.csv", format!("{ROSTER_HEADER}\n{rows}").as_bytes());
        let out = s.run(&["roster", "import", file.to_str().unwrap()], "");
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stdout}{stderr}");
        stdout
    };
    let first = import(
        "demo-school,Tess Teacher,tess@example.org,teacher,,,,,\n\
         demo-school,Carlos Primary,carlos@example.org,counselor,,,,,\n",
    );
    assert!(!first.contains("primary counselor"), "{first}");
    let newbie = import("demo-school,Newbie Counselor,newc@example.org,counselor,,,,,\n");
    assert!(
        newbie.contains(
            "demo-school: the primary counselor (new concerns go to them first) is now \
             Newbie Counselor <newc@example.org>, before Carlos Primary <carlos@example.org>"
        ),
        "{newbie}"
    );
    let same = import(
        "demo-school,Newbie Counselor,newc@example.org,counselor,,,,,\n\
         demo-school,Carlos Primary,carlos@example.org,backup_counselor,,,,,\n",
    );
    assert!(!same.contains("primary counselor"), "{same}");
    let none = import("demo-school,Newbie Counselor,newc@example.org,teacher,,,,,\n");
    assert!(
        none.contains("demo-school: has no counselor now (before: Newbie Counselor"),
        "{none}"
    );
    let back = import("demo-school,Newbie Counselor,newc@example.org,counselor,,,,,\n");
    assert!(
        back.contains(
            "demo-school: has a counselor again: new concerns go to Newbie Counselor <newc@example.org> first"
        ),
        "{back}"
    );
    assert!(!first.contains("again"), "{first}");
}

/// A manifest with http:// URLs is printed (a local look) with a warning naming where the
/// URL came from; an https:// one without; a URL with no scheme is refused.
#[test]
fn a_manifest_says_when_its_urls_are_not_https() {
    let s = Scratch::new();
    let out = s.run(&["manifest", "slack"], "");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.contains("http://127.0.0.1:8080/slack/commands"));
    assert!(
        stderr.contains(
            "warning: Slack accepts only https:// URLs, and these come from SAFEHARBOR_PUBLIC_URL \"http://127.0.0.1:8080\""
        ),
        "{stderr}"
    );
    let out = s.run(
        &["manifest", "slack", "--base-url", "https://sh.example"],
        "",
    );
    let (_, stderr) = text(&out);
    assert!(
        out.status.success() && !stderr.contains("warning"),
        "{stderr}"
    );
    let out = s.run(&["manifest", "teams", "--base-url", "sh.example"], "");
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--base-url \"sh.example\" must start with https://"),
        "{stderr}"
    );
}

/// `roster remove`: everyone named or nobody; the person keeps their name in history but
/// has no roles, no platform, no access and no place in exports; what they still hold is
/// named; importing them again restores them.
#[test]
fn a_person_who_left_is_removed_and_what_they_hold_is_named() {
    let s = Scratch::new();
    let roster = format!(
        "{ROSTER_HEADER}\n\
demo-school,Tess Teacher,tess@example.org,teacher,,,,,\n\
demo-school,Carlos Primary,carlos@example.org,counselor,,U012AB3CD,,,\n\
demo-school,Rob Backup,rob@example.org,counselor,,,,,\n"
    );
    let file = s.write("r.csv", roster.as_bytes());
    let (stdout, stderr) = text(&s.run(&["roster", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("3 added"), "{stdout}{stderr}");
    // Carlos gets a case.
    let (out, _) = text(&s.run(
        &["console", "--as", "tess@example.org"],
        "/concern S-1 seen at a motel\n",
    ));
    assert!(out.contains("C-1001"), "{out}");
    // And check-ins of it, with Rob.
    let (out, _) = text(&s.run(
        &["console", "--as", "carlos@example.org"],
        "/checkin schedule C-1001 every 1 week on mon at 15:00 with carlos@example.org,rob@example.org\n",
    ));
    assert!(out.contains("Check-in plan 1"), "{out}");

    // An unknown email: nobody is removed.
    let out = s.run(
        &[
            "roster",
            "remove",
            "carlos@example.org",
            "nobody@example.org",
        ],
        "",
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("not on the roster: nobody@example.org; nobody was removed"),
        "{stderr}"
    );
    let (export, _) = text(&s.run(&["roster", "export"], ""));
    assert!(export.contains("carlos@example.org"), "{export}");

    let out = s.run(&["roster", "remove", "CARLOS@example.org"], "");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("removed Carlos Primary <carlos@example.org>: no roles and no platform now")
            && stdout.contains("still assigned to open case(s) C-1001")
            && stdout.contains("Carlos Primary <carlos@example.org> still holds:\n  still assigned to open case(s) C-1001")
            && stdout.contains("\n  assigned to check-in plan(s) 1: give each to someone else with /checkin change PLAN with EMAIL")
            && stdout.contains(
                "demo-school: the primary counselor (new concerns go to them first) is now Rob Backup <rob@example.org>"
            ),
        "{stdout}"
    );
    // In the order `roster import` says them: who now gets concerns first, then what is
    // left to hand over.
    assert!(
        stdout.find("the primary counselor") < stdout.find("still holds:"),
        "{stdout}"
    );
    let (export, _) = text(&s.run(&["roster", "export"], ""));
    assert!(
        !export.contains("carlos@example.org") && export.contains("rob@example.org"),
        "{export}"
    );
    // No counselor's view any more, and a new concern goes to Rob.
    let (out, _) = text(&s.run(
        &["console", "--as", "carlos@example.org"],
        "/concern list\n",
    ));
    assert!(!out.contains("C-1001"), "{out}");
    let (out, _) = text(&s.run(
        &["console", "--as", "tess@example.org"],
        "/concern S-2 asked about a modeling job\n",
    ));
    assert!(out.contains("[private → Rob Backup"), "{out}");
    // The case's history still names him.
    let (out, _) = text(&s.run(
        &["console", "--as", "rob@example.org"],
        "/concern show C-1001\n",
    ));
    assert!(out.contains("Carlos Primary"), "{out}");
    // His plan shows he has left, and is handed to Rob alone; Carlos is told nothing.
    let (out, _) = text(&s.run(
        &["console", "--as", "rob@example.org"],
        "/checkin list\n/checkin change 1 with rob@example.org\n/checkin log 1\n",
    ));
    assert!(
        out.contains("with Carlos Primary (no longer on the roster), Rob Backup"),
        "{out}"
    );
    assert!(out.contains("is now with Rob Backup"), "{out}");
    assert!(!out.contains("[private → Carlos"), "{out}");
    assert!(
        out.contains("people changed by Rob Backup with Rob Backup"),
        "{out}"
    );
    // Importing him again restores him.
    let (stdout, _) = text(&s.run(&["roster", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("3 updated"), "{stdout}");
    let (export, _) = text(&s.run(&["roster", "export"], ""));
    assert!(
        export.contains("carlos@example.org,counselor,,U012AB3CD"),
        "{export}"
    );
    // A file that makes him a teacher names what he may no longer handle; Tess, whose
    // row is the same, is not mentioned.
    let demoted = s.write(
        "d.csv",
        format!(
            "{ROSTER_HEADER}\n\
demo-school,Tess Teacher,tess@example.org,teacher,,,,,\n\
demo-school,Carlos Primary,carlos@example.org,teacher,,U012AB3CD,,,\n"
        )
        .as_bytes(),
    );
    let (stdout, stderr) = text(&s.run(&["roster", "import", demoted.to_str().unwrap()], ""));
    assert!(
        stdout.contains(
            "Carlos Primary <carlos@example.org> may no longer handle what they hold (roles now: teacher):\n  still assigned to open case(s) C-1001"
        ),
        "{stdout}{stderr}"
    );
    assert!(!stdout.contains("Tess"), "{stdout}");
}

/// check-config names the people private messages cannot reach: no Slack id, Discord id or
/// Teams webhook URL.
#[test]
fn check_config_lists_people_with_no_platform() {
    let s = Scratch::new();
    let roster = format!(
        "{ROSTER_HEADER}\n\
demo-school,Cy Slack,cy@example.org,counselor,,U012AB3CD,,,\n\
demo-school,Di Nowhere,di@example.org,backup_counselor,,,,,\n"
    );
    let file = s.write("roster.csv", roster.as_bytes());
    let out = s.run(&["roster", "import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{:?}", text(&out));
    let mut c = s.command(&["check-config"]);
    c.env("SAFEHARBOR_DATA_KEY", DATA_KEY);
    let (stdout, _) = text(&s.run_with(c, ""));
    assert!(
        stdout.contains(
            "1 on the roster with no Slack id, Discord id or Teams webhook URL: private \
             messages reach them only in a console; after 24 hours the admins are told \
             (e.g. di@example.org)"
        ),
        "{stdout}"
    );
}

/// A check-in plan of a school the configuration no longer has sends nothing: check-config
/// names it (and the people left at that school).
#[test]
fn check_config_names_plans_of_a_school_no_longer_configured() {
    let s = Scratch::new();
    let roster = format!(
        "{ROSTER_HEADER}\n\
demo-school,Tess Teacher,tess@example.org,teacher,,,,,\n\
demo-school,Carlos Primary,carlos@example.org,counselor,,U012AB3CD,,,\n"
    );
    let file = s.write("r.csv", roster.as_bytes());
    let out = s.run(&["roster", "import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{:?}", text(&out));
    let (out, _) = text(&s.run(
        &["console", "--as", "tess@example.org"],
        "/concern S-1 seen at a motel\n",
    ));
    assert!(out.contains("C-1001"), "{out}");
    let (out, _) = text(&s.run(
        &["console", "--as", "carlos@example.org"],
        "/checkin schedule C-1001 every 1 week on mon at 15:00 with carlos@example.org\n",
    ));
    assert!(out.contains("Check-in plan 1"), "{out}");

    // The district renames the school in its configuration.
    s.write(
        "safeharbor.toml",
        b"[[schools]]\nid = \"lincoln-hs\"\nname = \"Lincoln\"\ntime_zone = \"America/Phoenix\"\n",
    );
    let mut c = s.command(&["check-config"]);
    c.env("SAFEHARBOR_DATA_KEY", DATA_KEY);
    let out = s.run_with(c, "");
    let (stdout, _) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "✗ check-in plan(s) 1 (demo-school) belong to a school safeharbor.toml does not have"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "people on the roster at school(s) safeharbor.toml does not have: demo-school"
        ),
        "{stdout}"
    );
}

#[test]
fn roster_import_rejects_a_wrong_header_and_invalid_utf8() {
    let s = Scratch::new();
    let file = s.write("h.csv", b"name,email\nAna,ana@example.org\n");
    let out = s.run(&["roster", "import", file.to_str().unwrap()], "");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("line 1 (the header) must be exactly"),
        "{stderr}"
    );
    let mut bytes = format!("{ROSTER_HEADER}\n").into_bytes();
    bytes.extend_from_slice(b"demo-school,Ana \xff,ana@example.org,teacher,,,,,\n");
    let file = s.write("u.csv", &bytes);
    let (_, stderr) = text(&s.run(&["roster", "import", file.to_str().unwrap()], ""));
    assert!(
        stderr.contains("line 2") && stderr.contains("UTF-8"),
        "{stderr}"
    );
}

#[test]
fn partners_import_export_round_trip_and_hsds() {
    let s = Scratch::new();
    let (shipped, _) = text(&s.run(&["partners", "export"], ""));
    assert!(
        shipped.contains("National Human Trafficking Hotline"),
        "{shipped}"
    );
    let header = shipped.lines().next().unwrap().to_string();
    let csv = format!(
        "{header}\n\
safe-house,Desert Safe House,housing_shelter,Emergency beds,602-555-0100,,,,1 Hidden Rd,Phoenix,AZ,85004,Maricopa County,,yes,en;es,yes,2026-01-15,yes,2026-11-01,ops@example.org\n"
    );
    let file = s.write("p.csv", csv.as_bytes());
    let (stdout, stderr) = text(&s.run(&["partners", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("1 added, 0 updated"), "{stdout}{stderr}");
    let (stdout, _) = text(&s.run(&["partners", "import", file.to_str().unwrap()], ""));
    assert!(stdout.contains("0 added, 1 updated"), "{stdout}");
    let (exported, _) = text(&s.run(&["partners", "export"], ""));
    assert!(
        exported.contains("safe-house,Desert Safe House"),
        "{exported}"
    );
    assert_eq!(exported.lines().count(), shipped.lines().count() + 1);

    let (stdout, _) = text(&s.run(&["console"], "/partners shelter\n"));
    assert!(
        stdout.contains("Desert Safe House") && !stdout.contains("1 Hidden Rd"),
        "{stdout}"
    );

    let bad = format!("{header}\nx,,nope,,,,,,,,,,,,,,,,,,\n");
    let file = s.write("bad.csv", bad.as_bytes());
    let out = s.run(&["partners", "import", file.to_str().unwrap()], "");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("line 2, field category: \"nope\""),
        "{stderr}"
    );

    let out = s.run(
        &["partners", "export", "--format", "hsds", "--out", "hsds"],
        "",
    );
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let package = std::fs::read_to_string(s.path().join("hsds/datapackage.json")).unwrap();
    assert!(package.contains("organization"), "{package}");
    for entry in std::fs::read_dir(s.path().join("hsds")).unwrap() {
        let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !body.contains("1 Hidden Rd"),
            "a confidential address was exported"
        );
    }
}

#[test]
fn check_config_reports_problems_in_plain_words() {
    let s = Scratch::new();
    s.write(
        "safeharbor.toml",
        b"[[schools]]\nid = \"a\"\nname = \"A\"\ntime_zone = \"Mars/Base\"\n",
    );
    let out = s.run(&["check-config"], "");
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("time_zone \"Mars/Base\" is not an IANA time zone"),
        "{stdout}"
    );

    // A misspelt key: named, counted as a problem, and logged by the other commands.
    let s = Scratch::new();
    s.write(
        "safeharbor.toml",
        b"[[schools]]\nid = \"a\"\nname = \"A\"\ntime_zone = \"UTC\"\nescalation_minute = 5\n",
    );
    let mut c = s.command(&["check-config"]);
    c.env("SAFEHARBOR_DATA_KEY", DATA_KEY);
    let out = s.run_with(c, "");
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("✗ safeharbor.toml: `schools #1.escalation_minute` is not a setting SafeHarbor knows, so it is ignored"),
        "{stdout}"
    );
    let (_, stderr) = text(&s.run(&["migrate"], ""));
    assert!(
        stderr.contains("safeharbor.toml has a key SafeHarbor does not know")
            && stderr.contains("schools #1.escalation_minute"),
        "{stderr}"
    );

    // A new database (before any migrate or import): its migrations to come are named,
    // and its empty roster is the problem it is (it used to pass, the error dropped).
    let s = Scratch::new();
    s.write(
        "safeharbor.toml",
        b"[[schools]]\nid = \"a\"\nname = \"A\"\ntime_zone = \"UTC\"\n",
    );
    let check = || {
        let mut c = s.command(&["check-config"]);
        c.env("SAFEHARBOR_DATA_KEY", DATA_KEY);
        s.run_with(c, "")
    };
    let out = check();
    let (stdout, _) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("migration(s) of this version to apply: `safeharbor migrate`")
            && stdout.contains("✗ school \"a\" has no counselor on the roster")
            && !stdout.contains("configuration OK"),
        "{stdout}"
    );
    // Written by a newer SafeHarbor: said plainly.
    assert!(s.run(&["migrate"], "").status.success());
    let url = format!("sqlite://{}", s.path().join("safeharbor.db").display());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', TRUE, X'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    });
    let out = check();
    let (stdout, _) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("✗ this database was last written by a newer SafeHarbor (migration 9999"),
        "{stdout}"
    );

    let s = Scratch::new();
    let out = s.run(&["check-config"], "");
    let (stdout, _) = text(&out);
    assert!(!out.status.success(), "no data key is a problem: {stdout}");
    assert!(
        stdout.contains("demo district") && stdout.contains("SAFEHARBOR_DATA_KEY"),
        "{stdout}"
    );
    let mut c = s.command(&["check-config"]);
    c.env(
        "SAFEHARBOR_DATA_KEY",
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    );
    // Discord's public key alone: its route answers commands, but nothing private goes out.
    c.env("DISCORD_PUBLIC_KEY", "00".repeat(32));
    let out = s.run_with(c, "");
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("slack is off (missing SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "discord answers commands, but cannot send private messages (handoffs, reminders) \
             until these are set: DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID"
        ),
        "{stdout}"
    );
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let s = Scratch::new();
    let mut c = s.command(&["console"]);
    c.env("DATABASE_URL", "postgres://postgres:hunter2@127.0.0.1:1/x");
    let out = s.run_with(c, "");
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("cannot open the database postgres://postgres:***@127.0.0.1:1/x"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether a server answers /readyz with 200 on `port` within 20 s.
fn ready(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(mut conn) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            conn.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut resp = String::new();
            let _ = conn.read_to_string(&mut resp);
            if resp.starts_with("HTTP/1.1 200") {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn serve_refuses_without_a_key_and_dev_mode_makes_a_private_one() {
    let s = Scratch::new();
    let out = s.run(&["serve", "--listen", "127.0.0.1:0"], "");
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("no data key") && stderr.contains("--dev"),
        "{stderr}"
    );

    let port = free_port();
    let mut child = s
        .command(&["serve", "--dev", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(ready(port), "serve did not become ready");
    let key = s.path().join("safeharbor-dev.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // SIGTERM: a graceful stop with exit status 0.
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains("safeharbor-dev.key"),
        "the key path is logged: {stderr}"
    );
    assert!(
        stderr.contains("platform off") && stderr.contains("DISCORD_PUBLIC_KEY"),
        "{stderr}"
    );
    assert!(stderr.contains("shutting down"), "{stderr}");
    // After a clean stop the database file alone holds everything: its write-ahead log
    // was folded in, so a copy of `safeharbor.db` by itself has the tables.
    let wal = s.path().join("safeharbor.db-wal");
    assert!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0,
        "the write-ahead log is left with data after a clean stop"
    );
    let copy = s.path().join("copy.db");
    std::fs::copy(s.path().join("safeharbor.db"), &copy).unwrap();
    let url = format!("sqlite://{}", copy.display());
    let tables: i64 = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'concerns'")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    });
    assert_eq!(tables, 1, "the copy of the .db file alone has the tables");
}

/// Every byte SQLite keeps: the main file, the write-ahead log and the shared memory.
fn database_bytes(s: &Scratch) -> Vec<u8> {
    let mut all = Vec::new();
    for name in ["safeharbor.db", "safeharbor.db-wal", "safeharbor.db-shm"] {
        if let Ok(b) = std::fs::read(s.path().join(name)) {
            all.extend(b);
        }
    }
    assert!(!all.is_empty(), "the database exists");
    all
}

/// Every sealed value in the scratch database (each column `rekey` re-seals,
/// `SEALED_COLUMNS`), and the key check, read with SQL, in a fixed order.
fn sealed_values(s: &Scratch) -> Vec<(String, Option<Vec<u8>>)> {
    use sqlx::Row;
    let url = format!("sqlite://{}", s.path().join("safeharbor.db").display());
    let columns = safeharbor::store::rekey::SEALED_COLUMNS.iter().map(|c| {
        format!(
            "SELECT '{name}', {col} FROM {t} ORDER BY {keys}",
            name = c.name(),
            col = c.column,
            t = c.table,
            keys = c.keys.join(", ")
        )
    });
    let meta =
        std::iter::once("SELECT key, CAST(value AS BLOB) FROM meta ORDER BY key".to_string());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let mut out = vec![];
        for sql in columns.chain(meta) {
            for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&pool)
                .await
                .unwrap()
            {
                out.push((row.get::<String, _>(0), row.get::<Option<Vec<u8>>, _>(1)));
            }
        }
        pool.close().await;
        out
    })
}

fn has(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Log text without terminal colour codes.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Run the console from a pipe as someone, with every log line on.
fn console_traced(s: &Scratch, who: &str, input: &str) -> (String, String) {
    let mut c = s.command(&["console", "--as", who]);
    c.env("RUST_LOG", "trace");
    let out = s.run_with(c, input);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    (stdout, stderr)
}

#[test]
fn a_concern_through_the_console_never_leaks_its_content() {
    const MARKER: &str = "MARKER-7f3a";
    let s = Scratch::new();

    // A teacher files a concern (immediate danger) from a pipe; no data key is configured.
    let (stdout, stderr) = console_traced(
        &s,
        "teacher",
        &format!("/concern S-{MARKER} danger saw {MARKER} get into a van at #sex-hotel-motel\n"),
    );
    let (receipt, private) = stdout
        .split_once("[private → ")
        .expect("the counselor's private message is shown");
    assert!(receipt.contains("call 911 now"), "{receipt}");
    assert!(
        receipt.contains("Concern received: case C-1001"),
        "{receipt}"
    );
    assert!(
        !receipt.contains(MARKER),
        "the receipt leaks content: {receipt}"
    );
    assert!(
        private.starts_with("Casey Demo (demo counselor)]"),
        "{private}"
    );
    assert!(
        private.contains(&format!("Student reference: S-{MARKER}")),
        "{private}"
    );
    assert!(
        private.contains(&format!("saw {MARKER} get into a van")),
        "{private}"
    );
    assert!(
        stderr.contains("development key file"),
        "a dev key is announced: {stderr}"
    );
    assert!(s.path().join("safeharbor-dev.key").exists());
    assert!(!stderr.contains(MARKER), "the marker reached the logs");
    assert!(
        strip_ansi(&stderr).contains("concern filed case_id=1"),
        "ids are logged"
    );

    // The counselor lists, reads and acknowledges it; the reporter hears the status only.
    let (stdout, stderr) = console_traced(
        &s,
        "counselor",
        "/concern list\n/concern show C-1001\n/concern ack C-1001\n",
    );
    assert!(!stderr.contains(MARKER), "the marker reached the logs");
    assert!(stdout.contains(&format!("student S-{MARKER}")), "{stdout}");
    let (_, notice) = stdout
        .split_once("[private → Dana Demo (demo teacher)]")
        .expect("the reporter is told");
    assert!(
        notice.contains("C-1001") && notice.contains("acknowledged"),
        "{notice}"
    );
    assert!(!notice.contains(MARKER), "status only: {notice}");

    // Someone else gets one answer whether or not the case exists.
    let (stdout, _) = console_traced(
        &s,
        "teacher",
        "/concern show C-1001\n/concern show C-1999\n",
    );
    let answers: Vec<&str> = stdout.lines().skip(2).collect();
    assert_eq!(answers.len(), 2, "{stdout}");
    assert_eq!(answers[0], answers[1]);
    assert!(!stdout.contains(MARKER));

    assert!(
        !has(&database_bytes(&s), MARKER),
        "the marker is in the database file in the clear"
    );

    // The demo people have no platform identity: the console delivered their messages.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!(
            "sqlite://{}?mode=rw",
            s.path().join("safeharbor.db").display()
        );
        let store = safeharbor::store::open(&url, None).await.unwrap();
        // (Only the case's messages: in the school's working hours the scheduler also
        // queues the demo people's first training reminders, which nobody reads here.)
        let pending = store.pending_outbox(i64::MAX, 100).await.unwrap();
        assert!(
            pending.iter().all(|r| r.concern_id != Some(1)),
            "{:?}",
            pending.iter().map(|r| &r.key).collect::<Vec<_>>()
        );
        let c = store.concern(1).await.unwrap().unwrap();
        assert_eq!(c.state, safeharbor::domain::ConcernState::Acknowledged);
        assert!(c.delivered_ms.is_some(), "the handoff was delivered first");
        use safeharbor::domain::AuditAction::*;
        let actions: Vec<_> = store
            .concern_audit(1)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, vec![Filed, Listed, Viewed, Acknowledged, Refused]);
    });
}

#[test]
fn holidays_import_validates_every_row_and_moves_check_ins_in_the_console() {
    // Arrange: a file with two bad rows, then a good one.
    let s = Scratch::new();
    let bad = s.write(
        "bad.csv",
        b"school_id,date,name\ndemo-school,2026-13-01,Typo\nnowhere,2026-11-30,Nope\n",
    );
    let out = s.run(&["holidays", "import", bad.to_str().unwrap()], "");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("line 2") && stderr.contains("date") && stderr.contains("2026-13-01"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3") && stderr.contains("nowhere"),
        "{stderr}"
    );
    let (csv, _) = text(&s.run(&["holidays", "export"], ""));
    assert_eq!(csv.trim(), "school_id,date,name", "nothing saved half-way");

    // Act: a good file. The Monday after next (school time) is closed.
    use chrono::{Datelike, Days};
    // The binary reads the system clock, so the test must too.
    #[allow(clippy::disallowed_methods)]
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Phoenix)
        .date_naive();
    let ahead = 7 - today.weekday().num_days_from_monday();
    let first = today + Days::new(u64::from(ahead)); // next Monday
    let closed = first + Days::new(7);
    let tuesday = closed + Days::new(1);
    let until = first + Days::new(15);
    let good = s.write(
        "good.csv",
        format!("school_id,date,name\ndemo-school,{closed},Teacher workday\n").as_bytes(),
    );
    let out = s.run(&["holidays", "import", good.to_str().unwrap()], "");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("1 added"), "{stdout}");

    // Assert: exported as imported, and a plan's Monday check-in that day moves to Tuesday.
    let (csv, _) = text(&s.run(&["holidays", "export"], ""));
    assert!(
        csv.contains(&format!("demo-school,{closed},Teacher workday")),
        "{csv}"
    );
    s.run(
        &["console", "--as", "teacher"],
        "/concern S-1 seen at a motel\n",
    );
    let (stdout, stderr) = text(&s.run(
        &["console", "--as", "counselor"],
        &format!(
            "/checkin schedule C-1001 every 1 week on mon at 15:00 with counselor@demo.safeharbor.invalid from {first} until {until}\n"
        ),
    ));
    assert!(stdout.contains(&first.to_string()), "{stdout}{stderr}");
    assert!(
        stdout.contains(&tuesday.to_string()) && !stdout.contains(&closed.to_string()),
        "{stdout}"
    );
}

/// `rekey`: everything sealed is sealed again under a new key, all or nothing. A wrong
/// current key changes nothing and names the row; afterwards the new key reads every case,
/// note, reason and webhook URL, and the old key is refused.
#[test]
fn rekey_seals_everything_under_a_new_key_and_the_old_key_no_longer_opens_it() {
    const MARKER: &str = "MARKER-RK-5c2e";
    let s = Scratch::new();
    let run_with_key = |key_var: (&str, &str), args: &[&str], stdin: &str| {
        let mut c = s.command(args);
        c.env(key_var.0, key_var.1);
        s.run_with(c, stdin)
    };
    let old = ("SAFEHARBOR_DATA_KEY", DATA_KEY);
    let roster = format!(
        "{ROSTER_HEADER}\n\
demo-school,Tess Teacher,tess@example.org,teacher,,,,,\n\
demo-school,Carlos Primary,carlos@example.org,counselor,,,,,\n\
demo-school,Wes Teams,wes@example.org,teacher,,,,,https://flows.example/workflows/9/invoke?sig={MARKER}-HOOK\n"
    );
    s.write("r.csv", roster.as_bytes());
    let (stdout, stderr) = text(&run_with_key(old, &["roster", "import", "r.csv"], ""));
    assert!(stdout.contains("3 added"), "{stdout}{stderr}");
    // A case, a note, a check-in plan paused with a reason.
    let (out, _) = text(&run_with_key(
        old,
        &["console", "--as", "tess@example.org"],
        &format!("/concern S-{MARKER} saw {MARKER}-DETAIL at a motel\n"),
    ));
    assert!(out.contains("C-1001"), "{out}");
    let (out, err) = text(&run_with_key(
        old,
        &["console", "--as", "carlos@example.org"],
        &format!(
            "/concern note C-1001 {MARKER}-NOTE\n\
             /checkin schedule C-1001 every 1 week on mon at 15:00 with carlos@example.org\n\
             /checkin pause 1 {MARKER}-REASON\n"
        ),
    ));
    assert!(out.contains("Check-in plan 1"), "{out}{err}");
    assert!(
        !has(&database_bytes(&s), MARKER),
        "the marker is in the file in the clear"
    );

    // A wrong current key: exit 2, the row named (never the content), nothing changed.
    let before = sealed_values(&s);
    assert!(before.len() >= 6, "{} sealed values", before.len());
    let out = run_with_key(
        ("SAFEHARBOR_DATA_KEY", OTHER_KEY),
        &["rekey", "--new-key-file", "new.key", "--generate"],
        "",
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("the value in concerns.sealed (row id 1) does not open with this data key: SAFEHARBOR_DATA_KEY")
            && stderr.contains("Nothing was changed."),
        "{stderr}"
    );
    assert!(!stdout.contains(MARKER) && !stderr.contains(MARKER));
    assert!(!stdout.contains("re-sealed"), "{stdout}");
    // The key file --generate wrote is not left behind, unused.
    assert!(
        stderr.contains("removed the new key file new.key, unused")
            && !s.path().join("new.key").exists(),
        "{stderr}"
    );
    // (Compared as values: the file's bytes move between it and its write-ahead log
    // whenever SQLite checkpoints, which a read-only open may do.)
    assert!(sealed_values(&s) == before, "a sealed value changed");
    let (out, _) = text(&run_with_key(
        old,
        &["console", "--as", "carlos@example.org"],
        "/concern show C-1001\n",
    ));
    assert!(
        out.contains(&format!("Student reference: S-{MARKER}")),
        "{out}"
    );

    // The same key as new: refused.
    s.write("same.key", DATA_KEY.as_bytes());
    let out = run_with_key(old, &["rekey", "--new-key-file", "same.key"], "");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("holds the data key in use now"), "{stderr}");

    // The real thing, with a fresh key written first.
    let out = run_with_key(
        old,
        &["rekey", "--new-key-file", "new.key", "--generate"],
        "",
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.path().join("new.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert!(
        stderr.contains("must be stopped") && stderr.contains("concerns.sealed: re-sealed 1 of 1"),
        "{stderr}"
    );
    for line in [
        "concerns.sealed: 1",
        "concern_events.note_sealed: 1",
        "checkin_changes.reason_sealed: 1",
        "checkin_outcomes.note_sealed: 0",
        "people.teams_webhook_sealed: 1",
    ] {
        assert!(stdout.contains(&format!("  {line}\n")), "{line}: {stdout}");
    }
    assert!(stdout.contains("outbox.payload_sealed: "), "{stdout}");
    assert!(
        stdout.contains("SAFEHARBOR_DATA_KEY_FILE=new.key")
            && stdout.contains("Teams button links and calendar feed links")
            && stdout.contains("still sealed under the old key"),
        "{stdout}"
    );
    assert!(!stdout.contains(MARKER) && !stderr.contains(MARKER));
    assert!(!has(&database_bytes(&s), MARKER));

    // The new key reads it all: the case, the note, the reason, the webhook URL.
    let new = ("SAFEHARBOR_DATA_KEY_FILE", "new.key");
    let (out, err) = text(&run_with_key(
        new,
        &["console", "--as", "carlos@example.org"],
        "/concern show C-1001\n/checkin log 1\n",
    ));
    assert!(
        out.contains(&format!("Student reference: S-{MARKER}"))
            && out.contains(&format!("saw {MARKER}-DETAIL at a motel")),
        "{out}{err}"
    );
    assert!(out.contains(&format!("{MARKER}-REASON")), "{out}");
    assert!(
        out.contains(&format!("Carlos Primary added a note: {MARKER}-NOTE")),
        "{out}"
    );
    let (out, _) = text(&run_with_key(
        new,
        &["roster", "export", "--include-secrets"],
        "",
    ));
    assert!(out.contains(&format!("sig={MARKER}-HOOK")), "{out}");

    // The old key: the console and serve refuse to start, saying the key is wrong.
    for args in [
        &["console", "--as", "carlos@example.org"][..],
        &["serve", "--listen", "127.0.0.1:0"],
    ] {
        let out = run_with_key(old, args, "/concern show C-1001\n");
        let (stdout, stderr) = text(&out);
        assert!(!out.status.success(), "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("does not open with this data key: SAFEHARBOR_DATA_KEY"),
            "{args:?}: {stderr}"
        );
        assert!(!stdout.contains(MARKER) && !stderr.contains(MARKER));
    }
    let out = run_with_key(old, &["check-config"], "");
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(
        stdout.contains("✗ the key check `safeharbor rekey` left in the database"),
        "{stdout}"
    );
    let (stdout, _) = text(&run_with_key(new, &["check-config"], ""));
    assert!(!stdout.contains("✗"), "{stdout}");
    // And a second re-keying from the old key is refused as well.
    let out = run_with_key(old, &["rekey", "--new-key-file", "same.key"], "");
    assert_eq!(out.status.code(), Some(2));
}

/// `rekey` does not run under a running server (which would go on sealing with the old
/// key): it names the server and changes nothing. Once the server has stopped, or died
/// without stopping (its process gone), it runs.
#[test]
fn rekey_refuses_while_a_server_runs_and_not_once_it_stopped_or_died() {
    let s = Scratch::new();
    let start = |key: (&str, &str)| {
        let port = free_port();
        let mut c = s.command(&["serve", "--listen", &format!("127.0.0.1:{port}")]);
        c.env(key.0, key.1)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let child = c.spawn().unwrap();
        assert!(ready(port), "serve did not become ready");
        child
    };
    let rekey = |key: (&str, &str), new_file: &str| {
        let mut c = s.command(&["rekey", "--new-key-file", new_file, "--generate"]);
        c.env(key.0, key.1);
        s.run_with(c, "")
    };
    let old = ("SAFEHARBOR_DATA_KEY", DATA_KEY);
    let mut server = start(old);
    let out = rekey(old, "new.key");
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("`safeharbor serve` (process {} on ", server.id()))
            && stderr.contains("is using this database.")
            && stderr.contains("Stop it first")
            && stderr.contains("Nothing was changed."),
        "{stderr}"
    );
    assert!(!stdout.contains("re-sealed") && !s.path().join("new.key").exists());

    // Stopped (SIGTERM): the re-keying runs.
    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());
    let out = rekey(old, "new.key");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");

    // Killed with no chance to say so: its note names a process that is gone.
    let new = ("SAFEHARBOR_DATA_KEY_FILE", "new.key");
    server = start(new);
    server.kill().unwrap();
    server.wait().unwrap();
    let out = rekey(new, "third.key");
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success() && stdout.contains("re-sealed"),
        "{stdout}{stderr}"
    );
}
