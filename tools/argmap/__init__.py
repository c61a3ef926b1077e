"""argmap: a paper's argument as YAML claim files, turned into maps, a website and a PDF.

The package is a plain library (model, loader, checks, analysis, renderers); the command
line (``argmap.cli``) and the MkDocs plugin (``argmap.mkdocs_plugin``) are thin adapters.
"""

__version__ = "0.1.0.dev0"
FORMAT_VERSION = 1
