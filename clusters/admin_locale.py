"""The back office speaks Polish whatever the browser asks for.

LocaleMiddleware picks a language from Accept-Language; the public site may offer English, but the
admin's own labels (models, fields, help texts) exist only in Polish, so an English browser would
get a mixture. This middleware, placed after LocaleMiddleware, switches admin requests back.
"""

from django.conf import settings
from django.utils import translation


class AdminInPolishMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
