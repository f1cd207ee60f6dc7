// Operator console for Orleans.Inventory: reads the HTTP API of the host that serves it, and its live stream
// (/api/stream, server-sent events). Plain script, no build step; charts by the vendored Chart.js.
// Every request goes through api(), which sends the signed-in bearer token (kept in sessionStorage, so it ends with
// the tab); the live stream passes it as ?access_token= because EventSource cannot set headers.
'use strict';

const state = {
  product: null,
  warehouses: new Map(),      // warehouse_id -> { warehouse_id, region_id, name }
  records: new Map(),         // warehouse_id -> stock record of the current product
  regionStock: new Map(),     // region_id -> regional stock of the current product
  inTransit: new Map(),       // destination warehouse_id -> units of the current product in transit
  active: new Map(),          // alert key -> notification (active alerts, every product)
  history: [],                // notifications, newest first
  ledger: { warehouse: null, cursors: [0], page: 0, next: null },
  charts: {},
  knownProducts: new Set(),
  source: null,
};

const HISTORY_CAP = 500;
const LEDGER_PAGE = 25;
const TREND_POINTS = 40;
const COLORS = { available: '#58a6ff', reserved: '#d2a8ff', transit: '#e3b341', onHand: '#3fb950', grid: '#30363d', text: '#9da7b3' };
const ALERT_LABELS = {
  low_stock: 'Low stock', stock_recovered: 'Recovered', stock_discrepancy: 'Discrepancy',
  delayed_shipment: 'Delayed shipment', delayed_shipment_resolved: 'Shipment arrived',
};

const $ = (selector) => document.querySelector(selector);
const fmt = (n) => (n === null || n === undefined) ? '—' : Number(n).toLocaleString('en-US');
const time = (t) => t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '—';
const shortTime = (t) => t ? new Date(t).toISOString().replace('T', ' ').slice(0, 16) : '';

const TOKEN_KEY = 'inventory.token';
const token = () => sessionStorage.getItem(TOKEN_KEY) || '';

