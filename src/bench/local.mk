# bench subsystem: sources, tests and data are added here.
