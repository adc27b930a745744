"""The product's URLs: each app's patterns, in one `participation` namespace.

One namespace keeps every `{% url 'participation:...' %}` stable however the code is cut; each
app lists its own routes in its `urls.py`.
"""

from django.urls import include, path

from participation.accounts import urls as accounts
from participation.api import urls as api
from participation.front import urls as front
from participation.involvement import urls as involvement
from participation.programme import urls as programme
from participation.publishing import urls as publishing
from participation.redaction import urls as redaction
from participation.reports import urls as reports

app_name = "participation"

urlpatterns = [
    path("", include(front.urlpatterns)),
    path("", include(involvement.urlpatterns)),
    path("", include(programme.urlpatterns)),
    path("", include(accounts.urlpatterns)),
    path("", include(reports.urlpatterns)),
    path("", include(redaction.urlpatterns)),
    path("", include(publishing.urlpatterns)),
    path("", include(api.urlpatterns)),
]