async function api(path, options = {}) {
  const auth = token() ? { Authorization: `Bearer ${token()}` } : {};
  const response = await fetch(path, { ...options, headers: { Accept: 'application/json', ...auth, ...(options.headers || {}) } });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn('The token was refused (missing, expired or not signed by this API): sign in again.');
    throw new Error(`${path}: 401 sign in with a valid token`);
  }
  if (!response.ok && response.status !== 503) {
    let detail = response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.json();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value; else if (name === 'text') node.textContent = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function announce(message) {
  const announcer = $('#announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = message; }, 50);
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---------------------------------------------------------------- product and stock

function regions() {
  return [...new Set([...state.warehouses.values()].map(w => w.region_id))].sort();
}

async function loadWarehouses() {
  const answer = await api('api/warehouses');
  state.warehouses = new Map(answer.warehouses.map(w => [w.warehouse_id, w]));
}

async function loadStock() {
  const product = state.product;
  const [stock, transit, partial, delayed, ...regional] = await Promise.all([
    api(`api/products/${encodeURIComponent(product)}/stock`),
    api('api/transfers?status=in_transit&limit=1000'),
    api('api/transfers?status=partially_received&limit=1000'),
    api('api/transfers?status=delayed&limit=1000'),
    ...regions().map(r => api(`api/regions/${encodeURIComponent(r)}/stock/${encodeURIComponent(product)}`)),
  ]);
  const open = [...transit.transfers, ...partial.transfers, ...delayed.transfers];
  // List entries carry totals only: a transfer of several lines is read by id for this product's line.
  const outstanding = await Promise.all(open.map(t => (t.line_count || 1) > 1
    ? api(`api/transfers/${encodeURIComponent(t.transfer_id)}`)
        .then(full => (full.lines.find(l => l.product_id === product) || { outstanding_quantity: 0 }).outstanding_quantity)
    : Promise.resolve(t.product_id === product ? t.outstanding_quantity : 0)));
  if (product !== state.product) return;
  state.records = new Map(stock.warehouses.map(r => [r.warehouse_id, r]));
  state.regionStock = new Map(regional.map(r => [r.region_id, r]));
  state.inTransit = new Map();
  open.forEach((t, i) => {
    if (outstanding[i] > 0) {
      state.inTransit.set(t.destination_warehouse_id, (state.inTransit.get(t.destination_warehouse_id) || 0) + outstanding[i]);
    }
  });
  for (const t of delayed.transfers) setActive(transferAlert(t));
  renderStock(new Set());
  renderCharts();
  renderActive();
}

function renderStock(changed) {
  const body = $('#stock-table tbody');
  const foot = $('#stock-table tfoot');
  body.replaceChildren();
  const records = [...state.records.values()].sort((a, b) => a.warehouse_id.localeCompare(b.warehouse_id));
  const totals = { available: 0, reserved: 0, onHand: 0, transit: 0, discrepancy: 0 };
  const transitWarehouses = new Set(state.inTransit.keys());
  const rows = records.map(r => r.warehouse_id);
  for (const w of transitWarehouses) if (!rows.includes(w)) rows.push(w);
  if (rows.length === 0) {
    body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: `No warehouse holds a record of ${state.product} yet.` })));
  }
  for (const warehouseId of rows) {
    const r = state.records.get(warehouseId) || { warehouse_id: warehouseId, available_quantity: 0, reserved_quantity: 0, on_hand_quantity: 0, discrepancy_quantity: 0, last_updated: null };
    const info = state.warehouses.get(warehouseId);
    const transit = state.inTransit.get(warehouseId) || 0;
    totals.available += r.available_quantity; totals.reserved += r.reserved_quantity; totals.onHand += r.on_hand_quantity;
    totals.transit += transit; totals.discrepancy += r.discrepancy_quantity;
    const cell = (value, extra = '') => el('td', { class: `num ${extra} ${value === 0 ? 'zero' : ''}`.trim(), text: fmt(value) });
    const row = el('tr', { 'data-warehouse': warehouseId, class: changed.has(warehouseId) ? 'flash' : null },
      el('th', { scope: 'row', title: info ? info.name : 'not registered' }, warehouseId),
      el('td', { text: info ? info.region_id : '—' }),
      cell(r.available_quantity), cell(r.reserved_quantity), cell(r.on_hand_quantity), cell(transit),
      cell(r.discrepancy_quantity, r.discrepancy_quantity > 0 ? 'bad' : ''),
      el('td', { class: 'muted', text: time(r.last_updated) }));
    body.append(row);
  }
  foot.replaceChildren(el('tr', {},
    el('th', { scope: 'row', text: 'Total' }), el('td', {}),
    el('td', { class: 'num', 'data-total': 'available', text: fmt(totals.available) }),
    el('td', { class: 'num', text: fmt(totals.reserved) }),
    el('td', { class: 'num', 'data-total': 'on_hand', text: fmt(totals.onHand) }),
    el('td', { class: 'num', text: fmt(totals.transit) }),
    el('td', { class: `num ${totals.discrepancy > 0 ? 'bad' : ''}`, text: fmt(totals.discrepancy) }),
    el('td', {})));
  $('#stock-updated').textContent = `${state.product} · updated ${new Date().toLocaleTimeString('en-GB')}`;

  const cards = $('#region-cards');
  cards.replaceChildren();
  for (const region of regions()) {
    const s = state.regionStock.get(region);
    if (!s) continue;
    const figure = (value, label) => el('div', {}, el('b', { text: fmt(value) }), el('span', { text: label }));
    cards.append(el('div', { class: `card ${s.low_stock ? 'low' : ''}`, 'data-region': region },
      el('div', { class: 'name' }, el('span', { text: region }),
        s.low_stock ? el('span', { class: 'type low_stock', text: 'low stock' }) : el('span', { class: 'muted small', text: `low ≤ ${fmt(s.threshold.low_stock_threshold)}` })),
      el('div', { class: 'figures' }, figure(s.available_quantity, 'available'), figure(s.reserved_quantity, 'reserved'),
        figure(s.on_hand_quantity, 'on hand'), figure(s.in_transit_quantity, 'in transit'))));
  }
}

