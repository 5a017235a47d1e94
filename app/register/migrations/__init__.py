"""Alembic migrations of the register (run through app.register.schema)."""
