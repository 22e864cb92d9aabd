// The operator console (DESIGN.md §5). Everything it shows comes from the bridge's read routes and
// from GET /events/stream; it never writes. No request leaves this origin (the page's CSP says so).
'use strict';
(() => {
  const TOKEN_KEY = 'omninode-bridge.token';
  const MAIN_TOPICS = ['intelligence.health', 'intelligence.performance', 'intelligence.patterns', 'registry.services'];
  const TAIL_TOPICS = ['intelligence.health', 'intelligence.performance', 'intelligence.patterns', 'registry.services',
    'hooks.service_lifecycle', 'hooks.tool_execution', 'hooks.errors', 'hooks.tool_registration'];
  const TAIL_ROWS = 200;
  const STATUS_ORDER = ['unhealthy', 'degraded', 'unknown', 'stopped', 'healthy'];

  const state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    services: new Map(),        // service_name -> {service_name, overall_health, instances: Map(instance_id -> instance)}
    fleetLoaded: false,
    tools: [],
    toolLatest: new Map(),      // tool_name -> {window_start, count, errors, throughput, worst_p95}
    patterns: [],
    route: {view: 'fleet', arg: null},
    mainStream: null,
    tailStream: null,
    tailPaused: false,
    timers: {},
    charts: [],
  };
  window.__console = {timings: {}};

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const esc = (value) => String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
  const fmtMs = (v) => v == null ? '–' : (v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v.toFixed(v >= 100 ? 0 : 1) + ' ms');
  const fmtPct = (v) => v == null ? '–' : (100 * v).toFixed(1) + ' %';
  const fmtTime = (iso) => iso ? new Date(iso).toLocaleTimeString() : '–';
  const fmtDateTime = (iso) => iso ? new Date(iso).toLocaleString() : '–';

  function age(iso) {
    if (!iso) return '–';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 120 ? s + ' s ago' : s < 7200 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  }

  function badge(status) {
    return `<span class="badge ${esc(status)}" data-status="${esc(status)}">${esc(status)}</span>`;
  }

  // ---------------------------------------------------------------- the read API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(path) {
    const headers = {Accept: 'application/json'};
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    let res;
    try {
      res = await fetch(path, {headers, cache: 'no-store'});
    } catch (e) {
      throw new ApiError(0, 'network', 'the bridge does not answer (' + e.message + ')');
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      // not an envelope
    }
    if (!res.ok || !body || body.success !== true) {
      const error = body && body.error;
      throw new ApiError(res.status, error && error.code, (error && error.message) || res.statusText || 'request failed');
    }
    const meta = body.metadata || {};
    if (meta.served_by) {
      $('#served-by').textContent = 'served by ' + meta.served_by + (meta.stale ? ' (stale copy)' : '');
    }
    return body.data;
  }

  /** Every item of a paged list route, following next_cursor. */
  async function all(path) {
    const items = [];
    let cursor = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const data = await api(path + sep + 'limit=1000' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      items.push(...data.items);
      cursor = data.next_cursor;
    } while (cursor);
    return items;
  }

  function failed(e) {
    if (e instanceof ApiError && e.status === 401) {
      signOut('The bridge refused the token: ' + e.message + ' (401).');
      return;
    }
    notice(e.message || String(e));
  }

  function notice(text) {
    const el = $('#notice');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(state.timers.notice);
    state.timers.notice = setTimeout(() => { el.hidden = true; }, 6000);
  }

  // ---------------------------------------------------------------- the event stream

  /** GET /events/stream with the token in a header (EventSource cannot send one), resuming with Last-Event-ID. */
  class EventStreamClient {
    constructor(params, onEvent, onState) {
      this.params = params;
      this.onEvent = onEvent;
      this.onState = onState;
      this.lastId = null;
      this.retry = 2000;
      this.stopped = false;
      this.abort = null;
    }

    start() {
      this.loop();
      return this;
    }

    stop() {
      this.stopped = true;
      if (this.abort) this.abort.abort();
    }

    async loop() {
      let immediate = false;
      while (!this.stopped) {
        if (!immediate) this.onState(this.lastId ? 'reconnecting' : 'connecting');
        immediate = false;
        try {
          const headers = {Accept: 'text/event-stream'};
          if (state.token) headers.Authorization = 'Bearer ' + state.token;
          if (this.lastId) headers['Last-Event-ID'] = this.lastId;
          this.abort = new AbortController();
          const res = await fetch('/events/stream?' + this.params, {headers, signal: this.abort.signal, cache: 'no-store'});
          if (res.status === 401) {
            let message = 'unknown token';
            try { message = (await res.json()).error.message; } catch (e) { /* keep */ }
            this.stopped = true;
            signOut('The bridge refused the token: ' + message + ' (401).');
            return;
          }
          if (!res.ok) throw new Error('event stream answered ' + res.status);
          this.onState('live');
          immediate = await this.read(res.body.getReader());
        } catch (e) {
          if (this.stopped) return;
        }
        if (!this.stopped && !immediate) await sleep(this.retry);
      }
    }

    /** Parses the text/event-stream body; true when the bridge cut the stream off (reconnect at once). */
    async read(reader) {
      const decoder = new TextDecoder();
      let buffer = '';
      let event = {id: null, name: 'message', data: []};
      let cutOff = false;
      for (;;) {
        const {value, done} = await reader.read();
        if (done) return cutOff;
        buffer += decoder.decode(value, {stream: true});
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          let line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line === '') {
            if (event.id != null) this.lastId = event.id;
            if (event.data.length) {
              if (event.name === 'bridge.cut_off') {
                cutOff = true;
                this.onState('cut off, resuming');
              } else if (event.name !== 'bridge.stream') {
                try {
                  this.onEvent(event.name, JSON.parse(event.data.join('\n')));
                } catch (e) {
                  console.error('event stream handler failed', e);
                }
              }
            }
            event = {id: null, name: 'message', data: []};
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let v = colon < 0 ? '' : line.slice(colon + 1);
            if (v.startsWith(' ')) v = v.slice(1);
            if (field === 'data') event.data.push(v);
            else if (field === 'id') event.id = v;
            else if (field === 'event') event.name = v;
            else if (field === 'retry' && /^\d+$/.test(v)) this.retry = Number(v);
          }
        }
      }
    }
  }

  function setStreamState(text) {
    const el = $('#stream-state');
    el.textContent = text === 'live' ? 'live' : text;
    el.dataset.state = text.startsWith('cut') ? 'reconnecting' : text;
  }

  function onMainEvent(topic, envelope) {
    const p = envelope.payload || {};
    if (topic === 'intelligence.health') {
      const info = p.service_info || {};
      const transition = p.health_transition || {};
      const service = ensureService(info.name);
      if (!service) return;
      const impact = p.impact_assessment || {};
      if (impact.service_overall_health) service.overall_health = impact.service_overall_health;
      const instance = service.instances.get(info.instance_id);
      if (transition.current_status === 'removed') {
        service.instances.delete(info.instance_id);
      } else if (instance) {
        instance.status = transition.current_status;
        instance.since = transition.transition_time;
        instance.trigger_event = transition.trigger_event;
      } else {
        refreshSoon('fleet', loadFleet, 1500);
      }
      if (state.route.view === 'service' && state.route.arg === info.name) refreshSoon('service', loadService, 800);
      renderSoon();
    } else if (topic === 'registry.services') {
      const service = ensureService(p.service_name);
      const instance = service && service.instances.get(p.instance_id);
      if (envelope.event_type === 'registry.service.heartbeat' && instance) {
        instance.last_heartbeat = p.updated_at;
        instance.expires_at = p.expires_at;
        if (p.load_factor != null) instance.load_factor = p.load_factor;
        if (p.ttl_seconds != null) instance.ttl_seconds = p.ttl_seconds;
        renderSoon();
      } else {
        refreshSoon('fleet', loadFleet, 1500);
      }
    } else if (topic === 'intelligence.performance') {
      if (envelope.event_type === 'intelligence.performance.window' && p.tool_name) {
        const start = p.window && p.window.start;
        const latest = state.toolLatest.get(p.tool_name);
        if (!latest || latest.window_start < start) {
          state.toolLatest.set(p.tool_name, {window_start: start, count: p.count, errors: p.errors,
            throughput: p.throughput_per_s, worst_p95: p.latency_ms && p.latency_ms.p95});
        } else if (latest.window_start === start) {
          latest.count += p.count;
          latest.errors += p.errors;
          latest.throughput += p.throughput_per_s;
          latest.worst_p95 = Math.max(latest.worst_p95 || 0, (p.latency_ms && p.latency_ms.p95) || 0);
        }
        if (state.route.view === 'tools') renderSoon();
      }
      const tool = p.tool_name || (p.anomaly_info && p.anomaly_info.tool_name);
      if (state.route.view === 'tool' && state.route.arg === tool) refreshSoon('tool', loadTool, 1000);
    } else if (topic === 'intelligence.patterns') {
      if (state.route.view === 'patterns' || state.route.view === 'tool') {
        refreshSoon('patterns', state.route.view === 'tool' ? loadTool : loadPatterns, 1000);
      }
    }
  }

  function ensureService(name) {
    if (!name) return null;
    let service = state.services.get(name);
    if (!service) {
      service = {service_name: name, overall_health: 'unknown', instances: new Map()};
      state.services.set(name, service);
    }
    return service;
  }

  function refreshSoon(key, load, delay) {
    if (state.timers['refresh-' + key]) return;
    state.timers['refresh-' + key] = setTimeout(() => {
      state.timers['refresh-' + key] = null;
      load().catch(failed);
    }, delay);
  }

  let renderPending = false;
  function renderSoon() {
    if (renderPending) return;
    renderPending = true;
    setTimeout(() => {
      renderPending = false;
      renderCurrent();
    }, 250);
  }

  // ---------------------------------------------------------------- fleet

  async function loadFleet() {
    const items = await all('/registry/services');
    const services = new Map();
    for (const s of items) {
      const instances = new Map();
      for (const i of s.instances || []) instances.set(i.instance_id, i);
      services.set(s.service_name, {service_name: s.service_name, overall_health: s.overall_health, instances});
    }
    state.services = services;
    state.fleetLoaded = true;
    $('#fleet-updated').textContent = 'loaded ' + new Date().toLocaleTimeString();
    renderCurrent();
  }

  function countsHtml(counts, label) {
    return STATUS_ORDER.filter(s => counts[s]).concat(Object.keys(counts).filter(s => !STATUS_ORDER.includes(s)))
      .map(s => `<div class="count ${esc(s)}" data-count="${esc(s)}"><b>${counts[s]}</b>${esc(s)} ${esc(label)}</div>`).join('');
  }

  function ttlCell(instance) {
    if (!instance.expires_at) return '<td>–</td>';
    return `<td class="num" data-expires="${esc(instance.expires_at)}" title="TTL ${esc(instance.ttl_seconds)} s">${ttlText(instance.expires_at)}</td>`;
  }

  function ttlText(expiresAt) {
    const left = Math.round((Date.parse(expiresAt) - Date.now()) / 1000);
    return left >= 0 ? 'expires in ' + left + ' s' : 'expired ' + (-left) + ' s ago';
  }

  function instanceCells(i) {
    const load = typeof i.load_factor === 'number' ? i.load_factor : null;
    return `<td>${badge(i.status || 'unknown')}</td>`
      + `<td data-since="${esc(i.since)}" title="${esc(i.trigger_event)}">${age(i.since)}</td>`
      + `<td data-since="${esc(i.last_heartbeat)}">${age(i.last_heartbeat)}</td>`
      + ttlCell(i)
      + `<td>${load == null ? '–' : `<meter min="0" max="1" low="0.7" high="0.9" optimum="0.2" value="${load.toFixed(3)}"></meter> ${(100 * load).toFixed(0)} %`}</td>`;
  }

  function sortedInstances(service) {
    return Array.from(service.instances.values()).sort((a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || String(a.instance_id).localeCompare(b.instance_id));
  }

  function renderFleet() {
    const filter = $('#fleet-filter').value.trim().toLowerCase();
    const problemsOnly = $('#fleet-problems').checked;
    const instanceCounts = {};
    const serviceCounts = {};
    const rows = [];
    const services = Array.from(state.services.values()).sort((a, b) =>
      STATUS_ORDER.indexOf(a.overall_health) - STATUS_ORDER.indexOf(b.overall_health) || a.service_name.localeCompare(b.service_name));
    for (const service of services) {
      if (service.instances.size === 0) continue;
      serviceCounts[service.overall_health] = (serviceCounts[service.overall_health] || 0) + 1;
      for (const i of service.instances.values()) instanceCounts[i.status] = (instanceCounts[i.status] || 0) + 1;
      if (problemsOnly && service.overall_health === 'healthy') continue;
      const instances = sortedInstances(service);
      const nameMatches = !filter || service.service_name.toLowerCase().includes(filter);
      const shown = nameMatches ? instances : instances.filter(i => String(i.instance_id).toLowerCase().includes(filter));
      if (!shown.length) continue;
      rows.push(`<tr class="service" data-service="${esc(service.service_name)}"><td><a href="#/service/${encodeURIComponent(service.service_name)}">${esc(service.service_name)}</a> <span class="muted">${service.instances.size} instance${service.instances.size === 1 ? '' : 's'}</span></td><td>${badge(service.overall_health)}</td><td colspan="4"></td></tr>`);
      for (const i of shown) {
        rows.push(`<tr class="instance" data-instance="${esc(i.instance_id)}" data-service="${esc(service.service_name)}"><td>${esc(i.instance_id)}</td>${instanceCells(i)}</tr>`);
      }
    }
    $('#fleet-counts').innerHTML = countsHtml(serviceCounts, 'services') + countsHtml(instanceCounts, 'instances');
    $('#fleet-table tbody').innerHTML = rows.join('') || `<tr><td colspan="6" class="muted">${state.fleetLoaded ? 'no registered instances' : 'loading…'}</td></tr>`;
    if (state.fleetLoaded && !window.__console.timings.fleetRendered) {
      window.__console.timings.fleetRendered = performance.now();
      document.body.dataset.fleetRendered = 'true';
    }
  }

  /** Once a second: the heartbeat ages and TTL countdowns, without re-rendering the tables. */
  function tick() {
    for (const el of $$('[data-expires]')) {
      const text = ttlText(el.dataset.expires);
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('overdue', Date.parse(el.dataset.expires) < Date.now());
    }
    for (const el of $$('[data-since]')) {
      const text = age(el.dataset.since || null);
      if (el.textContent !== text) el.textContent = text;
    }
  }

  // ---------------------------------------------------------------- service

  async function loadService() {
    const name = state.route.arg;
    const [, health, transitions, tools] = await Promise.all([
      state.fleetLoaded ? null : loadFleet(),
      api('/registry/services/' + encodeURIComponent(name) + '/health'),
      api('/intelligence/health/transitions?service=' + encodeURIComponent(name) + '&limit=200'),
      all('/registry/tools?service=' + encodeURIComponent(name)),
    ]);
    if (state.route.view !== 'service' || state.route.arg !== name) return;
    state.serviceView = {health, transitions: transitions.items, tools};
    renderService();
  }

  function renderService() {
    const view = state.serviceView;
    const name = state.route.arg;
    $('#service-title').innerHTML = esc(name) + ' ' + (view ? badge(view.health.overall_health || 'unknown') : '');
    if (!view) return;
    const live = state.services.get(name);
    const instances = live && live.instances.size ? sortedInstances(live) : (view.health.instances || []);
    const counts = {};
    for (const i of instances) counts[i.status] = (counts[i.status] || 0) + 1;
    $('#service-counts').innerHTML = countsHtml(counts, 'instances');
    $('#service-instances tbody').innerHTML = instances.map(i =>
      `<tr class="instance" data-instance="${esc(i.instance_id)}"><td>${esc(i.instance_id)}</td>${instanceCells(i)}<td>${esc(i.host)}:${esc(i.port)}</td></tr>`).join('')
      || '<tr><td colspan="7" class="muted">no instances</td></tr>';
    $('#service-transitions tbody').innerHTML = view.transitions.map(t =>
      `<tr class="transition"><td>${fmtDateTime(t.transition_time)}</td><td>${esc(t.instance_id)}</td>`
      + `<td>${badge(t.previous_status)} → ${badge(t.current_status)}</td><td>${esc(t.trigger_event)}<div class="muted">${esc(t.reason)}</div></td>`
      + `<td>severity ${esc(t.severity)}; ${esc(t.healthy_instances_remaining)} of ${esc(t.total_instances)} healthy; service ${esc(t.service_overall_health)}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">no transitions</td></tr>';
    $('#service-tools').innerHTML = view.tools.map(t =>
      `<li><a href="#/tool/${encodeURIComponent(t.tool_name)}">${esc(t.tool_name)}</a></li>`).join('') || '<li class="muted">no tools registered</li>';
    renderTimeline(view.transitions);
  }

  /** One lane per instance, coloured by its status between transitions, over the transitions' time span. */
  function renderTimeline(transitions) {
    const el = $('#service-timeline');
    if (!transitions.length) {
      el.innerHTML = '<p class="muted">no transitions yet</p>';
      return;
    }
    const sorted = transitions.slice().sort((a, b) => Date.parse(a.transition_time) - Date.parse(b.transition_time));
    const lanes = Array.from(new Set(sorted.map(t => t.instance_id))).sort();
    const t0 = Date.parse(sorted[0].transition_time);
    const t1 = Math.max(Date.now(), t0 + 1000);
    const width = 1000;
    const label = 170;
    const laneHeight = 18;
    const x = (t) => label + (width - label - 10) * (t - t0) / (t1 - t0);
    const parts = [];
    lanes.forEach((lane, index) => {
      const y = 6 + index * laneHeight;
      parts.push(`<text class="lane-label" x="4" y="${y + 12}">${esc(lane)}</text>`);
      const own = sorted.filter(t => t.instance_id === lane);
      own.forEach((t, k) => {
        const start = Date.parse(t.transition_time);
        const end = k + 1 < own.length ? Date.parse(own[k + 1].transition_time) : t1;
        parts.push(`<rect class="${esc(t.current_status)}" x="${x(start).toFixed(1)}" y="${y}" width="${Math.max(1, x(end) - x(start)).toFixed(1)}" height="${laneHeight - 4}"><title>${esc(t.current_status)} from ${esc(fmtDateTime(t.transition_time))}: ${esc(t.reason)}</title></rect>`);
      });
    });
    const height = 12 + lanes.length * laneHeight + 14;
    parts.push(`<text class="lane-label" x="${label}" y="${height - 2}">${esc(fmtDateTime(new Date(t0).toISOString()))}</text>`);
    parts.push(`<text class="lane-label" x="${width - 10}" y="${height - 2}" text-anchor="end">now</text>`);
    el.innerHTML = `<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="health over time">${parts.join('')}</svg>`;
  }

  // ---------------------------------------------------------------- patterns

  async function loadPatterns() {
    const type = $('#pattern-type').value;
    state.patterns = await all('/intelligence/patterns' + (type ? '?pattern_type=' + encodeURIComponent(type) : ''));
    $('#patterns-updated').textContent = 'loaded ' + new Date().toLocaleTimeString();
    if (state.route.view === 'patterns') renderPatterns();
  }

  function renderPatterns() {
    const filter = $('#pattern-filter').value.trim().toLowerCase();
    const types = $('#pattern-type');
    for (const p of state.patterns) {
      if (!$$('option', types).some(o => o.value === p.pattern_type)) {
        types.insertAdjacentHTML('beforeend', `<option value="${esc(p.pattern_type)}">${esc(p.pattern_type)}</option>`);
      }
    }
    const shown = state.patterns.filter(p => !filter || String(p.subject).toLowerCase().includes(filter))
      .sort((a, b) => (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1)
        || Date.parse(b.last_seen) - Date.parse(a.last_seen));
    $('#patterns-list').innerHTML = shown.map(patternHtml).join('') || '<p class="muted">no patterns discovered yet</p>';
  }

  function patternHtml(p) {
    const info = (p.latest && p.latest.pattern_info) || {};
    const data = info.pattern_data || {};
    const components = data.confidence_components || {};
    const insights = (p.latest && p.latest.actionable_insights) || {};
    const lists = Object.entries(insights).filter(([, v]) => Array.isArray(v) && v.length)
      .map(([k, v]) => `<div><b>${esc(k.replace(/_/g, ' '))}</b><ul>${v.map(x => `<li>${esc(x)}</li>`).join('')}</ul></div>`).join('');
    return `<article class="pattern ${esc(p.status)}" data-pattern-id="${esc(p.pattern_id)}" data-pattern-type="${esc(p.pattern_type)}">`
      + `<header><span class="type">${esc(p.pattern_type)}</span>${badge(p.status)}<span class="subject">${esc(p.subject)}</span></header>`
      + `<div class="conf">confidence ${(p.confidence_score ?? 0).toFixed(2)}`
      + Object.entries(components).map(([k, v]) => `<span>${esc(k)} <meter min="0" max="1" value="${Number(v).toFixed(3)}"></meter> ${Number(v).toFixed(2)}</span>`).join('')
      + `</div>${lists}<div class="times">discovered ${fmtDateTime(p.first_seen)} · updated ${fmtDateTime(p.last_seen)}`
      + (p.status === 'resolved' ? ` · resolved ${fmtDateTime(p.resolved_at || p.last_seen)}` : '') + ` · ${esc(p.occurrences)} updates</div></article>`;
  }

  // ---------------------------------------------------------------- tools

  async function loadTools() {
    state.tools = await all('/registry/tools');
    if (state.route.view === 'tools') renderTools();
  }

  function renderTools() {
    const filter = $('#tool-filter').value.trim().toLowerCase();
    const byName = new Map();
    for (const t of state.tools) {
      const entry = byName.get(t.tool_name) || {tool_name: t.tool_name, services: [], category: t.category};
      entry.services.push(t.service_source);
      byName.set(t.tool_name, entry);
    }
    for (const name of state.toolLatest.keys()) {
      if (!byName.has(name)) byName.set(name, {tool_name: name, services: [], category: ''});
    }
    const rows = Array.from(byName.values()).filter(t => !filter || t.tool_name.toLowerCase().includes(filter))
      .sort((a, b) => a.tool_name.localeCompare(b.tool_name)).map(t => {
        const latest = state.toolLatest.get(t.tool_name);
        return `<tr class="tool" data-tool="${esc(t.tool_name)}"><td><a href="#/tool/${encodeURIComponent(t.tool_name)}">${esc(t.tool_name)}</a></td>`
          + `<td>${esc(t.services.join(', '))}</td><td>${esc(t.category)}</td>`
          + `<td class="num" title="the slowest executor's p95 in the newest window seen live">${latest ? fmtMs(latest.worst_p95) : '–'}</td>`
          + `<td class="num">${latest && latest.count ? fmtPct(latest.errors / latest.count) : '–'}</td>`
          + `<td class="num">${latest ? latest.throughput.toFixed(1) + ' /s' : '–'}</td></tr>`;
      });
    $('#tools-table tbody').innerHTML = rows.join('') || '<tr><td colspan="6" class="muted">no tools registered</td></tr>';
  }

  async function loadTool() {
    const name = state.route.arg;
    const hours = Number($('#tool-range').value);
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3600_000);
    const [perf, patterns] = await Promise.all([
      api('/intelligence/performance/tools/' + encodeURIComponent(name) + '?from=' + from.toISOString() + '&to=' + to.toISOString()),
      all('/intelligence/patterns?since=' + from.toISOString()),
    ]);
    if (state.route.view !== 'tool' || state.route.arg !== name) return;
    const anomalies = patterns.filter(p => p.subject === name
      && (p.pattern_type === 'latency_regression' || p.pattern_type === 'error_burst'));
    state.toolView = {perf, anomalies, from, to};
    $('#tool-updated').textContent = 'loaded ' + new Date().toLocaleTimeString();
    renderTool();
  }

  function baselineOf(view) {
    for (const a of view.anomalies) {
      const latest = (((a.latest || {}).pattern_info || {}).pattern_data || {}).latest_anomaly;
      if (latest && latest.baseline_p95_ms) return {value: latest.baseline_p95_ms, label: 'baseline p95 (latency_regression)'};
    }
    const p95s = view.perf.windows.map(w => w.latency_ms && w.latency_ms.p95).filter(v => v != null).sort((a, b) => a - b);
    if (!p95s.length) return null;
    return {value: p95s[Math.floor(p95s.length / 2)], label: 'median p95 of the range'};
  }

  function renderTool() {
    const view = state.toolView;
    $('#tool-title').textContent = state.route.arg;
    if (!view) return;
    const windows = view.perf.windows.slice().sort((a, b) => Date.parse(a.window_start) - Date.parse(b.window_start));
    const s = view.perf.summary || {};
    const lat = s.latency_ms || {};
    $('#tool-summary').innerHTML = [
      ['windows', s.windows], ['executions', s.count], ['error rate', fmtPct(s.error_rate)],
      ['p50', fmtMs(lat.p50)], ['p95', fmtMs(lat.p95)], ['p99', fmtMs(lat.p99)], ['max', fmtMs(lat.max)],
    ].map(([k, v]) => `<div class="count"><b>${esc(v ?? '–')}</b>${esc(k)} (range)</div>`).join('');
    $('#windows-table tbody').innerHTML = windows.slice().reverse().map(w => {
      const l = w.latency_ms || {};
      return `<tr class="window" data-window="${esc(w.window_start)}"><td>${fmtTime(w.window_start)}–${fmtTime(w.window_end)}${w.closed ? '' : ' <span class="muted">open</span>'}</td>`
        + `<td class="num">${esc(w.count)}</td><td class="num">${esc(w.errors)} (${fmtPct(w.error_rate)})</td>`
        + `<td class="num">${fmtMs(l.p50)}</td><td class="num">${fmtMs(l.p95)}</td><td class="num">${fmtMs(l.p99)}</td>`
        + `<td class="num">${(w.throughput_per_s ?? 0).toFixed(1)} /s</td><td class="num">${esc(w.late_events)}</td></tr>`;
    }).join('') || '<tr><td colspan="8" class="muted">no windows in this range</td></tr>';
    $('#tool-anomalies').innerHTML = view.anomalies.map(a => `<li class="anomaly" data-pattern-type="${esc(a.pattern_type)}">${badge(a.status)} <b>${esc(a.pattern_type)}</b> ${fmtDateTime(a.first_seen)} – ${fmtDateTime(a.last_seen)}: ${esc(((((a.latest || {}).actionable_insights || {}).risk_indicators) || [])[0] || '')}</li>`).join('')
      || '<li class="muted">no anomalies in this range</li>';
    drawCharts(windows, view);
  }

  function anomalyRanges(view) {
    return view.anomalies.map(a => [Date.parse(a.first_seen) / 1000, Date.parse(a.last_seen) / 1000 + 60]);
  }

  /** uPlot hook: shades the anomalies' time ranges behind the series. */
  function anomalyShading(ranges) {
    return {hooks: {drawClear: [u => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = 'rgba(208, 52, 44, 0.12)';
      for (const [a, b] of ranges) {
        const x0 = u.valToPos(a, 'x', true);
        const x1 = u.valToPos(b, 'x', true);
        ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      }
      ctx.restore();
    }]}};
  }

  function drawCharts(windows, view) {
    state.charts.forEach(c => c.destroy());
    state.charts = [];
    const latencyEl = $('#latency-chart');
    const rateEl = $('#rate-chart');
    latencyEl.innerHTML = '';
    rateEl.innerHTML = '';
    latencyEl.dataset.windowsDrawn = String(windows.length);
    if (!windows.length || typeof uPlot === 'undefined') {
      latencyEl.innerHTML = '<p class="muted">no windows in this range</p>';
      return;
    }
    const xs = windows.map(w => Date.parse(w.window_start) / 1000);
    const baseline = baselineOf(view);
    const width = Math.max(480, latencyEl.clientWidth || 900);
    const ranges = anomalyRanges(view);
    const latencySeries = [{}, {label: 'p50', stroke: '#2f6fde', width: 2, value: (u, v) => fmtMs(v)},
      {label: 'p95', stroke: '#d08a00', width: 2, value: (u, v) => fmtMs(v)},
      {label: 'p99', stroke: '#d0342c', width: 2, value: (u, v) => fmtMs(v)}];
    const latencyData = [xs, windows.map(w => w.latency_ms.p50), windows.map(w => w.latency_ms.p95), windows.map(w => w.latency_ms.p99)];
    if (baseline) {
      latencySeries.push({label: baseline.label, stroke: '#6a7282', dash: [6, 4], width: 1, value: (u, v) => fmtMs(v)});
      latencyData.push(xs.map(() => baseline.value));
    }
    state.charts.push(new uPlot({width, height: 260, series: latencySeries, plugins: [anomalyShading(ranges)],
      axes: [{}, {label: 'ms', size: 60}], scales: {x: {time: true}}}, latencyData, latencyEl));
    state.charts.push(new uPlot({width, height: 200, plugins: [anomalyShading(ranges)],
      series: [{}, {label: 'error rate', stroke: '#d0342c', width: 2, scale: '%', value: (u, v) => fmtPct(v)},
        {label: 'throughput', stroke: '#1f9d55', width: 2, scale: '/s', value: (u, v) => v == null ? '–' : v.toFixed(1) + ' /s'}],
      axes: [{}, {scale: '%', label: 'error rate', values: (u, vals) => vals.map(v => (100 * v).toFixed(0) + ' %'), size: 60},
        {scale: '/s', side: 1, label: 'per second', grid: {show: false}, size: 60}],
      scales: {x: {time: true}, '%': {range: (u, min, max) => [0, Math.max(0.05, max)]}}},
      [xs, windows.map(w => w.error_rate), windows.map(w => w.throughput_per_s)], rateEl));
  }

  // ---------------------------------------------------------------- proxy and cache

  async function loadProxy() {
    const [stats] = await Promise.all([api('/cache/stats'), state.fleetLoaded ? Promise.resolve() : loadFleet()]);
    const names = Array.from(state.services.keys()).sort();
    const health = [];
    for (let k = 0; k < names.length; k += 8) {
      const chunk = names.slice(k, k + 8);
      health.push(...await Promise.all(chunk.map(n => api('/proxy/health/' + encodeURIComponent(n)).catch(() => null))));
    }
    if (state.route.view !== 'proxy') return;
    state.proxyView = {stats, health: health.filter(Boolean)};
    renderProxy();
  }

  function renderProxy() {
    const view = state.proxyView;
    if (!view) return;
    const s = view.stats;
    $('#cache-counts').innerHTML = [['entries', s.entries], ['near-cache entries', s.near_cache_entries], ['hits', s.hits],
      ['misses', s.misses], ['hit rate', fmtPct(s.hit_rate)], ['default TTL', (s.ttl_bounds || {}).default_seconds + ' s']]
      .map(([k, v]) => `<div class="count"><b>${esc(v)}</b>${esc(k)}</div>`).join('');
    $('#cache-tools tbody').innerHTML = Object.entries(s.tools || {}).sort(([a], [b]) => a.localeCompare(b)).map(([tool, t]) =>
      `<tr class="cache-tool" data-tool="${esc(tool)}"><td>${esc(tool)}</td><td>${esc(t.policy)}<div class="muted">${esc(t.reason)}</div></td>`
      + `<td class="num">${t.ttl_seconds ? esc(t.ttl_seconds) + ' s' : '–'}</td><td class="num">${esc(t.executions)} (${esc(t.errors)} failed)</td>`
      + `<td class="num">${esc(t.hits)}</td><td class="num">${esc(t.misses)}</td><td class="num">${fmtPct(t.hit_rate)}</td></tr>`).join('')
      || '<tr><td colspan="7" class="muted">no tool called through the proxy yet</td></tr>';
    const rows = [];
    for (const h of view.health) {
      rows.push(`<tr class="service"><td>${esc(h.service_name)}</td><td>${badge(h.overall_health)}</td><td colspan="4" class="muted">${h.load_balancing_active ? 'load balancing' : ''}</td></tr>`);
      for (const i of h.instances || []) {
        rows.push(`<tr class="instance"><td>${esc(i.instance_id)}</td><td>${badge(i.status)}</td><td class="num">${fmtMs(i.response_time_avg_ms)}</td>`
          + `<td class="num">${esc(i.outstanding_requests)}</td><td>${badge(i.circuit_state)}</td><td class="num">${i.load == null ? '–' : (100 * i.load).toFixed(0) + ' %'}</td></tr>`);
      }
    }
    $('#proxy-instances tbody').innerHTML = rows.join('') || '<tr><td colspan="6" class="muted">no instances</td></tr>';
  }

  // ---------------------------------------------------------------- live tail

  function setUpTail() {
    const box = $('#tail-topics');
    if (!box.childElementCount) {
      box.innerHTML = TAIL_TOPICS.map(t => `<label><input type="checkbox" value="${esc(t)}" ${t.startsWith('intelligence.') ? 'checked' : ''}> ${esc(t)}</label>`).join('');
      box.addEventListener('change', restartTail);
      $('#tail-service').addEventListener('change', restartTail);
      $('#tail-tool').addEventListener('change', restartTail);
      $('#tail-pause').addEventListener('click', () => {
        state.tailPaused = !state.tailPaused;
        $('#tail-pause').textContent = state.tailPaused ? 'Resume' : 'Pause';
      });
    }
    restartTail();
  }

  function restartTail() {
    if (state.tailStream) state.tailStream.stop();
    const params = new URLSearchParams();
    const topics = $$('#tail-topics input:checked').map(i => i.value);
    params.set('topic', (topics.length ? topics : ['intelligence.health']).join(','));
    params.set('backlog', '20');
    const service = $('#tail-service').value.trim();
    const tool = $('#tail-tool').value.trim();
    if (service) params.set('service', service);
    if (tool) params.set('tool', tool);
    state.tailStream = new EventStreamClient(params.toString(), addTailRow, s => { $('#tail-state').textContent = s; }).start();
  }

  function tailSummary(topic, p) {
    if (topic === 'intelligence.health') {
      const t = p.health_transition || {};
      return `${(p.service_info || {}).instance_id}: ${t.previous_status} → ${t.current_status} (${t.trigger_event})`;
    }
    if (topic === 'intelligence.performance') {
      if (p.anomaly_info) return `${p.anomaly_info.anomaly_type} ${p.anomaly_info.severity}: ${((p.root_cause_analysis || {}).summary) || ''}`;
      return `${p.count} runs, ${p.errors} errors, p95 ${fmtMs((p.latency_ms || {}).p95)}`;
    }
    if (topic === 'intelligence.patterns') {
      const info = p.pattern_info || {};
      return `${info.pattern_type} ${(info.pattern_data || {}).status || ''}: ${(info.pattern_data || {}).subject || ''} (confidence ${(info.confidence_score ?? 0).toFixed(2)})`;
    }
    if (topic === 'hooks.tool_execution') {
      const r = p.execution_result || {};
      return `${r.status} in ${fmtMs((p.execution_timeline || {}).total_duration_ms)}`;
    }
    if (topic === 'hooks.errors') return ((p.error_details || {}).message) || '';
    return JSON.stringify(p).slice(0, 200);
  }

  function addTailRow(topic, envelope) {
    if (state.tailPaused) return;
    const p = envelope.payload || {};
    const service = p.service_name || (p.service_info || {}).name || p.executor_service || (p.execution_info || {}).executor_service
      || (p.error_info || {}).service_name || (((p.pattern_info || {}).pattern_data || {}).service_name) || '';
    const tool = p.tool_name || (p.execution_info || {}).tool_name || (p.anomaly_info || {}).tool_name
      || (((p.pattern_info || {}).pattern_data || {}).tool_name) || '';
    const tbody = $('#tail-table tbody');
    tbody.insertAdjacentHTML('afterbegin', `<tr class="tail-row" data-topic="${esc(topic)}"><td>${fmtTime(envelope.timestamp)}</td><td>${esc(topic)}</td>`
      + `<td>${esc(envelope.event_type)}</td><td>${esc(service)}</td><td>${esc(tool)}</td><td class="summary-cell" title="${esc(JSON.stringify(p))}">${esc(tailSummary(topic, p))}</td></tr>`);
    while (tbody.rows.length > TAIL_ROWS) tbody.deleteRow(-1);
  }

  // ---------------------------------------------------------------- routing and start

  function parseRoute() {
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    const view = ['fleet', 'service', 'patterns', 'tools', 'tool', 'proxy', 'tail'].includes(parts[0]) ? parts[0] : 'fleet';
    return {view, arg: parts[1] ? decodeURIComponent(parts.slice(1).join('/')) : null};
  }

  function renderCurrent() {
    switch (state.route.view) {
      case 'fleet': renderFleet(); break;
      case 'service': renderService(); break;
      case 'patterns': renderPatterns(); break;
      case 'tools': renderTools(); break;
      case 'tool': renderTool(); break;
      case 'proxy': renderProxy(); break;
      default: break;
    }
  }

  function show() {
    state.route = parseRoute();
    const {view} = state.route;
    for (const section of $$('.view')) section.hidden = section.id !== 'view-' + view;
    for (const a of $$('#nav a')) {
      a.classList.toggle('active', a.dataset.view === view || (view === 'service' && a.dataset.view === 'fleet')
        || (view === 'tool' && a.dataset.view === 'tools'));
    }
    if (view !== 'tail' && state.tailStream) {
      state.tailStream.stop();
      state.tailStream = null;
    }
    const loads = {
      fleet: state.fleetLoaded ? null : loadFleet,
      service: () => { state.serviceView = null; renderService(); return loadService(); },
      patterns: loadPatterns,
      tools: loadTools,
      tool: () => { state.toolView = null; renderTool(); return loadTool(); },
      proxy: loadProxy,
      tail: async () => setUpTail(),
    };
    renderCurrent();
    const load = loads[view];
    if (load) load().catch(failed);
  }

  function showMain() {
    $('#signin').hidden = true;
    $('#main').hidden = false;
    $('#signout').hidden = !state.token;
    if (!state.mainStream) {
      const params = new URLSearchParams({topic: MAIN_TOPICS.join(',')});
      state.mainStream = new EventStreamClient(params.toString(), onMainEvent, setStreamState).start();
    }
    show();
    if (!state.timers.tick) state.timers.tick = setInterval(tick, 1000);
    // heartbeats arrive live; this catches registrations and removals a stream gap may have missed
    if (!state.timers.fleet) state.timers.fleet = setInterval(() => loadFleet().catch(failed), 30_000);
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    if (state.mainStream) state.mainStream.stop();
    if (state.tailStream) state.tailStream.stop();
    state.mainStream = null;
    state.tailStream = null;
    clearInterval(state.timers.fleet);
    state.timers.fleet = null;
    $('#main').hidden = true;
    $('#signout').hidden = true;
    $('#signin').hidden = false;
    setStreamState('signed out');
    const error = $('#signin-error');
    error.textContent = message || '';
    error.hidden = !message;
    $('#token').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const token = $('#token').value.trim();
    const error = $('#signin-error');
    state.token = token;
    try {
      await api('/registry/services?limit=1');
    } catch (e) {
      state.token = null;
      error.textContent = e.status === 401 || e.status === 403
        ? 'The bridge refused this token: ' + e.message + ' (' + e.status + ').'
        : 'Cannot sign in: ' + e.message;
      error.hidden = false;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#token').value = '';
    error.hidden = true;
    showMain();
  }

  async function start() {
    $('#signin-form').addEventListener('submit', signIn);
    $('#signout').addEventListener('click', () => signOut(null));
    $('#fleet-filter').addEventListener('input', renderSoon);
    $('#fleet-problems').addEventListener('change', renderFleet);
    $('#pattern-filter').addEventListener('input', renderPatterns);
    $('#pattern-type').addEventListener('change', () => loadPatterns().catch(failed));
    $('#tool-filter').addEventListener('input', renderTools);
    $('#tool-range').addEventListener('change', () => loadTool().catch(failed));
    window.addEventListener('hashchange', () => { if (!$('#main').hidden) show(); });
    try {
      // a bridge with --insecure, or an anonymous entry for this network, needs no token
      await api('/registry/services?limit=1');
      showMain();
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        signOut(state.token ? 'The bridge refused the saved token: ' + e.message + ' (' + e.status + ').' : null);
      } else {
        $('#signin').hidden = false;
        const error = $('#signin-error');
        error.textContent = 'The bridge does not answer: ' + e.message;
        error.hidden = false;
      }
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
