"""Exporters: one module per output file format for stored article records.

    parquet.py   claims and articles as Parquet tables (extra `parquet`: pyarrow)

The JSONL and CSV writers, which stream text to any file object, live in
`claimledger.output`. An exporter takes an iterable of `ArticleRecord`s (e.g.
`Ledger.records()`, which streams) and a destination path, holds a bounded number of rows
in memory, and returns what it wrote.
"""
