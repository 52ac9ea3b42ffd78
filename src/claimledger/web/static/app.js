// claimledger: the only script, and the pages work without it.
// "/" focuses the search box, as on many search sites.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
  var box = document.getElementById("f-q");
  if (box) { event.preventDefault(); box.focus(); }
});

// Empty fields are left out of the URL, so a shared link names only the filters in use.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form || form.method.toLowerCase() !== "get") return;
  for (var i = 0; i < form.elements.length; i++) {
    var el = form.elements[i];
    if (el.name && el.value === "") el.disabled = true;
  }
});
// Coming back to the page (history), the fields left out above are usable again.
window.addEventListener("pageshow", function () {
  var fields = document.querySelectorAll("form [name]:disabled");
  for (var i = 0; i < fields.length; i++) fields[i].disabled = false;
});
