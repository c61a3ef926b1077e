"""The offline PDF: one print document (Jinja2 + WeasyPrint), maps and page numbers laid in after layout."""