// ---------------------------------------------------------------- charts

function chartDefaults() {
  Chart.defaults.color = COLORS.text;
  Chart.defaults.borderColor = COLORS.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

function upsertChart(id, config) {
  const existing = state.charts[id];
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update('none');
    return existing;
  }
  state.charts[id] = new Chart(document.getElementById(id), config);
  return state.charts[id];
}

function renderCharts() {
  if (typeof Chart === 'undefined') return;
  const warehouses = [...new Set([...state.records.keys(), ...state.inTransit.keys()])].sort();
  const stacked = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } };
  upsertChart('chart-warehouses', {
    type: 'bar',
    data: {
      labels: warehouses,
      datasets: [
        { label: 'Available', data: warehouses.map(w => state.records.get(w)?.available_quantity || 0), backgroundColor: COLORS.available },
        { label: 'Reserved', data: warehouses.map(w => state.records.get(w)?.reserved_quantity || 0), backgroundColor: COLORS.reserved },
        { label: 'In transit', data: warehouses.map(w => state.inTransit.get(w) || 0), backgroundColor: COLORS.transit },
      ],
    },
    options: { plugins: { title: { display: true, text: `${state.product} by warehouse` } }, scales: stacked },
  });
  $('#chart-warehouses').setAttribute('aria-label', `${state.product} by warehouse: ` +
    warehouses.map(w => `${w} ${fmt(state.records.get(w)?.available_quantity || 0)} available`).join(', '));

  const regionIds = regions().filter(r => state.regionStock.has(r));
  upsertChart('chart-regions', {
    type: 'bar',
    data: {
      labels: regionIds,
      datasets: [
        { label: 'Available', data: regionIds.map(r => state.regionStock.get(r).available_quantity), backgroundColor: COLORS.available },
        { label: 'Reserved', data: regionIds.map(r => state.regionStock.get(r).reserved_quantity), backgroundColor: COLORS.reserved },
        { label: 'In transit', data: regionIds.map(r => state.regionStock.get(r).in_transit_quantity), backgroundColor: COLORS.transit },
      ],
    },
    options: { indexAxis: 'y', plugins: { title: { display: true, text: `${state.product} by region` } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
  });
  $('#chart-regions').setAttribute('aria-label', `${state.product} by region: ` +
    regionIds.map(r => `${r} ${fmt(state.regionStock.get(r).available_quantity)} available`).join(', '));
}

function fillScopes() {
  const select = $('#trend-scope');
  const previous = select.value;
  select.replaceChildren();
  const held = [...state.records.keys()].sort();
  for (const w of held) select.append(el('option', { value: `warehouse:${w}`, text: `Warehouse ${w}` }));
  for (const r of regions()) {
    if ([...state.records.keys()].some(w => state.warehouses.get(w)?.region_id === r)) select.append(el('option', { value: `region:${r}`, text: `Region ${r}` }));
  }
  if ([...select.options].some(o => o.value === previous)) select.value = previous;

  const ledger = $('#ledger-warehouse');
  const before = ledger.value;
  ledger.replaceChildren(...held.map(w => el('option', { value: w, text: w })));
  if (held.includes(before)) ledger.value = before;
}

async function ledgerEntries(warehouseId, maxPages = 5) {
  const entries = [];
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    const answer = await api(`api/stock/${encodeURIComponent(warehouseId)}/${encodeURIComponent(state.product)}/ledger?limit=1000&after=${after}`);
    entries.push(...answer.entries);
    if (answer.next_after === null || answer.entries.length < 1000) break;
    after = answer.next_after;
  }
  return entries;
}

async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let index = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) { const i = index++; results[i] = await fn(items[i], i); }
  });
  await Promise.all(workers);
  return results;
}

function sample(times, count) {
  if (times.length <= count) return times;
  const picked = [];
  for (let i = 0; i < count; i++) picked.push(times[Math.round(i * (times.length - 1) / (count - 1))]);
  return [...new Set(picked)];
}

