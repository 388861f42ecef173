from django import template

from inbox.models import Correction, CorrectionStatus, Message, MessageStatus

register = template.Library()


@register.simple_tag
def new_visitor_items(user):
    """How many new messages and corrections ``user`` may read (its own clusters' for an office)."""
    return {
        "messages": Message.objects.for_staff(user).filter(status=MessageStatus.NEW).count(),
        "corrections": Correction.objects.for_staff(user)
        .filter(status=CorrectionStatus.NEW)
        .count(),
    }
