"""runtimer: a keyboard-driven terminal coach for strength training sessions for runners."""

__version__ = "0.1.0"
