"""Working without a device: the terminal chat, the typed-text matcher, request envelopes,
and the ASK CLI skill package writer."""
