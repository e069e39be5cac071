//! Tests for the one-line `/checkin schedule` form.
use chrono::{Duration, NaiveDate, NaiveTime, Weekday};

use super::*;
use crate::engine::checkin::schedule::{Cadence, Nth, Segment};

fn fails(text: &str) -> (ParseErrorKind, String) {
    let e = parse_schedule(text).expect_err(text);
    (e.kind, e.word)
}

#[test]
fn a_full_line_parses() {
    // Act
    let r = parse_schedule(
        "C-1001 every 2 weeks on Mon at 15:30 with Ana@School.org, bo@school.org \
         from 2027-01-04 until 2027-06-01 tz America/New_York remind 48h,1h,30m",
    )
    .unwrap();

    // Assert
    assert_eq!(r.case.to_string(), "C-1001");
    assert_eq!(
        r.segments,
        [Segment {
            cadence: Cadence::Weeks {
                every: 2,
                weekday: Weekday::Mon
            },
            count: None
        }]
    );
    assert_eq!(r.time, NaiveTime::from_hms_opt(15, 30, 0).unwrap());
    assert_eq!(r.emails, ["ana@school.org", "bo@school.org"]);
    assert_eq!(r.from, NaiveDate::from_ymd_opt(2027, 1, 4));
    assert_eq!(r.until, NaiveDate::from_ymd_opt(2027, 6, 1));
    assert_eq!(r.zone, Some(chrono_tz::America::New_York));
    assert_eq!(
        r.reminders,
        Some(vec![
            Duration::hours(48),
            Duration::hours(1),
            Duration::minutes(30)
        ])
    );
}

#[test]
fn the_smallest_line_and_defaults() {
    let r = parse_schedule("c1002 EVERY 1 MONTH ON DAY 31 AT 09:00 WITH a@b.org").unwrap();
    assert_eq!(r.case.to_string(), "C-1002");
    assert_eq!(
        r.segments[0].cadence,
        Cadence::MonthDay { every: 1, day: 31 }
    );
    assert_eq!(r.from, None);
    assert_eq!(r.until, None);
    assert_eq!(r.zone, None);
    assert_eq!(r.reminders, None);
}

#[test]
fn monthly_on_the_nth_weekday_and_options_in_any_order() {
    let r =
        parse_schedule("C-1003 every 1 month on last fri with a@b.org tz america/phoenix at 14:00")
            .unwrap();
    assert_eq!(
        r.segments[0].cadence,
        Cadence::MonthWeekday {
            every: 1,
            nth: Nth::Last,
            weekday: Weekday::Fri
        }
    );
    assert_eq!(r.zone, Some(chrono_tz::America::Phoenix));
    let r = parse_schedule("C-1003 every week on thursday at 08:05 with a@b.org").unwrap();
    assert_eq!(
        r.segments[0].cadence,
        Cadence::Weeks {
            every: 1,
            weekday: Weekday::Thu
        }
    );
}

#[test]
fn a_tapering_plan() {
    let r = parse_schedule(
        "C-1004 every 1 week on mon for 6 weeks then every 2 weeks on mon for 3 \
         then every 1 month on 1st mon at 15:00 with a@b.org",
    )
    .unwrap();
    assert_eq!(r.segments.len(), 3);
    assert_eq!(r.segments[0].count, Some(6));
    assert_eq!(r.segments[1].count, Some(3));
    assert_eq!(r.segments[2].count, None);
    assert_eq!(
        r.segments[2].cadence,
        Cadence::MonthWeekday {
            every: 1,
            nth: Nth::First,
            weekday: Weekday::Mon
        }
    );
}

