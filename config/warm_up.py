"""What every app server process would otherwise do on its first requests, done once in
gunicorn's master before it forks the workers (``preload_app``, hook ``when_ready`` in
gunicorn.conf.py): importing the views, building the URL resolvers of both languages, loading the
translation catalogues, compiling the site's templates and the SQL of the pages' fixed statements
(``core.json_rows.compile_ahead``: a profile's, the home page's…). A new worker inherits all of
it, so its first page costs what any page costs, not a second or more; gunicorn replaces each
worker after ``max_requests``, and every replacement is such a new worker.

Nothing here touches the database or the cache: a connection opened before the fork would be
shared by every worker. What depends on the data (a listing's options, counts) is still built by
each worker, once per data version.
"""

import gc
from importlib import import_module
from pathlib import Path

import django.forms
from django.conf import settings
from django.core.cache import caches
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.urls import reverse
from django.utils import formats, translation
from django.utils.module_loading import import_string

from core.json_rows import compile_ahead

# Django's Redis cache imports its client library on first use, ~150 ms (no connection needed).
CACHE_CLIENTS = {"django.core.cache.backends.redis.RedisCache": "redis"}


def warm_up():
    """Prepare this process for its first requests; returns the number of templates compiled."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Klastry")  # loads the language's catalogues
            reverse("clusters:home")  # imports the URLconf and every view, fills the resolver
            formats.get_format("DATE_FORMAT")  # imports the language's format modules
    import_lazy_modules()
    compiled = compile_templates()
    compile_ahead()  # after the views' import, which declares the statements
    # What is loaded now lives as long as the process: out of the collector's way, so that a
    # worker's collections neither scan it nor write to the memory pages it shares with the master
    # (the freeze that Python's gc documentation advises before a fork).
    gc.collect()
    gc.freeze()
    return compiled


def import_lazy_modules():
    """The modules Django imports only when a request first needs them: the template context
    processors, the messages' storage, the sessions' serializer, the caches' client libraries."""
    engines["django"].engine.template_context_processors  # noqa: B018 (a cached import)
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
    for alias, options in settings.CACHES.items():
        caches[alias]  # noqa: B018 (imports the backend's module; connects to nothing)
        if client := CACHE_CLIENTS.get(options["BACKEND"]):
            import_module(client)


def compile_templates():
    """Every template of the site's own folder (``templates/``: the apps keep none of their own)
    and Django's form templates (a field's widget, its list of errors) through the engines'
    cached loaders, so rendering a page finds them compiled. The admin's compile on first use:
    staff pages, few and rarely visited."""
    site = engines["django"].engine
    forms = get_default_renderer().engine.engine  # the engine rendering forms, fields and errors
    compiled = 0
    for engine, folder in [(site, Path(folder)) for folder in site.dirs] + [
        (forms, Path(django.forms.__file__).parent / "templates")
    ]:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            engine.get_template(path.relative_to(folder).as_posix())
            compiled += 1
    return compiled
