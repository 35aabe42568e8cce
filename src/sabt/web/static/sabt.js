// sabt: keyboard shortcuts for pair review (a = accept, r = reject, s = skip). No inline script
// anywhere (the Content-Security-Policy forbids it); this file is the only script besides htmx.
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return;
  if (!document.getElementById("pair")) return;
  var key = (event.key || "").toLowerCase();
  var control = document.querySelector('[data-key="' + key + '"]');
  if (!control) return;
  event.preventDefault();
  control.click();
});
