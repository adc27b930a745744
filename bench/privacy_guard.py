"""The personal-data detector's benchmark: how long it takes on 100 000-character fields.

    DJANGO_SETTINGS_MODULE=housingapp.settings .venv/bin/python bench/privacy_guard.py [--runs 7]

For each input (adversarial ones built to make a backtracking regular expression go quadratic,
and ordinary text), it prints the median over `--runs` runs of `personal_data_problems` (all
three checks, as the form validator runs them) in milliseconds, and at the end the worst of the
medians and the slowest single run. The target is well under 50 ms. Without
DJANGO_SETTINGS_MODULE it configures Django's defaults with translation off: the detector needs
settings only to turn its messages into text. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LENGTH = 100_000


def _repeat(unit: str) -> str:
    return (unit * (LENGTH // len(unit) + 1))[:LENGTH]


def inputs() -> dict[str, str]:
    prose = (
        "Beboerne ønsker bedre belysning i oppgangene, og flere sa at de ikke føler seg trygge "
        "etter kl. 22.00. Møtet 12.03.2024 ble holdt i 2024-2025-planens ramme; tilskudd på kr "
        "12 500 000 ble innvilget i sak 202401234, kontonummer 1234.56.78903. "
    )
    return {
        "a" * 8: "a" * LENGTH,
        "aaa…a@": "a" * (LENGTH - 1) + "@",
        "@aaa…a": "@" + "a" * (LENGTH - 1),
        "a@a@a@": _repeat("a@"),
        "a.a.a.": _repeat("a."),
        "a@.a@.": _repeat("a@."),
        "a-a.a_a+a@": _repeat("a-a.a_a+a@"),
        "-.-.-.": _repeat("-."),
        "1111…": "1" * LENGTH,
        "9999…": "9" * LENGTH,
        "1 2 3 4 5": _repeat("1 2 3 4 5 6 7 8 9 "),
        "9 9 9 9": _repeat("9 "),
        "99 99 99": _repeat("99 "),
        "999 99 999": _repeat("999 99 "),
        "9999 9999": _repeat("9999 "),
        "9.9.9.9": _repeat("9."),
        "9-9-9-9": _repeat("9-"),
        "+47+47+47": _repeat("+47"),
        "+47 +47 ": _repeat("+47 "),
        "00470047": _repeat("0047"),
        "2024 2024 ": _repeat("2024 "),
        "20240115 ": _repeat("20240115 "),
        "wrong fnr ×9000": _repeat("12345678901 "),
        "12 500 000 kr": _repeat("12 500 000 kr, "),
        "dates": _repeat("01.02.2024 "),
        "ordinary prose": _repeat(prose),
        "prose, phone at end": _repeat(prose)[: LENGTH - 9] + " 91234567",
        "prose, e-mail at end": _repeat(prose)[: LENGTH - 16] + " ola@example.com",
    }


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(USE_I18N=False)
    django.setup()
    from participation.core import privacy

    kinds = {
        str(privacy.IDENTITY_NUMBER_MESSAGE): "identity number",
        str(privacy.PHONE_NUMBER_MESSAGE): "phone",
        str(privacy.EMAIL_MESSAGE): "e-mail",
    }
    worst_median, worst_name, slowest = 0.0, "", 0.0
    _say(f"{'input (100 000 characters)':<28} {'median ms':>10} {'max ms':>8}  found")
    for name, text in inputs().items():
        assert len(text) == LENGTH, name
        found = privacy.personal_data_problems(text)  # once uncounted
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            privacy.personal_data_problems(text)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        if median > worst_median:
            worst_median, worst_name = median, name
        slowest = max(slowest, *times)
        found_kinds = ", ".join(kinds[problem] for problem in found) or "-"
        _say(f"{name:<28} {median:>10.2f} {max(times):>8.2f}  {found_kinds}")
    _say(f"\nworst median: {worst_median:.2f} ms ({worst_name}); slowest run: {slowest:.2f} ms")


if __name__ == "__main__":
    main()
