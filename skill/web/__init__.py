"""The skill as an HTTPS endpoint: the Flask app factory and Alexa request verification.

``gunicorn 'skill.web:create_app()'`` serves it.
"""

from skill.web.app import create_app

__all__ = ["create_app"]
