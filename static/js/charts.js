/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID"> (json_script),
   so no inline script is needed and the Content-Security-Policy stays strict. Each chart
   has an accessible table next to it; the canvas itself is hidden from screen readers.
   The spec may carry axis titles (xTitle, yTitle) and, for a line, which points are a
   month not yet over (partial): the line towards such a point is dashed. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var palette = ["#0b5d6b", "#c5192d", "#f0a500", "#4c9f38", "#19486a", "#a21942"];
  var locale = document.documentElement.lang || "nl";
  var font = { size: 14 };
  // A colour with white diagonal stripes: for a segment whose colour reads like another's.
  function striped(colour) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 12;
    var c = tile.getContext("2d");
    c.fillStyle = colour;
    c.fillRect(0, 0, 12, 12);
    c.strokeStyle = "rgba(255, 255, 255, 0.9)";
    c.lineWidth = 3;
    c.beginPath();
    c.moveTo(-3, 3); c.lineTo(3, -3);
    c.moveTo(0, 12); c.lineTo(12, 0);
    c.moveTo(9, 15); c.lineTo(15, 9);
    c.stroke();
    return c.createPattern(tile, "repeat");
  }
  function axis(title) {
    return {
      title: { display: Boolean(title), text: title || "", font: font },
      ticks: { font: font }
    };
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var partial = spec.partial || [];
    spec.datasets.forEach(function (dataset, i) {
      if (!dataset.backgroundColor) {
        dataset.backgroundColor = palette[i % palette.length];
        dataset.borderColor = palette[i % palette.length];
      }
      if (spec.type === "line" && partial.length) {
        dataset.segment = {
          borderDash: function (ctx) {
            return partial[ctx.p1DataIndex] ? [6, 6] : undefined;
          }
        };
      }
      if (spec.type === "doughnut") {
        dataset.borderColor = "#ffffff";
        dataset.borderWidth = 3;
        if (spec.patterns && Array.isArray(dataset.backgroundColor)) {
          dataset.backgroundColor = dataset.backgroundColor.map(function (colour, j) {
            return spec.patterns[j] === "stripes" ? striped(colour) : colour;
          });
        }
      }
    });
    var options = {
      locale: locale,
      indexAxis: spec.indexAxis || "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: spec.type !== "doughnut" ? false : true,
      plugins: {
        legend: {
          display: spec.type === "doughnut" || spec.datasets.length > 1,
          position: spec.type === "doughnut" ? "bottom" : "top",
          labels: { font: font, boxWidth: 18, padding: 12 }
        }
      }
    };
    if (spec.type !== "doughnut") {
      options.scales = { x: axis(spec.xTitle), y: axis(spec.yTitle) };
    }
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: options
    });
  });
})();
