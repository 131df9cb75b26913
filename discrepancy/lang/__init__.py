"""Language data: every English word list the project reads lives under ``lang/en/`` as data."""
