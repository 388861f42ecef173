"""Translated content fields (django-modeltranslation adds ``<field>_pl`` and ``<field>_en``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import MemberOrganisation


@register(MemberOrganisation)
class MemberOrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
