/* Wagtail 8 refreshes the preview panel when its unsaved-changes watcher (w-unsaved) reports an
 * edit. A form shown again after a refused save starts out "changed", and the watcher then never
 * looks at it again, so the preview kept saying it was out of date until the editor saved a
 * draft. For such a form this script reports each edit itself, the way the watcher does for any
 * other form, and the preview resumes as soon as the errors are corrected. */
(() => {
  "use strict";

  const CHECK_INTERVAL_MS = 500;
  const form = document.querySelector('form[data-w-unsaved-force-value="true"]');
  if (!form) return;

  // Form data, not input events: choosers and the rich-text editor change hidden inputs silently.
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let previous = snapshot();
  setInterval(() => {
    const current = snapshot();
    if (current === previous) return;
    previous = current;
    form.dispatchEvent(
      new CustomEvent("w-unsaved:add", { bubbles: true, cancelable: true, detail: { type: "edits" } }),
    );
  }, CHECK_INTERVAL_MS);
})();
