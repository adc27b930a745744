"""Services: every write that touches more than one row, atomic, never given a request."""
