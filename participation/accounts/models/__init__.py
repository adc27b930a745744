from .chain import AuditChainLink
from .roles import RoleAssignment
from .security import SecurityEvent

__all__ = ["AuditChainLink", "RoleAssignment", "SecurityEvent"]
