from .cluster import Cluster, ClusterForm, ClusterStatus
from .completeness import CHECKS, STALE_AFTER_MONTHS
from .dependents import Event, EventScope, KeyFigure, Label, LabelKind, PartnerCountry, Project, Tie
from .loaded import LoadedRow
from .reference import Initiator, InitiatorKind, Sector, Specialisation
from .reports import MemberReport
from .sources import ActivityEvidence, DatePrecision, EvidenceRecency, Source

__all__ = [
    "CHECKS",
    "STALE_AFTER_MONTHS",
    "ActivityEvidence",
    "DatePrecision",
    "EvidenceRecency",
    "Source",
    "Cluster",
    "ClusterForm",
    "ClusterStatus",
    "Event",
    "EventScope",
    "Initiator",
    "InitiatorKind",
    "KeyFigure",
    "Label",
    "LabelKind",
    "LoadedRow",
    "MemberReport",
    "PartnerCountry",
    "Project",
    "Sector",
    "Specialisation",
    "Tie",
]
