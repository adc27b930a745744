/* The progress bar on a report's page (templates/participation/reports/detail.html), and on an
 * event import's page (templates/participation/imports/job.html), which works the same way.
 *
 * Polls the progress (JSON from report_progress, or event_import_job_progress) every second and
 * moves the bar; the live region announces each new message, not every percent. When the work
 * is done or has failed, the page reloads to show the result or the error. Without JavaScript the page
 * still works: reloading it shows the same state.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-report-progress-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-report-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-report-progress-text]");
  var interval = 1000;
  var lastMessage = text ? text.textContent.trim() : "";

  function show(state) {
    if (bar) {
      bar.value = state.progress;
      bar.textContent = state.progress + " %";
    }
    if (text && state.message !== lastMessage) {
      text.textContent = state.message;
      lastMessage = state.message;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () {
        // The server may be restarting: try again, less often.
        window.setTimeout(poll, interval * 5);
      });
  }

  window.setTimeout(poll, interval);
})();