// The trend is the stock as of each point in event time, answered by the grains from the ledger (as_of), at up to
// TREND_POINTS of the event times the ledger holds: the same rules as the record, whatever order events arrived in.
async function renderTrend() {
  const scope = $('#trend-scope').value;
  const note = $('#trend-note');
  if (!scope || typeof Chart === 'undefined') { note.textContent = 'No record of this product yet.'; return; }
  const product = state.product;
  const [kind, id] = scope.split(':');
  const warehouses = kind === 'warehouse' ? [id] : [...state.records.keys()].filter(w => state.warehouses.get(w)?.region_id === id);
  const ledgers = await Promise.all(warehouses.map(w => ledgerEntries(w)));
  const times = [...new Set(ledgers.flat().filter(e => e.outcome === 'applied' || e.outcome === 'superseded').map(e => e.event_time))]
    .sort((a, b) => new Date(a) - new Date(b));
  const points = sample(times, Math.max(2, Math.floor(TREND_POINTS / warehouses.length)));
  const values = await mapLimited(points, 6, async (t) => {
    const records = await Promise.all(warehouses.map(w =>
      api(`api/stock/${encodeURIComponent(w)}/${encodeURIComponent(product)}?as_of=${encodeURIComponent(t)}`)));
    return records.reduce((sum, r) => ({ onHand: sum.onHand + r.on_hand_quantity, available: sum.available + r.available_quantity }), { onHand: 0, available: 0 });
  });
  if (product !== state.product || scope !== $('#trend-scope').value) return;
  const xs = points.map(t => new Date(t).getTime());
  upsertChart('chart-trend', {
    type: 'line',
    data: {
      datasets: [
        { label: 'On hand', data: xs.map((x, i) => ({ x, y: values[i].onHand })), borderColor: COLORS.onHand, backgroundColor: COLORS.onHand, stepped: 'after', pointRadius: 3 },
        { label: 'Available', data: xs.map((x, i) => ({ x, y: values[i].available })), borderColor: COLORS.available, backgroundColor: COLORS.available, stepped: 'after', pointRadius: 3 },
      ],
    },
    options: {
      parsing: false,
      plugins: { title: { display: true, text: `${product} at ${kind} ${id}` }, tooltip: { callbacks: { title: items => time(items[0].parsed.x) } } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'event time (UTC)' }, ticks: { maxTicksLimit: 8, callback: v => shortTime(v) } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
  const last = values[values.length - 1];
  $('#chart-trend').setAttribute('aria-label', `Trend of ${product} at ${kind} ${id}: ${points.length} points from ${shortTime(points[0])} to ${shortTime(points[points.length - 1])}` +
    (last ? `, ending at ${fmt(last.onHand)} on hand and ${fmt(last.available)} available` : ''));
  note.textContent = `${points.length} of ${times.length} event times, each the record as of that time (as_of, from the ledger).`;
}

// ---------------------------------------------------------------- ledger (movements)

async function renderLedger() {
  const warehouseId = $('#ledger-warehouse').value;
  const body = $('#ledger-table tbody');
  if (!warehouseId) { body.replaceChildren(el('tr', {}, el('td', { colspan: 12, class: 'muted', text: 'No record of this product yet.' }))); return; }
  const l = state.ledger;
  if (l.warehouse !== warehouseId) { l.warehouse = warehouseId; l.cursors = [0]; l.page = 0; }
  const after = l.cursors[l.page];
  const answer = await api(`api/stock/${encodeURIComponent(warehouseId)}/${encodeURIComponent(state.product)}/ledger?limit=${LEDGER_PAGE}&after=${after}`);
  l.next = answer.entries.length === LEDGER_PAGE ? answer.next_after : null;
  body.replaceChildren(...answer.entries.map(e => el('tr', {},
    el('td', { class: 'num', text: e.sequence }),
    el('td', { text: time(e.event_time) }),
    el('td', { class: 'muted', text: time(e.recorded_at) }),
    el('td', { text: e.type }),
    el('td', { class: 'num', text: fmt(e.quantity) }),
    el('td', { class: 'num', text: e.quantity_change > 0 ? `+${fmt(e.quantity_change)}` : fmt(e.quantity_change) }),
    el('td', { class: 'num', text: fmt(e.available_after) }),
    el('td', { class: 'num', text: fmt(e.on_hand_after) }),
    el('td', {}, el('span', { class: `outcome ${e.outcome}`, text: e.outcome })),
    el('td', { text: e.source }),
    el('td', { text: warehouseId }),
    el('td', { class: e.code ? 'muted' : '', text: [e.code, e.reason, e.reference].filter(Boolean).join(' · ') || '—' }))));
  if (answer.entries.length === 0) body.append(el('tr', {}, el('td', { colspan: 12, class: 'muted', text: 'No entries on this page.' })));
  $('#ledger-prev').disabled = l.page === 0;
  $('#ledger-first').disabled = l.page === 0;
  $('#ledger-next').disabled = l.next === null;
  const first = answer.entries[0]?.sequence, last = answer.entries[answer.entries.length - 1]?.sequence;
  $('#ledger-note').textContent = first ? `Entries ${first}–${last} of ${state.product} at ${warehouseId}, in sequence order.` : '';
}

// ---------------------------------------------------------------- alerts

function alertKey(n) {
  switch (n.type) {
    case 'low_stock': case 'stock_recovered': return `low:${n.region_id}:${n.product_id}`;
    case 'delayed_shipment': case 'delayed_shipment_resolved': return `delay:${n.transfer_id}`;
    default: return `disc:${n.warehouse_id}:${n.product_id}`;
  }
}

function transferAlert(t) {
  return { id: `delayed_shipment:${t.transfer_id}`, type: 'delayed_shipment', occurred_at: t.expected_arrival, region_id: null,
    warehouse_id: t.destination_warehouse_id, product_id: t.product_id, transfer_id: t.transfer_id, quantity: t.quantity,
    message: `Transfer ${t.transfer_id} of ${(t.line_count || 1) > 1 ? `${t.line_count} lines (${t.quantity} units)` : `${t.quantity} ${t.product_id}`} from ${t.source_warehouse_id} to ${t.destination_warehouse_id} was expected by ${time(t.expected_arrival)}.` };
}

function setActive(n) { state.active.set(alertKey(n), n); }

function applyNotification(n) {
  const key = alertKey(n);
  if (n.type === 'stock_recovered' || n.type === 'delayed_shipment_resolved') state.active.delete(key); else state.active.set(key, n);
}

function alertItem(n, compact) {
  return el('li', { class: n.type, 'data-alert': n.id, 'data-product': n.product_id, 'data-region': n.region_id },
    el('div', { class: 'head' },
      el('span', {}, el('span', { class: `type ${n.type}`, text: ALERT_LABELS[n.type] || n.type }), ' ',
        n.product_id || '', n.region_id ? ` · ${n.region_id}` : (n.warehouse_id ? ` · ${n.warehouse_id}` : '')),
      el('time', { datetime: n.occurred_at, text: time(n.occurred_at) })),
    compact ? '' : el('div', { class: 'msg', text: n.message }));
}

function renderActive() {
  const list = $('#active-alerts');
  const items = [...state.active.values()].sort((a, b) => new Date(b.occurred_at) - new Date(a.occurred_at));
  list.replaceChildren(...items.map(n => alertItem(n, false)));
  if (items.length === 0) list.append(el('li', { class: 'empty', text: 'No active alerts.' }));
  const count = $('#alert-count');
  count.textContent = items.length;
  count.className = `badge ${items.length ? 'hot' : ''}`;
  count.setAttribute('aria-label', `${items.length} active alerts`);
}

function renderHistory() {
  $('#alert-history').replaceChildren(...state.history.slice(0, 200).map(n => alertItem(n, true)));
  $('#history-count').textContent = `(${state.history.length})`;
}

async function loadAlerts() {
  const [history, ...regional] = await Promise.all([
    api('api/alerts?limit=200'),
    ...regions().map(r => api(`api/regions/${encodeURIComponent(r)}/alerts`)),
  ]);
  state.history = [...history.notifications].reverse();
  for (const n of state.history) if (n.product_id) state.knownProducts.add(n.product_id);
  for (const k of [...state.active.keys()]) if (k.startsWith('low:')) state.active.delete(k);
  for (const r of regional) for (const n of r.alerts) setActive(n);
  // A discrepancy stays on the board until the record it is about shows none (checked for the product on screen).
  for (const n of [...state.history].reverse()) if (n.type === 'stock_discrepancy') setActive(n);
  pruneDiscrepancies();
  renderActive();
  renderHistory();
  renderKnownProducts();
}

function pruneDiscrepancies() {
  for (const [key, n] of state.active) {
    if (n.type !== 'stock_discrepancy' || n.product_id !== state.product) continue;
    const record = state.records.get(n.warehouse_id);
    if (record && record.discrepancy_quantity === 0) state.active.delete(key);
  }
}

function renderKnownProducts() {
  $('#known-products').replaceChildren(...[...state.knownProducts].sort().slice(0, 200).map(p => el('option', { value: p })));
}

// ---------------------------------------------------------------- live stream

const refreshDerived = debounce(async () => {
  try { await loadStock(); } catch (e) { console.warn(e); }
}, 400);
const refreshTrend = debounce(() => renderTrend().catch(console.warn), 1500);
const refreshLedger = debounce(() => { if (state.ledger.next === null) renderLedger().catch(console.warn); }, 800);

function setLive(text, kind) {
  const pill = $('#live-status');
  pill.textContent = `Live: ${text}`;
  pill.className = `pill pill-${kind}`;
}

function connectLive() {
  const source = new EventSource(`api/stream?access_token=${encodeURIComponent(token())}`);
  state.source = source;
  source.onopen = () => setLive('connected', 'ok');
  source.onerror = () => setLive('reconnecting', 'wait');
  source.addEventListener('stock_changed', (event) => {
    const change = JSON.parse(event.data);
    const record = change.stock;
    state.knownProducts.add(record.product_id);
    if (record.product_id !== state.product) return;
    const before = state.records.get(record.warehouse_id);
    if (before && before.version > record.version) return;
    state.records.set(record.warehouse_id, record);
    if (!before) fillScopes();
    renderStock(new Set([record.warehouse_id]));
    renderCharts();
    pruneDiscrepancies();
    renderActive();
    refreshDerived();
    refreshTrend();
    if (state.ledger.warehouse === record.warehouse_id) refreshLedger();
  });
  for (const type of Object.keys(ALERT_LABELS)) {
    source.addEventListener(type, (event) => {
      const n = JSON.parse(event.data);
      if (state.history.some(h => h.id === n.id)) return;
      state.history.unshift(n);
      state.history.length = Math.min(state.history.length, HISTORY_CAP);
      applyNotification(n);
      renderActive();
      renderHistory();
      announce(`${ALERT_LABELS[n.type]}: ${n.message}`);
      if (n.product_id === state.product) refreshDerived();
    });
  }
  // A reset means items were missed: read the state again rather than trust the gap.
  source.addEventListener('reset', () => { loadAll().catch(console.warn); });
  source.addEventListener('dropped', () => setLive('fell behind, reconnecting', 'wait'));
}

// ---------------------------------------------------------------- system panel

function kv(list, entries, none) {
  list.replaceChildren();
  if (entries.length === 0) { list.append(el('dt', { class: 'visually-hidden', text: 'State' }), el('dd', { class: 'none', text: none })); return; }
  for (const [name, value] of entries) list.append(el('dt', { title: name, text: name }), el('dd', { text: value }));
}

const ms = (seconds) => seconds === null || seconds === undefined ? '—' : seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`;
const inSeconds = (value, unit) => unit === 'ms' ? value / 1000 : value;

function renderSystem(summary, health, deadLetters) {
  $('#system-scope').textContent = `metrics: ${summary.scope}; silos: the whole cluster`;
  const instruments = summary.instruments;
  const byName = (name) => instruments.find(i => i.name === name);

  const events = byName('inventory.events');
  const rates = new Map();
  for (const s of events ? events.series : []) rates.set(s.tags.outcome || 'unknown', (rates.get(s.tags.outcome || 'unknown') || 0) + s.rate_per_second);
  kv($('#rates'), [...rates].map(([outcome, rate]) => [outcome.toLowerCase(), rate.toFixed(1)]), 'No events decided in this process yet.');

  const latency = [];
  for (const i of instruments.filter(i => i.kind === 'histogram' && (i.name.includes('latency') || i.name.includes('delay')))) {
    for (const s of i.series) {
      if (!s.window_count) continue;
      const tags = Object.values(s.tags).filter(Boolean).join(', ');
      latency.push([`${i.name.replace('inventory.', '')}${tags ? ` (${tags})` : ''}`, `${ms(inSeconds(s.p50, i.unit))} / ${ms(inSeconds(s.p99, i.unit))}`]);
    }
  }
  if (!instruments.some(i => i.kind === 'histogram' && i.name.includes('latency'))) {
    latency.push(['device → applied', 'not reported yet']);
  }
  kv($('#latency'), latency, 'No samples in the last 5 minutes.');

  const lag = [];
  for (const i of instruments.filter(i => i.name.includes('lag'))) {
    for (const s of i.series) lag.push([`partition ${s.tags.partition ?? s.tags['messaging.destination.partition.id'] ?? Object.values(s.tags).join(',')}`, fmt(s.value)]);
  }
  kv($('#lag'), lag, 'Not reported by this silo (no partition-lag instrument yet, or no partition read here).');

  kv($('#dead-letters'), [['total recorded', fmt(deadLetters.total)],
    ...deadLetters.items.slice(0, 4).map(d => [d.code, `${d.product_id || '?'} @ ${d.warehouse_id || d.source}`])], '');

  const silos = $('#silo-table tbody');
  silos.replaceChildren(...summary.silos.map(s => el('tr', {},
    el('th', { scope: 'row', title: s.host_name, text: `${s.name} ${s.address}` }),
    el('td', {}, el('span', { class: `outcome ${s.status === 'Active' ? 'applied' : 'rejected'}`, text: s.status.toLowerCase() })),
    el('td', { text: time(s.started_at) }),
    el('td', { text: time(s.i_am_alive_at) }),
    el('td', { class: 'num', text: fmt(s.activations) }),
    el('td', { class: 'num', text: s.cpu_percent === null ? '—' : `${s.cpu_percent.toFixed(0)} %` }),
    el('td', { class: 'num', text: s.memory_bytes === null ? '—' : `${(s.memory_bytes / 1048576).toFixed(0)} MiB` }))));
  if (summary.silos_error) silos.append(el('tr', {}, el('td', { colspan: 7, class: 'bad', text: summary.silos_error })));

  $('#health-checks').replaceChildren(...health.checks.map(c => el('li', { 'data-check': c.name },
    el('span', { class: `mark ${c.status === 'healthy' ? 'ok' : 'bad'}`, 'aria-hidden': 'true', text: c.status === 'healthy' ? '✔' : '✖' }),
    el('span', {}, el('strong', { text: `${c.name} ` }), el('span', { class: 'visually-hidden', text: `${c.status}: ` }),
      el('span', { class: 'desc', text: c.error ? `${c.description} — ${c.error}` : c.description })))));
  const pill = $('#health-status');
  const failed = health.checks.filter(c => c.status !== 'healthy').map(c => c.name);
  pill.textContent = failed.length ? `Not ready: ${failed.join(', ')}` : 'Ready';
  pill.className = `pill ${failed.length ? 'pill-bad' : 'pill-ok'}`;

  $('#instrument-table tbody').replaceChildren(...instruments.flatMap(i => (i.series.length ? i.series : [null]).map(s => el('tr', {},
    el('td', { title: i.description || '', text: `${i.name}${i.unit ? ` [${i.unit}]` : ''}` }),
    el('td', { class: 'muted', text: s ? Object.entries(s.tags).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ') : 'no measurements' }),
    el('td', { class: 'num', text: s && s.value !== null ? fmt(Math.round(s.value * 100) / 100) : (s && s.count !== null ? `${fmt(s.count)} samples` : '—') }),
    el('td', { class: 'num', text: s && s.rate_per_second !== null ? s.rate_per_second.toFixed(1) : '—' }),
    el('td', { class: 'num', text: s && s.p50 !== null ? fmt(Math.round(s.p50 * 1000) / 1000) : '—' }),
    el('td', { class: 'num', text: s && s.p99 !== null ? fmt(Math.round(s.p99 * 1000) / 1000) : '—' })))));
}

async function loadSystem() {
  try {
    const [summary, health, deadLetters] = await Promise.all([api('api/system'), api('health/ready'), api('api/dead-letters?limit=5')]);
    renderSystem(summary, health, deadLetters);
  } catch (error) {
    const pill = $('#health-status');
    pill.textContent = 'Health: unreachable';
    pill.className = 'pill pill-bad';
    console.warn(error);
  }
}

// ---------------------------------------------------------------- wiring

async function loadAll() {
  await loadWarehouses();
  await loadStock();
  fillScopes();
  await Promise.all([loadAlerts(), renderLedger(), renderTrend()]);
}

async function showProduct(product) {
  state.product = product;
  state.records = new Map();
  state.ledger = { warehouse: null, cursors: [0], page: 0, next: null };
  $('#product').value = product;
  if (location.hash !== `#product=${encodeURIComponent(product)}`) history.replaceState(null, '', `#product=${encodeURIComponent(product)}`);
  $('#search-note').textContent = `Loading ${product}…`;
  try {
    await loadAll();
    $('#search-note').textContent = `Showing ${product}.`;
  } catch (error) {
    $('#search-note').textContent = `Could not load ${product}: ${error.message}`;
  }
}

function showSignIn(message) {
  if (state.source) { state.source.close(); state.source = null; setLive('signed out', 'wait'); }
  $('#signin-note').textContent = message;
  $('#signin').hidden = false;
  $('#signout').hidden = true;
  $('#token').focus();
}

function signedIn() {
  $('#signin').hidden = true;
  $('#signout').hidden = false;
  $('#signin-note').textContent = '';
}

let started = false;

function start() {
  $('#signin').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('#token').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('#token').value = '';
    if (state.source) { state.source.close(); state.source = null; }
    signedIn();
    run();
  });
  $('#signout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    if (state.source) { state.source.close(); state.source = null; }
    setLive('signed out', 'wait');
    showSignIn('Signed out. Paste a token to sign in again.');
  });
  if (token()) { signedIn(); run(); } else {
    setLive('signed out', 'wait');
    showSignIn('Paste a bearer token: the silo prints a development admin token on start (DEV_TOKEN=...), or mint one with the devices CLI: token --role viewer.');
  }
}

