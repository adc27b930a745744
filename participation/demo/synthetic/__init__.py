"""Synthetic example data at national scale, for benchmarks (`manage.py generate_scale`).

Nothing here is used by the running application; it only writes example rows
(`is_example=True` wherever a model has that flag) that look like the real thing in size and
shape, without a single real person in them.
"""
