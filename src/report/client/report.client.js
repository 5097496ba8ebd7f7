// The report page's script: draws the charts with lightweight-charts (the global the inlined
// standalone build defines) from the JSON in #report-data, renders the sortable trade table and
// zooms the price chart to a trade when its row is clicked. window.tradeReport tells tests (and
// the bench) when drawing is done and how many markers the price series holds.
(() => {
  const LW = window.LightweightCharts;
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const state = { ready: false, charts: [], entryMarkers: 0, exitMarkers: 0, trades: 0, stopPoints: 0, targetPoints: 0 };
  window.tradeReport = state;

  const baseOptions = {
    autoSize: true,
    layout: { background: { type: LW.ColorType.Solid, color: '#ffffff' }, textColor: '#1f2937', fontSize: 11 },
    grid: { vertLines: { color: '#eef0f3' }, horzLines: { color: '#eef0f3' } },
    // A tiny minimum bar spacing lets fitContent show a whole year of candles at once.
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#d1d5db', minBarSpacing: 0.001 },
    rightPriceScale: { borderColor: '#d1d5db' },
    crosshair: { mode: LW.CrosshairMode.Normal },
  };

  function chartIn(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    const chart = LW.createChart(el, baseOptions);
    state.charts.push(id);
    return chart;
  }

  function line(t, v) {
    const out = new Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = { time: t[i], value: v[i] };
    return out;
  }

  function column(name) {
    return data.trades.columns.indexOf(name);
  }

  /**
   * Stop or target as one stepped line series: a flat segment per trade, transparent between trades
   * (a point's colour is that of the segment from it to the next point). A trade that starts on the
   * bar the previous one ended replaces its end point, so back-to-back trades join with a step.
   */
  function levelPoints(which, entry, exit) {
    const points = new Map();
    const n = entry.length;
    for (let i = 0; i < n; i++) {
      const v = data.levels[i][which];
      if (v === null || exit[i] <= entry[i]) continue;
      points.set(entry[i], { time: entry[i], value: v });
      points.set(exit[i], { time: exit[i], value: v, color: 'rgba(0,0,0,0)' });
    }
    return [...points.values()].sort((a, b) => a.time - b.time);
  }

  function drawRun() {
    const trades = data.trades.rows;
    state.trades = trades.length;
    const iSide = column('side');
    const iPnl = column('pnl_usdt');
    const iReason = column('exit_reason');
    let price = null;
    if (data.candles) {
      price = chartIn('chart-candles');
      const c = data.candles;
      const bars = new Array(c.t.length);
      for (let i = 0; i < c.t.length; i++) bars[i] = { time: c.t[i], open: c.o[i], high: c.h[i], low: c.l[i], close: c.c[i] };
      const series = price.addSeries(LW.CandlestickSeries, {
        upColor: '#16a34a',
        downColor: '#dc2626',
        borderVisible: false,
        wickUpColor: '#16a34a',
        wickDownColor: '#dc2626',
      });
      series.setData(bars);
      const markers = [];
      trades.forEach((row, i) => {
        const long = row[iSide] === 'long';
        markers.push({
          time: data.marks.entry[i],
          position: long ? 'belowBar' : 'aboveBar',
          shape: long ? 'arrowUp' : 'arrowDown',
          color: long ? '#2563eb' : '#9333ea',
          id: `entry-${i}`,
        });
        markers.push({
          time: data.marks.exit[i],
          position: long ? 'aboveBar' : 'belowBar',
          shape: 'circle',
          color: row[iPnl] >= 0 ? '#16a34a' : '#dc2626',
          id: `exit-${i}`,
          text: row[iReason] === 'signal' ? '' : row[iReason],
        });
      });
      markers.sort((a, b) => a.time - b.time);
      const plugin = LW.createSeriesMarkers(series, markers);
      const drawn = plugin.markers();
      state.entryMarkers = drawn.filter((m) => m.id.startsWith('entry-')).length;
      state.exitMarkers = drawn.filter((m) => m.id.startsWith('exit-')).length;
      if (data.levels) {
        const lineOpts = {
          lineWidth: 1,
          lineStyle: LW.LineStyle.Dashed,
          lineType: LW.LineType.WithSteps,
          lastValueVisible: false,
          priceLineVisible: false,
          crosshairMarkerVisible: false,
        };
        const stops = levelPoints(0, data.marks.entry, data.marks.exit);
        const targets = levelPoints(1, data.marks.entry, data.marks.exit);
        price.addSeries(LW.LineSeries, { ...lineOpts, color: '#dc2626' }).setData(stops);
        price.addSeries(LW.LineSeries, { ...lineOpts, color: '#16a34a' }).setData(targets);
        state.stopPoints = stops.length;
        state.targetPoints = targets.length;
      }
      price.timeScale().fitContent();
    }
    const eq = chartIn('chart-equity');
    eq.addSeries(LW.AreaSeries, {
      lineColor: '#2563eb',
      topColor: 'rgba(37,99,235,0.35)',
      bottomColor: 'rgba(37,99,235,0.02)',
      lineWidth: 2,
    }).setData(line(data.equity.t, data.equity.e));
    eq.timeScale().fitContent();
    const dd = chartIn('chart-drawdown');
    dd.addSeries(LW.AreaSeries, {
      lineColor: '#dc2626',
      topColor: 'rgba(220,38,38,0.05)',
      bottomColor: 'rgba(220,38,38,0.4)',
      lineWidth: 1,
      invertFilledArea: true,
    }).setData(line(data.equity.t, data.equity.d));
    dd.timeScale().fitContent();
    tradeTable(price);
  }

  function fmtCell(name, v) {
    if (name.endsWith('_ts_ms')) return new Date(v).toISOString().slice(0, 16).replace('T', ' ');
    if (typeof v === 'number') return name === 'qty' ? String(v) : v.toFixed(2);
    return String(v);
  }

  function tradeTable(price) {
    const table = document.getElementById('trades');
    const cols = data.trades.columns;
    const order = data.trades.rows.map((_, i) => i);
    let sortCol = -1;
    let sortDir = 1;
    const thead = document.createElement('thead');
    const hr = document.createElement('tr');
    const hash = document.createElement('th');
    hash.textContent = '#';
    hr.appendChild(hash);
    cols.forEach((name, ci) => {
      const th = document.createElement('th');
      th.textContent = name;
      th.addEventListener('click', () => {
        sortDir = sortCol === ci ? -sortDir : 1;
        sortCol = ci;
        order.sort((a, b) => {
          const x = data.trades.rows[a][ci];
          const y = data.trades.rows[b][ci];
          return (x < y ? -1 : x > y ? 1 : a - b) * sortDir;
        });
        fill();
        for (const el of hr.children) el.removeAttribute('data-sort');
        th.setAttribute('data-sort', sortDir > 0 ? 'asc' : 'desc');
      });
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    const tbody = document.createElement('tbody');
    table.replaceChildren(thead, tbody);
    function fill() {
      const frag = document.createDocumentFragment();
      for (const i of order) {
        const row = data.trades.rows[i];
        const tr = document.createElement('tr');
        tr.dataset.trade = String(i);
        tr.className = row[column('pnl_usdt')] >= 0 ? 'win' : 'loss';
        const td0 = document.createElement('td');
        td0.textContent = String(i + 1);
        tr.appendChild(td0);
        row.forEach((v, ci) => {
          const td = document.createElement('td');
          td.textContent = fmtCell(cols[ci], v);
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      }
      tbody.replaceChildren(frag);
    }
    fill();
    tbody.addEventListener('click', (ev) => {
      const tr = ev.target.closest('tr');
      if (!tr || !price) return;
      const i = Number(tr.dataset.trade);
      for (const el of tbody.querySelectorAll('tr.selected')) el.classList.remove('selected');
      tr.classList.add('selected');
      zoomTo(price, i);
      document.getElementById('chart-candles').scrollIntoView({ block: 'center' });
    });
  }

  function zoomTo(price, i) {
    const from = data.marks.entry[i];
    const to = data.marks.exit[i];
    const step = data.candles.t.length > 1 ? data.candles.t[1] - data.candles.t[0] : 60;
    const pad = Math.max(30 * step, Math.round((to - from) * 0.5));
    price.timeScale().setVisibleRange({ from: from - pad, to: to + pad });
    state.zoomed = { trade: i, from: from - pad, to: to + pad };
  }

  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

  function drawCompare() {
    const ret = chartIn('chart-compare');
    const dd = chartIn('chart-compare-drawdown');
    const legend = document.getElementById('legend');
    data.runs.forEach((r, k) => {
      const color = PALETTE[k % PALETTE.length];
      ret.addSeries(LW.LineSeries, { color, lineWidth: 2, title: r.label }).setData(line(r.t, r.r));
      dd.addSeries(LW.LineSeries, { color, lineWidth: 1, title: r.label }).setData(line(r.t, r.d));
      const item = document.createElement('span');
      item.innerHTML = '<i></i>';
      item.firstChild.style.background = color;
      item.appendChild(document.createTextNode(r.label));
      legend.appendChild(item);
    });
    ret.timeScale().fitContent();
    dd.timeScale().fitContent();
  }

  if (data.kind === 'run') drawRun();
  else drawCompare();
  // Ready after the charts painted (lightweight-charts draws on the next animation frame).
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      state.readyMs = Math.round(performance.now());
      state.ready = true;
    }),
  );
})();
