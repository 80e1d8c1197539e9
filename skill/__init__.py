"""Hamstring Coach: an Alexa skill that coaches a hands-free hamstring session.

A pure core with thin shells around it:

- ``core``: what the coach decides (catalog, plan, workout, conversation, progression, weekly).
- ``speech``: how it is said (SSML, paced counts, advice wording).
- ``alexa``: the ask-sdk shell, one turn runner for every request.
- ``store``: the storage protocol, SQLite and DynamoDB.
- ``web``: the Flask endpoint with Alexa request verification.
- ``local``: the terminal chat, its text matcher and envelopes, the skill package writer.
"""
