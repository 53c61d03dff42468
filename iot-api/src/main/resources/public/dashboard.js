'use strict';
// The dashboard: fleet grid (colour = temperature, badge = alerts), a per-sensor chart whose zoom
// refetches at a finer resolution, a live alert feed (Server-Sent Events) and pipeline gauges.
// Plain browser JavaScript; the only library is uPlot, served by the same process.

const state = {
  selected: null,
  chart: null,
  badges: new Map(),
  liveRate: 0,
  gaugeMax: { ingest: 1000, live: 1000, lag: 1000 },
};

const RANGES = { '1h': 3600, '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || ('HTTP ' + response.status));
  }
  return body;
}

// Blue at 0 degC to red at 40 degC: the range where a building's sensors live.
function colour(temperature) {
  const f = Math.max(0, Math.min(1, temperature / 40));
  return `hsl(${Math.round(230 - 230 * f)}, 75%, 62%)`;
}

function tileOf(id) {
  return document.querySelector(`.tile[data-sensor="${id}"]`);
}

function renderTile(reading) {
  const id = reading.sensor_id;
  let tile = tileOf(id);
  if (!tile) {
    tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.sensor = id;
    tile.innerHTML = '<div class="id"></div><div class="temp"></div>';
    tile.querySelector('.id').textContent = '#' + id;
    tile.addEventListener('click', () => selectSensor(id));
    const fleet = document.getElementById('fleet');
    const after = [...fleet.children].find(t => Number(t.dataset.sensor) > id);
    fleet.insertBefore(tile, after || null);
    updateBadge(id);
  }
  tile.querySelector('.temp').textContent = reading.temperature.toFixed(1) + '\u00b0';
  tile.style.backgroundColor = colour(reading.temperature);
  tile.dataset.timestamp = reading.timestamp;
  tile.title = `sensor ${id}: ${reading.temperature.toFixed(2)} \u00b0C, ` +
      `${reading.humidity.toFixed(1)} % at ${reading.timestamp}`;
  tile.classList.toggle('selected', id === state.selected);
}

function markStale() {
  const now = Date.now();
  document.querySelectorAll('.tile').forEach(tile => {
    tile.classList.toggle('stale', now - Date.parse(tile.dataset.timestamp) > 120000);
  });
}

function updateBadge(id) {
  const tile = tileOf(id);
  if (!tile) return;
  const count = state.badges.get(id) || 0;
  let badge = tile.querySelector('.badge');
  if (count === 0) {
    if (badge) badge.remove();
    return;
  }
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'badge';
    tile.appendChild(badge);
  }
  badge.textContent = count > 99 ? '99+' : String(count);
}

function addAlert(alert, fresh) {
  const list = document.getElementById('alerts');
  const item = document.createElement('li');
  item.dataset.sensor = alert.sensor_id;
  item.className = fresh ? 'fresh' : '';
  const when = new Date(alert.ts);
  item.innerHTML = '<div class="when"></div><div><span class="rule"></span> \u00b7 sensor <b></b></div>' +
      '<div class="detail"></div>';
  item.querySelector('.when').textContent = when.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  item.querySelector('.rule').textContent = alert.rule;
  item.querySelector('b').textContent = alert.sensor_id;
  item.querySelector('.detail').textContent = alert.detail;
  item.addEventListener('click', () => selectSensor(alert.sensor_id));
  list.insertBefore(item, list.firstChild);
  while (list.children.length > 200) list.lastChild.remove();
  state.badges.set(alert.sensor_id, (state.badges.get(alert.sensor_id) || 0) + 1);
  updateBadge(alert.sensor_id);
}

// ---- gauges ----
function niceMax(value, current) {
  let max = current;
  while (value > max) max *= 2;
  return max;
}

function drawGauge(id, value, key) {
  state.gaugeMax[key] = niceMax(value, state.gaugeMax[key]);
  const f = Math.max(0, Math.min(1, value / state.gaugeMax[key]));
  const angle = Math.PI * (1 - f);
  const x = 50 + 40 * Math.cos(angle), y = 52 - 40 * Math.sin(angle);
  const shown = value < 0 ? '?' : value >= 10000 ? (value / 1000).toFixed(1) + 'k' : Math.round(value);
  document.querySelector(`#${id} svg`).innerHTML =
      '<path d="M10 52 A40 40 0 0 1 90 52" stroke="#26313d" stroke-width="9" fill="none"/>' +
      (f > 0 ? `<path d="M10 52 A40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}" stroke="${key === 'lag' ? '#f0a030' : '#4fb3ff'}" stroke-width="9" fill="none"/>` : '') +
      `<text x="50" y="50" text-anchor="middle" fill="#dce3ea" font-size="16" font-weight="600">${shown}</text>`;
  document.getElementById(id).dataset.value = value;
}

