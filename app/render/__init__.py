"""Text assembly from templates and PDF layout with ReportLab. Never touches the database."""

from app.render import paragraph_import

paragraph_import.install()
