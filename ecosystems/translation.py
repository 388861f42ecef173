"""Translated content fields (django-modeltranslation adds ``<field>_pl`` and ``<field>_en``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Ecosystem


@register(Ecosystem)
class EcosystemTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
