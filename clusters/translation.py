"""Translated content fields (django-modeltranslation adds ``<field>_pl`` and ``<field>_en``).

Names are translated where a real English name exists (the city's own English list); an empty
English value shows the Polish one, marked as Polish (core.templatetags.content_language).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Cluster,
    Event,
    Initiator,
    KeyFigure,
    MemberReport,
    Project,
    Sector,
    Specialisation,
)


@register(Cluster)
class ClusterTranslation(TranslationOptions):
    fields = ("name", "official_name", "description", "founded_note")


@register(MemberReport)
class MemberReportTranslation(TranslationOptions):
    fields = ("note",)


@register(Initiator)
class InitiatorTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Specialisation)
class SpecialisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label",)
