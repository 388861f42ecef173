"""The site in each of its languages: a page's address in another language (the switch, hreflang,
the sitemap) and a content field's column in a language (matching text, ordering).

Every public page is in both languages at addresses that differ only in the prefix ("/en/") and the
translated path words; slugs and query strings are the same. A page's address in another language is
its URL pattern reversed in that language. A translated field (django-modeltranslation) is a pair of
columns, ``<field>_pl`` and ``<field>_en``.
"""

from django.conf import settings
from django.db.models import Expression, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

HOME = "clusters:home"


def _resolver_match(request):
    if request.resolver_match is not None:
        return request.resolver_match
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _reverse_in(match, language):
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs) if match else None
        except NoReverseMatch:
            path = None
        return path or reverse(HOME)


def with_query(request, path):
    # request.GET, not the raw QUERY_STRING: the parameters as the page read them (control
    # characters already stripped by config.input_hygiene), encoded again
    query_string = request.GET.urlencode()
    return f"{path}?{query_string}" if query_string else path


def paths_in_languages(request):
    """{code: this request's page in that language, without the query}, in the order of
    ``settings.LANGUAGES``: what the switch and the hreflang alternates share, reversed once."""
    match = _resolver_match(request)
    return {code: _reverse_in(match, code) for code, _name in settings.LANGUAGES}


def language_links(request, paths=None):
    """[{code, name, path, is_current}] for the switch, in the order of ``settings.LANGUAGES``."""
    paths = paths or paths_in_languages(request)
    current = translation.get_language()
    return [
        {
            "code": code,
            # each language by its own name, as a visitor looking for it would read it
            "name": translation.get_language_info(code)["name_local"],
            "path": with_query(request, path),
            "is_current": code == current,
        }
        for code, path in paths.items()
    ]


def alternate_urls(request, paths=None):
    """[(hreflang, absolute URL)] for pl, en and x-default (the Polish page), without query."""
    paths = paths or paths_in_languages(request)
    urls = [(code, request.build_absolute_uri(path)) for code, path in paths.items()]
    return [*urls, ("x-default", urls[0][1])]


# --- content fields in a language (django-modeltranslation's <field>_pl, <field>_en columns) ---


def is_translated(model, field):
    try:
        return field in translator.get_options_for_model(model).fields
    except NotRegistered:
        return False


def column(model, field, language):
    """The column holding ``field`` in ``language``: ``name_en`` for a translated field, the field
    itself for one that is not (a town), None when an untranslated field has no such language."""
    if is_translated(model, field):
        return f"{field}_{language}"
    return field if language == settings.LANGUAGE_CODE else None


def columns_for_matching(model, fields, language=None):
    """What a text match looks in on a page in ``language``: the columns of every language, that
    one's first (a value without English is shown, so found, in Polish; an English name is a name
    a visitor of the Polish page may type too)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    languages = dict.fromkeys((language, *(code for code, _name in settings.LANGUAGES)))
    found = (column(model, field, lang) for lang in languages for field in fields)
    return list(dict.fromkeys(name for name in found if name))


def localized(field, language=None):
    """An expression of ``field`` as a page in ``language`` shows it (empty English → Polish), for
    ordering: an expression naming ``field`` itself would read the Polish column."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    polish = F(f"{field}_{settings.LANGUAGE_CODE}")
    if language == settings.LANGUAGE_CODE:
        return polish
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), polish)


class InLanguage(Expression):
    """``localized(field)`` decided when the query is compiled, not when it is written: a sort
    declared once at import (a listing's sort options) then follows each request's language."""

    def __init__(self, field):
        super().__init__()
        self.field_name = field

    def resolve_expression(self, *args, **kwargs):
        return localized(self.field_name).resolve_expression(*args, **kwargs)
