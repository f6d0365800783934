"""imapctl: run i-Map on one machine without Docker, and set up the environment its tests need.

Command line (`python -m imapctl ...`, or through `./imap` at the repository root):

- ``run``: start a project-local PostgreSQL + PostGIS cluster (unless ``DATABASE_URL`` is set),
  bootstrap, migrate and seed the database, start the four services (identity-api first) and the
  nginx gateway as child processes, and supervise them until Ctrl-C.
- ``test [pytest args]``: make a PostgreSQL admin URL available as ``IMAP_TEST_ADMIN_URL`` (the
  project-local cluster unless one is given) and run pytest from the repository root.
- ``db start|stop|status``: manage the project-local cluster by hand.
- ``admin --email E --name N [--reset-password]``: create an admin account with
  ``identity-api create-admin`` on the same database ``run`` uses (password asked on the terminal).

Importable API for tests (stdlib only):

- `imapctl.cluster.ensure_local_cluster` / `stop_local_cluster`: the cluster in ``.imap/pg``.
- `imapctl.pg.temporary_database`: a throwaway ``imap_tmp_*`` database through an admin URL.
- `imapctl.stack.Stack`: bootstrap + migrate + seed, then services and gateway on chosen ports.
- `imapctl.nginx.render` / `render_like_image`: the gateway template, rendered as we and as the
  official nginx image do.
- `imapctl.health.free_port` / `free_ports`: free TCP ports on the loopback interface.
"""

__version__ = "0.1.0"
