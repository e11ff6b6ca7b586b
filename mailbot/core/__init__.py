"""The functional core: case states, rules and the state machine. No I/O in here."""
