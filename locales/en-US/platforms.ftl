# SafeHarbor — words the platform adapters need (buttons, modal titles). English, US.

## Slack

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
discord-action-refer = Referred to (cps, law_enforcement, partner id)
discord-action-refer-hint = Partner ids are listed by /partners; add a short note after it if useful.
discord-action-close = Outcome
discord-action-close-hint = How the case ended; stored encrypted.
