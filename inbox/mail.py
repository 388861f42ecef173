"""Mail to the people who answer what visitors send: a cluster's office, or the directory's editors.

The row is stored first; ``deliver`` runs after the commit. A send that fails leaves the row
unsent (``sent_at`` empty, the error recorded) and ``manage.py send_unsent_mail`` tries again.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Message

logger = logging.getLogger(__name__)

#: What a failed send raises: SMTP refusals, and network errors (refused, unreachable, timed out).
SEND_ERRORS = (smtplib.SMTPException, OSError)


def office_addresses(clusters):
    """The e-mail addresses of the active office accounts of ``clusters``, sorted, no repeats."""
    addresses = set()
    for cluster in clusters:
        addresses.update(
            cluster.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
    return sorted(addresses)


def recipients(item):
    """Who answers ``item``: a message goes to its cluster's office (the editors when the office
    has no address); a correction to the editors and the office(s) of what it is about."""
    if isinstance(item, Message):
        return office_addresses([item.cluster]) or list(settings.EDITORS_EMAIL)
    clusters = [item.cluster] if item.cluster else item.organisation.clusters.all()
    return sorted(set(settings.EDITORS_EMAIL) | set(office_addresses(clusters)))


def compose(item, to):
    # The offices and editors read Polish, whatever language the visitor used the site in.
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(item, Message):
            subject = _("[Klastry Lubelskie] %(cluster)s: %(topic)s") % {
                "cluster": item.cluster.name,
                "topic": item.get_topic_display(),
            }
            template = "inbox/mail/message.txt"
        else:
            subject = _("[Klastry Lubelskie] Zgłoszona poprawka: %(subject)s") % {
                "subject": item.subject
            }
            template = "inbox/mail/correction.txt"
        body = render_to_string(
            template,
            {"item": item, "answer_days": settings.INBOX_ANSWER_WORKING_DAYS},
        )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=[item.reply_to] if item.reply_to else [],
    )


def deliver(item) -> bool:
    """Send the mail about ``item`` and record the outcome on its row; True when it went out."""
    rows = type(item).objects.filter(pk=item.pk)
    to = recipients(item)
    if not to:
        error = "no recipients: the office has no e-mail address and EDITORS_EMAIL is empty"
    else:
        try:
            compose(item, to).send()
        except SEND_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
        else:
            rows.update(sent_at=timezone.now(), send_attempts=F("send_attempts") + 1)
            return True
    logger.warning("Mail about %s %s not sent: %s", item._meta.model_name, item.pk, error)
    rows.update(send_attempts=F("send_attempts") + 1, last_send_error=error[:300])
    return False
