from .places import County, Municipality, Region
from .strategy import (
    Goal,
    Indicator,
    PriorityArea,
    ResultTarget,
    Strategy,
    SubGoal,
    SuccessCriterion,
)
from .vocab import Factor, Instrument, Method, ParticipationForm, TargetGroup, Theme

__all__ = [
    "County",
    "Factor",
    "Goal",
    "Indicator",
    "Instrument",
    "Method",
    "Municipality",
    "ParticipationForm",
    "PriorityArea",
    "Region",
    "ResultTarget",
    "Strategy",
    "SubGoal",
    "SuccessCriterion",
    "TargetGroup",
    "Theme",
]
