"""`manage.py load_reference_data`: places, strategies and vocabularies; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from participation.places.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load or update the reference data: Husbanken regions, counties and municipalities "
        "(with the 2018–2024 renumberings), strategies with their goals, and vocabularies. "
        "Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(_("Reference data loaded.")))
            for name, count in counts.items():
                self.stdout.write(f"  {name}: {count}")
