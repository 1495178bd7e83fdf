"""The matching app's records, one module per part (see docs/architecture.md):

- matches: a household and a group matched, its status history, policy and vetoes;
- rounds: the engine's proposal rounds and the decisions on them;
- year: the trajectory of an active match, its milestones, goals, scores, check-ins;
- activities: what the group logs during the year;
- summaries: the figures' summaries, kept by the services that write the year.
"""

from .activities import ActivityLog, NetworkIntroduction
from .matches import Match, MatchingPolicy, MatchStatusChange, Veto
from .rounds import Proposal, ProposalRound, UnmatchedHousehold
from .summaries import (
    ActivityTally,
    PresenceCount,
    PresenceMonth,
    PresenceSpan,
    ScoreGain,
    TrajectoryPulse,
    YearTally,
)
from .year import SCORED_AT, CheckIn, Milestone, SelfRelianceScore, Trajectory, TrajectoryGoal

__all__ = [
    "SCORED_AT",
    "ActivityLog",
    "ActivityTally",
    "CheckIn",
    "Match",
    "MatchStatusChange",
    "MatchingPolicy",
    "Milestone",
    "NetworkIntroduction",
    "PresenceCount",
    "PresenceMonth",
    "PresenceSpan",
    "Proposal",
    "ProposalRound",
    "ScoreGain",
    "SelfRelianceScore",
    "Trajectory",
    "TrajectoryPulse",
    "TrajectoryGoal",
    "UnmatchedHousehold",
    "YearTally",
    "Veto",
]
