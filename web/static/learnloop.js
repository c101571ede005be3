// learnloop: Quick exit and small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  var exitLink = document.getElementById("quick-exit");
  var exitTo = (exitLink && exitLink.getAttribute("data-exit-to")) || "https://www.bbc.co.uk/weather";

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    // Blank the page first so nothing stays on screen while the neutral site loads,
    // then replace this history entry so Back does not return here.
    try { document.title = "Weather"; document.body.style.display = "none"; } catch (e) { /* keep going */ }
    window.location.replace(exitTo);
  }

  if (exitLink) { exitLink.addEventListener("click", quickExit); }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { quickExit(event); }
  });

  // Controls that only make sense with scripts (zoom, PNG export) stay hidden without them.
  var onlyJs = document.querySelectorAll(".js-only");
  for (var i = 0; i < onlyJs.length; i++) { onlyJs[i].hidden = false; }
})();
