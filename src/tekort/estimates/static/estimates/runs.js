// Follow the queued and running estimate tasks (wachtrij.json) without reloading the page:
// the table's rows are rewritten every few seconds; when a task leaves the list (its run is
// done or failed) the status line says so, for screen readers too (role="status").
document.addEventListener("DOMContentLoaded", function () {
  var table = document.querySelector("[data-pending-url]");
  var status = document.getElementById("pending-status");
  if (!table || !status) {
    return;
  }
  var body = table.querySelector("tbody");
  var known = Array.prototype.map.call(body.querySelectorAll("tr[data-task]"), function (row) {
    return row.dataset.task;
  });

  function cell(text, strong) {
    var td = document.createElement("td");
    if (strong) {
      var note = document.createElement("strong");
      note.textContent = strong;
      td.appendChild(note);
      td.appendChild(document.createTextNode(" "));
    }
    td.appendChild(document.createTextNode(text));
    return td;
  }

  function render(tasks) {
    var rows = document.createDocumentFragment();
    tasks.forEach(function (task) {
      var tr = document.createElement("tr");
      tr.dataset.task = task.id;
      tr.appendChild(cell(task.round));
      tr.appendChild(cell(task.status_text));
      tr.appendChild(cell(task.since));
      tr.appendChild(cell(task.progress, task.note));
      rows.appendChild(tr);
    });
    if (!tasks.length) {
      var tr = document.createElement("tr");
      var td = cell(status.dataset.emptyText);
      td.colSpan = 4;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    var now = tasks.map(function (task) { return task.id; });
    if (known.some(function (id) { return now.indexOf(id) < 0; })) {
      status.textContent = status.dataset.doneText;
    }
    known = now;
  }

  function poll() {
    fetch(table.dataset.pendingUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { render(data.tasks); window.setTimeout(poll, 3000); })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
});
