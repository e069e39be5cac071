# SafeHarbor — interface messages (English, US). Same ids and placeholders in every locale.

## Commands (from commands/*.toml; Discord allows 100 characters per description)

cmd-indicators-desc = Look up risk factors and warning signs of trafficking
    .usage = indicators [words]
cmd-indicators-opt-words = Words to look for, such as hotel or debt
cmd-concern-desc = Privately tell the designated counselor about a concern
    .usage = concern STUDENT-REF details…
cmd-concern-opt-details = The student reference and what you observed
cmd-concern-list-desc = Cases you can see (counselors, coordinators, admins)
    .usage = concern list [all]
cmd-concern-show-desc = One case, with its history
    .usage = concern show CASE
cmd-concern-ack-desc = Acknowledge a case: you have it (the reporter is told, status only)
    .usage = concern ack CASE
cmd-concern-note-desc = Add a private note to a case
    .usage = concern note CASE text…
cmd-concern-reassign-desc = Hand a case to another counselor at the school
    .usage = concern reassign CASE EMAIL
cmd-concern-refer-desc = Record a referral: CPS, law enforcement or a partner id
    .usage = concern refer CASE cps|law_enforcement|PARTNER-ID [note…]
cmd-concern-close-desc = Close a case with its outcome
    .usage = concern close CASE outcome…
cmd-concern-audit-desc = Every read and change of a case (admins)
    .usage = concern audit CASE
cmd-partners-desc = Find local partner agencies and national hotlines
    .usage = partners [category] [words]
cmd-partners-opt-query = A category (such as shelter) and/or words
cmd-training-desc = Your training courses and due dates
cmd-training-opt-action = done COURSE, report or remind
cmd-training-done-desc = Record a completed course
    .usage = training done COURSE [YYYY-MM-DD]
    .usage-wider = training done COURSE [YYYY-MM-DD] [for EMAIL]
cmd-training-report-desc = Training compliance by school and role (coordinators)
    .usage = training report
cmd-training-remind-desc = Send the due training reminders now (coordinators)
    .usage = training remind
cmd-checkin-desc = Reintegration check-in plans for a returning student
cmd-checkin-opt-action = schedule, list, done, skip, pause, resume, cancel, change, log or calendar
cmd-checkin-schedule-desc = Create a check-in plan for a case
    .usage = checkin schedule CASE every N week[s]|month[s] on DAY|on day D|on NTH DAY [for K then every …] at HH:MM with EMAIL[,EMAIL…] [from YYYY-MM-DD] [until YYYY-MM-DD] [tz ZONE] [remind 24h,1h]
cmd-checkin-list-desc = Plans and their next check-ins
    .usage = checkin list [CASE]
cmd-checkin-done-desc = Record a check-in as done
    .usage = checkin done ID [note…]
cmd-checkin-skip-desc = Record a check-in as skipped
    .usage = checkin skip ID [reason…]
cmd-checkin-pause-desc = Pause a plan
    .usage = checkin pause PLAN [reason…]
cmd-checkin-resume-desc = Resume a paused plan
    .usage = checkin resume PLAN
cmd-checkin-cancel-desc = Cancel a plan
    .usage = checkin cancel PLAN [reason…]
cmd-checkin-change-desc = Change a plan's cadence, or who is assigned
    .usage = checkin change PLAN every … [at HH:MM] [with EMAIL[,EMAIL…]] [from YYYY-MM-DD] [until YYYY-MM-DD] [tz ZONE] [remind 24h,1h] [because reason…], or checkin change PLAN with EMAIL[,EMAIL…] [because reason…]
cmd-checkin-log-desc = A plan's changes: who, when and why
    .usage = checkin log PLAN
cmd-safeharbor-desc = Help, and your language
cmd-safeharbor-opt-action = help, or language CODE
cmd-safeharbor-help-desc = What SafeHarbor can do
    .usage = safeharbor help
cmd-safeharbor-language-desc = Set your language (en-US, es, or auto)
    .usage = safeharbor language CODE

## Errors

