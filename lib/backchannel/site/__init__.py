"""The site layer: run the report notebooks, and write the pages, the index and the downloads."""
