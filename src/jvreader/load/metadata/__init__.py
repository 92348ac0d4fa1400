"""Read an article's metadata from its own text: title, dek, authors, publication, date …

Before (top of a scrape)::

    Latest News
    Ports Reopen After The Storm
    Jane Roe November 2, 2010
    Updated: November 5, 2010
    The harbour reopened on Monday …

After: title "Ports Reopen After The Storm", authors (Jane Roe,), date 2010-11-02, each with
the line it came from; "Latest News" is a section label, and the update is not the
publication date. All four lines leave the body.

Every line near the top (and a few at the end) is read as a *candidate* for each field it
could fill, with a score: a headline-like line (short, capitalised or in CJK script, no final
full stop, not a label, site name, breadcrumb, caption or date line) for the title, bylines
in their common shapes (By X; X | date; X date; X, role; Author- X; 文・X; X記者) for the
authors, outlet tags, source credits ("Theo Báo X -", "VOV.VN -", 「X」) and credits in bylines
("By VnExpress", "JIJI, Staff Report") for the publication, date lines and byline dates (never
an "updated", copyright, related-story or page-clock date) for the date. The best candidate
of each field wins when it is good enough; otherwise the field is left out and listed in
``TextMetadata.unknown``. Words and phrases are package data (``load_metadata.yml``).
"""

from jvreader.load.metadata.candidates import read_metadata
from jvreader.load.metadata.text import Candidate, Found, TextMetadata, detect_language

__all__ = ["Candidate", "Found", "TextMetadata", "detect_language", "read_metadata"]
