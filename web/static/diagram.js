// learnloop structure diagram: zoom and pan by moving the SVG viewBox, and PNG export via a canvas.
// Without this file the diagram still shows (scrollable) and every box is still a link.
(function () {
  "use strict";
  var frame = document.getElementById("diagram-frame");
  var svg = document.getElementById("structure-svg");
  if (!frame || !svg) { return; }

  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, w: full.width, h: full.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  frame.classList.add("js-pan");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMin meet");

  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }

  function zoom(factor, cx, cy) {
    // factor < 1 zooms in; (cx, cy) in diagram units stays under the pointer
    var w = Math.min(Math.max(view.w * factor, home.w / 12), home.w * 4);
    var k = w / view.w;
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    view.x = cx - (cx - view.x) * k;
    view.y = cy - (cy - view.y) * k;
    view.w = w;
    view.h = view.h * k;
    apply();
  }

  function pan(dx, dy) { view.x += dx; view.y += dy; apply(); }

  function toDiagram(clientX, clientY) {
    var pt = svg.createSVGPoint();
    pt.x = clientX; pt.y = clientY;
    var m = svg.getScreenCTM();
    return m ? pt.matrixTransform(m.inverse()) : { x: view.x + view.w / 2, y: view.y + view.h / 2 };
  }

  function reset() { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }

  // A big diagram fitted into the frame has unreadable text: start at a readable scale instead,
  // on the open group if there is one, else on the top of the tree. "Fit" shows it all.
  var READABLE = 0.8;
  if (frame.clientWidth / home.w < READABLE * 0.7) {
    view.w = frame.clientWidth / READABLE;
    view.h = view.w * frame.clientHeight / frame.clientWidth;
    var mark = svg.querySelector("[data-selected] rect.box");
    var cx = home.x + home.w / 2, top = home.y;
    if (mark) {
      cx = parseFloat(mark.getAttribute("x")) + parseFloat(mark.getAttribute("width")) / 2;
      top = Math.max(home.y, parseFloat(mark.getAttribute("y")) - view.h / 3);
    }
    view.x = cx - view.w / 2;
    view.y = top;
  }
  apply();

  frame.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toDiagram(e.clientX, e.clientY);
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  var drag = null;
  frame.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) { return; }
    drag = { x: e.clientX, y: e.clientY, moved: false };
  });
  frame.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }  // a click, not a drag
    if (!drag.moved) { drag.moved = true; frame.classList.add("dragging"); frame.setPointerCapture(e.pointerId); }
    var scale = view.w / frame.clientWidth;
    pan(-dx * scale, -dy * scale);
    drag.x = e.clientX; drag.y = e.clientY;
  });
  function endDrag(e) {
    if (drag && drag.moved) {
      frame.classList.remove("dragging");
      // swallow the click that ends a drag so it does not open a group
      var stop = function (ev) { ev.preventDefault(); ev.stopPropagation(); };
      frame.addEventListener("click", stop, { capture: true, once: true });
      setTimeout(function () { frame.removeEventListener("click", stop, { capture: true }); }, 0);
    }
    drag = null;
  }
  frame.addEventListener("pointerup", endDrag);
  frame.addEventListener("pointercancel", endDrag);

  frame.addEventListener("keydown", function (e) {
    var step = view.w / 10;
    var keys = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (keys[e.key] && e.target === frame) { e.preventDefault(); pan(keys[e.key][0], keys[e.key][1]); }
    else if (e.key === "+" || e.key === "=") { e.preventDefault(); zoom(1 / 1.25); }
    else if (e.key === "-" || e.key === "_") { e.preventDefault(); zoom(1.25); }
    else if (e.key === "0") { e.preventDefault(); reset(); }
  });

  var buttons = document.querySelectorAll("[data-zoom]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (e) {
      var what = e.currentTarget.getAttribute("data-zoom");
      if (what === "in") { zoom(1 / 1.25); } else if (what === "out") { zoom(1.25); } else { reset(); }
    });
  }

  // PNG: draw the standalone SVG (the same file as the SVG download) on a canvas at twice its size.
  var pngButton = document.getElementById("download-png");
  if (pngButton) {
    pngButton.addEventListener("click", function () {
      fetch(pngButton.getAttribute("data-svg-url"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
        .then(function (text) {
          return new Promise(function (resolve, reject) {
            var img = new Image();
            img.onload = function () { resolve(img); };
            img.onerror = function () { reject(new Error("the SVG could not be drawn")); };
            img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
          });
        })
        .then(function (img) {
          var scale = 2;
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(home.w * scale);
          canvas.height = Math.round(home.h * scale);
          var ctx = canvas.getContext("2d");
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = pngButton.getAttribute("data-filename") || "structure.png";
            document.body.appendChild(a);
            a.click();
            setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          }, "image/png");
        })
        .catch(function (err) { window.alert("PNG export failed: " + err.message); });
    });
  }
})();
