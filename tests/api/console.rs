//! The console binary as a person at a terminal sees it: what its stderr tells them, and
//! how `--as` picks who they are.
use crate::helpers::{Scratch, text};

/// Run the console as `who` at its own default log level (no RUST_LOG), as a person
/// starts it: (stdout, stderr).
fn console_default_log(s: &Scratch, who: &str, input: &str) -> (String, String) {
    let mut c = s.command(&["console", "--as", who]);
    c.env_remove("RUST_LOG");
    let out = s.run_with(c, input);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    (stdout, without_times(&stderr))
}

/// Log lines without their leading timestamps, so two runs can be compared.
fn without_times(log: &str) -> String {
    log.lines()
        .map(|l| match l.split_once(' ') {
            Some((time, rest)) if time.starts_with("20") && time.ends_with('Z') => {
                rest.trim_start()
            }
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_console_does_not_tell_a_teacher_which_case_numbers_exist() {
    let s = Scratch::new();
    let (stdout, _) = console_default_log(&s, "teacher", "/concern S-1 tired, new phone\n");
    assert!(stdout.contains("case C-1001"), "{stdout}");
    for command in ["show", "ack", "note", "close", "refer"] {
        let run = |case: &str| {
            let line = format!("/concern {command} {case} some words\n");
            console_default_log(&s, "teacher", &line)
        };
        let (existing_out, existing_err) = run("C-1001");
        let (missing_out, missing_err) = run("C-9999");
        assert_eq!(
            existing_err, missing_err,
            "/concern {command}: stderr differs for an existing and a missing case"
        );
        assert!(!existing_err.contains("refused"), "{existing_err}");
        // The console's own warnings are there to compare: its log level is warn.
        assert!(
            existing_err.contains("WARN no data key set"),
            "{existing_err}"
        );
        assert_eq!(existing_out, missing_out, "/concern {command}");
    }
}

#[test]
fn as_with_a_part_of_several_names_lists_them_and_fails() {
    let s = Scratch::new();
    let out = s.run(&["console", "--as", "o"], "/indicators hotel\n");
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stderr.contains("\"o\" matches more than one person"),
        "{stderr}"
    );
    for who in [
        "Dana Demo (demo teacher) <teacher@demo.safeharbor.invalid> (teacher)",
        "Casey Demo (demo counselor) <counselor@demo.safeharbor.invalid> (counselor)",
        "Jordan Demo (demo coordinator) <coordinator@demo.safeharbor.invalid> (coordinator;admin)",
    ] {
        assert!(stderr.contains(who), "{stderr}");
    }
    assert!(!stdout.contains("hotels, motels"), "nothing ran: {stdout}");
    // One match, an email or a role still picks the person.
    let (stdout, _) = console_default_log(&s, "jordan", "");
    assert!(stdout.contains("you are Jordan Demo"), "{stdout}");
}
