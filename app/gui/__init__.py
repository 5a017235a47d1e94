"""The desktop interface (PySide6 only): windows, Qt models over the services, dialogs."""
