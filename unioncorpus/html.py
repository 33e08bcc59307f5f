"""HTML → text by block elements, with scripts, styles and other non-text dropped.

selectolax (the Lexbor engine) parses the broken HTML these sites serve quickly and without
recursion limits; we only decide where line breaks go.
"""

from __future__ import annotations

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


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML page, one block element per line.

    Example:
        >>> html_to_text("<p>一、<b>加强</b>学习</p><p>二、送温暖</p>")
        '一、加强学习\\n二、送温暖'
    """
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
    text = "".join(parts)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