async function loadStats() {
  try {
    const stats = await getJson('/api/stats');
    drawGauge('gauge-ingest', stats.kafka.ingested_per_second || 0, 'ingest');
    drawGauge('gauge-lag', stats.kafka.consumer_lag, 'lag');
    document.getElementById('stat-sensors').textContent = stats.cassandra.sensors;
    document.getElementById('stat-dlq').textContent =
        stats.kafka.dead_letters >= 0 ? stats.kafka.dead_letters : '?';
    const age = stats.cassandra.newest_reading_age_seconds;
    document.getElementById('stat-fresh').textContent = age === undefined ? '-' :
        age < 120 ? Math.round(age) + ' s ago' : age < 7200 ? Math.round(age / 60) + ' min ago'
        : Math.round(age / 3600) + ' h ago';
  } catch (e) {
    console.warn('stats', e);
  }
}

// ---- chart ----
async function selectSensor(id) {
  state.selected = id;
  document.querySelectorAll('.tile').forEach(t => t.classList.toggle('selected', Number(t.dataset.sensor) === id));
  document.getElementById('chart-title').textContent = 'Sensor #' + id;
  document.getElementById('chart-controls').hidden = false;
  document.getElementById('chart-hint').hidden = false;
  await showRange('24h');
}

async function showRange(name) {
  document.querySelectorAll('#chart-controls button').forEach(b => b.classList.toggle('active', b.dataset.range === name));
  const to = Date.now();
  await loadSeries(new Date(to - RANGES[name] * 1000), new Date(to));
}

async function loadSeries(from, to) {
  const id = state.selected;
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), resolution: 'auto' });
  const meta = document.getElementById('chart-meta');
  try {
    const series = await getJson(`/api/sensors/${id}/series?${query}`);
    if (id !== state.selected) return;
    draw(series);
    meta.textContent = `${series.resolution}${series.fallback ? ' (fallback)' : ''} \u00b7 ` +
        `${series.count} points${series.truncated ? ', newest shown' : ''}`;
  } catch (e) {
    meta.textContent = 'error: ' + e.message;
  }
}

function draw(series) {
  const container = document.getElementById('chart');
  if (state.chart) state.chart.destroy();
  const data = [series.t.map(ms => ms / 1000), series.temperature, series.temperature_min,
    series.temperature_max, series.humidity];
  const axis = { stroke: '#8795a3', grid: { stroke: '#26313d' }, ticks: { stroke: '#26313d' } };
  state.chart = new uPlot({
    width: Math.max(300, container.clientWidth),
    height: 340,
    scales: { x: { time: true }, '%': { range: [0, 100] } },
    series: [
      {},
      { label: 'temperature \u00b0C', stroke: '#ff7a45', width: 2 },
      { label: 'min', stroke: '#ff7a4566', width: 1 },
      { label: 'max', stroke: '#ff7a4566', width: 1 },
      { label: 'humidity %', stroke: '#4fb3ff', width: 1, scale: '%' },
    ],
    axes: [axis, { ...axis, label: '\u00b0C' }, { ...axis, scale: '%', side: 1, grid: { show: false }, label: '%' }],
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [u => {
        if (u.select.width < 5) return;
        const min = u.posToVal(u.select.left, 'x');
        const max = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        document.querySelectorAll('#chart-controls button').forEach(b => b.classList.remove('active'));
        loadSeries(new Date(min * 1000), new Date(max * 1000));
      }],
    },
  }, data, container);
  container.dataset.points = series.count;
  container.dataset.resolution = series.resolution;
}

// ---- live stream ----
function connect() {
  const status = document.getElementById('connection');
  const stream = new EventSource('/api/stream');
  stream.addEventListener('hello', () => {
    status.textContent = 'live';
    status.className = 'up';
  });
  stream.addEventListener('readings', event => {
    const batch = JSON.parse(event.data);
    batch.readings.forEach(renderTile);
    drawGauge('gauge-live', batch.per_second, 'live');
  });
  stream.addEventListener('alert', event => addAlert(JSON.parse(event.data), true));
  stream.onerror = () => {
    // EventSource reconnects by itself; show that we are between connections.
    status.textContent = 'reconnecting';
    status.className = 'down';
  };
}

async function start() {
  document.querySelectorAll('#chart-controls button').forEach(b =>
      b.addEventListener('click', () => showRange(b.dataset.range)));
  drawGauge('gauge-ingest', 0, 'ingest');
  drawGauge('gauge-live', 0, 'live');
  drawGauge('gauge-lag', 0, 'lag');
  try {
    const fleet = await getJson('/api/sensors');
    fleet.sensors.forEach(renderTile);
    const alerts = await getJson('/api/alerts?since=-24h&limit=200');
    alerts.alerts.slice().reverse().forEach(a => addAlert(a, false));
  } catch (e) {
    document.getElementById('fleet').textContent = 'cannot load sensors: ' + e.message;
  }
  connect();
  loadStats();
  setInterval(loadStats, 2000);
  setInterval(markStale, 5000);
  document.body.dataset.ready = 'true';
}

start();