function run() {
  if (started) {
    connectLive();
    showProduct(state.product || 'SKU123');
    loadSystem();
    return;
  }
  started = true;
  if (typeof Chart !== 'undefined') chartDefaults();
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('product');
  $('#search').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('#product').value.trim();
    if (value) showProduct(value);
  });
  $('#trend-scope').addEventListener('change', () => renderTrend().catch(console.warn));
  $('#ledger-warehouse').addEventListener('change', () => renderLedger().catch(console.warn));
  $('#ledger-next').addEventListener('click', () => {
    const l = state.ledger;
    if (l.next === null) return;
    l.cursors[l.page + 1] = l.next; l.page++;
    renderLedger().catch(console.warn);
  });
  $('#ledger-prev').addEventListener('click', () => { if (state.ledger.page > 0) { state.ledger.page--; renderLedger().catch(console.warn); } });
  $('#ledger-first').addEventListener('click', () => { state.ledger.page = 0; renderLedger().catch(console.warn); });
  window.addEventListener('hashchange', () => {
    const p = new URLSearchParams(location.hash.slice(1)).get('product');
    if (p && p !== state.product) showProduct(p);
  });
  connectLive();
  showProduct(fromHash || 'SKU123');
  loadSystem();
  setInterval(() => { if (!document.hidden && token()) loadSystem(); }, 5000);
}

start();
