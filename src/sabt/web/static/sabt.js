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

// Solar Hijri date entry (Persian UI): as a date is typed (۱۴۰۴/۱۰/۱۸ or 1404-10-18), the
// Gregorian day is shown beside the field. The server reads the field itself (sabt.dates), so
// this is only a help to the eye. Conversion: the jalaali algorithm (Borkowski), as jdatetime.
(function () {
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }
  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, n, i;
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i]; jump = jm - jp;
      if (jy < jm) break;
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
    var leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    return { gy: gy, march: 20 + leapJ - leapG };
  }
  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }
  function d2g(jdn) {
    var j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    var i = div(mod(j, 1461), 4) * 5 + 308;
    var gd = div(mod(i, 153), 5) + 1, gm = mod(div(i, 153), 12) + 1;
    var gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return [gy, gm, gd];
  }
  function toGregorian(jy, jm, jd) {
    var r = jalCal(jy);
    var jdn = g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
    return d2g(jdn);
  }
  function latinDigits(text) {
    return text.replace(/[۰-۹]/g, function (c) { return String(c.charCodeAt(0) - 0x06F0); })
               .replace(/[٠-٩]/g, function (c) { return String(c.charCodeAt(0) - 0x0660); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show(input) {
    var out = document.getElementById(input.getAttribute("aria-describedby"));
    if (!out || input.dataset.calendar !== "solar_hijri") return;
    var m = /^\s*(\d{4})\s*[-\/.]\s*(\d{1,2})\s*[-\/.]\s*(\d{1,2})\s*$/.exec(latinDigits(input.value));
    if (!m || +m[1] < 1200 || +m[1] > 1499) { out.textContent = ""; return; }
    var jm = +m[2], jd = +m[3];
    if (jm < 1 || jm > 12 || jd < 1 || jd > (jm <= 6 ? 31 : 30)) { out.textContent = "?"; return; }
    var g = toGregorian(+m[1], jm, jd);
    out.textContent = (g[0] + "-" + pad(g[1]) + "-" + pad(g[2])).replace(/\d/g, function (c) { return "۰۱۲۳۴۵۶۷۸۹"[+c]; });
  }
  document.addEventListener("input", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("date")) show(event.target);
  });
})();
