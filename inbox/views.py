"""The visitors' forms (write to a cluster, report a correction), their thank-you pages and the
privacy note.

A form is shown with GET and sent with POST; an invalid one comes back with its errors and status
400; a valid one is stored, its mail leaves after the commit, and the visitor is redirected to a
thank-you page (post/redirect/get) that shows nothing of what they wrote. Over the rate limit,
the form comes back filled as sent, with status 429 and the reason.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from clusters.models import Cluster
from members.models import MemberOrganisation

from . import guard
from .forms import CorrectionForm, MessageForm
from .mail import deliver, office_addresses


@method_decorator(never_cache, name="dispatch")  # each page carries its own signed start time
class VisitorFormView(FormView):
    """A form about one public record (``subject``), guarded by ``inbox.guard``."""

    http_method_names = ["get", "post", "head", "options"]
    subject_field: str

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.subject = get_object_or_404(self.subject_queryset(), slug=kwargs["slug"])

    def post(self, request, *args, **kwargs):
        if guard.limit_reached(request):
            return self.rate_limited()
        if guard.honeypot_filled(request.POST):
            # A robot learns nothing: it sees the thank-you page, and nothing is stored or sent.
            return redirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def rate_limited(self):
        """429, with the form as the visitor filled it, so that nothing they wrote is lost."""
        form = self.get_form_class()(initial=self.request.POST.dict())
        minutes = settings.INBOX_RATE_WINDOW_MINUTES
        context = self.get_context_data(
            form=form, rate_limit=settings.INBOX_RATE_LIMIT, rate_minutes=minutes
        )
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(minutes * 60)
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_form_kwargs(self):
        # The record it is about is known before validation, which checks the model's constraints.
        model = self.form_class._meta.model
        return {
            **super().get_form_kwargs(),
            "instance": model(**{self.subject_field: self.subject}),
        }

    def form_valid(self, form):
        item = form.save(commit=False)
        item.client_hash = guard.client_hash(self.request)
        with transaction.atomic():
            item.save()
            transaction.on_commit(lambda: deliver(item))
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class MessageView(VisitorFormView):
    form_class = MessageForm
    template_name = "inbox/message_form.html"
    subject_field = "cluster"

    def subject_queryset(self):
        return Cluster.objects.public()

    def get_success_url(self):
        return reverse("inbox:message-sent", kwargs={"slug": self.subject.slug})

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Napisz do klastra %(name)s") % {"name": self.subject.name},
            **kwargs,
        )


class ClusterCorrectionView(VisitorFormView):
    form_class = CorrectionForm
    template_name = "inbox/correction_form.html"
    subject_field = "cluster"

    def subject_queryset(self):
        return Cluster.objects.public()

    def get_success_url(self):
        return reverse("inbox:correction-sent")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Zgłoś poprawkę: %(name)s") % {"name": self.subject.name},
            **kwargs,
        )


class OrganisationCorrectionView(ClusterCorrectionView):
    subject_field = "organisation"

    def subject_queryset(self):
        return MemberOrganisation.objects.public()


class MessageSentView(TemplateView):
    template_name = "inbox/message_sent.html"

    def get_context_data(self, **kwargs):
        cluster = get_object_or_404(Cluster.objects.public(), slug=kwargs["slug"])
        return super().get_context_data(
            page_title=_("Wiadomość wysłana"),
            cluster=cluster,
            # Said, not who exactly: the office's addresses are not public.
            to_office=bool(office_addresses([cluster])),
            answer_days=settings.INBOX_ANSWER_WORKING_DAYS,
            **kwargs,
        )


class CorrectionSentView(TemplateView):
    template_name = "inbox/correction_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Dziękujemy za zgłoszenie"), **kwargs)


class PrivacyView(TemplateView):
    template_name = "inbox/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Ochrona danych"),
            page_description=_(
                "Kto otrzymuje wiadomości i zgłoszenia wysłane przez katalog Klastry Lubelskie, "
                "po co i jak długo je przechowujemy."
            ),
            retention_months=settings.PERSONAL_DATA_RETENTION_MONTHS,
            rate_window_minutes=settings.INBOX_RATE_WINDOW_MINUTES,
            editors_email=settings.EDITORS_EMAIL[0] if settings.EDITORS_EMAIL else "",
            **kwargs,
        )