#[test]
fn every_error_names_the_wrong_word() {
    use ParseErrorKind::*;
    let cases: &[(&str, ParseErrorKind, &str)] = &[
        ("", Case, ""),
        (
            "Maria every 1 week on mon at 10:00 with a@b.org",
            Case,
            "Maria",
        ),
        ("C-1001", Every, "C-1001"),
        ("C-1001 each 1 week on mon", Every, "each"),
        ("C-1001 every two weeks on mon", Interval, "two"),
        ("C-1001 every 0 weeks on mon", Interval, "0"),
        ("C-1001 every 53 weeks on mon", Interval, "53"),
        ("C-1001 every 13 months on day 1", Interval, "13"),
        ("C-1001 every 2 fortnights on mon", Unit, "fortnights"),
        ("C-1001 every 2", Unit, "2"),
        ("C-1001 every 2 weeks at 10:00", On, "at"),
        ("C-1001 every 2 weeks on day 3", Weekday, "day"),
        ("C-1001 every 2 weeks on funday", Weekday, "funday"),
        ("C-1001 every 1 month on day 32", DayOfMonth, "32"),
        ("C-1001 every 1 month on day", DayOfMonth, "day"),
        ("C-1001 every 1 month on 5th mon", Monthly, "5th"),
        ("C-1001 every 1 month on mon", Monthly, "mon"),
        ("C-1001 every 1 month on 2nd someday", Weekday, "someday"),
        ("C-1001 every 1 week on mon for many", For, "many"),
        ("C-1001 every 1 week on mon for 0", For, "0"),
        (
            "C-1001 every 1 week on mon then every 2 weeks",
            Unexpected,
            "then",
        ),
        ("C-1001 every 1 week on mon for 6 then each", Every, "each"),
        ("C-1001 every 1 week on mon with a@b.org", Time, "a@b.org"),
        (
            "C-1001 every 1 week on mon at noon with a@b.org",
            Time,
            "noon",
        ),
        (
            "C-1001 every 1 week on mon at 25:00 with a@b.org",
            Time,
            "25:00",
        ),
        (
            "C-1001 every 1 week on mon at 9:00 with a@b.org",
            Time,
            "9:00",
        ),
        ("C-1001 every 1 week on mon at", Time, "at"),
        ("C-1001 every 1 week on mon at 10:00", With, "10:00"),
        ("C-1001 every 1 week on mon at 10:00 with", With, "with"),
        ("C-1001 every 1 week on mon at 10:00 with bob", Email, "bob"),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org,x@",
            Email,
            "x@",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org from 1/4/2027",
            Date,
            "1/4/2027",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org until 2027-02-30",
            Date,
            "2027-02-30",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org from 2027-03-01 until 2027-02-01",
            UntilBeforeFrom,
            "2027-02-01",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org tz Mars/Olympus",
            Zone,
            "Mars/Olympus",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org remind soon",
            Remind,
            "soon",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org remind 0h",
            Remind,
            "0h",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org remind 15d",
            Remind,
            "15d",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org remind",
            Remind,
            "remind",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 at 11:00 with a@b.org",
            Repeated,
            "at",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 with a@b.org please",
            Email,
            "please",
        ),
        (
            "C-1001 every 1 week on mon at 10:00 sharp with a@b.org",
            Unexpected,
            "sharp",
        ),
    ];
    for (text, kind, word) in cases {
        assert_eq!(fails(text), (*kind, (*word).to_string()), "for {text:?}");
    }
}

#[test]
fn a_long_wrong_word_is_cut_to_sixty_characters() {
    let long = "x".repeat(500);
    let (_, word) = fails(&format!("C-1001 every 1 week on {long}"));
    assert_eq!(word.chars().count(), 60);
}

#[test]
fn emails_are_lowercased_and_deduplicated() {
    let r = parse_schedule("C-1001 every 1 week on mon at 10:00 with A@B.org ,a@b.org, c@d.org")
        .unwrap();
    assert_eq!(r.emails, ["a@b.org", "c@d.org"]);
}

#[test]
fn every_error_kind_has_a_distinct_message_id() {
    let mut ids: Vec<&str> = ParseErrorKind::ALL.iter().map(|k| k.message_id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ParseErrorKind::ALL.len());
}

#[test]
fn every_message_id_is_translated_in_every_locale() {
    let i18n = crate::i18n::I18n::load().unwrap();
    for kind in ParseErrorKind::ALL {
        for locale in ["en-US", "es"] {
            let text = i18n.msg(
                locale,
                kind.message_id(),
                &[("word", fluent::FluentValue::from("zzword"))],
            );
            assert_ne!(
                text,
                kind.message_id(),
                "{locale} lacks {}",
                kind.message_id()
            );
            assert!(
                text.contains("zzword"),
                "{locale} {} names no word",
                kind.message_id()
            );
        }
    }
}

#[test]
fn cadence_text_reads_back() {
    for line in [
        "every 1 week on mon",
        "every 2 weeks on fri for 4 then every 1 month on day 31",
        "every 1 week on mon for 6 then every 2 weeks on mon for 3 then every 1 month on last sun",
        "every 3 months on 2nd wed for 2",
    ] {
        let segments = parse_cadence_text(line).unwrap();
        assert_eq!(cadence_text(&segments), line);
    }
    // Plans stored before the singular was written ("every 1 weeks") read the same.
    let old =
        parse_cadence_text("every 1 weeks on mon for 2 then every 1 months on day 3").unwrap();
    assert_eq!(
        cadence_text(&old),
        "every 1 week on mon for 2 then every 1 month on day 3"
    );
}

