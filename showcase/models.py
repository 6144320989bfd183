"""Every model, imported in one place so that migrations and ``db.create_all`` see them all."""

from showcase.accounts.models import User, UserSession
from showcase.announcements.models import (
    Announcement,
    AnnouncementHistory,
    AnnouncementRecipient,
    AnnouncementSettings,
    AnnouncementUnsubscribe,
)
from showcase.badges.models import BadgePrint, RetiredBadgeCode
from showcase.booths.models import (
    Booth,
    BoothApplication,
    BoothApplicationHistory,
    BoothApplicationLink,
    BoothSettings,
)
from showcase.checkin.models import Gate, Scan
from showcase.cooperation.models import (
    CooperationInterest,
    CooperationPin,
    CooperationProfile,
    CooperationSettings,
    Meeting,
    MeetingAttendee,
    MeetingDay,
    MeetingHistory,
    MeetingOutcome,
    MeetingSeat,
    MeetingTable,
    MeetingTableSlot,
    ProfileMember,
)
from showcase.core.audit import AuditEntry
from showcase.core.images import StoredImage
from showcase.delegations.models import (
    Delegation,
    DelegationHistory,
    DelegationLink,
    DelegationSettings,
    Substitution,
)
from showcase.events.models import City, Event, Track
from showcase.leads.models import ExhibitorLead
from showcase.mail.models import MailRequest, OutboxAttachment, OutboxMessage, RecipientBudget
from showcase.program.models import (
    ProgramSession,
    ProgramSettings,
    Room,
    RoomAvailability,
    SessionReview,
    SessionStateChange,
    Speaker,
    SpeakerAvailability,
    SpeakerLink,
)
from showcase.registration.models import (
    Registration,
    RegistrationCategory,
    RegistrationCityLock,
    RegistrationHistory,
    RegistrationInvitation,
    RegistrationLink,
    RegistrationSettings,
)
from showcase.schedule.models import RegistrationStar, SchedulePlacement, ScheduleRelease
from showcase.travel.models import PartnerHotel, TravelPlan, TravelSettings

__all__ = [
    "Announcement",
    "AnnouncementHistory",
    "AnnouncementRecipient",
    "AnnouncementSettings",
    "AnnouncementUnsubscribe",
    "AuditEntry",
    "BadgePrint",
    "Booth",
    "BoothApplication",
    "BoothApplicationHistory",
    "BoothApplicationLink",
    "BoothSettings",
    "City",
    "CooperationInterest",
    "CooperationPin",
    "CooperationProfile",
    "CooperationSettings",
    "Delegation",
    "DelegationHistory",
    "DelegationLink",
    "DelegationSettings",
    "Event",
    "ExhibitorLead",
    "Gate",
    "MailRequest",
    "Meeting",
    "MeetingAttendee",
    "MeetingDay",
    "MeetingHistory",
    "MeetingOutcome",
    "MeetingSeat",
    "MeetingTable",
    "MeetingTableSlot",
    "OutboxAttachment",
    "OutboxMessage",
    "PartnerHotel",
    "ProfileMember",
    "ProgramSession",
    "ProgramSettings",
    "RecipientBudget",
    "Registration",
    "RegistrationCategory",
    "RegistrationCityLock",
    "RegistrationHistory",
    "RegistrationInvitation",
    "RegistrationLink",
    "RegistrationSettings",
    "RegistrationStar",
    "RetiredBadgeCode",
    "Room",
    "RoomAvailability",
    "Scan",
    "SchedulePlacement",
    "ScheduleRelease",
    "SessionReview",
    "SessionStateChange",
    "Speaker",
    "SpeakerAvailability",
    "SpeakerLink",
    "StoredImage",
    "Substitution",
    "Track",
    "TravelPlan",
    "TravelSettings",
    "User",
    "UserSession",
]
