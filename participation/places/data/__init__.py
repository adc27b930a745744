"""Data files for reference and demo data.

- `kommuner-2026.csv`: the 357 municipalities as of 2026 (copied unchanged from the shared data).
- `reference.py`: regions, historical counties and municipalities, strategies, vocabularies.
- `demo.py`: the demo content (real initiatives from the research sources, plus example data).
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
MUNICIPALITIES_CSV = DATA_DIR / "kommuner-2026.csv"
