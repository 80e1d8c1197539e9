"""The ask-sdk shell: builds the skill, turns requests into domain events and outcomes into
responses, reads slots, and asks Alexa's settings API for the device's time zone."""
