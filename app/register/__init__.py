"""The register: SQLAlchemy models, engine and sessions, Alembic migrations, numbering, search,
storage of issued PDFs. Services use it; the GUI never sees it."""
