"""Hamstring Coach: an Alexa skill that coaches a hands-free hamstring session.

The pure core (catalog, profile, history, plan, workout, dialog, speech) does no I/O and never
imports ask-sdk; the shells (handlers, store, app, cli, web) wrap it.
"""