#[test]
fn the_command_words_may_be_written_in_spanish() {
    let pairs = [
        (
            "C-1001 cada 2 semanas los Martes a las 15:30 con Ana@School.org, bo@school.org \
             desde 2027-01-04 hasta 2027-06-01 zona America/New_York recordar 48h,1h",
            "C-1001 every 2 weeks on tue at 15:30 with ana@school.org, bo@school.org \
             from 2027-01-04 until 2027-06-01 tz America/New_York remind 48h,1h",
        ),
        (
            "C-1001 cada mes el día 15 a 09:00 con a@b.org",
            "C-1001 every 1 month on day 15 at 09:00 with a@b.org",
        ),
        (
            "C-1001 CADA 2 MESES EL ÚLTIMO VIERNES A LAS 09:00 CON a@b.org",
            "C-1001 every 2 months on last fri at 09:00 with a@b.org",
        ),
        (
            "C-1001 cada semana los miércoles durante 6 seguimientos; luego, cada mes, el primer \
             lunes a las 10:00 con a@b.org",
            "C-1001 every 1 week on wed for 6 then every 1 month on 1st mon at 10:00 with a@b.org",
        ),
        (
            "C-1001 cada semana los sábados durante 2 después cada 2 semanas los dom a las \
             08:00 con a@b.org",
            "C-1001 every 1 week on sat for 2 then every 2 weeks on sun at 08:00 with a@b.org",
        ),
    ];
    for (spanish, english) in pairs {
        assert_eq!(
            parse_schedule(spanish),
            parse_schedule(english),
            "{spanish}"
        );
        assert!(parse_schedule(spanish).is_ok(), "{spanish}");
    }

    // `change`: the reason starts at `porque`, as at `because`.
    let c = parse_change("7 cada 2 semanas los jueves porque la familia lo pidió").unwrap();
    assert_eq!(c.plan, 7);
    assert_eq!(
        c.segments[0].cadence,
        Cadence::Weeks {
            every: 2,
            weekday: Weekday::Thu
        }
    );
    assert_eq!(c.reason.as_deref(), Some("la familia lo pidió"));
    assert_eq!(c.emails, None, "the people stay as they are");

    // `change PLAN with …` alone: new people, no cadence; in either language.
    let c = parse_change("7 con Rob@Escuela.org,ana@escuela.org porque se jubila").unwrap();
    assert!(c.segments.is_empty());
    assert_eq!(
        c.emails.as_deref(),
        Some(&["rob@escuela.org".to_string(), "ana@escuela.org".to_string()][..])
    );
    assert_eq!(c.reason.as_deref(), Some("se jubila"));
    let c = parse_change("7 every 2 weeks on thu with rob@escuela.org at 13:30").unwrap();
    assert_eq!(
        c.emails.as_deref(),
        Some(&["rob@escuela.org".to_string()][..])
    );
    assert_eq!(c.time, Some(NaiveTime::from_hms_opt(13, 30, 0).unwrap()));
    for (text, word) in [
        ("7 with", "with"),
        ("7 with rob", "rob"),
        ("7 with rob@escuela.org at 13:30", "at"),
        ("7", "7"),
    ] {
        let e = parse_change(text).unwrap_err();
        assert_eq!(e.word, word, "{text}");
    }
}

#[test]
fn a_wrong_spanish_word_is_named_as_written() {
    assert_eq!(
        fails("C-1001 cada 2 semanas los martez a las 15:30 con a@b.org"),
        (ParseErrorKind::Weekday, "martez".into())
    );
    assert_eq!(
        fails("C-1001 cada 2 quincenas los martes"),
        (ParseErrorKind::Unit, "quincenas".into())
    );
    assert_eq!(
        fails("C-1001 cada mes el sexto lunes"),
        (ParseErrorKind::Monthly, "sexto".into())
    );
    assert_eq!(
        fails("C-1001 cada semana los lunes a las 15:30 con a@b.org hasta mañana"),
        (ParseErrorKind::Date, "mañana".into())
    );
    // `a las` is one option: given twice, the second `a` is named.
    assert_eq!(
        fails("C-1001 cada semana los lunes a las 15:30 a las 16:00 con a@b.org"),
        (ParseErrorKind::Repeated, "a".into())
    );
}

#[test]
fn how_often_missing_after_every_is_asked_for_not_called_wrong() {
    let e = parse_schedule("C-1001 every").unwrap_err();
    assert_eq!(
        (e.kind, e.word.as_str(), e.missing),
        (ParseErrorKind::Interval, "every", true)
    );
    let e = parse_schedule("C-1001 every often").unwrap_err();
    assert_eq!(
        (e.kind, e.word.as_str(), e.missing),
        (ParseErrorKind::Interval, "often", false)
    );
}
