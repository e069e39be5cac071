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
