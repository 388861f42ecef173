"""The two visitors' forms, each with the spam defences of ``inbox.guard`` as hidden fields."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import guard
from .models import Correction, Message, Topic

FILL_TIME_ERRORS = {
    guard.FillTime.TOO_FAST: _(
        "Formularz został wysłany zbyt szybko, by mógł go wypełnić człowiek. "
        "Sprawdź treść i wyślij go ponownie."
    ),
    guard.FillTime.EXPIRED: _(
        "Formularz był otwarty zbyt długo. Sprawdź treść i wyślij go ponownie."
    ),
    guard.FillTime.INVALID: _("Formularz dotarł niekompletny. Sprawdź treść i wyślij go ponownie."),
}


class GuardedForm(forms.ModelForm):
    """A model form carrying the signed start time and the honeypot field."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[guard.STARTED_FIELD].initial = guard.started_token()
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 6)

    def errors_so_far(self):
        return bool(self._errors)

    def clean_started(self):
        token = self.cleaned_data.get(guard.STARTED_FIELD, "")
        verdict = guard.FillTime.check(token)
        if verdict == guard.FillTime.OK:
            return token
        if verdict == guard.FillTime.TOO_FAST and self.errors_so_far():
            # Invalid anyway (an empty form sent at once, say): the fields' errors say enough, and
            # the same start time counts on when it comes back corrected.
            return token
        if verdict != guard.FillTime.TOO_FAST:
            # The page shown again carries a fresh start time, so sending it again can pass.
            self.data = self.data.copy()
            self.data[self.add_prefix(guard.STARTED_FIELD)] = guard.started_token()
        raise forms.ValidationError(FILL_TIME_ERRORS[verdict], code=verdict)


class MessageForm(GuardedForm):
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Bez tej zgody nie możemy przekazać wiadomości biuru klastra.")
        },
    )

    class Meta:
        model = Message
        fields = ["name", "email", "organisation", "topic", "body"]
        widgets = {"topic": forms.RadioSelect}
        help_texts = {
            "organisation": _("Nieobowiązkowe."),
            "email": _("Na ten adres przyjdzie odpowiedź."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = Topic.choices  # no blank radio button to pick
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["consent"].label = _(
            "Zgadzam się na przekazanie mojej wiadomości i danych kontaktowych biuru klastra "
            "w celu odpowiedzi."
        )
        # Our own text with a link to our own page (help text is rendered as HTML).
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("inbox:privacy"), _("Jak chronimy dane")
        )


class CorrectionForm(GuardedForm):
    class Meta:
        model = Correction
        fields = ["what_is_wrong", "proposed_value", "source_url", "email"]
        labels = {
            "what_is_wrong": _("Co jest nie tak?"),
            "proposed_value": _("Jak powinno być?"),
            "source_url": _("Link do źródła"),
            "email": _("Twój e-mail (nieobowiązkowy)"),
        }
        help_texts = {
            "what_is_wrong": _("Np. która liczba lub który opis jest błędny lub nieaktualny."),
            "source_url": _(
                "Adres strony lub dokumentu, który potwierdza poprawną wartość (https://…)."
            ),
            "email": _("Tylko gdyby redakcja miała pytania do zgłoszenia."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
