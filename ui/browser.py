"""What the browser does that Streamlit has no call for: bring the record's detail into
view after a selection, and keep the map's place names from drawing over each other.

Both are small, fixed scripts run by ``st.components.v2`` components (trusted code of
this module; no article text ever reaches them). Their effects are checked in Chromium by
``tests/test_browser_views.py``.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

# Scrolls the element given by a CSS selector to the top of the view, retrying while the
# page is still drawing it. Run once per mount: the caller mounts it with a new key for
# each selection.
_SCROLL_JS = """
export default function (component) {
  const { selector } = component.data || {};
  if (!selector) return;
  let tries = 0;
  const go = () => {
    const target = document.querySelector(selector);
    if (target) {
      target.style.scrollMarginTop = "4.5rem"; // below Streamlit's header bar
      target.scrollIntoView({ block: "start", behavior: "instant" });
    } else if (tries++ < 50) {
      setTimeout(go, 100);
    }
  };
  requestAnimationFrame(go);
}
"""

# Hides map labels that would overlap one already shown. The labels are one text trace
# drawn busiest place first (ui.figures.map_figure), so keeping the first label of every
# collision keeps the busiest names; the hidden ones stay in every marker's hover. Runs
# again after each redraw (zoom, pan, resize) of every map on the page.
_DECLUTTER_JS = """
export default function () {
  const PAD = 2;
  const overlap = (a, b) =>
    a.left < b.right + PAD && b.left < a.right + PAD && a.top < b.bottom + PAD && b.top < a.bottom + PAD;
  const declutter = (gd) => {
    const labels = [...gd.querySelectorAll(".scattergeo text")].filter((label) => label.textContent);
    labels.forEach((label) => { label.style.display = ""; });
    const boxes = labels.map((label) => label.getBoundingClientRect()); // one layout, then no more
    const shown = [];
    labels.forEach((label, i) => {
      const box = boxes[i];
      if (box.width === 0 || shown.some((other) => overlap(box, other))) {
        label.style.display = "none";
      } else {
        shown.push(box);
      }
    });
  };
  const hook = () => {
    document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
      if (!gd.querySelector(".geolayer")) return;
      if (gd.__declutterHooked || typeof gd.on !== "function") return;
      gd.__declutterHooked = true;
      gd.on("plotly_afterplot", () => declutter(gd));
      declutter(gd);
    });
  };
  hook();
  const timer = setInterval(hook, 500);
  return () => clearInterval(timer);
}
"""


@cache
def _scroller():
    return st.components.v2.component("conflict_timeline_scroll", js=_SCROLL_JS, isolate_styles=False)


@cache
def _declutterer():
    return st.components.v2.component("conflict_timeline_map_labels", js=_DECLUTTER_JS, isolate_styles=False)


def scroll_to(container_key: str, nonce: str) -> None:
    """Bring ``st.container(key=container_key)`` to the top of the view (once per nonce)."""
    _scroller()(data={"selector": f".st-key-{container_key}"}, key=f"scroll-{nonce}", height=0)


def declutter_map_labels() -> None:
    """Keep the map's place names from overlapping (see _DECLUTTER_JS)."""
    _declutterer()(key="map_labels", height=0)
