"""The back office's login throttling: django-axes, counting by (user name, address) and by address.

Policy (README, "Deployment › Security"):

- ``AXES_FAILURE_LIMIT`` failures for one user name from one address lock that pair. The owner of
  the account, from any other address, still signs in: an attacker cannot lock the superuser out
  for ever by failing from a few addresses.
- ``AXES_ADDRESS_FAILURE_LIMIT`` (higher) failures from one address, whatever the user names,
  lock the address: guessing many accounts from one place stops too.
- A successful login forgives only its own (user name, address) failures. Failures recorded for
  other user names from the same address keep counting, so a correct login to an account one
  holds does not buy more guesses at another one (django-axes' reset by address or by user name
  did exactly that).

django-axes 8 counts combinations (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``),
and its reset on success deletes the rows matching those parameters, i.e. the pair. It has a
single limit, so the per-address one is added here.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Recent failures from the request's address, every user name counted."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PairAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher limit per address."""

    def get_failures(self, request, credentials=None):
        pair = super().get_failures(request, credentials)
        if address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Reported as "at the limit", which is how axes decides a lockout.
            return max(pair, get_failure_limit(request, credentials))
        return pair
