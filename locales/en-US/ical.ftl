# Calendar files and feeds of check-in plans (iCalendar). Pseudonymous: the case number
# and plan id only, never anything about the student.

cmd-checkin-calendar-desc = Your calendar feed (iCalendar) of a plan's check-ins
    .usage = checkin calendar PLAN

ical-summary = Check-in { $case } (plan { $plan })
ical-calendar-name = SafeHarbor check-ins: case { $case }, plan { $plan }
ical-description = Check-in { $id } of plan { $plan } for case { $case }. Record it with { $command } done { $id } or { $command } skip { $id }.
ical-description-done = Check-in { $id } of plan { $plan } for case { $case }: recorded as done.
ical-description-skipped = Check-in { $id } of plan { $plan } for case { $case }: recorded as skipped.
ical-moved = Moved from { $date }: the school is closed that day.

ical-bad-plan = “{ $word }” is not a plan you may see: use { $command } calendar PLAN, with a plan number from { $command } list.
ical-feed-link = Your calendar feed for plan { $plan } (case { $case }): { $url }
ical-feed-fine-print = Add it to your calendar app as a subscription (“from URL”). The link is for you only: anyone who has it sees when these check-ins are (never anything about the student), so don't share it. It works until { $expires }; for a new one, use { $command } calendar { $plan } again.

ical-refused-title = This calendar link doesn't work
ical-refused = It has expired, was changed, or is no longer yours to use. Ask SafeHarbor for a new one with { $command } calendar PLAN.
ical-unavailable = SafeHarbor can't read its records right now. Please try again in a few minutes.
