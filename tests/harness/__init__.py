"""The test harness's own Django app (test settings only): the database work that only the
owner role may do while the application runs as its own role (housingapp/settings_test.py).

Its `flush` command takes the place of Django's, which TransactionTestCase (pytest-django's
`transactional_db`, `live_server`, the Celery worker tests) runs after each test: the
application's role may not TRUNCATE the audit tables, so the harness empties the database
through a connection of the owner's.
"""
