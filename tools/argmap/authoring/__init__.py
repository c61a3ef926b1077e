"""Contributors' tools: the argument diff and its map, canonical formatting, scaffolding, the editor
schema, git revisions."""
