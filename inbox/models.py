"""What visitors send: messages to a cluster's office and corrections of the directory's data.

Both hold personal data (a name, an e-mail address, what someone wrote), so their querysets show
them to nobody on the public site (``public()`` is empty) and, in the back office, to the office of
the cluster they are about and to the directory's administrators (``for_staff``). They are deleted
or anonymised after ``PERSONAL_DATA_RETENTION_MONTHS`` (``purge_personal_data``).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core.constraints import FieldConstraintsMixin
from core.permissions import edits_everything
from members.models import MemberOrganisation, Membership


class Topic(models.TextChoices):
    PARTNERSHIP = "partnership", _("współpraca i partnerstwo")
    INVESTMENT = "investment", _("inwestycja")
    MEMBERSHIP = "membership", _("przystąpienie do klastra")
    OTHER = "other", _("inna sprawa")


class MessageStatus(models.TextChoices):
    NEW = "new", _("nowa")
    ANSWERED = "answered", _("z odpowiedzią")
    SPAM = "spam", _("spam")


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("nowa")
    APPLIED = "applied", _("wprowadzona")
    REJECTED = "rejected", _("odrzucona")


class SentByVisitorQuerySet(models.QuerySet):
    def public(self):
        """Nothing a visitor sent is ever shown on the public site."""
        return self.none()

    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def from_client(self, client_hash, since):
        return self.filter(client_hash=client_hash, created_at__gte=since)


class SentByVisitor(models.Model):
    """What both kinds share: when it came, whether the mail went out, and the abuse-limit key."""

    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("e-mail wysłany"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(_("próby wysyłki"), default=0)
    last_send_error = models.CharField(_("ostatni błąd wysyłki"), max_length=300, blank=True)
    # A keyed hash of the sender's address (never the address itself), kept only as long as the
    # rate limit needs it: purge_personal_data blanks it after a day.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_sent(self):
        return self.sent_at is not None


class MessageQuerySet(SentByVisitorQuerySet):
    def for_staff(self, user):
        if edits_everything(user):
            return self
        return self.filter(cluster__in=Cluster.objects.for_staff(user))


class Message(SentByVisitor):
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="messages", verbose_name=_("klaster")
    )
    name = models.CharField(_("imię i nazwisko"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organizacja"), max_length=300, blank=True)
    topic = models.CharField(_("temat"), max_length=20, choices=Topic.choices)
    body = models.TextField(_("wiadomość"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.NEW
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("wiadomość do klastra")
        verbose_name_plural = _("wiadomości do klastrów")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.cluster} – {self.get_topic_display()} ({self.created_at:%d.%m.%Y})"

    @property
    def reply_to(self):
        return self.email


class CorrectionQuerySet(SentByVisitorQuerySet):
    def for_staff(self, user):
        """An office sees corrections of its clusters and of the organisations in them."""
        if edits_everything(user):
            return self
        mine = Cluster.objects.for_staff(user)
        in_mine = Membership.objects.filter(organisation=OuterRef("organisation"), cluster__in=mine)
        return self.filter(Q(cluster__in=mine) | Exists(in_mine))


class Correction(FieldConstraintsMixin, SentByVisitor):
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("klaster"),
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("organizacja"),
    )
    what_is_wrong = models.TextField(_("co jest nie tak"), max_length=2000)
    proposed_value = models.TextField(_("poprawna wartość"), max_length=2000)
    source_url = models.URLField(_("źródło"), max_length=500)
    email = models.EmailField(_("e-mail do pytań"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.NEW
    )

    objects = CorrectionQuerySet.as_manager()

    CONSTRAINT_FIELDS = {"correction_about_one_record": "cluster"}

    class Meta:
        verbose_name = _("zgłoszona poprawka")
        verbose_name_plural = _("zgłoszone poprawki")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cluster__isnull=False, organisation__isnull=True)
                | Q(cluster__isnull=True, organisation__isnull=False),
                name="correction_about_one_record",
                violation_error_message=_(
                    "Poprawka dotyczy jednego klastra albo jednej organizacji."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.created_at:%d.%m.%Y})"

    @property
    def subject(self):
        """The cluster or organisation the correction is about."""
        return self.cluster or self.organisation

    @property
    def reply_to(self):
        return self.email
