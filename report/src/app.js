// LookoutMetrics report: reads the embedded data (JSON) and draws it with uPlot (charts) and Tabulator (the table).
// Every figure shown carries data-model and data-metric attributes, so tests can read the rendered page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lfv-data").textContent);
  // The decimals of each metric, from MetricTable (3 for a rate, 0 for a count).
  var metricDigits = {};
  data.Metrics.forEach(function (m) { metricDigits[m.Name] = m.Digits; });
  var app = document.getElementById("app");

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function num(v) { return v === null || v === undefined ? NaN : Number(v); }
  function fmt(v, digits) { v = num(v); return isNaN(v) ? "n/a" : v.toFixed(digits === undefined ? 3 : digits); }
  function interval(ci) { return ci ? "[" + fmt(ci.Lower) + ", " + fmt(ci.Upper) + "]" : ""; }

  document.title = data.Title;
  app.appendChild(el("header", { cls: "page" }, [
    el("h1", { text: data.Title, id: "report-title" }),
    el("div", { cls: "meta", text: "Generated " + data.Generated + " by LookoutMetrics " + data.Version + ". " +
      data.Models.length + " model version" + (data.Models.length === 1 ? "" : "s") + "." })
  ]));
  var main = el("main");
  app.appendChild(main);


  function signed(v, digits) { v = num(v); return isNaN(v) ? "n/a" : (v > 0 ? "+" : "") + v.toFixed(digits); }
  function change(ci, digits) { return ci ? "[" + signed(ci.Lower, digits) + ", " + signed(ci.Upper, digits) + "]" : ""; }

  function comparison(c) {
    var s = el("section", { cls: "comparison", "data-comparison": c.Reference + " | " + c.Difference });
    s.appendChild(el("h2", { text: c.Reference + " \u2192 " + c.Difference }));
    var decision = c.Rows.length ? c.Rows[0].Decision : "";
    s.appendChild(el("div", { cls: "verdict" }, [
      el("strong", { "data-metric": "Decision", text: decision }), document.createTextNode(" "),
      el("span", { "data-metric": "Verdict", text: c.Verdict })
    ]));
    var level = c.Rows.length && c.Rows[0].ChangeInterval ? Math.round(c.Rows[0].ChangeInterval.Level * 100) + "% interval" : "Interval";
    var t = el("table", { cls: "plain" });
    t.appendChild(el("tr", null, ["Metric", c.Reference, c.Difference, "Change", level + " of the change", "p-value", "Holm-adjusted p", "Better (where significant)", "Test"].map(function (h, i) {
      return el("th", { cls: i === 0 || i >= 7 ? "text" : "", text: h });
    })));
    c.Rows.forEach(function (r) {
      var digits = metricDigits[r.Metric] === undefined ? 3 : metricDigits[r.Metric];
      t.appendChild(el("tr", { "data-row": r.Metric, cls: r.IsPrimary ? "primary" : "" }, [
        el("td", { cls: "text", text: r.Metric + (r.IsPrimary ? " (primary)" : "") }),
        el("td", { text: fmt(r.ReferenceValue, digits) }),
        el("td", { text: fmt(r.DifferenceValue, digits) }),
        el("td", { text: r.Change === null ? "" : signed(r.Change, digits) }),
        el("td", { "data-metric": "ChangeInterval", text: change(r.ChangeInterval, digits) }),
        el("td", { "data-metric": "PValue", text: r.PValue === null ? "" : fmt(r.PValue, 4), cls: r.IsPrimary && r.Significant ? "ok" : "" }),
        el("td", { "data-metric": "AdjustedPValue", text: r.AdjustedPValue === null ? "" : fmt(r.AdjustedPValue, 4), cls: !r.IsPrimary && r.Significant ? "ok" : "" }),
        el("td", { cls: "text", text: r.BetterModel }),
        el("td", { cls: "text", text: r.Test })
      ]));
    });
    s.appendChild(t);
    if (c.LabelRows && c.LabelRows.length) s.appendChild(labelComparison(c));
    if (c.ImagesChanged) s.appendChild(changedImages(c));
    return s;
  }

  // Two segmentation models, label by label: pixel precision, recall, F1 and AIOU, each with its paired test and decision.
  function labelComparison(c) {
    var box = el("div", { "data-section": "label-comparison" });
    box.appendChild(el("h3", { text: "Per label (pixels), tested over the paired images" }));
    var t = el("table", { cls: "plain" });
    t.appendChild(el("tr", null, ["Label", "Metric", c.Reference, c.Difference, "Change", "Interval of the change", "p-value", "Holm-adjusted p", "Decision"].map(function (h, i) {
      return el("th", { cls: i < 2 || i === 8 ? "text" : "", text: h });
    })));
    c.LabelRows.forEach(function (r) {
      t.appendChild(el("tr", { "data-label": r.ClassName, "data-row": r.Metric, title: r.Verdict }, [
        el("td", { cls: "text", text: r.ClassName }),
        el("td", { cls: "text", text: r.Metric + (r.IsPrimary ? " (primary)" : "") }),
        el("td", { text: fmt(r.ReferenceValue, 3) }),
        el("td", { text: fmt(r.DifferenceValue, 3) }),
        el("td", { text: r.Change === null ? "" : signed(r.Change, 3) }),
        el("td", { "data-metric": "ChangeInterval", text: change(r.ChangeInterval, 3) }),
        el("td", { "data-metric": "PValue", text: r.PValue === null ? "" : fmt(r.PValue, 4) }),
        el("td", { "data-metric": "AdjustedPValue", text: r.AdjustedPValue === null ? "" : fmt(r.AdjustedPValue, 4), cls: r.Significant ? "ok" : "" }),
        el("td", { cls: "text", text: r.Decision })
      ]));
    });
    box.appendChild(t);
    return box;
  }

  var changeWords = { NewlyMissed: "newly missed", NewFalseAlarm: "new false alarm", NewlyCaught: "newly caught", FalseAlarmRemoved: "false alarm removed" };
  // An image's thumbnail from either model of the comparison, where the report embedded one.
  function thumbnailOf(ref, names) {
    for (var i = 0; i < data.Models.length; i++) {
      var m = data.Models[i];
      if (names.indexOf(m.Name) >= 0 && m.Thumbnails[ref]) return m.Thumbnails[ref];
    }
    return null;
  }

  // The images the two versions classify differently, newly missed defects first (Compare-LfvModel -PerImage).
  function changedImages(c) {
    var box = el("div", { "data-section": "changed-images" });
    var shown = c.Images.length < c.ImagesChanged ? " (the first " + c.Images.length + "; Compare-LfvModel -PerImage lists them all)" : "";
    box.appendChild(el("h3", { text: c.ImagesChanged + " image" + (c.ImagesChanged === 1 ? "" : "s") + " classified differently" + shown }));
    var t = el("table", { cls: "plain changed" });
    t.appendChild(el("tr", null, ["", "Image", "Truth", "Change", c.Reference, c.Difference].map(function (h, i) {
      return el("th", { cls: i < 4 ? "text" : "", text: h });
    })));
    c.Images.forEach(function (r) {
      var uri = thumbnailOf(r.SourceRef, [c.Reference, c.Difference]);
      var picture = uri ? el("img", { src: uri, alt: r.ImageName, title: "Open " + r.ImageName + " larger" }) : null;
      if (picture) picture.addEventListener("click", function () { openLarge(uri, r.ImageName); });
      t.appendChild(el("tr", { "data-image": r.ImageName, "data-change": r.Change, cls: r.Change === "NewlyMissed" || r.Change === "NewFalseAlarm" ? "worse" : "" }, [
        el("td", { cls: "text mini" }, [picture]),
        el("td", { cls: "text", text: r.ImageName, title: r.SourceRef }),
        el("td", { cls: "text", text: r.ActualLabel }),
        el("td", { cls: "text", text: changeWords[r.Change] || r.Change }),
        el("td", { text: r.ReferenceOutcome + " (" + fmt(r.ReferenceScore, 2) + ")" }),
        el("td", { text: r.DifferenceOutcome + " (" + fmt(r.DifferenceScore, 2) + ")" })
      ]));
    });
    box.appendChild(t);
    return box;
  }

  function model(m) {
    var s = el("section", { cls: "model", "data-model": m.Name });
    s.appendChild(el("h2", { text: m.Name }));
    s.appendChild(el("div", { cls: "source", text: m.Source }));
    if (m.Summary && m.Summary.LinesLeftOut > 0) {
      s.appendChild(el("div", { cls: "left-out", "data-model": m.Name, "data-metric": "LinesLeftOut",
        text: "\u26A0 " + m.Summary.LinesLeftOut + " manifest line" + (m.Summary.LinesLeftOut === 1 ? " was" : "s were") + " left out (" + m.Summary.LeftOutReason + "): the figures are those of the " + m.Summary.Images + " images read." }));
    }
    var labelsLeftOut = (m.Labels || []).length ? m.Labels[0].ImagesLeftOut : 0;
    if (labelsLeftOut > 0) {
      s.appendChild(el("div", { cls: "left-out", "data-model": m.Name, "data-metric": "ImagesLeftOut",
        text: "\u26A0 " + labelsLeftOut + " image" + (labelsLeftOut === 1 ? "'s masks" : "s' masks") + " could not be used (" + m.Labels[0].LeftOutReason + "): the performance per label is that of the " + m.Labels[0].ImagesMeasured + " images measured." }));
    }
    var sum = m.Summary;
    if (sum) {
      s.appendChild(el("h3", { text: "Model performance, recomputed from the test images (95% intervals) and as reported" }));
      s.appendChild(cards(m));
      s.appendChild(el("h3", { text: "Test results overview" }));
      s.appendChild(el("div", { cls: "row" }, [overview(m), confusion(m)]));
    }
    if (m.Curve) {
      s.appendChild(el("h3", { text: "Curves (the marker is the model's threshold, " + fmt(m.Curve.ModelThreshold, 2) + ")" }));
      var charts = el("div", { cls: "charts" });
      s.appendChild(charts);
      charts.appendChild(chart(m, "ROC curve", "False positive rate", "Recall", m.Curve.FalsePositiveRate, m.Curve.Recall, [-0.04, 1.04]));
      charts.appendChild(chart(m, "Precision and recall", "Recall", "Precision", m.Curve.Recall, m.Curve.Precision, [-0.04, 1.04]));
      charts.appendChild(chart(m, "F1 score by threshold", "Threshold (anomaly score)", "F1 score", m.Curve.Threshold, m.Curve.F1Score, [-0.04, 1.04], m.Curve.MarkerThreshold));
    }
    if (m.Labels.length) s.appendChild(labels(m));
    if (Object.keys(m.Thumbnails).length) s.appendChild(thumbnails(m));
    if (m.Images.length) s.appendChild(imageTable(m));
    return s;
  }

  // The rates of MetricTable, each a card with its interval, in the table's order.
  var metricNames = data.Metrics.filter(function (m) { return m.IsRate; }).map(function (m) { return [m.Name, m.Heading]; });
  function cards(m) {
    var sum = m.Summary, box = el("div", { cls: "cards" });
    metricNames.forEach(function (pair) {
      var name = pair[0], checks = m.Checks.filter(function (c) { return c.Metric === name && !c.ClassName; });
      var disagrees = checks.some(function (c) { return c.Agrees === false; });
      var card = el("div", { cls: "card" + (disagrees ? " disagrees" : ""), "data-model": m.Name, "data-card": name }, [
        el("div", { cls: "name", text: pair[1] }),
        el("div", { cls: "value", "data-model": m.Name, "data-metric": name, text: fmt(sum[name]) }),
        el("div", { cls: "interval", "data-model": m.Name, "data-metric": name + "Interval", text: interval(sum[name + "Interval"]) })
      ]);
      checks.forEach(function (c) {
        card.appendChild(el("div", { cls: "reported", "data-model": m.Name, "data-metric": "Reported" + name, "data-reported-by": c.ReportedBy }, [
          document.createTextNode(c.ReportedBy + " reported " + fmt(c.Reported) + " "),
          c.Agrees === null
            ? el("span", { cls: "no", "data-agrees": "unchecked", text: "not checked: " + c.Reason })
            : el("span", { cls: c.Agrees ? "ok" : "no", "data-agrees": c.Agrees ? "true" : "false", text: c.Agrees ? "\u2713 agrees" : "\u2717 differs by " + fmt(c.Difference, 4) })
        ]));
      });
      box.appendChild(card);
    });
    return box;
  }

  function overview(m) {
    var sum = m.Summary;
    return el("div", { cls: "counts" }, [
      el("div", null, [document.createTextNode("Test images: "), el("b", { "data-model": m.Name, "data-metric": "Images", text: String(sum.Images) })]),
      el("div", null, [document.createTextNode("Correct: "), el("b", { "data-model": m.Name, "data-metric": "Correct", text: String(sum.Correct) })]),
      el("div", null, [document.createTextNode("Incorrect: "), el("b", { "data-model": m.Name, "data-metric": "Incorrect", text: String(sum.Incorrect) })]),
      el("div", null, [document.createTextNode("Anomalous: " + sum.Anomalous + ", normal: " + sum.Normal)])
    ]);
  }

  function confusion(m) {
    var s = m.Summary, t = el("table", { cls: "plain confusion" });
    t.appendChild(el("tr", null, [el("th", { cls: "text", text: "" }), el("th", { text: "Predicted anomaly" }), el("th", { text: "Predicted normal" })]));
    t.appendChild(el("tr", null, [el("th", { cls: "text", text: "Anomaly" }),
      el("td", { cls: "hit", "data-model": m.Name, "data-metric": "TruePositives", text: String(s.TruePositives) }),
      el("td", { cls: "miss", "data-model": m.Name, "data-metric": "FalseNegatives", text: String(s.FalseNegatives) })]));
    t.appendChild(el("tr", null, [el("th", { cls: "text", text: "Normal" }),
      el("td", { cls: "miss", "data-model": m.Name, "data-metric": "FalsePositives", text: String(s.FalsePositives) }),
      el("td", { cls: "hit", "data-model": m.Name, "data-metric": "TrueNegatives", text: String(s.TrueNegatives) })]));
    return t;
  }

  function chart(m, title, xLabel, yLabel, xs, ys, range, markX) {
    var box = el("div", { cls: "chart", "data-model": m.Name, "data-chart": title }, [el("div", { cls: "title", text: title })]);
    var marker = xs.map(function (_, i) { return i === m.Curve.ModelPoint ? ys[i] : null; });
    xs = xs.slice(); ys = ys.slice();
    if (xs.length > 1 && xs[0] > xs[xs.length - 1]) { xs.reverse(); ys.reverse(); marker.reverse(); } // uPlot wants x ascending
    // On the threshold axis the marker sits at the model's own threshold, as the caption says: the point there has the F1 of the
    // model's point (no curve point lies between them), so the line passes through it unchanged.
    var inserted = 0, own = marker.findIndex(function (v) { return v !== null; });
    if (markX !== undefined && markX !== null && own >= 0 && xs[own] !== markX) {
      var y = marker[own], i = xs.findIndex(function (x) { return x > markX; });
      if (i < 0) i = xs.length;
      marker[own] = null;
      xs.splice(i, 0, markX); ys.splice(i, 0, y); marker.splice(i, 0, y);
      inserted = 1;
    }
    if (title === "ROC curve") { xs.unshift(0); ys.unshift(0); marker.unshift(null); } // the curve starts at (0, 0)
    var opts = {
      width: 396, height: 290,
      scales: { x: { time: false, range: range }, y: { range: range } },
      // The range reaches a little past 0 and 1, so that a curve along an edge (precision falling at a recall of 1, say)
      // and a threshold marker on it are drawn whole rather than clipped.
      axes: [{ label: xLabel, size: 42, splits: function () { return [0, 0.2, 0.4, 0.6, 0.8, 1]; } },
        { label: yLabel, size: 48, splits: function () { return [0, 0.2, 0.4, 0.6, 0.8, 1]; } }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [{}, { label: yLabel, stroke: "#2f5fb3", width: 2, points: { show: false } },
        { label: "Model's threshold", stroke: "#c62828", width: 0, paths: function () { return null; }, points: { show: true, size: 11, fill: "#c62828" } }]
    };
    new uPlot(opts, [xs, ys, marker], box);
    // What the chart shows, for the tests: the model's point and the range of both axes.
    var at = marker.findIndex(function (v) { return v !== null; });
    if (at >= 0) box.setAttribute("data-marker", xs[at] + "," + marker[at]);
    box.setAttribute("data-range", range.join(","));
    box.setAttribute("data-points", String(xs.length - inserted));
    return box;
  }

  function labels(m) {
    var box = el("div", { "data-model": m.Name, "data-section": "labels" });
    box.appendChild(el("h3", { text: "Performance per label, recomputed from the masks" }));
    var t = el("table", { cls: "plain" });
    t.appendChild(el("tr", null, ["Label", "Test images with the label", "F1 score", "Average IoU", "Precision", "Recall", "Reported F1", "Worst images (IoU)"].map(function (h, i) {
      return el("th", { cls: i === 0 || i === 7 ? "text" : "", text: h });
    })));
    m.Labels.forEach(function (l) {
      var reported = m.Checks.filter(function (c) { return c.ClassName === l.ClassName && c.Metric === "F1Score"; })[0];
      var worst = (m.Worst[l.ClassName] || []).map(function (w) { return w.ImageName + " (" + fmt(w.IoU, 2) + ")"; }).join(", ");
      t.appendChild(el("tr", { "data-label": l.ClassName }, [
        el("td", { cls: "text" }, [el("span", { text: "\u25A0 ", style: "color:" + l.Color }), document.createTextNode(l.ClassName)]),
        el("td", { "data-metric": "ImagesWithLabel", text: String(l.ImagesWithLabel) }),
        el("td", { "data-metric": "F1Score", text: fmt(l.F1Score) }),
        el("td", { "data-metric": "AIOU", text: fmt(l.AIOU) }),
        el("td", { "data-metric": "Precision", text: fmt(l.Precision) }),
        el("td", { "data-metric": "Recall", text: fmt(l.Recall) }),
        el("td", null, reported ? [document.createTextNode(fmt(reported.Reported) + " "), el("span", { cls: reported.Agrees ? "ok" : "no", text: reported.Agrees ? "\u2713" : "\u2717" })] : []),
        el("td", { cls: "text", text: worst })
      ]));
    });
    box.appendChild(t);
    return box;
  }

  function thumbnails(m) {
    var box = el("div", { "data-model": m.Name, "data-section": "thumbnails" });
    box.appendChild(el("h3", { text: "Images: incorrect predictions and the worst per label" }));
    box.appendChild(el("div", { cls: "legend" }, [
      el("span", { cls: "key outline" }), document.createTextNode(" ground truth (outlined, white edge)   "),
      el("span", { cls: "key fill" }), document.createTextNode(" prediction (filled)   \u00b7 click an image to open it larger")
    ]));
    var wrap = el("div", { cls: "thumbs" });
    var byRef = {};
    m.Images.forEach(function (r) { byRef[r[1]] = r; });
    Object.keys(m.Thumbnails).forEach(function (ref) {
      var r = byRef[ref] || [ref, ref, "", "", NaN, NaN, "", "", ""], uri = m.Thumbnails[ref];
      var picture = uri ? el("img", { src: uri, alt: r[0], title: "Open " + r[0] + " larger" }) : el("div", { cls: "placeholder", text: "image not available" });
      if (uri) picture.addEventListener("click", function () { openLarge(uri, r[0]); });
      wrap.appendChild(el("div", { cls: "thumb", "data-image": r[0] }, [picture,
        el("div", { text: r[0] }),
        el("div", { text: (r[2] ? "anomaly" : "normal") + " \u2192 " + (r[3] ? "anomaly" : "normal") + " (" + fmt(r[4], 2) + ")" }),
        el("div", { text: r[6] }),
        r[7] || r[8] ? el("div", { cls: "labels", text: "truth: " + (r[7] || "\u2013") + "; predicted: " + (r[8] || "\u2013") }) : null]));
    });
    box.appendChild(wrap);
    return box;
  }

  // One image at its full size over the page; a click or Escape closes it.
  function openLarge(uri, name) {
    var shade = el("div", { cls: "large", role: "dialog", "aria-label": name, "data-open": name }, [el("img", { src: uri, alt: name }), el("div", { text: name + " \u00b7 click or Esc to close" })]);
    function close() { shade.remove(); document.removeEventListener("keydown", onKey); }
    function onKey(e) { if (e.key === "Escape") close(); }
    shade.addEventListener("click", close);
    document.addEventListener("keydown", onKey);
    document.body.appendChild(shade);
  }

  function imageTable(m) {
    var box = el("div", { "data-model": m.Name, "data-section": "images" });
    box.appendChild(el("h3", { text: "Every test image" }));
    var search = el("input", { type: "search", placeholder: "image name", "aria-label": "Search by image name" });
    var outcome = el("select", { "aria-label": "Filter by outcome" }, ["All outcomes", "Correct", "Incorrect", "TruePositive", "FalsePositive", "TrueNegative", "FalseNegative"].map(function (o) {
      return el("option", { value: o === "All outcomes" ? "" : o, text: o });
    }));
    var labelNames = {};
    m.Images.forEach(function (r) { [r[7], r[8]].forEach(function (v) { if (v) v.split(";").forEach(function (l) { labelNames[l] = true; }); }); });
    var label = el("select", { "aria-label": "Filter by label" }, [el("option", { value: "", text: "All labels" })].concat(Object.keys(labelNames).sort().map(function (l) {
      return el("option", { value: l, text: l });
    })));
    box.appendChild(el("div", { cls: "filters" }, [el("label", { text: "Search" }), search, el("label", { text: "Outcome" }), outcome].concat(
      Object.keys(labelNames).length ? [el("label", { text: "Label" }), label] : [])));
    var holder = el("div");
    box.appendChild(holder);
    var rows = m.Images.map(function (r, i) {
      return { id: i, name: r[0], ref: r[1], actual: r[2] ? "anomaly" : "normal", predicted: r[3] ? "anomaly" : "normal", confidence: r[4], score: r[5], outcome: r[6], labels: r[7], predictedLabels: r[8] };
    });
    var table = new Tabulator(holder, {
      data: rows, layout: "fitColumns", pagination: true, paginationSize: 25, paginationSizeSelector: [25, 50, 100, 500],
      columns: [
        { title: "Image", field: "name", widthGrow: 2, minWidth: 110 },
        { title: "Actual", field: "actual", minWidth: 86 },
        { title: "Predicted", field: "predicted", minWidth: 100 },
        { title: "Confidence", field: "confidence", hozAlign: "right", minWidth: 112, formatter: function (c) { return fmt(c.getValue()); } },
        { title: "Anomaly score", field: "score", hozAlign: "right", minWidth: 136, formatter: function (c) { return fmt(c.getValue()); } },
        { title: "Outcome", field: "outcome", minWidth: 112 },
        { title: "True labels", field: "labels", widthGrow: 2, minWidth: 116, visible: Object.keys(labelNames).length > 0 },
        { title: "Predicted labels", field: "predictedLabels", widthGrow: 2, minWidth: 150, visible: Object.keys(labelNames).length > 0 },
        { title: "Source", field: "ref", widthGrow: 3, minWidth: 120 }
      ]
    });
    function apply() {
      var q = search.value.toLowerCase(), o = outcome.value, l = label.value;
      table.setFilter(function (d) {
        if (q && d.name.toLowerCase().indexOf(q) < 0) return false;
        if (o === "Correct" && (d.outcome === "FalsePositive" || d.outcome === "FalseNegative")) return false;
        if (o === "Incorrect" && (d.outcome === "TruePositive" || d.outcome === "TrueNegative")) return false;
        if (o && o !== "Correct" && o !== "Incorrect" && d.outcome !== o) return false;
        if (l && (";" + d.labels + ";" + d.predictedLabels + ";").indexOf(";" + l + ";") < 0) return false;
        return true;
      });
    }
    search.addEventListener("input", apply);
    outcome.addEventListener("change", apply);
    label.addEventListener("change", apply);
    window.lfvTables = window.lfvTables || {};
    window.lfvTables[m.Name] = table;
    return box;
  }
  // What the report holds, first: models, figures checked and whether they agree, what is missing or unreadable and why.
  function summary(sm) {
    function count(n, one) { return n + " " + one + (n === 1 ? "" : "s"); }
    var s = el("section", { cls: "summary", "data-section": "summary" });
    s.appendChild(el("h2", { text: "Summary" }));
    var agreement = sm.FiguresChecked === 0 ? "" : sm.Disagree === 0 ? ", all agree" : ", " + sm.Disagree + " disagree";
    s.appendChild(el("p", { "data-metric": "SummaryLine", text: count(sm.Models, "model version") + ", " +
      (sm.FiguresChecked === 0 && sm.Unchecked === 0 ? "no reported figure to check (no evaluation result was given)"
        : count(sm.FiguresChecked, "reported figure") + " checked") + agreement +
      (sm.Unchecked ? ", " + sm.Unchecked + " could not be checked" : "") + "." }));
    if (sm.Disagreeing.length)
      s.appendChild(el("p", { cls: "no", "data-metric": "Disagreeing", text: "Reported figures that do not hold: " + sm.Disagreeing.join("; ") + "." }));
    if (data.Comparisons.length)
      s.appendChild(el("p", { "data-metric": "Compared", text: "Compared: " + data.Comparisons.map(function (c) {
        return c.Reference + " \u2192 " + c.Difference + " (" + (c.Rows.length ? c.Rows[0].Decision : "") + ")"; }).join("; ") + "." }));
    if (sm.Problems.length) {
      s.appendChild(el("p", { cls: "no", text: count(sm.Problems.length, "item") + " missing or unreadable:" }));
      var list = el("ul", { "data-metric": "Problems" });
      sm.Problems.forEach(function (p) { list.appendChild(el("li", null, [el("code", { text: p.Item }), document.createTextNode(": " + p.Reason)])); });
      s.appendChild(list);
    }
    return s;
  }

  // Drawn last: the helpers above are all defined by now.
  main.appendChild(summary(data.Summary));
  data.Comparisons.forEach(function (c) { main.appendChild(comparison(c)); });
  data.Models.forEach(function (m) { main.appendChild(model(m)); });

  var footer = el("footer", { cls: "page" }, [el("details", null, [el("summary", { text: "Libraries in this page and their licences" }),
    el("pre", { text: data.Libraries.join("\n\n") })])]);
  document.body.appendChild(footer);
  document.body.setAttribute("data-rendered", "true");
})();
