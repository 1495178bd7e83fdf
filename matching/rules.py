"""The follow-up's thresholds, each in one place: the board's signals, the reminders and
the labels that name them are all formatted from these (see docs/architecture.md)."""

# A running year with no activity logged for this many days is quiet.
QUIET_AFTER_DAYS = 21
# A year whose planned end is this close is ending.
ENDING_WITHIN_DAYS = 30
# One member logs more than this share of a year's activities (once it has enough logs).
DOMINANT_SHARE = 0.8
DOMINANT_MIN_LOGS = 5
# Members and community builders hear of a milestone this many days before it is due,
# and the household may answer its check-in from then on.
DUE_WITHIN_DAYS = 7
