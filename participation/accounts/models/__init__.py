from .roles import RoleAssignment
from .security import SecurityEvent

__all__ = ["RoleAssignment", "SecurityEvent"]
