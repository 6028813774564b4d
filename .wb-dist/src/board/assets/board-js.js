"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BOARD_JS = void 0;
/**
 * The board's one script, served as a static string (no bundler): identity, actions, instant filtering, live
 * updates, relative times. Written as plain ES5-ish JavaScript; keep it free of backticks.
 */
exports.BOARD_JS = String.raw `
(function () {
  'use strict';

  // Identity lives here and only here. Embedded loopback mode: the API trusts the person a request names, so the
  // person types who they are ("Acting as"). Shared (oidc) mode: the token pasted on the sign-in page decides;
  // every API call carries it as a bearer header, and "Acting as" shows whom the API takes it for.
  var identity = {
    key: 'gantry.user',
    tokenKey: 'gantry.token',
    shared: false,
    person: '',
    get: function () { return this.shared ? this.person : (localStorage.getItem(this.key) || '').trim(); },
    set: function (id) { if (!this.shared) localStorage.setItem(this.key, id.trim()); },
    token: function () { return localStorage.getItem(this.tokenKey) || ''; },
    headers: function () {
      var h = { 'content-type': 'application/json' };
      if (this.shared && this.token()) h.authorization = 'Bearer ' + this.token();
      return h;
    },
    /** Adds who acts to a request body, in the field the API expects (ignored by the API outside loopback). */
    sign: function (body, field) { if (!this.shared) body[field] = this.get(); return body; }
  };

  var result = document.getElementById('action-result');
  function say(text, refused) {
    result.textContent = text;
    result.className = refused ? 'result refused' : 'result';
  }

  // Forms the person may not use are hidden; the server still decides (and its refusal is shown verbatim).
  function applyPermissions(root) {
    var me = identity.get();
    var forms = (root || document).querySelectorAll('form.act');
    for (var i = 0; i < forms.length; i++) {
      var f = forms[i];
      var allowed = (f.getAttribute('data-allowed') || '').split(' ').filter(Boolean);
      var ok = !me || allowed.indexOf(me) >= 0 || allowed.indexOf('*') >= 0 || f.getAttribute('data-requester') === me;
      f.hidden = !ok;
    }
  }

  function post(form) {
    var action = form.getAttribute('data-action');
    var reason = form.elements.namedItem('reason');
    var body = { reason: reason && reason.value ? reason.value : undefined };
    if (action === 'release') {
      body.service = form.getAttribute('data-service');
      body.environment = form.getAttribute('data-environment');
      var image = form.elements.namedItem('image');
      if (image && image.value.trim()) body.image = image.value.trim();
      identity.sign(body, 'requestedBy');
    } else {
      identity.sign(body, 'by');
    }
    var button = form.querySelector('button');
    button.disabled = true;
    return fetch(form.getAttribute('data-url'), {
      method: 'POST', headers: identity.headers(), credentials: 'same-origin', body: JSON.stringify(body)
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = {};
        try { data = JSON.parse(text); } catch (e) { data = { error: text }; }
        if (!res.ok) { say(data.error || ('refused: HTTP ' + res.status), true); return; }
        say(data.message || ('accepted: ' + action), false);
        if (reason) reason.value = '';
        return refresh();
      });
    }).catch(function (err) {
      say('could not reach Gantry: ' + err.message, true);
    }).then(function () { button.disabled = false; });
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains('act')) return;
    ev.preventDefault();
    if (!identity.get()) {
      if (identity.shared) { say('Sign in first: reload the page to get the sign-in form.', true); return; }
      say('Say who you are first: fill in "Acting as".', true); document.getElementById('whoami').focus(); return;
    }
    post(form);
  });

  var who = document.getElementById('whoami');
  who.value = identity.get();
  who.addEventListener('change', function () { identity.set(who.value); applyPermissions(); });

  function signOut() {
    localStorage.removeItem(identity.tokenKey);
    fetch('/board/session', { method: 'DELETE', credentials: 'same-origin' }).then(function () { location.reload(); });
  }
  // The API says which mode it runs in; in the shared one, whom the token belongs to.
  fetch('/api/auth/config', { credentials: 'same-origin' }).then(function (res) { return res.json(); }).then(function (cfg) {
    if (cfg.mode !== 'oidc') return;
    identity.shared = true;
    who.readOnly = true;
    who.value = '';
    if (!identity.token()) return;
    var out = document.createElement('button');
    out.type = 'button';
    out.textContent = 'Sign out';
    out.addEventListener('click', signOut);
    who.parentNode.appendChild(out);
    return fetch('/api/whoami', { headers: identity.headers() }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (me) {
      identity.person = me && me.person ? me.person : '';
      who.value = identity.person;
      applyPermissions();
    });
  }).catch(function () {});

  // Sign-in page (shared mode): a verified token becomes the board's cookie (pages, live updates) and stays here
  // for the API calls.
  var signin = document.getElementById('signin');
  if (signin) signin.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var token = signin.elements.namedItem('token').value.trim();
    fetch('/board/session', {
      method: 'POST', credentials: 'same-origin', headers: { authorization: 'Bearer ' + token }
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) { say(data.error || ('refused: HTTP ' + res.status), true); return; }
        localStorage.setItem(identity.tokenKey, token);
        location.reload();
      });
    }).catch(function (err) { say('could not reach Gantry: ' + err.message, true); });
  });

  // Instant filtering with the same rules as the server-side GET filters.
  var filters = document.getElementById('filters');
  function filtering() {
    if (!filters) return false;
    var names = ['q', 'service', 'team', 'environment', 'status'];
    for (var i = 0; i < names.length; i++) if (filters.elements.namedItem(names[i]).value) return true;
    return false;
  }
  var filtered = false;
  function filterRows() {
    // Nothing to hide and nothing hidden: skip walking thousands of cells (first paint of a large board).
    var active = filtering();
    if (!active && !filtered) return;
    filtered = active;
    var q = filters.elements.namedItem('q').value.trim().toLowerCase();
    var service = filters.elements.namedItem('service').value.trim();
    var team = filters.elements.namedItem('team').value;
    var env = filters.elements.namedItem('environment').value;
    var status = filters.elements.namedItem('status').value;
    var rows = document.querySelectorAll('table.matrix tbody tr');
    var shown = 0;
    var envCells = document.querySelectorAll('table.matrix [data-env]');
    for (var c = 0; c < envCells.length; c++) envCells[c].hidden = !!env && envCells[c].getAttribute('data-env') !== env;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!service || r.getAttribute('data-service') === service) &&
        (!team || r.getAttribute('data-team') === team) &&
        (!q || (r.getAttribute('data-text') || '').indexOf(q) >= 0);
      if (ok && status) {
        ok = false;
        var cells = r.querySelectorAll('td.cell');
        for (var j = 0; j < cells.length; j++) {
          if (cells[j].hidden) continue;
          if ((' ' + cells[j].getAttribute('data-groups') + ' ').indexOf(' ' + status + ' ') >= 0) ok = true;
        }
      }
      r.hidden = !ok;
      if (ok) shown++;
    }
    var count = document.getElementById('row-count');
    if (count) count.textContent = shown + ' services';
  }
  if (filters) {
    filters.addEventListener('input', filterRows);
    filters.addEventListener('change', filterRows);
  }

  // Relative times ("in 1 d 3 h") stay true between updates.
  function relative(at) {
    var diff = Date.parse(at) - Date.now();
    var minutes = Math.round(Math.abs(diff) / 60000);
    var d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    var text = d > 0 ? d + ' d ' + h + ' h' : h > 0 ? h + ' h ' + m + ' min' : m + ' min';
    return diff >= 0 ? 'in ' + text : text + ' ago';
  }
  function tick() {
    var spans = document.querySelectorAll('.rel[data-at]');
    for (var i = 0; i < spans.length; i++) spans[i].textContent = relative(spans[i].getAttribute('data-at'));
  }
  setInterval(tick, 30000);

  // Re-reads the page and swaps its live part (after an action, or when the feed says the page is stale).
  var refreshing = null;
  function refresh() {
    if (refreshing) return refreshing;
    refreshing = fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) { return res.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        var fresh = doc.getElementById('live');
        if (fresh) document.getElementById('live').innerHTML = fresh.innerHTML;
        document.body.setAttribute('data-generation', doc.body.getAttribute('data-generation') || '');
        document.body.setAttribute('data-refresh', doc.body.getAttribute('data-refresh') || '');
        applyPermissions();
        filterRows();
      })
      .catch(function () {})
      .then(function () { refreshing = null; });
    return refreshing;
  }

  var state = document.getElementById('live-state');
  var follows = document.body.getAttribute('data-follows');
  function connect() {
    if (!window.EventSource) { state.textContent = 'live updates: not supported'; return; }
    var es = new EventSource('/board/events');
    es.addEventListener('hello', function (ev) {
      state.textContent = 'live updates: on';
      var gen = JSON.parse(ev.data).generation;
      // A page rendered before a change or a server restart: read it again.
      if (gen !== document.body.getAttribute('data-generation')) refresh();
    });
    es.addEventListener('cells', function (ev) {
      var data = JSON.parse(ev.data);
      if (follows) {
        for (var k = 0; k < data.cells.length; k++) if (data.cells[k].key === follows) return void refresh();
        return;
      }
      for (var i = 0; i < data.cells.length; i++) {
        var c = data.cells[i];
        var old = document.querySelector('td.cell[data-key="' + CSS.escape(c.key) + '"]');
        if (old) old.outerHTML = c.html;
      }
      document.body.setAttribute('data-generation', data.generation);
      filterRows();
    });
    es.onerror = function () { state.textContent = 'live updates: reconnecting'; };
  }

  // Pages outside the live feed (a running pipeline) re-read themselves until what they show is done.
  setInterval(function () {
    if (Number(document.body.getAttribute('data-refresh')) > 0) refresh();
  }, Number(document.body.getAttribute('data-refresh')) || 3000);

  applyPermissions();
  filterRows();
  connect();
})();
`;
//# sourceMappingURL=board-js.js.map