error-text-too-long = That is too long ({ $count } characters). The limit is { $limit }; please shorten it.
error-not-allowed = Sorry, that is not available to you.
error-unknown-command = There is no command { $command }. Here is what you can use:
error-unknown-subcommand = { $command } does not know “{ $word }”.
error-not-available-yet = { $command } is not available yet in this installation.
error-try-again = Something went wrong on our side, and nothing was saved. Please try again in a minute. If a student may be in danger, call 911 now.
error-rate-limited = You are sending commands faster than SafeHarbor accepts. Wait a minute and try again.
concern-rate-limited = This concern was not saved: too many concerns came from you or your workspace in the last hour. Tell your school counselor directly, or try again later. If a student may be in immediate danger, call 911 now.
concern-unconfirmed = We could not reach our database, so this concern may not have been saved. Press Submit again in a moment: a repeat is recognized and filed only once. If a student may be in danger, call 911 now.

## Help

help-title = SafeHarbor help
help-intro = SafeHarbor helps you follow your school's protocol for suspected child trafficking. Commands:
help-not-emergency = SafeHarbor is not an emergency service and does not replace 911 or your state's mandated reporting.

## Language

language-current = Your language is { $name } ({ $locale }). Available: { $codes }. Use “language CODE”, or “language auto” to follow your chat app.
language-not-on-roster = Your language can be saved once you are on the school roster; ask your coordinator.
language-auto = From now on your language follows your chat app.
language-unknown = “{ $code }” is not an available language. Available: { $codes }.
language-set = Your language is now { $name } ({ $locale }).
# This language's name, in itself.
language-name = English

## Indicators

indicators-title = Warning signs and risk factors
indicators-intro = Pick a category, or search with words (for example: hotel, debt, tattoo).
indicators-how-to-search = Search: { $command } followed by words, or a category name such as labor.
indicators-results = Matches for “{ $query }” ({ $count })
indicators-more = { $count } more matched; add a word to narrow the search.
indicators-no-match = Nothing in the catalog matched “{ $query }”. These are the categories:
indicators-footer = Noticed this? Use { $concern }. Don't question the student yourself.

## Partners

partners-title = Partners serving { $school }
partners-title-category = { $category } serving { $school }
partners-more = { $count } more; narrow with a category or words, e.g. { $command } shelter.
partners-no-match = No partner serving { $school } matched “{ $query }”.
partners-categories = Categories you can ask for:
partners-none-in-category = The directory has no partner in “{ $category }” serving { $school } yet; your coordinator can add local ones.
partners-meanwhile = Meanwhile, these national lines can help:
partners-emergency = In an emergency call 911. SafeHarbor does not replace mandated reporting.
partner-field-phone = Phone
partner-field-text = Text
partner-field-email = Email
partner-field-url = Web
partner-field-address = Address
partner-field-hours = Hours
partner-field-languages = Languages
partner-field-mou = MOU in place since
partner-field-verified = Verified
partner-address-confidential = withheld (confidential location)
partner-open-24-7 = 24 hours, 7 days
partner-yes = yes
partner-verified = { $date } by { $by }
partner-never-verified = never
partner-stale = Not verified in the last { $days } days: check the details before you rely on them.

partner-cat-hotline = Hotlines
    .terms = hotline, helpline, crisis line, phone line
partner-cat-trafficking_services = Trafficking services
    .terms = trafficking, anti-trafficking, survivor services
partner-cat-child_welfare = Child welfare
    .terms = child welfare, cps, child protective services, dcs, social services
partner-cat-law_enforcement = Law enforcement
    .terms = police, law enforcement, sheriff, officer, detective
partner-cat-runaway_homeless = Runaway and homeless youth
    .terms = runaway, homeless, street outreach, youth shelter
partner-cat-sexual_assault_dv = Sexual assault and domestic violence
    .terms = sexual assault, domestic violence, rape crisis, abuse
partner-cat-child_advocacy_center = Child advocacy centers
    .terms = advocacy center, cac, forensic interview
partner-cat-mental_health = Mental health
    .terms = mental health, counseling, therapy, therapist, crisis
