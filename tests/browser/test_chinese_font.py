"""The browser has a Chinese font: two different characters are drawn as two different glyphs, not as the same
empty box, so screenshots of the pages are legible (.ci/run installs fonts-noto-cjk)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DRAW = """
([a, b]) => {
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 64; canvas.height = 64;
    const context = canvas.getContext("2d");
    context.font = "48px sans-serif";
    context.fillText(text, 4, 52);
    return canvas.toDataURL();
  };
  const blank = document.createElement("canvas");
  blank.width = 64; blank.height = 64;
  return {a: draw(a), b: draw(b), blank: blank.toDataURL()};
}
"""


def test_it_draws_two_chinese_characters_as_different_glyphs(page: Page) -> None:
    page.goto("/")
    drawn = page.evaluate(DRAW, ["灵", "活"])
    assert drawn["a"] != drawn["blank"]
    assert drawn["a"] != drawn["b"], "the same box for every character: no Chinese font is installed"
