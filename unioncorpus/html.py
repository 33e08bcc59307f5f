"""HTML → text by block elements, with scripts, styles and other non-text dropped.

selectolax (the Lexbor engine) parses the broken HTML these sites serve quickly and without
recursion limits; we only decide where line breaks go.
"""

from __future__ import annotations

import html as _html
import re

from selectolax.lexbor import LexborHTMLParser

# Elements whose content is never reading text.
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
         "canvas", "head", "select", "button", "input", "textarea")
# Elements that start a new line of text.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})


# Nesting deeper than this is never a real layout; it is a broken template (a <div> opened per
# item and never closed). Lexbor's tree builder checks the stack of open elements at each tag,
# so such pages parse in time quadratic in the depth (100,000 nested <div>: 13 s, 200,000:
# about a minute); past the limit we take the text with a flat tag scan instead.
MAX_DEPTH = 5000
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")
# Elements that are never closed (void) or that the parser closes by itself (<p>, <li>…), so
# counting them would overstate the depth.
_NO_DEPTH = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "html", "head",
    "body",
})
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_DROPPED = re.compile(rf"<({'|'.join(_DROP)})\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCK))})\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def _too_deep(html: str, limit: int = MAX_DEPTH) -> bool:
    if html.count("<") <= limit:  # cheap: so deep a page needs more tags than the limit
        return False
    depth = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NO_DEPTH or m.group(0).endswith("/>"):
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        if depth > limit:
            return True
    return False


def _flat_text(html: str) -> str:
    """Text by a flat tag scan, for pages too deeply nested to parse in reasonable time."""
    html = _COMMENT.sub("", html)
    html = _DROPPED.sub("", html)
    html = _BLOCK_TAG.sub("\n", html)
    return _html.unescape(_ANY_TAG.sub("", html))


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML page, one block element per line.

    Example:
        >>> html_to_text("<p>一、<b>加强</b>学习</p><p>二、送温暖</p>")
        '一、加强学习\\n二、送温暖'
    """
    if _too_deep(html):
        return _tidy(_flat_text(html))
    tree = LexborHTMLParser(html)
    tree.strip_tags(list(_DROP))
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    # Iterative walk with explicit enter/exit events: deeply nested pages must not hit
    # Python's recursion limit.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if leaving:
            if tag in _BLOCK:
                parts.append("\n")
            continue
        if tag == "-text":
            parts.append(node.text_content or "")  # type: ignore[attr-defined]
            continue
        if tag == "-comment":
            continue
        if tag in _BLOCK:
            parts.append("\n")
        stack.append((node, True))
        children = []
        child = node.child  # type: ignore[attr-defined]
        while child is not None:
            children.append(child)
            child = child.next
        for c in reversed(children):
            stack.append((c, False))
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