partner-cat-health = Health
    .terms = health, clinic, medical, doctor, nurse
partner-cat-housing_shelter = Housing and shelter
    .terms = shelter, housing, safe house
partner-cat-legal_advocacy = Legal advocacy
    .terms = legal, lawyer, attorney, immigration
partner-cat-labor = Labor
    .terms = labor, employment, wage, work
partner-cat-other = Other partners
    .terms = other

## The shipped national lines' descriptions (data/partners/national.csv), shown in the reader's language while
## a line's description is still the shipped English one (a test keeps the two equal)
partner-desc-nhth = Round-the-clock hotline to report suspected trafficking or get help, with staff in English and Spanish and interpreters for over 200 more languages.
partner-desc-childhelp = Round-the-clock hotline for crisis counseling, guidance on reporting child abuse, and referrals to local help.
partner-desc-ncmec = Report a missing or sexually exploited child at 1-800-THE-LOST, including online exploitation through the CyberTipline.
partner-desc-lifeline-988 = Free support by call, text or chat for anyone in a suicidal, mental health or substance use crisis.

## Concerns (/concern). The reporter's receipt and status notices never carry the
## student reference or the details: only the case number.

concern-form-title = Report a concern
concern-form-submit = Send privately
concern-form-intro = In Slack and Discord this opens as a form. Here, type it on one line:
concern-usage-file = { $command } STUDENT-REF details…  Put the word danger right after the student reference if the student is in immediate danger, and #INDICATOR-ID for each sign you saw.
concern-field-student = Student reference
concern-hint-student = A student ID or initials; avoid the full name.
concern-field-observed = What was observed
concern-hint-observed = Pick any signs that apply (optional).
concern-field-details = Details
concern-hint-details = What you saw or heard, when and where. Facts only; don't question the student.
concern-field-danger = Is the student in immediate danger?
concern-danger-yes = Yes (call 911 now)
concern-danger-no = No

concern-error-student-missing = Student reference: required. Use a student ID or initials.
concern-error-student-too-long = Student reference: at most { $max } characters. Use a student ID or initials.
concern-error-indicator-unknown = What was observed: “{ $id }” is not in the indicator catalog; { $command } WORDS shows each sign with its #id.
concern-error-details-missing = Details: required. Describe what you saw or heard.
concern-error-details-too-long = Details: at most { $max } characters (you wrote { $count }).
concern-error-nothing-saved = Nothing was saved. Fix the above and send it again:

concern-call-911-now = If the student is in immediate danger, call 911 now. SafeHarbor is not an emergency service.
concern-receipt-title = Concern received: case { $case }
concern-receipt-routed = Your concern went privately to your school's designated counselor.
concern-receipt-routed-danger = Your concern went privately to the counselors and administrators, all at once.
concern-reminder-no-questioning = Don't question the student about it yourself.
concern-reminder-follow-up = The counselor will follow up with you. Keep the case number { $case } for reference.
concern-reminder-not-replacement = SafeHarbor does not replace 911 or your state's mandated reporting: if the law requires you to report, still do.
concern-no-counselor = Case { $case } is saved, but no counselor is set up for your school in SafeHarbor yet. Please also tell your school's designated counselor or an administrator in person, now.

concern-handoff-title = New concern { $case }
concern-handoff-title-danger = IMMEDIATE DANGER: new concern { $case }
concern-handoff-danger = The reporter says the student may be in immediate danger; they were told to call 911. Please act now.
concern-show-title = Case { $case }
concern-show-title-danger = Case { $case }, reported as immediate danger
concern-handoff-footer = Private to you; never share it in a channel. Text commands: { $command } ack { $case } · { $command } note { $case } TEXT · { $command } reassign { $case } EMAIL · { $command } refer { $case } cps|law_enforcement|PARTNER-ID · { $command } close { $case } OUTCOME
concern-field-case = Case
concern-field-reporter = Reported by
concern-field-school = School
concern-field-filed = Filed
concern-field-state = Status
concern-field-assigned = Assigned to
concern-no-indicators = No signs were picked from the catalog.
concern-unreadable = This case's content (the student reference, what was observed, the details) cannot be opened with this server's data key: it was sealed under another key, or its stored record is damaged. Tell an admin, with the case number. The status, history and actions here still work.
concern-time = { $date } at { $time } { $zone }
concern-nobody = nobody yet
concern-person-gone = person #{ $id } (no longer on the roster)
concern-reporter-not-on-roster = someone not on the roster ({ $platform } user { $user })
concern-button-ack = Acknowledge
concern-button-note = Add note
concern-button-reassign = Reassign
concern-button-refer = Record referral
concern-button-close = Close

