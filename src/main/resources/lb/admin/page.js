// The balancer's admin page: polls api/backends and api/overview every 2 s, renders the table,
// the charts (drawn by hand on <canvas>, no library) and the settings, and sends the operator's
// actions to the same API. Everything is same-origin: the page, its script and the API share the
// admin prefix, and the browser's BASIC credentials go along.
(() => {
  'use strict';

  const POLL_MILLIS = 2000;
  const PALETTE = ['#2f6fed', '#16a34a', '#e8590c', '#9c36b5', '#0c8599', '#d6336c', '#74b816', '#f59f00'];
  const WINDOW_MILLIS = 5 * 60 * 1000;
  const MIN_WINDOW_MILLIS = 60 * 1000;

  const $ = (id) => document.getElementById(id);
  const colorOf = (id) => PALETTE[id % PALETTE.length];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // ---- numbers -------------------------------------------------------------------------------

  function fmtRate(v) {
    if (!v) return '0';
    if (v < 0.1) return v.toFixed(2);
    if (v < 10) return v.toFixed(1);
    return Math.round(v).toLocaleString('en-US');
  }

  function fmtPercent(rate) {
    const p = rate * 100;
    if (!p) return '0%';
    if (p < 0.1) return '<0.1%';
    return (p < 10 ? p.toFixed(1) : Math.round(p)) + '%';
  }

  function fmtMs(v) {
    if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) return '–';
    if (v < 1) return v.toFixed(2) + ' ms';
    if (v < 10) return v.toFixed(1) + ' ms';
    if (v < 1000) return Math.round(v) + ' ms';
    return (v / 1000).toFixed(v < 10000 ? 2 : 1) + ' s';
  }

  function clock(millis, seconds) {
    const d = new Date(millis);
    const two = (n) => String(n).padStart(2, '0');
    return two(d.getHours()) + ':' + two(d.getMinutes()) + (seconds ? ':' + two(d.getSeconds()) : '');
  }

  // ---- backend state ---------------------------------------------------------------------------

  /** "down (health check: HTTP 503)" -> {kind: 'down', label: 'down', detail: 'health check: HTTP 503'} */
  function parseState(state) {
    const slow = /^up \(slow start: (\d+)%\)$/.exec(state);
    if (slow) return { kind: 'slow-start', label: 'slow start ' + slow[1] + '%', detail: 'weight growing after a return' };
    const word = state.split(/[\s(]/, 1)[0];
    const rest = state.slice(word.length).trim().replace(/^\((.*)\)$/, '$1').replace(/ \((.*)\)$/, ' · $1');
    const kinds = ['up', 'down', 'ejected', 'drained', 'disabled'];
    return { kind: kinds.includes(word) ? word : 'down', label: word, detail: rest };
  }

  // ---- the API -------------------------------------------------------------------------------

  async function getJson(path) {
    const r = await fetch(path, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error('HTTP ' + r.status + ' from ' + path);
    return r.json();
  }

  async function act(backend, verb, method, body) {
    const path = 'api/backends/' + backend.id + '/' + verb;
    const init = { method, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'text/plain' };
      init.body = String(body);
    }
    try {
      const r = await fetch(path, init);
      const text = await r.text();
      if (!r.ok) throw new Error(text.trim() || 'HTTP ' + r.status);
      toast(describe(verb, backend, body, text));
    } catch (e) {
      toast(verb + ' ' + backend.url + ' failed: ' + e.message, true);
    }
    poll();
  }

  function describe(verb, backend, body, answer) {
    const name = '#' + backend.id + ' ' + backend.url;
    switch (verb) {
      case 'drain': return name + ' drained: no new requests';
      case 'undrain': return name + ' takes requests again';
      case 'disable': return name + ' disabled: no requests, no health checks';
      case 'enable': return name + ' enabled';
      case 'weight': return name + ': weight ' + body;
      case 'override': return name + ' back to its configuration';
      case 'check': {
        const check = JSON.parse(answer);
        return 'health check of ' + name + ': ' + (check.passed ? 'passed, ' : 'failed, ') + check.outcome;
      }
      default: return name + ': ' + verb;
    }
  }

  function toast(text, error) {
    const t = el('div', { class: 'toast' + (error ? ' error' : ''), role: error ? 'alert' : 'status', text });
    $('toasts').append(t);
    setTimeout(() => t.remove(), error ? 8000 : 4000);
  }

  // ---- backends table --------------------------------------------------------------------------

  const rows = new Map(); // id -> {url, tr, cells, actionsKey}
  let editingWeight = null; // id of the backend whose weight editor is open

  function renderBackends(list) {
    const tbody = document.querySelector('#backends tbody');
    const sameList = list.length === rows.size && list.every((b) => rows.has(b.id) && rows.get(b.id).url === b.url);
    if (!sameList) {
      tbody.textContent = '';
      rows.clear();
      for (const b of list) {
        const cells = {};
        const td = (name, cls) => (cells[name] = el('td', { class: cls }));
        const tr = el('tr', { 'data-id': b.id, 'data-url': b.url },
          td('id', 'num'), td('url'), td('state'), td('weight', 'num'), td('inFlight', 'num'), td('rps', 'num'),
          td('errors', 'num'), td('p50', 'num'), td('p99', 'num'), td('check'), td('ejections', 'num'), td('actions'));
        cells.id.textContent = b.id;
        cells.url.append(el('span', { class: 'url' }, el('span', { class: 'swatch' }),
          el('span', { class: 'mono', text: b.url })));
        cells.url.querySelector('.swatch').style.background = colorOf(b.id);
        tbody.append(tr);
        rows.set(b.id, { url: b.url, tr, cells, actionsKey: null });
      }
    }
    $('no-backends').hidden = list.length > 0;
    for (const b of list) updateRow(rows.get(b.id), b);
  }

  function updateRow(row, b) {
    const c = row.cells;
    const s = parseState(b.state);
    row.tr.dataset.state = s.kind;
    c.state.textContent = '';
    c.state.append(el('span', { class: 'pill ' + s.kind, text: s.label }));
    if (s.detail) c.state.append(el('span', { class: 'detail', text: s.detail }));

    c.weight.textContent = b.weight;
    const o = b.override;
    if (o && o.weight !== null && o.weight !== undefined) {
      c.weight.append(el('span', { class: 'badge', title: 'set at run time; configured: ' + b.configuredWeight, text: 'override' }));
    }
    c.inFlight.textContent = b.inFlight;
    const idle = !b.reqPerSec;
    c.rps.textContent = fmtRate(b.reqPerSec);
    c.errors.textContent = idle ? '–' : fmtPercent(b.errorRate);
    c.errors.classList.toggle('bad', b.errorRate >= 0.05);
    c.p50.textContent = idle ? '–' : fmtMs(b.p50Ms);
    c.p99.textContent = idle ? '–' : fmtMs(b.p99Ms);

    const last = b.health ? b.health.lastCheck : '';
    c.check.textContent = last || '–';
    c.check.className = 'check' + (!last || last.startsWith('not checked') ? ' none' : b.health.up ? '' : ' failed');
    const cl = b.cluster;
    if (cl && (cl.downVotes > 0 || cl.ejectVotes > 0)) {
      const words = [];
      if (cl.downVotes > 0) words.push(cl.downVotes + ' of ' + cl.instances + ' instances: down');
      if (cl.ejectVotes > 0) words.push(cl.ejectVotes + ' of ' + cl.instances + ': ejected');
      const each = cl.reports.map((r) => r.address + ': ' + (r.up ? 'up' : 'down') + ', ' + r.lastCheck
        + (r.ejectedForMs > 0 ? ', ejected ' + Math.ceil(r.ejectedForMs / 1000) + ' s more' : ''));
      c.check.append(el('span', { class: 'detail', title: each.join('\n'), text: words.join(' · ') }));
    }
    c.ejections.textContent = b.ejections ?? 0;

    const drained = !!(o && o.drained);
    const disabled = !!(o && o.disabled);
    const key = [drained, disabled, !!o, editingWeight === b.id].join();
    if (key !== row.actionsKey) {
      row.actionsKey = key;
      c.actions.textContent = '';
      c.actions.append(actions(b, drained, disabled, !!o));
    }
  }

  function actions(b, drained, disabled, overridden) {
    const label = (verb) => verb + ' backend ' + b.id + ' (' + b.url + ')';
    const button = (text, cls, onclick, extra) =>
      el('button', Object.assign({ type: 'button', class: cls, 'aria-label': label(text), title: label(text), onclick }, extra), text);
    const box = el('div', { class: 'actions' });
    box.append(drained
      ? button('Undrain', '', () => act(b, 'undrain', 'POST'))
      : button('Drain', 'warn', () => act(b, 'drain', 'POST')));
    box.append(disabled
      ? button('Enable', '', () => act(b, 'enable', 'POST'))
      : button('Disable', 'danger', () => act(b, 'disable', 'POST')));
    if (editingWeight === b.id) {
      const input = el('input', { type: 'number', min: 0, max: 1000, step: 1, value: b.weight, 'aria-label': 'new weight of backend ' + b.id });
      const submit = () => {
        const w = Number(input.value);
        if (!Number.isInteger(w) || w < 0 || w > 1000) {
          toast('a weight is a whole number from 0 to 1000', true);
          return;
        }
        editingWeight = null;
        act(b, 'weight', 'PUT', w);
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') submit();
        if (e.key === 'Escape') { editingWeight = null; render(); }
      });
      box.append(el('span', { class: 'weight-form' }, input,
        button('Set', 'primary', submit),
        button('Cancel', '', () => { editingWeight = null; render(); })));
      setTimeout(() => input.focus(), 0);
    } else {
      box.append(button('Weight…', '', () => { editingWeight = b.id; render(); }));
    }
    box.append(button('Check', '', () => act(b, 'check', 'POST')));
    box.append(button('Clear override', '', () => act(b, 'override', 'DELETE'), { disabled: !overridden }));
    return box;
  }

  // ---- charts --------------------------------------------------------------------------------

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  /** The grid step for values up to v in about four steps: 1, 2 or 5 x 10^k, so the lines fall on round numbers. */
  function niceStep(v) {
    if (!(v > 0)) return 1;
    const rough = v / 4;
    const p = Math.pow(10, Math.floor(Math.log10(rough)));
    for (const m of [1, 2, 5]) if (m * p >= rough) return m * p;
    return 10 * p;
  }

  class Chart {
    /**
     * @param format for the values in the tooltip
     * @param tickFormat for the grid lines' values
     * @param log a logarithmic scale: latencies span decades, and one slow slot must not flatten the rest
     */
    constructor(canvas, { format, tickFormat, log }) {
      this.canvas = canvas;
      this.tickFormat = tickFormat;
      this.log = log;
      this.tip = canvas.parentElement.querySelector('.tip');
      this.format = format;
      this.data = null;
      this.hover = null;
      canvas.addEventListener('mousemove', (e) => {
        this.hover = e.offsetX;
        this.draw();
      });
      canvas.addEventListener('mouseleave', () => {
        this.hover = null;
        this.draw();
      });
    }

    /** data: {from, now, start, step, series: [{label, color, values (null = no figure), dashed, width, fill}]} */
    set(data) {
      this.data = data;
      this.draw();
    }

    draw() {
      const { canvas, data } = this;
      if (!data) return;
      const dpr = window.devicePixelRatio || 1;
      const W = canvas.clientWidth;
      const H = canvas.clientHeight;
      if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) {
        canvas.width = Math.round(W * dpr);
        canvas.height = Math.round(H * dpr);
      }
      const g = canvas.getContext('2d');
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.clearRect(0, 0, W, H);
      const pad = { left: 56, right: 14, top: 12, bottom: 26 };
      const pw = W - pad.left - pad.right;
      const ph = H - pad.top - pad.bottom;
      const t1 = data.now;
      const t0 = data.from;
      // a point stands at the end of its 5 s slot: the newest one is the slot that just ended
      const tOf = (i) => data.start + (i + 1) * data.step;
      const x = (t) => pad.left + ((t - t0) / (t1 - t0)) * pw;
      let max = 0;
      for (const s of data.series) for (const v of s.values) if (v !== null && v > max) max = v;
      const { y, ticks } = this.scale(max, pad.top, ph);
      const shown = (v) => v !== null && (!this.log || v > 0);

      const font = '11.5px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
      g.font = font;
      g.lineWidth = 1;
      g.strokeStyle = cssVar('--grid');
      g.fillStyle = cssVar('--axis');
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      for (const v of ticks) {
        const yy = Math.round(y(v)) + 0.5;
        g.beginPath();
        g.moveTo(pad.left, yy);
        g.lineTo(W - pad.right, yy);
        g.stroke();
        g.fillText(this.tickFormat(v), pad.left - 8, yy);
      }
      g.textAlign = 'center';
      g.textBaseline = 'top';
      const tick = t1 - t0 > 150000 ? 60000 : 30000;
      for (let t = Math.ceil(t0 / tick) * tick; t <= t1; t += tick) {
        const xx = Math.round(x(t)) + 0.5;
        g.beginPath();
        g.moveTo(xx, pad.top);
        g.lineTo(xx, pad.top + ph);
        g.stroke();
        const label = clock(t, tick < 60000);
        const half = g.measureText(label).width / 2;
        g.fillText(label, Math.min(Math.max(xx, half), W - half), pad.top + ph + 7);
      }

      if (max === 0) {
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.font = '13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
        g.fillText('no requests in the last 5 minutes', pad.left + pw / 2, pad.top + ph / 2);
      }

      g.save();
      g.beginPath();
      g.rect(pad.left, pad.top - 2, pw, ph + 4);
      g.clip();
      for (const s of data.series) {
        if (s.fill) {
          g.beginPath();
          let open = false;
          let firstX = 0;
          let lastX = 0;
          const close = () => {
            if (!open) return;
            g.lineTo(lastX, y(0));
            g.lineTo(firstX, y(0));
            g.closePath();
            open = false;
          };
          s.values.forEach((v, i) => {
            if (!shown(v)) { close(); return; }
            const xx = x(tOf(i));
            if (!open) { g.moveTo(xx, y(0)); g.lineTo(xx, y(v)); firstX = xx; open = true; } else g.lineTo(xx, y(v));
            lastX = xx;
          });
          close();
          g.globalAlpha = 0.12;
          g.fillStyle = s.color;
          g.fill();
          g.globalAlpha = 1;
        }
        g.beginPath();
        let pen = false;
        s.values.forEach((v, i) => {
          if (!shown(v)) { pen = false; return; }
          const xx = x(tOf(i));
          if (pen) g.lineTo(xx, y(v)); else g.moveTo(xx, y(v));
          pen = true;
        });
        g.strokeStyle = s.color;
        g.lineWidth = s.width || 2;
        g.lineJoin = 'round';
        g.setLineDash(s.dashed ? [5, 4] : []);
        g.stroke();
        g.setLineDash([]);
      }
      g.restore();
      this.drawHover(g, x, y, shown, tOf, pad, ph, W);
    }

    /** The value -> pixel row mapping and the grid lines' values, for values up to max. */
    scale(max, top, height) {
      if (!this.log) {
        const step = niceStep(max * 1.05);
        const steps = Math.max(1, Math.ceil((max * 1.05) / step));
        const ceiling = step * steps;
        const ticks = [];
        for (let k = 0; k <= steps; k++) ticks.push(step * k);
        return { y: (v) => top + height - (v / ceiling) * height, ticks };
      }
      let min = Infinity;
      for (const s of this.data.series) for (const v of s.values) if (v > 0 && v < min) min = v;
      if (!Number.isFinite(min)) { min = 1; max = 10; }
      const lo = Math.floor(Math.log10(min));
      const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
      const ticks = [];
      for (let d = lo; d <= hi; d++) {
        for (const m of hi - lo <= 2 ? [1, 2, 5] : [1]) if (d < hi || m === 1) ticks.push(m * Math.pow(10, d));
      }
      return { y: (v) => top + height - ((Math.log10(v) - lo) / (hi - lo)) * height, ticks };
    }

    drawHover(g, x, y, shown, tOf, pad, ph, W) {
      const { data, tip } = this;
      const n = data.series.length ? data.series[0].values.length : 0;
      if (this.hover === null || n === 0 || this.hover < pad.left || this.hover > W - pad.right) {
        tip.hidden = true;
        return;
      }
      let best = 0;
      for (let i = 1; i < n; i++) if (Math.abs(x(tOf(i)) - this.hover) < Math.abs(x(tOf(best)) - this.hover)) best = i;
      const xx = Math.round(x(tOf(best))) + 0.5;
      g.strokeStyle = cssVar('--axis');
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(xx, pad.top);
      g.lineTo(xx, pad.top + ph);
      g.stroke();
      tip.textContent = '';
      tip.append(el('div', { class: 'when', text: clock(tOf(best) - data.step, true) + ' – ' + clock(tOf(best), true) }));
      for (const s of data.series) {
        const v = s.values[best];
        if (shown(v)) {
          g.fillStyle = s.color;
          g.beginPath();
          g.arc(xx, y(v), 3, 0, 2 * Math.PI);
          g.fill();
        }
        const mark = el('span', { class: 'swatch' });
        mark.style.background = s.color;
        tip.append(el('div', { class: 'row' }, mark, el('span', { text: s.label }), el('b', { text: v === null ? '–' : this.format(v) })));
      }
      tip.hidden = false;
      const left = xx + 14 + tip.offsetWidth > W ? xx - 14 - tip.offsetWidth : xx + 14;
      tip.style.left = left + 'px';
    }
  }

  const rpsChart = new Chart($('chart-rps'), { format: fmtRate, tickFormat: fmtRate, log: false });
  const latencyChart = new Chart($('chart-latency'), {
    format: fmtMs,
    tickFormat: (v) => (v < 1000 ? +v.toPrecision(2) + ' ms' : +(v / 1000).toPrecision(2) + ' s'),
    log: true,
  });

  function legend(box, items) {
    box.textContent = '';
    for (const it of items) {
      const line = el('span', { class: 'line' + (it.dashed ? ' dashed' : '') });
      line.style.borderTopColor = it.color;
      box.append(el('span', {}, line, it.label));
    }
  }

  /**
   * Where the charts begin: five minutes back, or a little before the first traffic if that came
   * later (a balancer started a minute ago shows its minute, not four empty ones), at least a minute.
   */
  function windowStart(now, start, step, series) {
    const first = series[0].values.findIndex((v, i) => series.some((s) => s.values[i] > 0));
    const earliest = now - WINDOW_MILLIS;
    if (first < 0) return earliest;
    const from = Math.max(earliest, start + (first - 1) * step);
    return Math.min(from, now - MIN_WINDOW_MILLIS);
  }

  function renderCharts(overview) {
    const h = overview.history;
    const step = h.slotSeconds * 1000;
    const backends = h.backends;
    const latencyOf = (series, which) => series[which].map((v, i) => (series.reqPerSec[i] > 0 ? v : null));
    const rpsSeries = [{ label: 'balancer', color: cssVar('--total'), values: h.all.reqPerSec, width: 2.5, fill: true }];
    const latencySeries = [];
    for (const b of backends) {
      const color = colorOf(b.id);
      rpsSeries.push({ label: '#' + b.id + ' ' + b.url, color, values: b.reqPerSec });
      latencySeries.push({ label: '#' + b.id + ' p50', color, values: latencyOf(b, 'p50Ms') });
      latencySeries.push({ label: '#' + b.id + ' p99', color, values: latencyOf(b, 'p99Ms'), dashed: true, width: 1.5 });
    }
    const from = windowStart(overview.now, h.all.start, step, rpsSeries);
    const span = from === overview.now - WINDOW_MILLIS ? 'last 5 minutes' : 'since ' + clock(from, true);
    for (const e of document.querySelectorAll('.chart .span')) e.textContent = span;
    rpsChart.set({ from, now: overview.now, start: h.all.start, step, series: rpsSeries });
    latencyChart.set({ from, now: overview.now, start: h.all.start, step, series: latencySeries });
    legend($('legend-rps'), rpsSeries.map((s) => ({ label: s.label, color: s.color })));
    legend($('legend-latency'), backends.map((b) => ({ label: '#' + b.id + ' ' + b.url, color: colorOf(b.id) }))
      .concat([{ label: 'p99', color: cssVar('--axis'), dashed: true }]));
  }

  // ---- tiles and settings ------------------------------------------------------------------------

  function setting(overview, key) {
    const s = overview.settings.find((x) => x.key === key);
    return s ? s.value : '';
  }

  function renderTiles(backends, overview) {
    const t = overview.traffic;
    $('t-rps').textContent = fmtRate(t.reqPerSec);
    $('t-err').textContent = fmtPercent(t.errorRate);
    $('t-err').classList.toggle('bad', t.errorRate >= 0.05);
    $('t-p50').textContent = fmtMs(t.p50Ms);
    $('t-p99').textContent = fmtMs(t.p99Ms);
    $('t-inflight').textContent = backends.reduce((n, b) => n + b.inFlight, 0);
    $('t-queue').textContent = overview.queued;
    $('t-queue-hint').textContent = overview.maxRequests > 0
      ? 'of ' + overview.queueSize + ' · ' + overview.maxRequests + ' per backend'
      : 'no per-backend limit';
    const fit = backends.filter((b) => /^up\b/.test(b.state)).length;
    $('t-fit').textContent = fit + ' / ' + backends.length;
    $('t-fit').classList.toggle('bad', fit < backends.length);
    $('where').textContent = location.host + ' · ' + setting(overview, 'lb.strategy') + ' · ' + backends.length
      + (backends.length === 1 ? ' backend' : ' backends');
  }

  let settingsShown = '';

  function renderSettings(settings) {
    const key = JSON.stringify(settings);
    if (key === settingsShown) return;
    settingsShown = key;
    const tbody = document.querySelector('#settings tbody');
    tbody.textContent = '';
    for (const s of settings) {
      const isDefault = s.source === 'default';
      const source = el('td', { class: 'source', title: isDefault ? 'not set anywhere: the built-in default' : 'ordinal ' + s.ordinal },
        s.source);
      if (s.outranksConsole) source.append(el('span', { class: 'why', text: 'outranks the admin console' }));
      tbody.append(el('tr', { class: isDefault ? 'default' : s.outranksConsole ? 'outranks' : '', 'data-key': s.key },
        el('td', { class: 'mono', text: s.key }),
        el('td', { class: 'value mono', text: s.value === '' ? '(empty)' : s.value }),
        source));
    }
  }

  let clusterShown = '';

  function renderCluster(cluster) {
    const key = JSON.stringify(cluster);
    if (key === clusterShown) return;
    clusterShown = key;
    $('cluster').hidden = !cluster;
    if (!cluster) return;
    const balancers = cluster.members.filter((m) => m.balancer).length;
    $('cluster-note').textContent = 'Cluster ' + cluster.name + ': ' + cluster.members.length + ' members of the data grid, '
      + balancers + ' of them running the balancer; they share overrides and backend health.';
    const tbody = document.querySelector('#members tbody');
    tbody.textContent = '';
    for (const m of cluster.members) {
      tbody.append(el('tr', { class: m.self ? 'self' : '' },
        el('td', { class: 'mono', title: m.id, text: m.id.slice(0, 8) + (m.self ? ' (this instance)' : '') }),
        el('td', { class: 'mono', text: m.address }),
        el('td', { text: m.balancer ? 'yes' : 'no' })));
    }
  }

  // ---- polling ---------------------------------------------------------------------------------

  let last = null;
  let timer = null;
  let inFlight = false;
  let again = false; // an action asked for fresh figures while a poll was under way

  function render() {
    if (!last) return;
    renderBackends(last.backends.backends);
    renderTiles(last.backends.backends, last.overview);
  }

  async function poll() {
    clearTimeout(timer);
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const [backends, overview] = await Promise.all([getJson('api/backends'), getJson('api/overview')]);
      last = { backends, overview };
      render();
      renderCharts(overview);
      renderSettings(overview.settings);
      renderCluster(overview.cluster);
      document.body.classList.remove('stale');
      $('live').className = 'live ok';
      $('live-text').textContent = 'live · ' + clock(overview.now, true);
    } catch (e) {
      document.body.classList.add('stale');
      $('live').className = 'live lost';
      $('live-text').textContent = 'no answer (' + e.message + ') · retrying';
    } finally {
      inFlight = false;
      timer = setTimeout(poll, again ? 0 : POLL_MILLIS);
      again = false;
    }
  }

  window.addEventListener('resize', () => { rpsChart.draw(); latencyChart.draw(); });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => last && renderCharts(last.overview));
  poll();
})();
