"""The schema revision this version of Verbale works with, readable without Alembic or
SQLAlchemy (a test holds it equal to the newest migration in migrations/versions)."""

HEAD_REVISION = "0014"
