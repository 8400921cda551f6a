// Charts on the referral analysis pages, drawn with Chart.js (loaded, deferred, just before).
// Each <canvas data-chart="ID"> is drawn from the JSON in <script type="application/json"
// id="ID">; templates/_charts.html writes both. The kinds, by "type":
//   funnel: practices' rates against list size, the area's rate and the 95% and 99.8% limits;
//   xmr:    a run chart with its mean and process limits, special-cause points marked;
//   lines:  named series over shared labels (a null leaves a gap);
//   bars:   named series as bars over shared labels, across the page if "horizontal".
// x_label names the horizontal axis and y_label the vertical, whichever way bars lie. The page
// shows every chart's figures in a table too, so nothing is only in a picture.
(function () {
  "use strict";

  const NHS = {
    blue: "#005eb8", grey: "#425563", yellow: "#ffb81c", red: "#d5281b", green: "#007f3b",
    text: "#212b32",
  };
  const DASHED = [6, 4];
  const BAR_PX = 22; // each bar's thickness when horizontal bars set the chart's height
  const BARS_FRAME_PX = 140; // the title, legend and axis around horizontal bars
  const PRINT_WIDTH_PX = 680; // A4's 210 mm less two 15 mm margins, at 96 CSS px an inch
  const PRINT_MOST_HEIGHT_PX = 460; // a chart takes at most about 12 cm of a printed page
  // Paper is printed far finer than a screen shows: twice the pixels keep printed lines sharp.
  const PIXEL_RATIO = Math.max(window.devicePixelRatio || 1, 2);
  // Series after the first differ in shape as well as colour; yellow comes last, being faint.
  const SERIES_COLOURS = [NHS.blue, NHS.grey, NHS.green, NHS.red, NHS.yellow];
  const SERIES_SHAPES = ["circle", "rect", "triangle", "rectRot", "star"];

  // A funnel plot's points: flagged ones differ from the rest in shape (a triangle pointing
  // the way the rate lies) and colour (red beyond 99.8%, yellow beyond 95%), never colour alone.
  const FLAGS = {
    high_998: { name: "Above the 99.8% limit", colour: NHS.red, shape: "triangle", up: true },
    high_95: { name: "Above the 95% limit", colour: NHS.yellow, shape: "triangle", up: true },
    within: { name: "Within the limits", colour: NHS.blue, shape: "circle", up: true },
    low_95: { name: "Below the 95% limit", colour: NHS.yellow, shape: "triangle", up: false },
    low_998: { name: "Below the 99.8% limit", colour: NHS.red, shape: "triangle", up: false },
  };
  // An XmR chart's special-cause rules, in words.
  const SIGNALS = {
    outside_limits: "Beyond a process limit",
    shift: "Run on one side of the mean",
    trend: "Run of rises or falls",
    near_limits: "Two of three near a limit",
  };

  const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
  const drawn = [];

  // A line drawn through `data` with no points of its own: tooltips pass it by, and the
  // legend shows it as a stroke (see legendLabels).
  function line(label, data, colour, dash) {
    return {
      label, data, showLine: true, borderColor: colour, backgroundColor: colour,
      borderWidth: 2, borderDash: dash, pointRadius: 0, pointHitRadius: 0, pointHoverRadius: 0,
      legendLine: true, tooltip: false,
    };
  }

  // One dataset of a funnel plot's upper and lower limits: the two curves are joined by a
  // point with no value, which Chart.js leaves as a gap, so the legend names them once.
  function limitCurves(label, limits, lower, upper, dash) {
    const points = (key) => limits.map((limit) => ({ x: limit.x, y: limit[key] }));
    const gap = { x: limits[limits.length - 1].x, y: null };
    return line(label, [...points(upper), gap, ...points(lower)], NHS.grey, dash);
  }

  function funnel(spec) {
    const limits = [...spec.limits].sort((a, b) => a.x - b.x);
    const xs = [...limits, ...spec.points].map((point) => point.x);
    const pointSets = Object.entries(FLAGS)
      .map(([flag, look]) => ({ look, data: spec.points.filter((point) => point.flag === flag) }))
      .filter((set) => set.data.length > 0)
      .map(({ look, data }) => ({
        label: look.name, data, pointStyle: look.shape, pointRotation: look.up ? 0 : 180,
        backgroundColor: look.colour, borderColor: look.shape === "circle" ? look.colour : NHS.grey,
        pointRadius: look.shape === "circle" ? 4 : 7, pointHoverRadius: 9,
      }));
    const area = [{ x: Math.min(...xs), y: spec.area }, { x: Math.max(...xs), y: spec.area }];
    return {
      type: "scatter",
      data: {
        datasets: [
          ...pointSets,
          line(`Area rate (${number.format(spec.area)})`, area, NHS.green, []),
          limitCurves("95% limits", limits, "lower95", "upper95", DASHED),
          limitCurves("99.8% limits", limits, "lower998", "upper998", []),
        ],
      },
      options: {
        scales: axes(spec, { beginAtZero: true }),
        plugins: {
          tooltip: {
            callbacks: {
              title: () => "",
              label: (item) => item.raw.label,
              afterLabel: (item) => [
                `${spec.y_label}: ${number.format(item.raw.y)}`,
                `${spec.x_label}: ${number.format(item.raw.x)}`,
                FLAGS[item.raw.flag].name,
              ],
            },
          },
        },
      },
    };
  }

  function xmr(spec) {
    const labels = spec.points.map((point) => point.x);
    const level = (y) => labels.map(() => y);
    const special = spec.points.map((point) => (point.signals.length > 0 ? point.y : null));
    return {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            label: spec.y_label, data: spec.points.map((point) => point.y),
            borderColor: NHS.blue, backgroundColor: NHS.blue, pointRadius: 3,
          },
          // The special-cause points again, as red diamonds drawn over the run (order -1);
          // the run's own point gives the tooltip.
          {
            label: "Special cause", data: special, showLine: false, pointStyle: "rectRot",
            pointRadius: 7, pointHoverRadius: 9, backgroundColor: NHS.red,
            borderColor: NHS.grey, order: -1, tooltip: false,
          },
          line(`Mean (${number.format(spec.mean)})`, level(spec.mean), NHS.green, []),
          line(`Upper process limit (${number.format(spec.upper)})`, level(spec.upper),
            NHS.grey, DASHED),
          line(`Lower process limit (${number.format(spec.lower)})`, level(spec.lower),
            NHS.grey, DASHED),
        ],
      },
      options: {
        scales: axes(spec),
        interaction: { mode: "index", intersect: true },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => `${spec.x_label}: ${items[0].label}`,
              afterLabel: (item) =>
                spec.points[item.dataIndex].signals.map((signal) => SIGNALS[signal] || signal),
            },
          },
        },
      },
    };
  }

  function series(spec) {
    return spec.series.map((one, index) => {
      const colour = SERIES_COLOURS[index % SERIES_COLOURS.length];
      return {
        label: one.name, data: one.values, borderColor: colour, backgroundColor: colour,
        pointStyle: SERIES_SHAPES[index % SERIES_SHAPES.length], pointRadius: 4,
      };
    });
  }

  function lines(spec) {
    return {
      type: "line",
      data: { labels: spec.labels, datasets: series(spec) },
      options: {
        scales: axes(spec, {}, { beginAtZero: true }),
        interaction: { mode: "index", intersect: false },
      },
    };
  }

  function bars(spec) {
    const across = Boolean(spec.horizontal);
    const config = {
      type: "bar",
      data: { labels: spec.labels, datasets: series(spec) },
      options: {
        indexAxis: across ? "y" : "x",
        scales: across ? axes(spec, { beginAtZero: true }) : axes(spec, {}, { beginAtZero: true }),
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { labels: { usePointStyle: false } } },
      },
    };
    if (across) {
      // Bars across the page need a height that grows with their number, not a fixed shape.
      config.options.maintainAspectRatio = false;
      config.height = BARS_FRAME_PX + BAR_PX * spec.labels.length * spec.series.length;
    }
    return config;
  }

  // The x and y axes, titled, with any settings of their own (Chart.js picks their types).
  function axes(spec, x = {}, y = {}) {
    const title = (text) => ({ display: true, text, font: { weight: "bold" } });
    return { x: { ...x, title: title(spec.x_label) }, y: { ...y, title: title(spec.y_label) } };
  }

  // The legend's entry for a line: a stroke, dashed as the line is, rather than a point.
  function legendLabels(chart) {
    const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
    items.forEach((item) => {
      const dataset = chart.data.datasets[item.datasetIndex];
      if (dataset.legendLine) {
        Object.assign(item, {
          pointStyle: "line", lineDash: dataset.borderDash, lineWidth: dataset.borderWidth,
          strokeStyle: dataset.borderColor,
        });
      }
    });
    return items.sort((a, b) => a.datasetIndex - b.datasetIndex);
  }

  // What every chart shares: no animation, a title, the legend below, a sharper print.
  function common(spec) {
    return {
      animation: false,
      locale: "en-GB",
      devicePixelRatio: PIXEL_RATIO,
      // On a phone a 2:1 chart leaves no room for the plot once its legend and rotated
      // labels are in: narrow screens get a taller shape.
      aspectRatio: window.innerWidth < NARROW_PX ? 0.9 : 2,
      plugins: {
        title: { display: true, text: spec.title, font: { size: 16, weight: "bold" } },
        legend: {
          position: "bottom", labels: { usePointStyle: true, generateLabels: legendLabels },
        },
        tooltip: { filter: (item) => item.dataset.tooltip !== false }, // our own mark
      },
    };
  }

  const KINDS = { funnel, xmr, lines, bars };
  const NARROW_PX = 600;

  function draw(canvas) {
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    const kind = KINDS[spec.type];
    if (kind === undefined) throw new Error(`No chart of type "${spec.type}"`);
    const config = kind(spec);
    if (config.height) {
      canvas.parentElement.style.height = `${config.height}px`;
    }
    // The kind's own options merged into the common ones (Chart.js's deep merge).
    const options = Chart.helpers.merge(common(spec), config.options);
    drawn.push(new Chart(canvas, { type: config.type, data: config.data, options }));
  }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = NHS.text;

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    try {
      draw(canvas);
    } catch (error) {
      console.error(`Chart ${canvas.dataset.chart} not drawn:`, error);
    }
  });

  // Printing: Chart.js does not resize for the printed page by itself, so each chart takes the
  // printed width before printing and its box's width again afterwards (Chart.js's docs,
  // "Printing resizable charts").
  window.addEventListener("beforeprint", () => {
    drawn.forEach((chart) => {
      const height = chart.options.maintainAspectRatio
        ? PRINT_WIDTH_PX / chart.options.aspectRatio
        : Math.min(chart.height, PRINT_MOST_HEIGHT_PX);
      const box = chart.canvas.parentElement;
      box.dataset.screenHeight = box.style.height; // a chart that sets its own height
      if (box.style.height) box.style.height = `${height}px`;
      chart.resize(PRINT_WIDTH_PX, height);
    });
  });
  window.addEventListener("afterprint", () =>
    drawn.forEach((chart) => {
      const box = chart.canvas.parentElement;
      box.style.height = box.dataset.screenHeight || "";
      chart.resize();
    }),
  );
})();
