"""The analysis layer: tables and statistics computed from the data, labels in words, and charts."""

FINDING_KEY = "backchannel_finding"  # output metadata: a sentence of interpretation (the index shows the first)
TABLE_KEY = "backchannel_table"  # output metadata: a table as records, for tests
FIGURE_KEY = "backchannel_figure"  # output metadata: a chart's number, title, source, data (CSV) and phone drawing
