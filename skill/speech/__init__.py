"""Words: SSML building, paced rep counts and rest countdowns, and how decisions are said.

Imports the core's values, never the shells.
"""
