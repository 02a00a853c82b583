'use strict';
// simgate's slot dashboard: one EventSource for the slots, fetch() for the admin actions. No
// framework and nothing from elsewhere; every value goes into the page as text, never as markup.
(function () {
  const STATE_NAMES = {
    present: 'present', busy: 'busy', no_card: 'no card', transport_down: 'transport down',
    out_of_service: 'out of service'
  };
  const ACTION_NAMES = { drain: 'drain', undrain: 'undrain', reset: 'reset', reread: 're-read' };
  // the card answered but refused the AUTHENTICATE: a working card, a request to look at
  const REFUSED_OUTCOMES = new Set(['sync_failure', 'mac_failure', 'card_error']);
  const SVG = 'http://www.w3.org/2000/svg';

  const tbody = document.querySelector('#slots tbody');
  const connection = document.getElementById('connection');
  const updated = document.getElementById('updated');
  const frontLinks = document.getElementById('links');
  const empty = document.getElementById('empty');
  const notice = document.getElementById('notice');
  const rows = new Map(); // slot id -> row
  let serverNow = Date.now(); // the time of the last snapshot, as the gateway's clock says

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function number(value, digits) {
    if (value === null || value === undefined) return '–';
    if (value === 0) return '0';
    return value >= 100 ? Math.round(value).toString() : value.toPrecision(digits || 3).replace(/\.?0+$/, '');
  }

  function millis(value) {
    if (value === null || value === undefined) return '–';
    return value < 1 ? number(value * 1000) + ' µs' : number(value) + ' ms';
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.round((serverNow - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    return new Date(iso).toLocaleString();
  }

  function displayState(slot) {
    return slot.state === 'present' && slot.busy ? 'busy' : slot.state;
  }

  function createRow(id) {
    const tr = element('tr');
    tr.dataset.slot = id;
    const cell = (className) => tr.appendChild(element('td', className));
    const row = {
      tr, slot: null,
      name: cell('slot'), transport: cell('transport'), state: cell(), identity: cell('identity'),
      outcome: cell('outcome'), auth: cell('number auth'), ops: cell('number ops'), latency: cell('number latency'),
      trend: cell(), actions: cell('actions')
    };
    row.drain = actionButton(row, 'drain');
    row.reset = actionButton(row, 'reset');
    row.reread = actionButton(row, 'reread');
    return row;
  }

  function actionButton(row, action) {
    const button = element('button', null, ACTION_NAMES[action]);
    button.type = 'button';
    button.dataset.action = action;
    button.addEventListener('click', () => act(row, button.dataset.action, button));
    row.actions.appendChild(button);
    return button;
  }

  function update(row, slot) {
    row.slot = slot;
    row.name.replaceChildren(element('span', 'name', slot.name), ' ', element('span', 'id', '#' + slot.id));

    // the ATR the card gave when it was last there: stale once it is gone. Shortened, whole on hover
    const atrNow = slot.state === 'no_card' || slot.state === 'transport_down' ? null : slot.atr;
    const atr = element('div', 'mono atr', atrNow || '–');
    if (atrNow) atr.title = 'ATR ' + atrNow;
    row.transport.replaceChildren(element('div', null, slot.transport), atr);
    // a transport with links of its own (remsim: server, bank): each up or down, the mapping; all facts on hover
    const detail = slot.transport_detail;
    if (detail) {
      const links = Object.keys(detail).filter(key => key.endsWith('_link'))
        .map(key => key.slice(0, -'_link'.length) + ' ' + detail[key]).join(', ');
      const line = element('div', 'sub links', links + (detail.mapping ? ' · ' + detail.mapping : ''));
      line.title = facts(detail);
      row.transport.appendChild(line);
    }
    // a front that lends the slot's card (the remsim bank): as what, to whom, connected or not; all facts on hover
    (slot.lent || []).forEach((loan) => {
      const to = loan.borrower === null ? 'not mapped' : loan.borrower + (loan.connected ? ' connected' : ' not connected');
      const line = element('div', 'sub lent', 'lent as ' + loan.as + ' · ' + to);
      line.dataset.front = loan.front;
      line.title = facts(loan);
      row.transport.appendChild(line);
    });

    const state = displayState(slot);
    row.state.dataset.state = state;
    row.state.replaceChildren(element('span', 'state ' + state, STATE_NAMES[state] || state));
    if (slot.last_error && slot.state !== 'present' && slot.state !== 'out_of_service') {
      row.state.appendChild(element('div', 'error', slot.last_error));
    }
    if (slot.queue_depth > 0) {
      row.state.appendChild(element('div', 'sub', slot.queue_depth + ' queued'));
    }

    row.identity.replaceChildren(identity('imsi', slot.imsi), identity('iccid', slot.iccid));
    row.identity.title = slot.identity_read_at ? 'read ' + slot.identity_read_at
      : 'read once the slot holds a card, or with re-read';

    if (slot.last_outcome) {
      const kind = slot.last_outcome === 'success' ? 'ok' : REFUSED_OUTCOMES.has(slot.last_outcome) ? 'refused' : 'failed';
      const outcome = element('span', 'result ' + kind, slot.last_outcome.replace(/_/g, ' '));
      row.outcome.dataset.outcome = kind;
      row.outcome.replaceChildren(outcome, element('div', 'sub', ago(slot.last_outcome_at)));
      row.outcome.title = slot.last_outcome_at;
    } else {
      delete row.outcome.dataset.outcome;
      row.outcome.replaceChildren(element('span', 'sub', 'none yet'));
    }

    row.auth.textContent = number(slot.auth_per_second);
    row.ops.textContent = number(slot.ops_per_second);
    row.latency.textContent = slot.p50_ms === null || slot.p50_ms === undefined ? '–'
      : millis(slot.p50_ms) + ' / ' + millis(slot.p99_ms);
    row.trend.replaceChildren(trend(slot.trend_ms || []));

    const drained = slot.state === 'out_of_service';
    row.drain.dataset.action = drained ? 'undrain' : 'drain';
    row.drain.textContent = ACTION_NAMES[row.drain.dataset.action];
  }

  /** Every field of a record, one "name: value" a line, for a hover. */
  function facts(record) {
    return Object.entries(record).map(([key, value]) => key + ': ' + (value === null ? '–' : value)).join('\n');
  }

  /** The header's pills: each link a front keeps of its own (the remsim bank's server link), all facts on hover. */
  function renderLinks(links) {
    frontLinks.replaceChildren(...(links || []).map((link) => {
      const pill = element('span', 'front-link ' + link.state, link.front + ' ' + link.link + ': ' + link.state);
      pill.dataset.front = link.front;
      pill.dataset.link = link.link;
      pill.title = facts(link);
      return pill;
    }));
  }

  function identity(name, value) {
    return element('div', name + (value ? ' mono' : ' sub'), value || name.toUpperCase() + ' not read');
  }

  /** The median of each second as a line, scaled to the minute's slowest second; gaps where nothing ran. */
  function trend(values) {
    const width = 120, height = 28, pad = 2;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'trend');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const base = document.createElementNS(SVG, 'line');
    base.setAttribute('x1', 0); base.setAttribute('x2', width);
    base.setAttribute('y1', height - pad); base.setAttribute('y2', height - pad);
    svg.appendChild(base);
    const present = values.filter((v) => v !== null);
    if (present.length === 0) return svg;
    const max = Math.max(...present);
    const segments = [];
    let segment = null;
    values.forEach((v, i) => {
      if (v === null) { segment = null; return; }
      if (!segment) { segment = []; segments.push(segment); }
      const x = values.length > 1 ? (i * width) / (values.length - 1) : width;
      const y = height - pad - (max > 0 ? (v / max) * (height - 2 * pad) : 0);
      segment.push(x.toFixed(1) + ' ' + y.toFixed(1));
    });
    // a second between two silent ones is a dot
    const d = segments.map((points) => 'M' + points.join('L') + (points.length === 1 ? 'h1' : '')).join('');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = 'median per second, slowest ' + millis(max);
    svg.appendChild(title);
    return svg;
  }

  function render(snapshot) {
    serverNow = Date.parse(snapshot.time);
    const seen = new Set();
    snapshot.slots.forEach((slot, index) => {
      seen.add(slot.id);
      let row = rows.get(slot.id);
      if (!row) {
        row = createRow(slot.id);
        rows.set(slot.id, row);
      }
      update(row, slot);
      // moved only when out of place: re-inserting a row under the pointer would swallow a click
      if (tbody.children[index] !== row.tr) tbody.insertBefore(row.tr, tbody.children[index] || null);
    });
    rows.forEach((row, id) => {
      if (!seen.has(id)) { row.tr.remove(); rows.delete(id); }
    });
    renderLinks(snapshot.links);
    empty.hidden = snapshot.slots.length > 0;
    updated.textContent = 'updated ' + new Date(serverNow).toLocaleTimeString();
  }

  async function act(row, action, button) {
    const id = row.slot.id;
    const what = `${ACTION_NAMES[action]} slot ${id} (${row.slot.name})`;
    button.disabled = true;
    say(what + '…', false);
    try {
      const response = await fetch(`../admin/v1/slots/${id}/${action}`, { method: 'POST' });
      let body = null;
      try { body = await response.json(); } catch (e) { /* no JSON: the status says it */ }
      if (response.ok) {
        say(`${what}: done, ${STATE_NAMES[body.state] || body.state}`, false);
        // the stream follows within a moment; show the answer now
        update(row, Object.assign({}, row.slot, body, { busy: false }));
      } else {
        const reason = body && body.error && body.error.message ? body.error.message : response.statusText;
        say(`${what}: failed (HTTP ${response.status}) ${reason}`, true);
      }
    } catch (e) {
      say(`${what}: failed, ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  function say(text, failed) {
    notice.textContent = text;
    notice.classList.toggle('failed', failed);
  }

  function connected(live) {
    connection.textContent = live ? 'live' : 'reconnecting…';
    connection.className = 'connection ' + (live ? 'live' : 'connecting');
  }

  function listen() {
    const events = new EventSource('events');
    events.onopen = () => connected(true);
    events.onmessage = (message) => { connected(true); render(JSON.parse(message.data)); };
    events.onerror = () => {
      connected(false);
      // EventSource retries by itself unless the answer was not a stream (a proxy's error page)
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 2000);
    };
  }

  listen();
})();
