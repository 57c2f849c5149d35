# Settings for writing locally (``pelican content``); publishconf.py adds the
# ones for publishing. Sample site for feedsmith's comparison with Pelican.
AUTHOR = "Ada Miner"
SITENAME = "Mining Notes"
SITESUBTITLE = "Field notes from the lower galleries"
SITEURL = ""

PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"

# Articles dated in the future are held back as drafts.
WITH_FUTURE_DATES = False

ARTICLE_URL = "{category}/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{date:%Y}/{date:%m}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# feeds: feedsmith writes its feeds to content/feeds, copied as they are.
STATIC_PATHS = ["images", "extra/robots.txt", "notes", "feeds"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}

# No feeds while writing locally.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 10
