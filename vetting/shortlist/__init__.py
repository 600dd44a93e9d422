"""The shortlist spreadsheet, one module per part.

* :mod:`vetting.shortlist.rows`: building the shortlist from the latest vetting scores
  (filters, the ranked rows, the evidence comments); knows no file format.
* :mod:`vetting.shortlist.cells`: cell safety shared by every writer (text cleaning, formula
  neutralisation, which URLs become links, number precision).
* :mod:`vetting.shortlist.methodology`: the Methodology sheet, generated from the vetting run's
  settings and the bot model's metadata.
* :mod:`vetting.shortlist.xlsx` and :mod:`vetting.shortlist.csvfile`: the two writers.
* :mod:`vetting.shortlist.importer`: reading an edited file back.

:mod:`vetting.export` ties them together (``export_shortlist``) and keeps the names other
modules import from it.
"""
