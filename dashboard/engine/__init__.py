"""Codes and numbers from a Registry: progress, derived values, evidence, claim checks, the assessment.

Never Dash, Flask, plotly, pandas or kaleido (tests/test_layers.py); words are said by outputs/wording.py."""
