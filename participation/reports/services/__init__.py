"""Reports: every write about report snapshots, one module per job.

- `requesting`: asking for a report (`request_report`), by a user or a schedule
  (`request_scheduled_reports`). Asking again returns the latest version unless a new version is
  asked for (and the latest is done). A failed snapshot never produced anything, so asking again
  puts that same row back in the queue (same version number: versions count reports that exist)
  rather than adding a version.
- `dispatch`: hands the snapshot to Celery, sending the task `participation.generate_report` by
  its name. When the broker cannot be reached the snapshot stays queued with `dispatched_at`
  None; `dispatch_waiting` (a beat task every minute) sends it when the broker is back,
  and puts back in the queue a report whose worker died.
  Nothing is lost.
- `generation`: makes the report (`generate`, which the task calls), once, whatever duplicates,
  retries and killed workers come; its module docstring tells how.
- `rows`: the stored rows of a report's long tables, written while the figures are computed and
  read back by the renderers and the pages.
- `files`: the rendered files (PDF, XLSX, CSV zip), stored with size and SHA-256.
- `mail`: one e-mail to the requester when the report is done (or failed), never two.
- `locks`: the side connections, advisory locks and consistent read the others share.

Callers import from the module that does the job; nothing is re-exported here.
"""
