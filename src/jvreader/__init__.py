"""jvreader: an annotated, source-attributed reader built from a folder of articles."""

__version__ = "0.1.0"
