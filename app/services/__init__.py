"""Use cases shared by the GUI and the CLI; each opens one short session."""
