# SafeHarbor — interface messages (English, US). Same ids and placeholders in every locale.

## Commands (from commands/*.toml; Discord allows 100 characters per description)

cmd-indicators-desc = Look up risk factors and warning signs of trafficking
cmd-indicators-opt-words = Words to look for, such as hotel or debt
cmd-concern-desc = Privately tell the designated counselor about a concern
cmd-concern-opt-details = The student reference and what you observed
cmd-concern-list-desc = Cases you can see (counselors, coordinators, admins)
cmd-concern-show-desc = One case, with its history
cmd-partners-desc = Find local partner agencies and national hotlines
cmd-partners-opt-query = A category (such as shelter) and/or words
cmd-training-desc = Your training courses and due dates
cmd-training-opt-action = done COURSE, report or remind
cmd-training-done-desc = Record a completed course
cmd-training-report-desc = Training compliance by school and role (coordinators)
cmd-training-remind-desc = Send the due training reminders now (coordinators)
cmd-checkin-desc = Reintegration check-in plans for a returning student
cmd-checkin-opt-action = schedule, list, done, skip, pause, resume, cancel or change
cmd-checkin-schedule-desc = Create a check-in plan for a case
cmd-checkin-list-desc = Plans and their next check-ins
cmd-checkin-done-desc = Record a check-in as done
cmd-checkin-skip-desc = Record a check-in as skipped
cmd-checkin-pause-desc = Pause a plan
cmd-checkin-resume-desc = Resume a paused plan
cmd-checkin-cancel-desc = Cancel a plan
cmd-checkin-change-desc = Change a plan's cadence
cmd-safeharbor-desc = Help, and your language
cmd-safeharbor-opt-action = help, or language CODE
cmd-safeharbor-help-desc = What SafeHarbor can do
cmd-safeharbor-language-desc = Set your language (en-US, es, or auto)

## Errors

error-text-too-long = That is too long ({ $count } characters). The limit is { $limit }; please shorten it.
error-not-allowed = Sorry, that is not available to you.
error-unknown-command = There is no command { $command }. Here is what you can use:
error-unknown-subcommand = { $command } does not know “{ $word }”.
error-not-available-yet = { $command } is not available yet in this installation.
error-try-again = Something went wrong on our side, and nothing was saved. Please try again in a minute. If a student may be in danger, call 911 now.

## Help

help-title = SafeHarbor help
help-intro = SafeHarbor helps you follow your school's protocol for suspected child trafficking. Commands:
help-not-emergency = SafeHarbor is not an emergency service and does not replace 911 or your state's mandated reporting.

## Language

language-current = Your language is { $locale }. Available: { $codes }. Use “language CODE”, or “language auto” to follow your chat app.
language-not-on-roster = Your language can be saved once you are on the school roster; ask your coordinator.
language-auto = From now on your language follows your chat app.
language-unknown = “{ $code }” is not an available language. Available: { $codes }.
language-set = Your language is now { $locale }.

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

## Console

console-banner = SafeHarbor console — you are { $name } ({ $roles }) at { $school }. Type /safeharbor help for commands; Ctrl-D to leave.
console-demo-data = This is DEMO DATA (the demo district); import a real roster with: safeharbor roster import FILE.csv
console-not-a-command = Commands start with a slash, like /indicators hotel.

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
