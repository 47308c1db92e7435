"""What an assessment becomes outside the app: tables, data files, the summary, citations, figures, exports,
the briefing, and the one wording module. Never Dash or Flask, never web/."""
