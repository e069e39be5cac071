## The /checkin schedule form (Slack and Discord). Labels and Discord input labels: at
## most 45 characters; option labels: at most 75; the title: at most 24.

checkin-form-title = New check-in plan
checkin-form-submit = Create plan
checkin-form-field-case = Case number
checkin-form-hint-case = Such as C-1042. Only the case number, never the student's name.
checkin-form-field-cadence = How often
checkin-form-hint-cadence = Other intervals, and plans that taper, take the one-line form: /checkin schedule CASE every …
checkin-form-field-weekday = Weekday
checkin-form-hint-weekday = For weekly plans, and for monthly plans on a weekday.
checkin-form-field-nth = Which week of the month
checkin-form-hint-nth = For monthly plans on a weekday, such as the 1st Monday or the last Friday.
checkin-form-field-day = Day of the month
checkin-form-hint-day = For monthly plans on a date. A day the month lacks falls on its last day.
checkin-form-field-time = Time
checkin-form-hint-time = HH:MM, 24-hour, in the school's time zone unless you choose another.
checkin-form-field-staff = Assigned staff
checkin-form-hint-staff = They are told privately and reminded before each check-in. They must be on the roster.
checkin-form-hint-staff-typed = Emails, commas between; they must be on the roster
checkin-form-field-from = Start date
checkin-form-hint-from = YYYY-MM-DD. Empty: today.
checkin-form-field-until = End date
checkin-form-hint-until = YYYY-MM-DD. Empty: no end date.
checkin-form-field-tz = Time zone
checkin-form-hint-tz = Such as America/New_York. Empty: the school's time zone.
checkin-form-field-remind = Reminders
checkin-form-hint-remind = Empty: 24 hours and 1 hour before each check-in.
checkin-form-remind-group = Before each check-in

checkin-form-every-weeks = { $n ->
        [one] Every week
       *[other] Every { $n } weeks
    }
checkin-form-every-months-on-date = { $n ->
        [one] Every month, on a date
       *[other] Every { $n } months, on a date
    }
checkin-form-every-months-on-weekday = { $n ->
        [one] Every month, on a weekday (such as the 1st Monday)
       *[other] Every { $n } months, on a weekday
    }
checkin-form-weekday-mon = Monday
checkin-form-weekday-tue = Tuesday
checkin-form-weekday-wed = Wednesday
checkin-form-weekday-thu = Thursday
checkin-form-weekday-fri = Friday
checkin-form-weekday-sat = Saturday
checkin-form-weekday-sun = Sunday
checkin-form-nth-1st = The first
checkin-form-nth-2nd = The second
checkin-form-nth-3rd = The third
checkin-form-nth-4th = The fourth
checkin-form-nth-last = The last
checkin-form-day-last = 31 (or the month's last day)
checkin-form-remind-days = { $n ->
        [one] 1 day before
       *[other] { $n } days before
    }
checkin-form-remind-hours = { $n ->
        [one] 1 hour before
       *[other] { $n } hours before
    }
checkin-form-remind-minutes = { $n ->
        [one] 1 minute before
       *[other] { $n } minutes before
    }

checkin-form-error-case-missing = Enter the case number, such as C-1001.
checkin-form-error-cadence-missing = Choose how often.
checkin-form-error-weekday-missing = Choose the weekday.
checkin-form-error-nth-missing = Choose which week of the month.
checkin-form-error-day-missing = Choose the day of the month.
checkin-form-error-time-missing = Enter the time as HH:MM, such as 15:30.
checkin-form-error-time = “{ $word }” is not a time; write HH:MM, 24-hour, such as 15:30.
checkin-form-error-staff-missing = Assign at least one person.
checkin-form-error-staff-too-many = Assign at most { $max } people.
checkin-form-error-not-on-roster = Someone you picked is not on SafeHarbor's roster; ask your coordinator to add them, or pick someone else.
checkin-form-error-choice = “{ $word }” is not one of the choices.
checkin-form-already-submitted = This form was already submitted. { $command } list shows the plan.
checkin-form-picker-intro = Choose how often and the reminders below (more choices appear as you pick), then press Continue for the case, time and staff. Only you can see this.
checkin-form-errors = Nothing was saved. Fix this, then press Continue again:
