"""The core: claim files → a typed, checked model and its analysis. Imports no product package."""
