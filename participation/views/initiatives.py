from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from participation.models import Initiative


class InitiativeDetailView(LoginRequiredMixin, DetailView):
    model = Initiative

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Initiative.objects.visible_to(self.request.user).select_related("municipality")
