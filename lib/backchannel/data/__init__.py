"""The data layer: read, type and validate the data package, and its consistency rules."""
