from .access import RoleAssignment
from .audit import SecurityEvent
from .involvement import (
    FactorAssessment,
    InfluenceLevel,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from .places import County, Municipality, Region
from .programme import (
    AgreementCheckItem,
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)
from .reporting import ReportFile, ReportRow, ReportSnapshot
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
    "AgreementCheckItem",
    "Commitment",
    "County",
    "Factor",
    "FactorAssessment",
    "Goal",
    "Grant",
    "Indicator",
    "IndicatorValue",
    "InfluenceLevel",
    "Initiative",
    "Input",
    "Instrument",
    "InvolvementEvent",
    "Meeting",
    "Method",
    "Municipality",
    "ParticipantCount",
    "ParticipationForm",
    "PriorityArea",
    "ProgrammeAgreement",
    "ProgrammeContact",
    "Region",
    "ReportFile",
    "ReportRow",
    "ReportSnapshot",
    "ReportingPeriod",
    "ResultTarget",
    "RiskFlag",
    "RoleAssignment",
    "SecurityEvent",
    "Strategy",
    "SubGoal",
    "SuccessCriterion",
    "SuccessCriterionAssessment",
    "TargetGroup",
    "Theme",
]
