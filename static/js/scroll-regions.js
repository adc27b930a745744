// Tables that scroll sideways inside their own `.table-responsive` region: make the region
// reachable from the keyboard (so it can be scrolled with the arrow keys) and name it after the
// table's caption, for screen readers. Regions that already say so in the markup are left alone.
(function () {
  "use strict";
  for (const region of document.querySelectorAll(".table-responsive:not([role])")) {
    const caption = region.querySelector("caption");
    const heading = region.closest("section")?.querySelector("h2, h3");
    const name = (caption || heading)?.textContent.trim().replace(/\s+/g, " ");
    region.setAttribute("role", "region");
    region.setAttribute("tabindex", "0");
    if (name) {
      region.setAttribute("aria-label", name);
    } else {
      region.setAttribute("aria-label", region.dataset.label || document.title);
    }
  }
})();
