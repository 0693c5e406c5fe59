"""Owns the SQLModel tables by area, imported together so Alembic sees one metadata.

Must not import: web, routers, consent, content, sharing, people, webhooks.
"""

from app.models.analytics import NO_DEPARTMENT, AnalyticsDay
from app.models.base import PublicModel, UTCDateTime, new_id, utcnow
from app.models.consent import (
    CONSENT_ACTIONS,
    CONSENT_SOURCES,
    PURPOSES,
    ConsentEvent,
    ConsentStatus,
    ConsentText,
)
from app.models.content import KINDS, NETWORKS, STATUSES, ContentItem, ShareText, Topic
from app.models.people import AmbassadorProfile, Employee, EmployeeBase, WebSession
from app.models.sharing import ClickDay, LeaderShare, Rating, ShareEvent, ShortLink
from app.models.system import (
    SCOPES,
    ApiKey,
    AuditEvent,
    DeliveryAttempt,
    IdempotencyRecord,
    OutboxMessage,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ = [
    "CONSENT_ACTIONS",
    "CONSENT_SOURCES",
    "KINDS",
    "NETWORKS",
    "NO_DEPARTMENT",
    "PURPOSES",
    "SCOPES",
    "STATUSES",
    "AmbassadorProfile",
    "AnalyticsDay",
    "ApiKey",
    "AuditEvent",
    "ClickDay",
    "ConsentEvent",
    "ConsentStatus",
    "ConsentText",
    "ContentItem",
    "DeliveryAttempt",
    "Employee",
    "EmployeeBase",
    "IdempotencyRecord",
    "LeaderShare",
    "OutboxMessage",
    "PublicModel",
    "Rating",
    "ShareEvent",
    "ShareText",
    "ShortLink",
    "Topic",
    "UTCDateTime",
    "WebSession",
    "WebhookDelivery",
    "WebhookEndpoint",
    "new_id",
    "utcnow",
]
