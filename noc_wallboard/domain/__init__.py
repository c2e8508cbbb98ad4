"""Pure domain: severities, incidents, SLA clocks, health, roster, board state.

Standard library only; every function that needs the time takes `now`.
"""