concern-state-submitted = submitted
concern-state-delivered = delivered
concern-state-acknowledged = acknowledged
concern-state-referred = referred
concern-state-closed = closed

concern-usage = Usage: { $usage }
concern-not-visible = No case with that number is available to you. Case numbers look like C-1042.
concern-bad-case = “{ $word }” is not a case number; they look like C-1042.
concern-is-closed = { $case } is closed and cannot be changed.
concern-already-acknowledged = { $case } was already acknowledged.
concern-acknowledged = You acknowledged { $case }; it is now assigned to you.
concern-acknowledged-assigned = You acknowledged { $case }; it stays assigned to { $name }.
concern-acknowledged-unassigned = You acknowledged { $case }; no counselor is assigned to it yet.
concern-reporter-told = The reporter was told it is acknowledged (status only, no details).
concern-noted = Note added to { $case }.
concern-note-too-long = That is too long: at most { $max } characters (you wrote { $count }).
concern-reassign-not-counselor = { $email } is not a counselor or backup counselor at this case's school.
concern-reassign-same = { $case } is already assigned to { $name }; nothing changed.
concern-reassigned = { $case } is now assigned to { $name }, who was sent the details privately.
concern-reassigned-unreadable = { $case } is now assigned to { $name }, who was sent its number, school and status privately, but not its details: its content cannot be opened. Tell an admin.
concern-refer-unknown = “{ $word }” is not cps, law_enforcement or a partner serving this case's school (see { $command }).
concern-referred = Referral to { $to } recorded for { $case }.
concern-referral-cps = child protective services
concern-referral-law-enforcement = law enforcement
concern-closed = { $case } is closed.
concern-changed-meanwhile = { $case } changed while you were working on it, and nothing was saved. Look again with { $command } show { $case }.

concern-list-title = Open cases ({ $count })
concern-list-title-all = All cases ({ $count })
concern-list-empty = No cases.
concern-list-item = { $case }: { $state }, filed { $filed }, student { $student }, assigned to { $assigned }
concern-list-danger = immediate danger
concern-list-item-unreadable = { $case }: { $state }, { $school }, filed { $filed }, last changed { $changed }, assigned to { $assigned }
concern-list-unreadable = its content cannot be opened with this server's data key: tell an admin
concern-list-more = These are the { $shown } newest. An older case: its number with show.
concern-list-hint = One case: { $command } show CASE. Closed ones too: { $command } list all.
concern-list-hint-all = One case: { $command } show CASE.
concern-history-title = History, newest first
concern-audit-title = Audit log of { $case }, newest first
concern-event = { $when }: { $who } { $what }
concern-action-filed = filed it
concern-action-viewed = viewed it
concern-action-listed = saw it in a list
concern-action-refused = was refused access
concern-action-acknowledged = acknowledged it
concern-action-noted = added a note
concern-action-reassigned = reassigned it
concern-action-referred = recorded a referral
concern-action-closed = closed it

concern-status-title = Update on your concern { $case }
concern-status-acknowledged = A counselor has taken up case { $case }. Status: { $state }.
concern-status-reminder = Thank you for speaking up. Don't question the student yourself; if the student is in immediate danger, call 911.

## Console

console-banner = SafeHarbor console — you are { $name } ({ $roles }) at { $school }. Type /safeharbor help for commands; Ctrl-D to leave.
console-demo-data = This is DEMO DATA (the demo district); import a real roster with: safeharbor roster import FILE.csv
console-not-a-command = Commands start with a slash, like /indicators hotel.
console-form-start = Answer each question and press Enter (a lone . cancels; nothing is saved until the end).
console-form-pick = Numbers separated by commas, or Enter for none
console-form-cancelled = Cancelled; nothing was saved.

