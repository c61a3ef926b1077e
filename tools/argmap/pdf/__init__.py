"""The offline PDF: one print document (Jinja2 + WeasyPrint), maps and page numbers laid in after layout."""

#: The paper sizes the PDF is made for: the ``--paper`` name → WeasyPrint's ``@page size``.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
