"""Every component id a callback reads or writes, in one place: the layouts and the callbacks name them alike.

The browser-side code (assets/clientside.js) and the tests use the same strings.
"""

from __future__ import annotations

LOCATION = "_pages_location"  # the page router's dcc.Location, whose search every callback reads
DETAILS_FOR = "indicator-details-for"  # {"id", "chart"}: the clientside callback waits for the chart (assets/clientside.js)
DETAILS_READY = "indicator-details-ready"  # the id, once the chart is drawn: the details callback's input
AREA_FILTER = "area-filter"
BRIEFING_BUTTON = "briefing-button"
BRIEFING_DOWNLOAD = "briefing-download"
BRIEFING_MESSAGE = "briefing-message"
BRIEFING_POLL = "briefing-poll"  # asks again about a briefing being made, until it is ready
CLAIM_FILTER = "claim-filter"
CLAIMS_LIST = "claims-list"
CLAIMS_URL_SYNC = "claims-url-sync"
FOOTER_VERSION = "footer-version"
HTML_LANG = "html-lang"
INDICATOR_BODY = "indicator-body"
INDICATOR_CHART_EXTRAS = "indicator-chart-extras"
INDICATOR_DETAILS = "indicator-details"
INDICATOR_ID = "indicator-id"
INDICATOR_TILES = "indicator-tiles"
INDICATOR_URL_SYNC = "indicator-url-sync"
METHOD_SELECT = "method-select"
OVERVIEW_BODY = "overview-body"
OVERVIEW_CARDS = "overview-cards"
OVERVIEW_URL_SYNC = "overview-url-sync"
SPARKLINES = "sparklines"  # {"figures": {indicator id: figure}, "config"}: drawn once the progress chart is (assets/clientside.js)
SPARKLINES_DRAWN = "sparklines-drawn"  # how many the clientside callback drew
SPARKLINE_PREFIX = "spark-"  # the element of an indicator's sparkline: "spark-<id>"
PNG_BUTTON = "png-button"
PNG_DOWNLOAD = "png-download"
PNG_MESSAGE = "png-message"
REGISTRY_BANNER = "registry-banner"
REGISTRY_PROBLEMS_TOKEN = "registry-problems-token"
REGISTRY_VERSION = "registry-version"
RELOAD_POLL = "reload-poll"
SOURCES_BODY = "sources-body"
SPEECH_FILTER = "speech-filter"
TARGET_SELECT = "target-select"
TITLE_SEARCH = "title-search"
BASE_SELECT = "base-select"  # the chart's "relative to year …" choice: ?base=
CHART_TABS = "chart-tabs"  # Chart / Table, a radio group: ?view=table
CHART_PANE = "chart-pane"
TABLE_PANE = "table-pane"
CHART_TABLE = "chart-table"
CHART_KEY = "chart-key"  # the chart's key, in HTML: it folds on a narrow screen
CHART_URL_SYNC = "chart-url-sync"
SVG_BUTTON = "svg-button"
CHART_CSV_BUTTON = "chart-csv-button"
VIEWPORT = "viewport"  # "narrow" once the browser says the screen is narrower than 500 px (assets/clientside.js)
