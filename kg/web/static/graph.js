// The neighbourhood picture of an entity page: reads the JSON the page carries (never executed,
// escaped on the server) and draws it with Cytoscape.js. Without JavaScript the page lists the
// same nodes and edges. A node with a page opens it on click, or from the keyboard.
(function () {
  "use strict";
  var data = document.getElementById("kg-graph-data");
  var box = document.getElementById("kg-graph");
  if (!data || !box || typeof cytoscape !== "function") { return; }
  var picture = JSON.parse(data.textContent);
  var cy = cytoscape({
    container: box,
    elements: picture.elements,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis",
        "text-max-width": 140, "background-color": "#4a6fa5", "color": "#1a1a1a", "width": 14, "height": 14 } },
      { selector: "node[kind = 'fact']", style: { "shape": "round-rectangle", "background-color": "#c77d2e" } },
      { selector: "node[kind = 'entity']:selected, node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { "label": "data(label)", "font-size": 8, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "width": 1, "line-color": "#999", "target-arrow-color": "#999",
        "text-rotation": "autorotate", "color": "#555" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; } }
  });
  function open(node) {
    var href = node.data("href");
    if (typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/") { window.location.assign(href); }
  }
  cy.on("tap", "node", function (event) { open(event.target); });
  // Keyboard: Tab to the picture, arrow keys step through the nodes, Enter opens the chosen one.
  var nodes = cy.nodes().sort(function (a, b) { return a.position("x") - b.position("x"); });
  var current = -1;
  var status = document.getElementById("kg-graph-status");
  var keys = document.getElementById("kg-graph-keys");
  if (keys) { keys.hidden = false; }  // the hint is for those who have the picture
  box.tabIndex = 0;
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { cy.$("node:selected").forEach(open); return; }
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step || nodes.length === 0) { return; }
    event.preventDefault();
    current = (current + step + nodes.length) % nodes.length;
    cy.nodes().unselect();
    nodes[current].select();
    if (status) { status.textContent = nodes[current].data("label"); }
  });
}());
