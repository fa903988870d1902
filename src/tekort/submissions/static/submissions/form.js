// Move focus to the summary of errors, warnings or a conflict, so screen readers announce it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("#error-summary, #conflict, #warning-summary");
  if (summary) {
    summary.focus();
  }
});
