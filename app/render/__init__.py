"""Text assembly from templates and PDF layout with ReportLab. Never touches the database."""
