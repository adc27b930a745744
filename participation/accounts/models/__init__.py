from .chain import AuditChainLink
from .notifications import Notification, NotificationSettings
from .roles import RoleAssignment
from .security import SecurityEvent

__all__ = [
    "AuditChainLink",
    "Notification",
    "NotificationSettings",
    "RoleAssignment",
    "SecurityEvent",
]
