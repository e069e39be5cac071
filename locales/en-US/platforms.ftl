# SafeHarbor — words the platform adapters need (buttons, modal titles). English, US.

## Slack

slack-working = Working on it… the answer will appear here in a moment.
slack-modal-close = Close
slack-result-title = SafeHarbor
slack-action-title = Case { $case }
slack-action-submit = Save
slack-action-note = Note to add to the case
slack-action-note-hint = Stored encrypted; only the school's counselors, coordinator and admins can read it.
slack-action-reassign = Email of the counselor who takes over
slack-action-reassign-hint = They must be on the roster as a counselor of this school.
slack-action-refer = Referred to: cps, law_enforcement, or a partner id
slack-action-refer-hint = Partner ids are listed by /partners; add a short note after it if useful.
slack-action-close = Outcome
slack-action-close-hint = How the case ended; stored encrypted.

## Discord

# Command and option names in Discord's command picker (Spanish ones become localizations).
discord-name-indicators = indicators
discord-name-concern = concern
discord-name-partners = partners
discord-name-training = training
discord-name-checkin = checkin
discord-name-safeharbor = safeharbor
discord-option-indicators-words = words
discord-option-concern-details = details
discord-option-partners-query = query
discord-option-training-action = action
discord-option-checkin-action = action
discord-option-safeharbor-action = action
discord-picker-intro = Optional: pick what you observed in the lists below, then press Continue to describe it. Only you can see this.
discord-picker-continue = Continue
discord-danger-label = Immediate danger? Type yes or no
discord-danger-placeholder = no — or yes (then call 911 now)
discord-danger-yes-words = yes, y
discord-danger-no-words = no, n
discord-danger-unclear = answer yes or no.
discord-form-errors = Nothing was saved. Fix this, then press Continue again:
discord-already-handled = This request was already handled.
discord-not-understood = That button or form is no longer available. Run the command again.
discord-action-title = Case { $case }
discord-action-note = Note to add to the case
discord-action-note-hint = Stored encrypted; only the school's counselors, coordinator and admins can read it.
discord-action-reassign = Email of the counselor who takes over
discord-action-reassign-hint = They must be on the roster as a counselor of this school.
discord-action-refer = Referral: cps, law_enforcement or partner id
discord-action-refer-hint = Partner ids are listed by /partners; add a short note after it if useful.
discord-action-close = Outcome
discord-action-close-hint = How the case ended; stored encrypted.

## Teams

teams-duplicate = SafeHarbor already received this message.
teams-unknown-command = SafeHarbor didn't recognise that command. Here is what it can do:
teams-help-hint = On Teams, mention SafeHarbor and type the command without the slash, for example: @SafeHarbor indicators hotel
teams-concern-privacy = Everyone in this channel can see the message you typed. Please delete it now: the counselor already has it. For future reports, don't post details in a channel: use a private chat with your school's counselor.
teams-sent-privately = That answer is private, so SafeHarbor sent it to you privately ({ $where ->
        [slack] on Slack: a direct message from the SafeHarbor app
        [discord] on Discord: a direct message from the SafeHarbor bot
       *[teams] on Teams: in your chat with the Workflows app
    }).
teams-private-unavailable = That answer is private, and SafeHarbor has no private way to reach you yet, so nothing was done. Ask your SafeHarbor administrator to add your Teams Workflows webhook to the roster.
teams-slow = SafeHarbor is taking longer than Teams allows for an answer. Your request is still being handled; please don't send it again.
teams-slow-private = SafeHarbor is taking longer than Teams allows for an answer. Your request is still being handled and the answer will reach you privately; please don't send it again.
teams-link-title = SafeHarbor
teams-link-heading = Case { $case }
teams-link-question = Please confirm for case { $case }: { $action }.
teams-link-fine-print = This link acts in your name, works once and expires on { $expires }. Don't forward it.
teams-link-refused-title = This link can't be used
teams-link-refused = It has expired, has already been used, or is not a valid SafeHarbor link. Nothing was changed. Use the newest SafeHarbor message in your Teams chat, or the concern commands.
teams-link-try-again = SafeHarbor could not save this just now. Nothing was changed; please try again in a minute.
teams-link-missing-text = Please fill in the box, then confirm.
teams-action-note = Note to add to the case
teams-action-note-hint = Stored encrypted; only the school's counselors, coordinator and admins can read it.
teams-action-reassign = Email of the counselor who takes over
teams-action-reassign-hint = They must be on the roster as a counselor of this school.
teams-action-refer = Referred to: cps, law_enforcement, or a partner id
teams-action-refer-hint = Partner ids are listed by the partners command; add a short note after it if useful.
teams-action-close = Outcome
teams-action-close-hint = How the case ended; stored encrypted.
