// The dashboard's two charts, drawn from the figures the page already shows as tables
// (json_script "dashboard-charts"). Without JavaScript or ECharts the tables remain; a bar leads
// to the list behind it, as its table row does.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var charts = [];
    var sectionsBox = document.getElementById("chart-sections");
    if (sectionsBox && data.sections.length) {
      var sections = echarts.init(sectionsBox);
      sections.setOption({
        animation: false,
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: {
          type: "category",
          inverse: true,
          data: data.sections.map(function (s) { return s.label; }),
          axisLabel: { width: 120, overflow: "truncate" },
        },
        series: [{
          name: data.labels.rate,
          type: "bar",
          data: data.sections.map(function (s) { return s.rate; }),
          itemStyle: { color: "#b91c1c" },
          label: { show: true, position: "right", formatter: "{c}%" },
          cursor: "pointer",
        }],
      });
      sections.on("click", function (event) {
        var target = data.sections[event.dataIndex];
        if (target) {
          window.location.href = target.url;
        }
      });
      charts.push(sections);
    }
    var trendBox = document.getElementById("chart-trend");
    if (trendBox && data.trend.length) {
      var trend = echarts.init(trendBox);
      trend.setOption({
        animation: false,
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        xAxis: { type: "category", data: data.trend.map(function (p) { return p.date.slice(5); }) },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{
          name: data.labels.rate,
          type: "line",
          data: data.trend.map(function (p) { return p.rate; }),
          itemStyle: { color: "#b91c1c" },
          areaStyle: { opacity: 0.08 },
        }],
      });
      charts.push(trend);
    }
    if (charts.length) {
      document.body.classList.add("charts-drawn");
      window.addEventListener("resize", function () {
        charts.forEach(function (chart) { chart.resize(); });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
