// sabt review desk: keyboard (a accept, r reject, c correct, j next, k previous, Escape closes the
// correction form). No inline script anywhere (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("correct-form");
  var open = document.getElementById("desk-correct");
  if (form && open) {
    form.hidden = true;
    open.addEventListener("click", function () {
      form.hidden = false;
      var first = document.getElementById("correct-source");
      if (first) first.focus();
    });
  }
  var current = document.querySelector(".figure.current");
  if (current && current.scrollIntoView) current.scrollIntoView({block: "center"});
});
document.addEventListener("keydown", function (event) {
  if (!document.getElementById("desk")) return;
  if (event.key === "Escape") {
    var form = document.getElementById("correct-form");
    if (form) {
      form.hidden = true;
      // a hidden field keeps the focus until the browser's next rendering step, and a key
      // pressed before it would go to the field: give the keys back to the desk now
      if (form.contains(document.activeElement)) document.activeElement.blur();
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return;
  var control = document.querySelector('[data-desk-key="' + (event.key || "").toLowerCase() + '"]');
  if (!control) return;
  event.preventDefault();
  control.click();
});
