"""Links between the pages of one long list (an entity's articles, an event's quotes).

    pager("entities/vietnam.p5.html", 5, 9, lambda n: urls.entity_path("vietnam", n))
    -> {"page": 5, "count": 9,
        "previous": {"number": 4, "href": "vietnam.p4.html"}, "next": {…6…},
        "links": [{"number": 1, …}, {"gap": True}, {"number": 3, …}, …, {"number": 5,
                  "current": True, …}, …, {"number": 7, …}, {"gap": True}, {"number": 9, …}]}

Only the first and last pages and ``WINDOW`` on either side of the current one are named, so
the pager of a list of a thousand pages is as long as that of ten: no page grows with N.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jvreader.render import urls

WINDOW = 2
"""Pages named on either side of the current one."""


def pager(here: str, page: int, count: int, path_of: Callable[[int], str]
          ) -> dict[str, Any] | None:
    """The pager of page ``page`` of ``count`` (``None`` when there is one page)."""
    if count <= 1:
        return None

    def link(n: int) -> dict[str, Any]:
        return {"number": n, "href": urls.rel(here, path_of(n)), "current": n == page,
                "gap": False}

    shown = sorted({1, count, *range(max(1, page - WINDOW), min(count, page + WINDOW) + 1)})
    links: list[dict[str, Any]] = []
    for before, n in zip([0, *shown], shown, strict=False):
        if before and n > before + 1:
            links.append({"gap": True})
        links.append(link(n))
    return {
        "page": page, "count": count, "links": links,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < count else None,
    }


def page_count(total: int, per_page: int) -> int:
    """Pages that ``total`` items fill at ``per_page`` a page (at least one, even empty)."""
    return max(1, -(-total // per_page))


def page_of(position: int, per_page: int) -> int:
    """The page (from 1) holding the item at ``position`` (from 0) of a paged list."""
    return position // per_page + 1


def list_pager(here: str, first_page: str, page: int, total: int, per_page: int
               ) -> dict[str, Any] | None:
    """The pager of page ``page`` of a whole-corpus list (``urls.list_page_path``)."""
    return pager(here, page, page_count(total, per_page),
                 lambda n: urls.list_page_path(first_page, n))