## Dates

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-long = { $month } { $day }, { $year } ({ $iso })

## Escalation and delivery

concern-escalation-backup = Case { $case } has not been acknowledged after { $minutes } minutes. You are a backup for this school: please take it or make sure someone does.
concern-escalation-coordinator = Case { $case } has still not been acknowledged after { $minutes } minutes. Please make sure a counselor takes it now.
concern-escalation-late = This notice is late: SafeHarbor was unavailable when it was due.
delivery-failed-alert = A private SafeHarbor message to { $name } (case { $case }) could not be delivered on { $platform } ({ $error }). Please reach them another way.
concern-unreadable-alert = Case { $case } at { $school } cannot be opened with this server's data key: it was sealed under another key (restored from a backup made under an earlier key, say), or its stored record is damaged. Its counselors see only its number, status, dates and history. Find the key it was sealed under, or a backup that holds it under the current key; meanwhile, ask whoever has the case ({ $assigned }) what it is about.

## Training

training-course-awareness = Human trafficking awareness: risk factors and indicators (all staff)
training-course-intensive = Human trafficking response for key roles (intensive)
training-title = Your training
training-none = You have no training courses to take.
training-not-on-roster = You are not on the school roster yet, so there are no courses for you. Please ask a coordinator to add you.
training-status-done = done
training-status-due = due
training-status-overdue = overdue
training-course-line = { $id } — { $title } — { $status } · due date { $date }
training-link = { $title }: { $link }
training-how-to-record = Finished a course? Record it with { $command } done COURSE [YYYY-MM-DD].
training-usage = Use: { $command } | { $command } done COURSE [YYYY-MM-DD] [for EMAIL] | { $command } report | { $command } remind
training-usage-staff = Use: { $command } | { $command } done COURSE [YYYY-MM-DD]
training-done-which = Which course? Name it by its id.
training-unknown-course = There is no course “{ $word }”. Courses: { $ids }.
training-bad-date = “{ $word }” is not a date; write it as YYYY-MM-DD.
training-future-date = “{ $word }” is in the future; record a course once it is finished.
training-not-theirs = “{ $course }” is not one of { $name }'s courses (it is for other roles), so nothing was recorded: it would count nowhere. See { $command } for the courses that apply.
training-old-date = “{ $word }” is { $years } or more years ago; check the date (YYYY-MM-DD) and send it again.
training-unknown-email = “{ $word }” is not on the roster.
training-for-not-allowed = “{ $word }”: only coordinators and admins can record a course for someone else (coordinators for their own school).
training-for-which = “{ $word }” needs an email after it.
training-unexpected = “{ $word }” is not expected here.
training-recorded = Recorded: { $title }, completed by { $name } on { $date }. Next due { $next }.
training-already-recorded = Already recorded: { $title }, completed by { $name } on { $date }; nothing changed. Next due { $next }.
training-remind-queued = { $count ->
    [0] No reminders were due right now (reminders go out only in each school's working hours, and never twice).
    [one] 1 reminder was queued.
   *[other] { $count } reminders were queued.
}
training-report-title = Training compliance
training-report-school = { $school }
training-report-nobody = Nobody at this school has a course to take.
training-report-role = { $role } ({ $people ->
        [one] one person
       *[other] { $people } people
    }), courses: { $done } done, { $due } due, { $overdue } overdue
training-report-overdue = Overdue ({ $count }):
training-report-overdue-line = { $name } — { $title } (due { $date })
training-report-overdue-more = …and { $count } more, not listed here (the oldest due dates come first).
training-report-none-overdue = Nobody is overdue.
training-reminder-title = Training reminder
training-reminder-before = { $days ->
    [0] Your course “{ $title }” is due today, { $date }.
    [one] Your course “{ $title }” is due tomorrow, { $date }.
   *[other] Your course “{ $title }” is due in { $days } days, on { $date }.
}
training-reminder-overdue = Your course “{ $title }” was due on { $date } and is overdue. Please complete it as soon as you can.
training-reminder-record = When you have finished it, record it with { $command } done { $id }.
training-digest-title = Weekly training digest (week of { $date })
training-role-teacher = Teachers
training-role-counselor = Counselors
training-role-backup_counselor = Backup counselors
training-role-coordinator = Coordinators
training-role-admin = Admins
training-role-front_desk = Front desk
training-role-bus_driver = Bus drivers
training-role-assistant_principal = Assistant principals
training-role-social_worker = Social workers
training-role-attendance_officer = Attendance officers
training-role-dropout_prevention = Dropout prevention officers
training-role-special_education = Special education teachers
training-role-nurse = Nurses
training-role-other = Other staff

## Check-ins
checkin-error-case = “{ $word }” is not a case number; write it like C-1001.
checkin-error-every = { $missing ->
        [yes] After “{ $word }”, write “every”, as in: every 2 weeks on mon.
       *[no] “{ $word }” was not expected here: write “every”, as in: every 2 weeks on mon.
    }
checkin-error-interval = { $missing ->
        [yes] After “{ $word }”, write how often, as in: every 2 weeks on mon (1–52 weeks or 1–12 months).
       *[no] “{ $word }” is not a number of weeks (1–52) or months (1–12).
    }
checkin-error-unit = { $missing ->
        [yes] After “{ $word }”, write weeks or months.
       *[no] “{ $word }” is not weeks or months.
    }
checkin-error-on = { $missing ->
        [yes] After “{ $word }”, write “on”, as in: on mon, on day 15, on 1st mon.
       *[no] “{ $word }” was not expected here: write “on”, as in: on mon, on day 15, on 1st mon.
    }
checkin-error-weekday = “{ $word }” is not a weekday; write mon, tue, wed, thu, fri, sat or sun.
checkin-error-day-of-month = “{ $word }”: write the day of the month as a number from 1 to 31 (31 means the month's last day).
checkin-error-monthly = “{ $word }”: a monthly check-in is “on day D” or “on NTH DAY” (1st, 2nd, 3rd, 4th or last, then a weekday).
checkin-error-for = “{ $word }”: after “for”, write how many check-ins, from 1 to 520.
checkin-error-time = “{ $word }”: write the time as “at HH:MM”, 24-hour, such as at 15:30.
checkin-error-with = “{ $word }”: write who is assigned as “with EMAIL”, commas between addresses (at most 20).
checkin-error-email = “{ $word }” is not an email address.
checkin-error-date = “{ $word }” is not a date; write it as YYYY-MM-DD.
checkin-error-until-before-from = The end date { $word } is before the start date.
checkin-error-zone = “{ $word }” is not a time zone; write one such as America/Phoenix.
checkin-error-remind = “{ $word }”: write reminders like remind 24h,1h (m, h or d; at most 5, up to 14 days before).
checkin-error-repeated = “{ $word }” is given twice.
checkin-error-unexpected = “{ $word }” was not expected here.
checkin-usage = Use { $command } schedule CASE every N weeks on DAY at HH:MM with EMAIL (or every N months on day D / on 1st mon; then [from YYYY-MM-DD] [until YYYY-MM-DD] [tz ZONE] [remind 24h,1h]), or { $command } list [CASE], done|skip ID [note], pause|resume|cancel|log|calendar PLAN, change PLAN every … [because …] or change PLAN with EMAIL.
checkin-not-on-roster = Check-ins are for school staff on the roster; ask your coordinator to add you.
checkin-unknown-email = “{ $word }” is not on the roster.
checkin-other-school = “{ $word }” is not at this case's school.
checkin-not-a-handler = “{ $word }” cannot be assigned: check-ins are recorded by the school's counselors, coordinators and admins.
checkin-no-occurrences = No check-in falls before the end date { $word }; choose a later end date.
checkin-created = Check-in plan { $plan } for case { $case }: { $cadence } at { $time } ({ $zone }). { $count } assigned { $count ->
        [one] person was
       *[other] people were
    } told privately. Next:
checkin-occurrence-line = • { $id }: { $date }, { $time } { $zone }
checkin-cadence-at = { $cadence } at { $time } ({ $zone })
checkin-notice = You are assigned to check-ins for case { $case } (plan { $plan }): { $cadence } at { $time } ({ $zone }). First: { $first }
checkin-list-more = The { $shown } newest plans. Older ones: { $command } list CASE.
checkin-list-none = No check-in plans you may see.
checkin-plan-line = Plan { $plan } · case { $case } · { $cadence } at { $time } ({ $zone }) · { $state } · with { $people }
checkin-person-left = { $name } (no longer on the roster)
checkin-plan-ended = (no more check-ins: the plan has ended)
checkin-reminder = Reminder: check-in { $id } for case { $case } (plan { $plan }) is on { $when }.
checkin-bad-occurrence = { $missing ->
        [yes] Which check-in? Give its id, such as 1.2, from /checkin list.
       *[no] “{ $word }” is not a check-in you may record: use an id such as 1.2 from /checkin list, for a check-in whose day has come.
    }
checkin-recorded-done = Check-in { $id } for case { $case } is recorded as done.
checkin-recorded-skipped = Check-in { $id } for case { $case } is recorded as skipped.
checkin-already-recorded = Check-in { $id } for case { $case } was already recorded; nothing changed.
checkin-missed = Missed check-in: { $id } for case { $case } (plan { $plan }), { $when }, has no outcome recorded. Please follow up with the assigned staff.
checkin-missed-twice = Two check-ins in a row missed: { $id } for case { $case } (plan { $plan }), { $when }, has no outcome recorded, and neither has the one before it. Please follow up.
checkin-error-plan = { $missing ->
        [yes] Which plan? Give its number from { "/" }checkin list, such as 7.
       *[no] “{ $word }” is not a plan number; use the number from { "/" }checkin list, such as 7.
    }
checkin-no-such-plan = There is no plan { $word } you may change; see { "/" }checkin list.
checkin-state-active = active
checkin-state-paused = paused
checkin-state-cancelled = cancelled
checkin-wrong-state = Plan { $plan } is { $state }; nothing changed.
checkin-changed-meanwhile = Plan { $plan } was changed by someone else a moment ago; nothing changed. Look at it again with { "/" }checkin list and retry.
checkin-paused = Plan { $plan } for case { $case } is paused: no reminders and no missed check-ins until it is resumed. { $count } assigned { $count ->
        [one] person was
       *[other] people were
    } told.
checkin-resumed = Plan { $plan } for case { $case } is active again ({ $cadence }). { $count } assigned { $count ->
        [one] person was
       *[other] people were
    } told.
checkin-cancelled = Plan { $plan } for case { $case } is cancelled; check-ins already past can still be recorded. { $count } assigned { $count ->
        [one] person was
       *[other] people were
    } told.
checkin-changed = Plan { $plan } for case { $case } now runs { $cadence }; the change is logged. { $count } assigned { $count ->
        [one] person was
       *[other] people were
    } told. Next:
checkin-notice-paused = { $who } paused check-in plan { $plan } for case { $case }. No reminders until it is resumed.
checkin-notice-resumed = { $who } resumed check-in plan { $plan } for case { $case }: { $cadence }.
checkin-notice-cancelled = { $who } cancelled check-in plan { $plan } for case { $case }. There will be no more reminders for it.
checkin-notice-changed = { $who } changed check-in plan { $plan } for case { $case } to { $cadence }.
checkin-reassigned = Plan { $plan } for case { $case } is now with { $people }; the change is logged. { $count ->
        [one] One person was
       *[other] { $count } people were
    } told.
checkin-same-assignees = Plan { $plan } already has exactly those people; nothing changed.
checkin-from-past = The start date { $date } has already passed, so the plan counts from now.
checkin-now-with = Assigned from now on: { $people }.
checkin-notice-reassigned = { $who } changed who does the check-ins of plan { $plan } for case { $case }: now { $people }.
checkin-notice-added = { $who } assigned you to the check-ins of case { $case } (plan { $plan }): { $cadence }. Assigned now: { $people }. See { "/" }checkin list for the next ones.
checkin-notice-unassigned = { $who } took you off check-in plan { $plan } for case { $case }. You will get no more reminders for it.
checkin-log-heading = Changes to plan { $plan } (case { $case }):
checkin-log-line = • { $date } { $time }: { $action } by { $who }{ $details }
checkin-log-because = because { $reason }
checkin-log-with = with { $people }
checkin-action-created = created
checkin-action-paused = paused
checkin-action-resumed = resumed
checkin-action-cancelled = cancelled
checkin-action-changed = cadence changed
checkin-action-reassigned = people changed

## A plan's cadence as shown; it can be typed back into a command as it reads (every 2 weeks on Tuesday)
checkin-cadence-weeks = { $n ->
        [one] every week on { $days }
       *[other] every { $n } weeks on { $days }
    }
checkin-cadence-month-day = { $n ->
        [one] every month on day { $day }
       *[other] every { $n } months on day { $day }
    }
checkin-cadence-month-nth = { $n ->
        [one] every month on the { $nth } { $weekday }
       *[other] every { $n } months on the { $nth } { $weekday }
    }
checkin-cadence-for = { $segment } for { $count ->
        [one] 1 check-in
       *[other] { $count } check-ins
    }
checkin-cadence-then = { $before }, then { $after }
checkin-cadence-nth-1st = first
checkin-cadence-nth-2nd = second
checkin-cadence-nth-3rd = third
checkin-cadence-nth-4th = fourth
checkin-cadence-nth-last = last
checkin-cadence-day-mon = Monday
checkin-cadence-day-tue = Tuesday
checkin-cadence-day-wed = Wednesday
checkin-cadence-day-thu = Thursday
checkin-cadence-day-fri = Friday
checkin-cadence-day-sat = Saturday
checkin-cadence-day-sun = Sunday
checkin-cadence-days-mon = Monday
checkin-cadence-days-tue = Tuesday
checkin-cadence-days-wed = Wednesday
checkin-cadence-days-thu = Thursday
checkin-cadence-days-fri = Friday
checkin-cadence-days-sat = Saturday
checkin-cadence-days-sun = Sunday

## Partner re-check nudges (private, to a school's coordinators or, with none, its admins)

partners-nudge-title = Partner contacts to re-check for { $school }
partners-nudge-intro = { $count ->
    [one] This partner your staff see in { $command } has not been verified in the last { $days } days, so it is shown with a warning:
   *[other] These { $count } partners your staff see in { $command } have not been verified in the last { $days } days, so they are shown with a warning:
    }
partners-nudge-line = { $name } ({ $category }): { $verified }
partners-nudge-verified-by = last verified { $date } by { $by }
partners-nudge-verified-on = last verified { $date }
partners-nudge-never-verified = never verified
partners-nudge-more = …and { $count } more (safeharbor partners export lists every partner with the date it was verified).
partners-nudge-how = To re-check one, call or email the agency and confirm its phone numbers, text line, hours and address. Then, in the partner CSV, set last_verified_on to the date you checked and last_verified_by to your name, and run safeharbor partners import FILE.csv (or send the file to whoever runs SafeHarbor for the district).
partners-nudge-again = Any still not re-checked will be listed again in { $days } days.

## The console: role names in the banner

console-role-teacher = teacher
console-role-counselor = counselor
console-role-backup_counselor = backup counselor
console-role-coordinator = coordinator
console-role-admin = admin
console-role-front_desk = front desk
console-role-bus_driver = bus driver
console-role-assistant_principal = assistant principal
console-role-social_worker = social worker
console-role-attendance_officer = attendance officer
console-role-dropout_prevention = dropout prevention officer
console-role-special_education = special education teacher
console-role-nurse = nurse
console-role-other = other staff

## The console: a concern form answer it cannot use is asked again

console-form-yes-no = Please answer yes or no (a lone . cancels).
console-form-not-in-list = Not in the list: { $words }. Type numbers from 1 to { $max } separated by commas, or press Enter for none.
