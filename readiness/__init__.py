"""readiness: is this GitHub portfolio ready for the ML job I want?"""

__version__ = "0.1.0"
