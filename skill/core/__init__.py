"""The pure core: what the coach decides.

Catalog, rules, planning, the workout and conversation state machines, progression and the
weekly checks. No I/O, no clock of its own, and no imports from ask-sdk, boto3, flask or any of
the shells (``alexa``, ``store``, ``web``, ``local``); ``tests/unit/test_layers.py`` enforces it.
"""
