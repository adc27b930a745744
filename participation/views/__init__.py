from .dashboard import dashboard
from .initiatives import InitiativeDetailView
from .places import municipality_detail

__all__ = ["InitiativeDetailView", "dashboard", "municipality_detail"]
