"""The matching app's writes, one module per part (see docs/architecture.md):

matches (the lifecycle of a match), rounds (proposal rounds and their decisions), year
(milestones, evaluations, goals, scores, check-ins), activities (the group's logs) and
reminders. Import from the module: `from matching.services.matches import match_transition`.
"""
