"""Writing-system layer: fonts per script, right-to-left paragraphs, shaping, coverage.

Modules: ``fonts`` (script/locale -> registered ReportLab fonts), ``merge`` (script
font + Latin font -> one cached font), ``rtl`` (right-to-left paragraphs and single
lines), ``cjk`` (line-start punctuation rules).  Nothing heavy happens at import time.
"""
