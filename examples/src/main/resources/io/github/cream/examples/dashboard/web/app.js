// cream dashboard: draws the JSON documents of the local server. Every string from the logs reaches the page
// through textContent (never as HTML); the page talks only to the server it came from.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const PALETTE = ['#5f3dc4', '#1c7ed6', '#d9480f', '#2b8a3e', '#e8590c', '#0c8599', '#c2255c', '#5c940d',
    '#862e9c', '#364fc7', '#a61e4d', '#087f5b'];
  const KINDS = [
    ['inputTokens', 'input', '#1c7ed6'],
    ['outputTokens', 'output', '#5f3dc4'],
    ['cacheReadTokens', 'cache read', '#2b8a3e'],
    ['cacheWriteTokens', 'cache write', '#e8590c'],
  ];
  const state = { meta: null, daily: null, sessions: null, timeline: null, open: null, by: 'source',
    offset: 0, charts: {}, seq: 0, filtersFilled: false, rows: [] };

  // ------------------------------------------------------------------ formatting

  // control characters and bidirectional overrides from the logs are shown as escapes, never obeyed
  const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function visible(s) {
    return String(s).replace(HIDDEN, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = visible(text);
    if (cls) e.className = cls;
    return e;
  }
  function micros(usd) { return Math.round(Number(usd) * 1e6); }
  // dollars to the cent, rounded half-even on the document's exact micro-dollars, as the CLI's tables round
  function cents(usd) {
    const m = micros(usd);
    const a = Math.abs(m);
    let c = Math.floor(a / 10000);
    const r = a % 10000;
    if (r > 5000 || (r === 5000 && c % 2 === 1)) c++;
    return m < 0 ? -c : c;
  }
  function money(usd) {
    if (usd === null || usd === undefined) return '–';
    const c = cents(usd);
    const a = Math.abs(c);
    return (c < 0 ? '-$' : '$') + Math.floor(a / 100).toLocaleString('en-US') + '.' + String(a % 100).padStart(2, '0');
  }
  function money4(usd) {
    if (usd === null || usd === undefined) return '–';
    const m = micros(usd);
    if (m > 0 && m < 100) return '<$0.0001';
    return '$' + (Math.round(m / 100) / 10000).toFixed(4);
  }
  function totalCost(t) { return t.costProvenance === 'unpriced' && t.calls > 0 ? 'unpriced' : money(t.costUsd); }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function pct(x) { return (x * 100).toFixed(1) + '%'; }
  function hitRatio(t) {
    const prompt = t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens;
    return prompt > 0 ? t.cacheReadTokens / prompt : 0;
  }
  function zone() { return (state.daily && state.daily.timezone) || (state.meta && state.meta.zone) || 'UTC'; }
  function when(iso) {
    if (!iso) return '–';
    try {
      return new Intl.DateTimeFormat('sv-SE', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }
  // durations in the CLI's style (io.github.cream.api.Durations): a countdown to the second, rounded up
  function duration(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    if (h > 0) return h + 'h ' + m + 'm ' + (s % 60) + 's';
    return m > 0 ? m + 'm ' + (s % 60) + 's' : s + 's';
  }
  // a length of time to its two largest units, rounded down: 3d 4h, 17h 29m, 49m 36s, 45s
  function span(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const sizes = [86400, 3600, 60, 1], units = ['d', 'h', 'm', 's'];
    for (let i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        const first = Math.floor(s / sizes[i]) + units[i];
        if (i + 1 === sizes.length) return first;
        const next = Math.floor((s % sizes[i]) / sizes[i + 1]);
        return next === 0 ? first : first + ' ' + next + units[i + 1];
      }
    }
    return '0s';
  }
  function now() { return Date.now() + state.offset; }

  // ------------------------------------------------------------------ data

  function filterParams() {
    const p = new URLSearchParams();
    for (const id of ['zone', 'since', 'until', 'source', 'project']) {
      const v = $(id).value.trim();
      if (v) p.set(id, v);
    }
    return p;
  }
  async function getJson(path, params) {
    const q = params && params.toString();
    const r = await fetch(path + (q ? '?' + q : ''), { cache: 'no-store', credentials: 'same-origin' });
    if (!r.ok) {
      const e = new Error((await r.text()).trim() || ('HTTP ' + r.status));
      e.status = r.status;
      throw e;
    }
    return r.json();
  }
  async function refresh() {
    const seq = ++state.seq;
    const params = filterParams();
    try {
      const meta = await getJson('api/meta');
      const [daily, sessions] = await Promise.all([getJson('api/daily', params), getJson('api/sessions', params)]);
      let timeline = null;
      if (state.open) {
        try {
          timeline = await getJson('api/timeline', new URLSearchParams({ source: state.open.source, session: state.open.session }));
        } catch (e) {
          if (e.status !== 404) throw e;
        }
      }
      if (seq !== state.seq) return; // a newer refresh is under way
      state.meta = meta;
      state.offset = Date.parse(meta.now) - Date.now();
      state.daily = daily;
      state.sessions = sessions;
      state.timeline = timeline;
      if (!timeline) state.open = null;
      showError(null);
      render();
      document.body.dataset.version = String(meta.version);
      document.body.dataset.rendered = String(seq);
    } catch (e) {
      if (seq === state.seq) {
        showError(e.message);
        document.body.dataset.rendered = String(seq);
      }
    }
  }
  let pending = null;
  function scheduleRefresh() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => { pending = null; refresh(); }, 60);
  }
  function showError(message) {
    const e = $('error');
    e.hidden = !message;
    e.textContent = visible(message || '');
    $('zone').classList.toggle('invalid', !!message && /zone/.test(message));
  }

  // ------------------------------------------------------------------ rendering

  function render() {
    $('demo').hidden = !state.meta.demo;
    $('updated').textContent = 'as of ' + when(state.daily.asOf);
    fillFilters();
    renderTotals();
    renderCharts();
    renderDays();
    renderSessions();
    renderTimeline();
  }
  function fillSelect(select, values) {
    const keep = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const v of values) {
      const o = el('option', v);
      o.value = v;
      select.appendChild(o);
    }
    select.value = values.includes(keep) ? keep : '';
  }
  function fillFilters() {
    fillSelect($('source'), state.meta.sources);
    fillSelect($('project'), state.meta.projects);
    if (!state.filtersFilled) {
      state.filtersFilled = true;
      if (!$('zone').value) $('zone').value = state.meta.zone;
      const list = $('zones');
      const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
      for (const z of ['UTC', Intl.DateTimeFormat().resolvedOptions().timeZone, ...zones]) {
        const o = document.createElement('option');
        o.value = z;
        list.appendChild(o);
      }
    }
  }
  function renderTotals() {
    const t = state.daily.totals;
    $('total-cost').textContent = totalCost(t);
    $('total-cost').dataset.usd = String(t.costUsd);
    $('total-tokens').textContent = num(t.totalTokens);
    $('total-calls').textContent = num(t.calls);
    $('total-hit').textContent = pct(hitRatio(t));
    $('warm-count').textContent = String(countWarm());
  }
  function countWarm() {
    return (state.sessions ? state.sessions.sessions : []).filter((s) => isWarm(s)).length;
  }
  function isWarm(s) {
    return s.cache && s.cache.state === 'warm' && (!s.cache.expiresAt || Date.parse(s.cache.expiresAt) > now());
  }

  function chart(id, config) {
    const existing = state.charts[id];
    if (existing) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update('none');
      return;
    }
    state.charts[id] = new window.Chart($(id), config);
  }
  function baseOptions(stacked, yFormat) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + yFormat(c.raw) } },
      },
      scales: {
        x: { stacked: stacked },
        y: { stacked: stacked, beginAtZero: true, ticks: { callback: (v) => yFormat(v) } },
      },
    };
  }
  function renderCharts() {
    const rows = state.daily.daily;
    const labels = rows.map((r) => r.date);
    // cost per day, stacked by source or by model, from each row's breakdown (exact micro-dollars summed)
    const keys = [];
    const sums = new Map();
    rows.forEach((r, i) => {
      for (const b of r.breakdown) {
        const k = state.by === 'source' ? b.source : b.model;
        if (!sums.has(k)) { sums.set(k, new Array(rows.length).fill(0)); keys.push(k); }
        sums.get(k)[i] += micros(b.costUsd);
      }
    });
    const costSets = keys.map((k, j) => ({
      label: k, data: sums.get(k).map((m) => m / 1e6), backgroundColor: PALETTE[j % PALETTE.length],
    }));
    chart('cost-chart', { type: 'bar', data: { labels, datasets: costSets },
      options: baseOptions(true, (v) => '$' + Number(v).toFixed(2)) });
    const tokenSets = KINDS.map(([field, label, color]) => ({
      label, data: rows.map((r) => r[field]), backgroundColor: color,
    }));
    chart('tokens-chart', { type: 'bar', data: { labels, datasets: tokenSets },
      options: baseOptions(true, (v) => num(v)) });
    const hit = [{ label: 'hit ratio', data: rows.map((r) => hitRatio(r)), borderColor: '#2b8a3e',
      backgroundColor: 'rgba(43,138,62,0.15)', fill: true, tension: 0.2, pointRadius: 3 }];
    const hitOptions = baseOptions(false, (v) => pct(v));
    hitOptions.scales.y.max = 1;
    chart('hit-chart', { type: 'line', data: { labels, datasets: hit }, options: hitOptions });
  }

  function cell(tr, text, cls) {
    const td = el('td', text, cls);
    tr.appendChild(td);
    return td;
  }
  function tokenCells(tr, t) {
    cell(tr, num(t.inputTokens), 'num');
    cell(tr, num(t.outputTokens), 'num');
    cell(tr, num(t.cacheReadTokens), 'num');
    cell(tr, num(t.cacheWriteTokens), 'num');
  }
  function renderDays() {
    const body = $('days').tBodies[0];
    const foot = $('days').tFoot;
    body.replaceChildren();
    for (const r of state.daily.daily) {
      const tr = el('tr');
      tr.dataset.date = r.date;
      cell(tr, r.date);
      tokenCells(tr, r);
      cell(tr, num(r.totalTokens), 'num');
      cell(tr, num(r.calls), 'num');
      cell(tr, totalCost(r), 'num cost');
      body.appendChild(tr);
    }
    if (state.daily.daily.length === 0) {
      const tr = el('tr');
      cell(tr, 'No usage for these filters.').colSpan = 8;
      body.appendChild(tr);
    }
    const t = state.daily.totals;
    const tr = el('tr');
    cell(tr, 'Total');
    tokenCells(tr, t);
    cell(tr, num(t.totalTokens), 'num');
    cell(tr, num(t.calls), 'num');
    cell(tr, totalCost(t), 'num cost');
    foot.replaceChildren(tr);
  }

  function sessionOrder() {
    const list = state.sessions.sessions.slice();
    const t = now();
    const left = (s) => (isWarm(s) && s.cache.expiresAt ? Date.parse(s.cache.expiresAt) - t : Infinity);
    // warm caches first, soonest to expire first; then the rest in the document's order (latest activity first)
    return list.map((s, i) => [s, i]).sort((a, b) => {
      const wa = isWarm(a[0]), wb = isWarm(b[0]);
      if (wa !== wb) return wa ? -1 : 1;
      if (wa) return left(a[0]) - left(b[0]) || a[1] - b[1];
      return a[1] - b[1];
    }).map((x) => x[0]);
  }
  function renderSessions() {
    const body = $('sessions').tBodies[0];
    body.replaceChildren();
    state.rows = [];
    for (const s of sessionOrder()) {
      const tr = el('tr');
      tr.dataset.source = s.source;
      tr.dataset.session = s.sessionId;
      if (state.open && state.open.source === s.source && state.open.session === s.sessionId) tr.classList.add('open');
      const c = s.cache;
      const stateCell = cell(tr, c ? c.state : '–', 'state ' + (c ? c.state : ''));
      const countdown = cell(tr, '–', 'countdown');
      const resumeNow = cell(tr, '–', 'num');
      cell(tr, c ? money4(c.resumeCostColdUsd) : '–', 'num');
      cell(tr, s.source);
      const title = cell(tr, null, 'title');
      const link = el('button', s.title || s.sessionId.slice(0, 13), 'link');
      link.type = 'button';
      link.title = s.sessionId;
      title.appendChild(link);
      cell(tr, s.project || '–');
      cell(tr, (c && c.model) || s.models.join(', ') || '–');
      cell(tr, when(s.lastActivityAt));
      cell(tr, num(s.calls), 'num');
      cell(tr, totalCost(s), 'num');
      tr.addEventListener('click', () => openSession(s.source, s.sessionId));
      body.appendChild(tr);
      state.rows.push({ s, stateCell, countdown, resumeNow });
    }
    if (state.rows.length === 0) {
      const tr = el('tr');
      cell(tr, 'No sessions for these filters.').colSpan = 11;
      body.appendChild(tr);
    }
    tick();
  }
  // the live countdowns: once a second, from the server's clock
  function tick() {
    const t = now();
    for (const r of state.rows) {
      const c = r.s.cache;
      if (!c) continue;
      const expires = c.expiresAt ? Date.parse(c.expiresAt) : null;
      const warm = c.state === 'warm' && (expires === null || expires > t);
      const shown = c.state === 'warm' && !warm ? 'cold' : c.state;
      if (r.stateCell.textContent !== shown) {
        r.stateCell.textContent = shown;
        r.stateCell.className = 'state ' + shown;
      }
      r.countdown.textContent = warm && expires !== null ? duration((expires - t) / 1000) : (c.state === 'warm' ? 'expired' : '–');
      r.resumeNow.textContent = money4(warm ? c.resumeCostWarmUsd : c.resumeCostColdUsd);
    }
    $('warm-count').textContent = String(countWarm());
  }

  function openSession(source, session) {
    state.open = { source, session };
    refresh().then(() => {
      if (state.open) $('drill').scrollIntoView({ block: 'start' });
    });
  }
  function contentText(m) {
    const parts = [];
    for (const b of m.content || []) {
      if (typeof b.text === 'string') parts.push(b.text);
    }
    for (const t of m.toolCalls || []) {
      if (t && typeof t.name === 'string') parts.push('[' + t.name + ']');
    }
    const text = parts.join(' ').replace(/\s+/g, ' ').trim();
    return text.length > 280 ? text.slice(0, 279) + '…' : text;
  }
  function renderTimeline() {
    const section = $('drill');
    const tl = state.timeline;
    section.hidden = !tl;
    if (!tl) return;
    const s = tl.session;
    $('drill-title').textContent = visible((s.title || s.sessionId) + ' · ' + s.source);
    const c = s.cache;
    $('drill-summary').textContent = visible([
      s.project || 'no project', s.sessionId, num(s.calls) + ' calls', totalCost(tl.totals),
      c ? 'cache ' + c.state + (c.expiresAt ? ' until ' + when(c.expiresAt) : '') : '',
    ].filter((x) => x).join(' · '));
    const gaps = new Map();
    for (const g of tl.gaps) gaps.set(g.before, g);
    const body = $('timeline').tBodies[0];
    body.replaceChildren();
    for (const m of tl.messages) {
      const g = gaps.get(m.index);
      if (g) {
        const tr = el('tr', null, 'gap' + (g.cacheExpired ? ' expired' : ''));
        const td = cell(tr, 'idle ' + span(g.idleSeconds) + ' — ' + (g.cacheExpired
          ? 'the cache expired during this gap: the next call wrote the prompt again'
          : 'the cache stayed warm' + (g.cache && g.cache.expiresAt ? ' (until ' + when(g.cache.expiresAt) + ')' : '')));
        td.colSpan = 9;
        body.appendChild(tr);
      }
      const tr = el('tr', null, m.subagent ? 'sub' : '');
      cell(tr, when(m.timestamp));
      cell(tr, m.role + (m.subagent ? ' (subagent)' : ''));
      cell(tr, m.model || '');
      if (m.usage) {
        tokenCells(tr, m.usage);
        cell(tr, m.usage.costProvenance === 'unpriced' ? 'unpriced' : money4(m.usage.costUsd), 'num');
      } else {
        for (let i = 0; i < 5; i++) cell(tr, '', 'num');
      }
      cell(tr, contentText(m), 'text');
      body.appendChild(tr);
    }
  }

  // ------------------------------------------------------------------ wiring

  function live() {
    const badge = $('live');
    const events = new EventSource('api/events');
    events.addEventListener('hello', (e) => {
      badge.textContent = 'live';
      badge.classList.remove('off');
      document.body.dataset.live = 'true';
      // (re)connected: draw again only if something changed while the page was not listening
      let version = null;
      try { version = JSON.parse(e.data).version; } catch (x) { version = null; }
      if (!state.meta || version !== state.meta.version) scheduleRefresh();
    });
    events.addEventListener('update', () => scheduleRefresh());
    events.onerror = () => { badge.textContent = 'reconnecting'; badge.classList.add('off'); };
  }
  function setBy(by) {
    state.by = by;
    $('by-source').setAttribute('aria-pressed', String(by === 'source'));
    $('by-model').setAttribute('aria-pressed', String(by === 'model'));
    if (state.daily) renderCharts();
  }
  function start() {
    for (const id of ['since', 'until', 'source', 'project', 'zone']) $(id).addEventListener('change', scheduleRefresh);
    $('reset').addEventListener('click', () => {
      for (const id of ['since', 'until', 'source', 'project']) $(id).value = '';
      $('zone').value = state.meta ? state.meta.zone : '';
      scheduleRefresh();
    });
    $('by-source').addEventListener('click', () => setBy('source'));
    $('by-model').addEventListener('click', () => setBy('model'));
    $('drill-close').addEventListener('click', () => { state.open = null; state.timeline = null; renderTimeline(); renderSessions(); });
    setInterval(tick, 1000);
    refresh();
    live();
  }
  start();
})();
