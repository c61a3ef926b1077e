"""The website: Corpus → Markdown pages and map blocks for MkDocs (the plugin is ``argmap.mkdocs_plugin``)."""
