/* The counter page: sign-in, the current ticket and its actions, the live queue.
 * Talks only to the hub's API on this origin; state changes carry the session's CSRF token. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const TEXTS = window.CIVIQ_TEXTS;
  const state = {
    lang: localStorage.getItem('civiq.lang') || 'de',
    csrf: null, session: null, services: [], counters: [], counter: null,
    current: null, queue: null, events: null, refreshTimer: null,
  };

  function t(key, vars) {
    let s = (TEXTS[state.lang] && TEXTS[state.lang][key]) || TEXTS.de[key] || key;
    for (const k in vars || {}) s = s.replace('{' + k + '}', vars[k]);
    return s;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    $('lang').value = state.lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => {
      el.textContent = t(el.dataset.i18n);
    });
    document.title = 'civiq – ' + t('title');
    render();
  }

  function say(text, isError) {
    const el = $('status');
    el.textContent = text || '';
    el.classList.toggle('error', !!isError);
  }

  class ApiError extends Error {
    constructor(status, code, message, retry) {
      super(message); this.status = status; this.code = code; this.retry = retry;
    }
  }

  async function api(method, path, body) {
    const headers = {};
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (r.status === 204) return null;
    const data = await r.json().catch(() => null);
    if (!r.ok) {
      const e = (data && data.error) || {};
      if (r.status === 401 && path !== '/api/v1/session') sessionEnded();
      throw new ApiError(r.status, e.code || 'error', e.message || String(r.status),
        r.headers.get('Retry-After'));
    }
    return data;
  }

  function serviceName(id) {
    const s = state.services.find((x) => x.id === id);
    if (!s) return id;
    return (s.names && (s.names[state.lang] || s.names.de)) || id;
  }

  function minutes(fromIso, toIso) {
    if (!fromIso) return '–';
    const to = toIso ? Date.parse(toIso) : Date.now();
    return t('minutes', { m: Math.max(0, Math.round((to - Date.parse(fromIso)) / 60000)) });
  }

  function myCounter() {
    return state.counters.find((c) => c.id === state.counter) || null;
  }

  /* ---- drawing ---- */

  function renderCurrent() {
    const c = state.current;
    $('current-number').textContent = c ? c.number : '–';
    $('current-service').textContent = c ? serviceName(c.service) : '–';
    $('current-wait').textContent = c ? minutes(c.arrival, c.called_at) : '–';
    $('current-calls').textContent = c ? String(c.calls) : '–';
    $('current-status').textContent = c ? t('st_' + c.status) : '–';
    const live = c && (c.status === 'called' || c.status === 'serving');
    $('btn-recall').disabled = !live || c.status !== 'called';
    $('btn-start').disabled = !live || c.status !== 'called';
    $('btn-noshow').disabled = !live || c.status !== 'called';
    $('btn-park').disabled = !live;
    $('btn-finish').disabled = !live;
    $('btn-transfer').disabled = !live;
    $('transfer-service').disabled = !live;
    const counter = myCounter();
    const paused = counter && counter.state === 'paused';
    $('btn-next').disabled = !counter || paused;
    $('btn-pause').disabled = !counter;
    $('pause-label').textContent = t(paused ? 'resume' : 'pause');
    $('counter-state').textContent = counter ? t(paused ? 'paused' : 'open') : '';
    $('counter-state').className = 'pill ' + (paused ? 'warn' : 'ok');
  }

  function renderTransfer() {
    const sel = $('transfer-service');
    const keep = sel.value;
    sel.replaceChildren(...state.services.filter((s) => s.active !== false).map((s) => {
      const o = document.createElement('option');
      o.value = s.id; o.textContent = serviceName(s.id);
      return o;
    }));
    if (keep) sel.value = keep;
  }

  function renderQueue() {
    const box = $('queue');
    const q = state.queue;
    if (!q) { box.replaceChildren(); return; }
    const counter = myCounter();
    const mine = (id) => !counter || counter.services.includes(id);
    const parts = q.services.filter((s) => mine(s.id)).map((s) => {
      const sec = document.createElement('section');
      sec.className = 'service';
      sec.dataset.service = s.id;
      const h = document.createElement('h3');
      h.textContent = serviceName(s.id) + ' · ' + t('waiting_count', { n: s.waiting.length });
      sec.appendChild(h);
      if (!s.waiting.length) {
        const p = document.createElement('p');
        p.className = 'empty'; p.textContent = t('nobody');
        sec.appendChild(p);
        return sec;
      }
      const ol = document.createElement('ol');
      ol.className = 'waiting';
      for (const tk of s.waiting) {
        const li = document.createElement('li');
        const num = document.createElement('span');
        num.className = 'num'; num.textContent = tk.number;
        const waited = document.createElement('span');
        waited.textContent = minutes(tk.arrival);
        const est = document.createElement('span');
        est.className = 'est';
        est.textContent = tk.estimated_wait_s == null ? ''
          : t('est', { m: Math.round(tk.estimated_wait_s / 60) });
        li.append(num, waited, est);
        if (tk.kind === 'appointment') li.classList.add('appointment');
        ol.appendChild(li);
      }
      sec.appendChild(ol);
      return sec;
    });
    if (!parts.length) {
      const p = document.createElement('p');
      p.className = 'empty'; p.textContent = t('queue_empty');
      parts.push(p);
    }
    box.replaceChildren(...parts);

    const parked = $('parked');
    const items = (q.parked || []).map((tk) => {
      const li = document.createElement('li');
      const num = document.createElement('span');
      num.className = 'num'; num.textContent = tk.number;
      const svc = document.createElement('span');
      svc.textContent = serviceName(tk.service);
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = t('resume_ticket');
      b.setAttribute('aria-label', t('resume_ticket') + ' ' + tk.number);
      b.addEventListener('click', () => act(() =>
        api('POST', '/api/v1/tickets/' + tk.id + '/resume'),
      () => t('resumed', { n: tk.number })));
      li.append(num, svc, b);
      return li;
    });
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'empty'; li.textContent = t('none_parked');
      items.push(li);
    }
    parked.replaceChildren(...items);
  }

  function render() {
    if (!state.session) return;
    renderCurrent();
    renderTransfer();
    renderQueue();
  }

  /* ---- loading ---- */

  async function refresh() {
    if (!state.session) return;
    try {
      const [counters, queue] = await Promise.all([
        api('GET', '/api/v1/counters'), api('GET', '/api/v1/queue')]);
      state.counters = counters; state.queue = queue;
      state.current = state.counter
        ? await api('GET', '/api/v1/counters/' + state.counter + '/current') : null;
      render();
    } catch (e) {
      if (e.status !== 401) say(t('error', { m: e.message }), true);
    }
  }

  function scheduleRefresh() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(refresh, 80);
  }

  function connectEvents() {
    if (state.events) state.events.close();
    const es = new EventSource('/api/v1/events');
    state.events = es;
    const live = $('live');
    es.onopen = () => { live.dataset.i18n = 'online'; live.textContent = t('online'); live.className = 'pill ok'; scheduleRefresh(); };
    es.onerror = () => { live.dataset.i18n = 'offline'; live.textContent = t('offline'); live.className = 'pill warn'; };
    for (const type of ['called', 'ticket_created', 'ticket_updated', 'counter_updated', 'checked_in'])
      es.addEventListener(type, scheduleRefresh);
  }

  function fillCounters() {
    const sel = $('counter');
    const blank = document.createElement('option');
    blank.value = ''; blank.textContent = '–';
    sel.replaceChildren(blank, ...state.counters.map((c) => {
      const o = document.createElement('option');
      o.value = String(c.id); o.textContent = c.label;
      return o;
    }));
    const saved = Number(localStorage.getItem('civiq.counter'));
    state.counter = state.counters.some((c) => c.id === saved) ? saved : null;
    sel.value = state.counter ? String(state.counter) : '';
    sel.disabled = false;
  }

  async function startApp(session) {
    state.session = session;
    state.csrf = session.csrf_token;
    $('who').textContent = session.login;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    const [services, counters] = await Promise.all([
      api('GET', '/api/v1/services'), api('GET', '/api/v1/counters')]);
    state.services = services; state.counters = counters;
    fillCounters();
    if (!state.counter) say(t('choose_counter'));
    await refresh();
    connectEvents();
    $(state.counter ? 'btn-next' : 'counter').focus();
  }

  function showLogin(message) {
    state.session = null; state.csrf = null;
    if (state.events) { state.events.close(); state.events = null; }
    $('app-view').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('counter').disabled = true;
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    $('login-password').value = '';
    $('login-name').focus();
  }

  function sessionEnded() {
    if (state.session) showLogin(t('session_ended'));
  }

  /* ---- actions ---- */

  async function act(fn, okText) {
    say('');
    try {
      const r = await fn();
      say(okText ? okText(r) : t('done'));
    } catch (e) {
      if (e.status !== 401) say(t('error', { m: e.message }), true);
    }
    await refresh();
  }

  function onTicket(path, body) {
    const c = state.current;
    if (!c) return;
    return act(() => api('POST', '/api/v1/tickets/' + c.id + '/' + path, body),
      (r) => r.number + ': ' + t('st_' + r.status));
  }

  const actions = {
    next: () => state.counter && act(async () => {
      const r = await api('POST', '/api/v1/counters/' + state.counter + '/call-next');
      state.current = r;
      return r;
    }, (r) => (r ? t('called', { n: r.number }) : t('queue_empty'))),
    recall: () => state.counter && act(() =>
      api('POST', '/api/v1/counters/' + state.counter + '/recall'),
    (r) => t('called', { n: r.number })),
    start: () => onTicket('start'),
    noshow: () => onTicket('no-show'),
    park: () => onTicket('park'),
    finish: () => onTicket('finish'),
    transfer: () => {
      const c = state.current;
      const svc = $('transfer-service').value;
      if (!c || !svc) return;
      return act(() => api('POST', '/api/v1/tickets/' + c.id + '/transfer', { service: svc }),
        () => t('transferred', { n: c.number, s: serviceName(svc) }));
    },
    pause: () => {
      const counter = myCounter();
      if (!counter) return;
      const verb = counter.state === 'paused' ? 'resume' : 'pause';
      return act(() => api('POST', '/api/v1/counters/' + counter.id + '/' + verb));
    },
  };

  const keys = { n: 'next', r: 'recall', s: 'start', x: 'noshow', p: 'park', f: 'finish', z: 'pause' };

  function onKey(ev) {
    if (!state.session || ev.ctrlKey || ev.altKey || ev.metaKey) return;
    const tag = ev.target && ev.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    const k = ev.key.toLowerCase();
    if (k === 't') {
      ev.preventDefault();
      if (!$('transfer-service').disabled) $('transfer-service').focus();
      return;
    }
    const name = keys[k];
    if (!name) return;
    const btn = $('btn-' + name);
    if (btn && btn.disabled) return;
    ev.preventDefault();
    actions[name]();
  }

  /* ---- wiring ---- */

  document.addEventListener('DOMContentLoaded', async () => {
    $('lang').addEventListener('change', () => {
      state.lang = $('lang').value;
      localStorage.setItem('civiq.lang', state.lang);
      applyLanguage();
    });
    $('counter').addEventListener('change', () => {
      state.counter = Number($('counter').value) || null;
      if (state.counter) localStorage.setItem('civiq.counter', String(state.counter));
      else localStorage.removeItem('civiq.counter');
      say('');
      refresh();
    });
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      try {
        const s = await api('POST', '/api/v1/session', {
          login: $('login-name').value.trim(), password: $('login-password').value,
        });
        $('login-password').value = '';
        await startApp(s);
      } catch (e) {
        $('login-error').textContent = e.status === 429
          ? t('too_many', { s: e.retry || '?' })
          : e.status === 401 ? t('bad_login') : t('error', { m: e.message });
        $('login-password').select();
      }
    });
    $('logout').addEventListener('click', async () => {
      try { await api('DELETE', '/api/v1/session'); } catch (e) { /* gone already */ }
      showLogin('');
    });
    $('btn-next').addEventListener('click', actions.next);
    $('btn-recall').addEventListener('click', actions.recall);
    $('btn-start').addEventListener('click', actions.start);
    $('btn-noshow').addEventListener('click', actions.noshow);
    $('btn-park').addEventListener('click', actions.park);
    $('btn-finish').addEventListener('click', actions.finish);
    $('btn-pause').addEventListener('click', actions.pause);
    $('transfer-form').addEventListener('submit', (ev) => { ev.preventDefault(); actions.transfer(); });
    document.addEventListener('keydown', onKey);
    setInterval(() => { if (state.session) { renderCurrent(); } }, 15000);
    applyLanguage();
    try {
      await startApp(await api('GET', '/api/v1/session'));
    } catch (e) {
      showLogin('');
    }
  });
})();
