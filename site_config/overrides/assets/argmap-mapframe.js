/* argmap: the map frame's reset button returns the map exactly to its opening view.
 *
 * mkdocs-panzoom-plugin's reset (its global `panzoom_reset`, which its buttons call by name)
 * moves the map to (0, 0) at zoom 1, but a drag's inertia keeps running and pans the map on
 * after the reset; minimising from full screen calls the same reset. Replaced here, once the
 * plugin's script has run: stop every running animation first (`zoomTo` by a ratio of 1
 * cancels both the inertia and a running zoom), then go back to the identity transform, which
 * is the opening view (argmap.css places the map centred on its subject without a transform).
 */
(function () {
  "use strict";
  function reset(instance, box) {
    instance.zoomTo(0, 0, 1);
    instance.moveTo(0, 0);
    instance.zoomAbs(0, 0, 1);
    if (box && typeof clearZoomState === "function") {
      clearZoomState(box.id);
    }
  }
  function install() {
    if (typeof window.panzoom_reset === "function") {
      window.panzoom_reset = reset;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", install);
  } else {
    install();
  }
})();
