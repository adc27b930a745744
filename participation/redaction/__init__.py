"""Redaction: finding personal data that slipped in and replacing it with a marker, audited."""
