// claimledger: the only script, and the pages work without it.
// "/" focuses the search box, as on many search sites.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
  var box = document.getElementById("f-q");
  if (box) { event.preventDefault(); box.focus(); }
});
