"""The site layer: run the report notebooks, and write the pages, the index and the downloads."""

EPISODE_LIMIT = 100_000  # bytes of HTML an episode page may weigh (its charts' files and the stylesheet apart)
PAGE_LIMIT = 400_000  # bytes of HTML the heaviest page may weigh: long directories are split by letter
