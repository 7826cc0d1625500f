"""recorder-gui: a desktop control panel for the Agora Cloud Recording REST API."""

__version__ = "0.1.0"


def distribution_version() -> str:
    """The installed distribution's version (``importlib.metadata``), else ``__version__``.

    The fallback covers a source tree that is not installed and a frozen bundle built without
    the package metadata.
    """
    from importlib import metadata

    try:
        return metadata.version("recorder-gui")
    except metadata.PackageNotFoundError:
        return __version__
