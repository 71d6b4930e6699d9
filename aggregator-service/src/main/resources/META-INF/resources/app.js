// SlideStream dashboard: the slide list with live progress and verdicts (#/), and one slide in OpenSeadragon
// with its heatmap or mask over it, its lesions and its outputs (#/slides/{slideId}).
// Plain browser module, no build step. OpenSeadragon is the global from vendor/openseadragon/openseadragon.min.js.
//
// Access control: when the API answers 401 the page asks for an API key, keeps it in sessionStorage and sends
// it as "Authorization: Bearer <key>" on every request: fetch() for JSON and files, fetch() plus a
// text/event-stream parser for server-sent events (EventSource cannot send headers), and OpenSeadragon's
// ajax tile loading with ajaxHeaders. The key never goes into a URL.
//
// For tests, window.slidestream exposes the current viewer and counters (see `testHooks`).

const KEY_STORAGE = 'slidestream.apiKey';
const OUTPUT_FILES = ['heatmap.png', 'mask.png', 'mask.tiff', 'regions.geojson', 'scores.csv', 'run.json'];
const OVERLAY_MAX_EDGE = 4096; // overlays are upscaled (nearest neighbour) to about this many pixels per edge

const $ = (selector) => document.querySelector(selector);

// ---------------------------------------------------------------------------------------------------------
// HTTP with the API key

class HttpError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

function apiKey() {
    return sessionStorage.getItem(KEY_STORAGE);
}

function authHeaders() {
    const key = apiKey();
    return key ? { Authorization: `Bearer ${key}` } : {};
}

let keyPrompt = null; // one prompt at a time, shared by every request that got 401

function askForKey(refused) {
    if (!keyPrompt) {
        keyPrompt = new Promise((resolve) => {
            const dialog = $('#auth-dialog');
            const form = $('#auth-form');
            $('#auth-message').textContent = refused
                ? 'The API refused that key; enter another one.'
                : 'This SlideStream asks for an API key.';
            $('#auth-key').value = '';
            form.addEventListener('submit', () => {
                sessionStorage.setItem(KEY_STORAGE, $('#auth-key').value.trim());
                keyPrompt = null;
                dialog.close();
                if (viewer) {
                    viewer.setAjaxHeaders(authHeaders(), true);
                }
                resolve();
            }, { once: true });
            dialog.showModal();
        });
    }
    return keyPrompt;
}

/** fetch() with the API key; on 401 asks for a key and tries again. */
async function api(path, init = {}) {
    for (;;) {
        const sentKey = apiKey();
        const response = await fetch(path, { ...init, headers: { ...(init.headers || {}), ...authHeaders() } });
        if (response.status !== 401) {
            return response;
        }
        await askForKey(sentKey !== null);
    }
}

async function errorOf(response) {
    let message = `HTTP ${response.status}`;
    try {
        const body = await response.json();
        if (body && body.error) {
            message += `: ${body.error}`;
        }
    } catch {
        // not JSON
    }
    return new HttpError(response.status, message);
}

async function apiJson(path, init) {
    const response = await api(path, init);
    if (!response.ok) {
        throw await errorOf(response);
    }
    return response.json();
}

function slidePath(slideId, rest = '') {
    return `api/slides/${encodeURIComponent(slideId)}${rest}`;
}

// ---------------------------------------------------------------------------------------------------------
// Server-sent events over fetch()

/** Calls onEvent(data) for each event of one text/event-stream response until it ends. */
async function readEventStream(response, onEvent) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let data = [];
    const line = (text) => {
        if (text === '') {
            if (data.length) {
                onEvent(data.join('\n'));
            }
            data = [];
            return;
        }
        if (text.startsWith(':')) {
            return; // comment / keep-alive
        }
        const colon = text.indexOf(':');
        const field = colon < 0 ? text : text.slice(0, colon);
        let value = colon < 0 ? '' : text.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'data') {
            data.push(value);
        }
    };
    for (;;) {
        const { value, done } = await reader.read();
        if (done) {
            return;
        }
        buffer += value;
        for (;;) {
            const end = buffer.search(/\r\n|\r|\n/);
            if (end < 0 || (end === buffer.length - 1 && buffer[end] === '\r')) {
                break; // no whole line yet (a lone \r may be the first half of \r\n)
            }
            line(buffer.slice(0, end));
            buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        }
    }
}

/**
 * Follows an SSE endpoint until signal aborts: each event's JSON goes to onData; reconnects with back-off
 * when the stream ends or fails; onConnection(state) gets 'live' or 'reconnecting'.
 */
async function followEvents(path, signal, onData, onConnection = () => {}) {
    let delay = 500;
    while (!signal.aborted) {
        try {
            const response = await api(path, { headers: { Accept: 'text/event-stream' }, signal });
            if (!response.ok) {
                throw await errorOf(response);
            }
            onConnection('live');
            delay = 500;
            await readEventStream(response, (text) => {
                try {
                    onData(JSON.parse(text));
                } catch (e) {
                    console.warn('SlideStream: bad event', text, e);
                }
            });
        } catch (e) {
            if (signal.aborted) {
                return;
            }
            console.warn(`SlideStream: ${path}:`, e.message);
        }
        onConnection('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10000);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const number3 = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/** The contract's SlideSummary; tolerates a missing progress. */
function normalise(summary) {
    const state = summary.state ?? 'QUEUED';
    let progress = summary.progress;
    if (progress == null) {
        progress = summary.patchesTotal ? ((summary.patchesScored ?? 0) + (summary.patchesFailed ?? 0)) / summary.patchesTotal
            : (state === 'COMPLETE' ? 1 : 0);
    }
    return { ...summary, state, progress: Math.max(0, Math.min(1, progress)) };
}

function formatEta(seconds) {
    if (seconds == null || !Number.isFinite(seconds)) {
        return '';
    }
    const s = Math.max(0, Math.round(seconds));
    return s < 60 ? `${s} s left` : `${Math.floor(s / 60)} min ${s % 60} s left`;
}

function progressText(s) {
    const total = s.patchesTotal ?? '?';
    const eta = s.state === 'COMPLETE' || s.state === 'FAILED' ? '' : formatEta(s.etaSeconds);
    const failed = s.patchesFailed ? ` · ${s.patchesFailed} unreadable` : '';
    return `${s.patchesScored ?? 0} / ${total} patches${failed}${eta ? ` · ${eta}` : ''}`;
}

function length(mm, px) {
    return mm != null ? `${number3.format(mm)} mm` : px != null ? `${number3.format(px)} px` : '–';
}

function area(mm2, px2) {
    return mm2 != null ? `${number3.format(mm2)} mm²` : px2 != null ? `${number3.format(px2)} px²` : '–';
}

function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
        if (value == null) {
            continue;
        }
        if (name === 'class') {
            node.className = value;
        } else if (name === 'text') {
            node.textContent = value;
        } else if (name.startsWith('on')) {
            node.addEventListener(name.slice(2), value);
        } else {
            node.setAttribute(name, value);
        }
    }
    node.append(...children.filter((c) => c != null));
    return node;
}

function stateBadge(state, testid = 'slide-state') {
    return el('span', { class: `state state-${state}`, 'data-testid': testid, 'data-state': state, text: state });
}

function progressBar(s) {
    const percent = Math.round(s.progress * 100);
    return el('div', { class: 'progress', 'data-testid': 'slide-progress', 'data-progress': s.progress.toFixed(4) },
        el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': percent },
            el('div', { class: `fill fill-${s.state}`, style: `width: ${percent}%` })),
        el('span', { class: 'progress-text', 'data-testid': 'progress-text', text: progressText(s) }));
}

function verdictSummary(verdict) {
    const lesions = verdict.lesions ? verdict.lesions.length : 0;
    return el('span', { class: 'verdict', 'data-testid': 'verdict-summary' },
        el('span', { class: `badge badge-${verdict.category}`, 'data-testid': 'verdict-category',
            'data-category': verdict.category, text: verdict.category }),
        el('span', { class: 'numbers', 'data-testid': 'verdict-numbers',
            text: `max ${number3.format(verdict.maxScore ?? 0)} · largest ${length(verdict.largestDiameterMm, verdict.largestDiameterPx)}`
                + ` · ${lesions} lesion${lesions === 1 ? '' : 's'}` }));
}

// ---------------------------------------------------------------------------------------------------------
// Slide list (#/)

const slides = new Map(); // slideId → normalised summary, in list order (newest first)
const verdictRequests = new Set();
let listController = null;

function renderRow(s) {
    const id = s.slideId;
    const name = s.slideRef || id;
    let verdictCell;
    if (s.state === 'FAILED') {
        verdictCell = el('span', { class: 'error', 'data-testid': 'slide-reason', text: s.reason || 'failed' });
    } else if (s.verdict) {
        verdictCell = verdictSummary(s.verdict);
    } else {
        verdictCell = el('span', { class: 'muted', text: s.state === 'COMPLETE' ? 'loading verdict…' : '' });
    }
    return el('tr', { 'data-testid': 'slide-row', 'data-slide-id': id, 'data-state': s.state },
        el('td', {},
            el('a', { href: `#/slides/${encodeURIComponent(id)}`, 'data-testid': 'slide-link', text: name }),
            s.slideRef ? el('div', { class: 'muted small', text: id }) : null),
        el('td', {}, stateBadge(s.state)),
        el('td', {}, progressBar(s)),
        el('td', {}, verdictCell));
}

function renderList() {
    const rows = $('#slide-rows');
    rows.replaceChildren(...[...slides.values()].map(renderRow));
    $('#list-empty').hidden = slides.size > 0;
}

function mergeSummary(raw) {
    const s = normalise(raw);
    const old = slides.get(s.slideId);
    if (!s.verdict && old && old.verdict && s.state === 'COMPLETE') {
        s.verdict = old.verdict;
    }
    if (!old) {
        const rest = [...slides.entries()];
        slides.clear();
        slides.set(s.slideId, s);
        rest.forEach(([k, v]) => slides.set(k, v));
    } else {
        slides.set(s.slideId, s);
    }
    if (s.state === 'COMPLETE' && !s.verdict) {
        fetchListVerdict(s.slideId);
    }
    return s;
}

/** A COMPLETE summary without its verdict (e.g. from an older API): fetch it once. */
async function fetchListVerdict(slideId) {
    if (verdictRequests.has(slideId)) {
        return;
    }
    verdictRequests.add(slideId);
    try {
        const verdict = await apiJson(slidePath(slideId, '/verdict'));
        const s = slides.get(slideId);
        if (s) {
            s.verdict = verdict;
            scheduleListRender();
        }
    } catch (e) {
        console.warn(`SlideStream: verdict of ${slideId}:`, e.message);
    }
}

let renderPending = false;

function scheduleListRender() {
    if (!renderPending) {
        renderPending = true;
        requestAnimationFrame(() => {
            renderPending = false;
            renderList();
        });
    }
}

function setConnection(state) {
    const node = $('#connection');
    node.dataset.state = state;
    node.textContent = state === 'live' ? 'live' : state === 'reconnecting' ? 'reconnecting…' : 'connecting…';
}

async function startList() {
    if (listController) {
        return;
    }
    listController = new AbortController();
    try {
        const list = await apiJson('api/slides', { signal: listController.signal });
        slides.clear();
        list.forEach((s) => {
            const n = normalise(s);
            slides.set(n.slideId, n);
        });
        [...slides.values()].filter((s) => s.state === 'COMPLETE' && !s.verdict).forEach((s) => fetchListVerdict(s.slideId));
        $('#list-error').hidden = true;
        renderList();
    } catch (e) {
        $('#list-error').textContent = `Could not load the slides: ${e.message}`;
        $('#list-error').hidden = false;
    }
    followEvents('api/events', listController.signal, (summary) => {
        mergeSummary(summary);
        scheduleListRender();
    }, setConnection);
}

// ---------------------------------------------------------------------------------------------------------
// Slide view (#/slides/{slideId})

let viewer = null;
let view = null; // { slideId, controller, detail, state, slideItem, overlayItem, overlayUrl, resultsLoaded }

const testHooks = {
    get viewer() { return viewer; },
    get slideItem() { return view && view.slideItem; },
    get overlayItem() { return view && view.overlayItem; },
    get overlayFile() { return view && view.overlayFile; },
    get verdict() { return view && view.verdict; },
    tilesLoaded: 0,
    tilesFailed: 0,
    slideFullyLoaded: false,
};
window.slidestream = testHooks;

function closeSlide() {
    if (view) {
        view.controller.abort();
        if (view.overlayUrl) {
            URL.revokeObjectURL(view.overlayUrl);
        }
    }
    if (viewer) {
        viewer.destroy();
        viewer = null;
    }
    view = null;
    testHooks.tilesLoaded = 0;
    testHooks.tilesFailed = 0;
    testHooks.slideFullyLoaded = false;
}

function showSlideError(message) {
    $('#slide-error').textContent = message;
    $('#slide-error').hidden = !message;
}

function renderSlideHeader(s) {
    $('#slide-title').textContent = s.slideRef || s.slideId;
    $('#slide-title').title = s.slideId;
    $('#slide-state').replaceWith(Object.assign(stateBadge(s.state), { id: 'slide-state' }));
    $('#slide-progress').replaceChildren(progressBar(s));
    $('#slide-reason').hidden = s.state !== 'FAILED';
    $('#slide-reason').textContent = s.state === 'FAILED' ? (s.reason || 'failed') : '';
}

async function openSlide(slideId) {
    closeSlide();
    const controller = new AbortController();
    view = { slideId, controller, state: null, slideItem: null, overlayItem: null, resultsLoaded: false };
    const current = view;
    $('#slide-title').textContent = slideId;
    $('#slide-progress').replaceChildren();
    $('#verdict').replaceChildren(el('p', { class: 'muted', text: 'available once the slide is complete' }));
    $('#lesion-list').replaceChildren();
    $('#lesion-count').textContent = '';
    $('#downloads').replaceChildren(el('li', { class: 'muted', text: 'available once the slide is complete' }));
    $('#overlay-status').textContent = 'available once the slide is complete';
    showSlideError('');

    let detail;
    let info;
    try {
        [detail, info] = await Promise.all([
            apiJson(slidePath(slideId), { signal: controller.signal }),
            apiJson(slidePath(slideId, '/tiles/info'), { signal: controller.signal }),
        ]);
    } catch (e) {
        if (!controller.signal.aborted) {
            showSlideError(e.status === 404 ? `No slide ${slideId}.` : `Could not open the slide: ${e.message}`);
        }
        return;
    }
    if (view !== current) {
        return;
    }
    current.detail = detail;
    onSlideSummary(current, detail);
    createViewer(current, info);
    followEvents(slidePath(slideId, '/events'), controller.signal, (summary) => {
        if (view === current) {
            onSlideSummary(current, summary);
        }
    });
}

function onSlideSummary(current, raw) {
    const s = normalise(raw);
    current.state = s.state;
    renderSlideHeader(s);
    if (s.state === 'COMPLETE' && !current.resultsLoaded) {
        current.resultsLoaded = true;
        loadResults(current);
    }
}

function createViewer(current, info) {
    const slideId = current.slideId;
    viewer = OpenSeadragon({
        element: $('#viewer'),
        prefixUrl: 'vendor/openseadragon/images/',
        drawer: 'canvas',
        showNavigator: true,
        navigatorPosition: 'BOTTOM_RIGHT',
        loadTilesWithAjax: true,
        ajaxHeaders: authHeaders(),
        maxZoomPixelRatio: 2,
        visibilityRatio: 0.5,
        gestureSettingsMouse: { clickToZoom: false },
        tileSources: {
            width: info.width,
            height: info.height,
            tileSize: info.tileSize,
            tileOverlap: info.overlap,
            minLevel: 0,
            maxLevel: info.maxLevel,
            getTileUrl: (level, x, y) => slidePath(slideId, `/tiles/${level}/${x}_${y}.jpeg`),
        },
    });
    viewer.addHandler('open', () => {
        current.slideItem = viewer.world.getItemAt(0);
        current.slideItem.addHandler('fully-loaded-change', (event) => {
            if (event.fullyLoaded) {
                testHooks.slideFullyLoaded = true;
                $('#viewer').dataset.slideLoaded = 'true';
            }
        });
        if (current.state === 'COMPLETE') {
            showOverlay(current);
        }
    });
    viewer.addHandler('open-failed', (event) => showSlideError(`The viewer could not open the slide: ${event.message}`));
    viewer.addHandler('tile-loaded', () => {
        testHooks.tilesLoaded += 1;
    });
    viewer.addHandler('tile-load-failed', () => {
        testHooks.tilesFailed += 1;
        // A 401 on a tile: ask the API (which then asks for a key) and give OpenSeadragon the new header.
        if (testHooks.tilesFailed === 1) {
            api('api/slides').catch(() => {});
        }
    });
}

async function loadResults(current) {
    renderDownloads(current.slideId);
    showOverlay(current);
    try {
        const verdict = await apiJson(slidePath(current.slideId, '/verdict'), { signal: current.controller.signal });
        if (view === current) {
            current.verdict = verdict;
            renderVerdict(current, verdict);
        }
    } catch (e) {
        if (!current.controller.signal.aborted) {
            $('#verdict').replaceChildren(el('p', { class: 'error', text: `No verdict: ${e.message}` }));
        }
    }
}

function renderVerdict(current, v) {
    const rows = [
        ['Category', el('span', { class: `badge badge-${v.category}`, 'data-testid': 'verdict-category',
            'data-category': v.category, text: v.category })],
        ['Maximum patch score', number3.format(v.maxScore)],
        ['Slide probability', v.slideProbability != null ? number3.format(v.slideProbability) : '–'],
        ['Tumour area', area(v.tumourAreaMm2, v.tumourAreaPx2)],
        ['Largest diameter', length(v.largestDiameterMm, v.largestDiameterPx)],
        ['Threshold', v.threshold != null ? String(v.threshold) : '–'],
    ];
    $('#verdict').replaceChildren(
        el('dl', { class: 'verdict-table' }, ...rows.flatMap(([k, val]) => [el('dt', { text: k }), el('dd', {}, val)])));
    if (v.millimetresUnavailable) {
        $('#verdict').append(el('p', { class: 'muted small', 'data-testid': 'mm-unavailable',
            text: `No millimetres: ${v.millimetresUnavailable}` }));
    }
    if (v.incomplete) {
        $('#verdict').append(el('p', { class: 'muted small', 'data-testid': 'verdict-incomplete',
            text: `Incomplete: ${v.incompleteReason}` }));
    }
    const lesions = v.lesions || [];
    $('#lesion-count').textContent = `(${lesions.length})`;
    $('#lesion-list').replaceChildren(...lesions.map((lesion) => el('li', {},
        el('button', {
            type: 'button', class: 'lesion', 'data-testid': 'lesion', 'data-lesion-id': lesion.id,
            'data-bbox': JSON.stringify(lesion.bbox),
            onclick: () => zoomToLesion(current, lesion),
            text: `#${lesion.id}: ${length(lesion.largestDiameterMm, lesion.largestDiameterPx)}, `
                + `${area(lesion.areaMm2, lesion.areaPx2)}, mean score ${number3.format(lesion.meanScore)}`,
        }))));
    if (!lesions.length) {
        $('#lesion-list').append(el('li', { class: 'muted', text: 'none' }));
    }
}

function zoomToLesion(current, lesion) {
    if (!viewer || !current.slideItem) {
        return;
    }
    const b = lesion.bbox;
    // A margin of half the lesion (at least 256 level-0 px) around it, so its surroundings show too.
    const margin = Math.max(256, 0.5 * Math.max(b.width, b.height));
    const rect = current.slideItem.imageToViewportRectangle(
        b.x - margin, b.y - margin, b.width + 2 * margin, b.height + 2 * margin);
    viewer.viewport.fitBoundsWithConstraints(rect);
    document.querySelectorAll('#lesion-list .lesion').forEach((node) =>
        node.classList.toggle('selected', node.dataset.lesionId === String(lesion.id)));
}

function renderDownloads(slideId) {
    $('#downloads').replaceChildren(...OUTPUT_FILES.map((file) => el('li', {},
        el('a', {
            href: slidePath(slideId, `/${file}`), download: `${slideId}-${file}`, 'data-testid': 'download',
            'data-file': file, text: file,
            onclick: (event) => {
                if (apiKey()) {
                    event.preventDefault(); // a plain link cannot send the key: fetch it, save the blob
                    downloadWithKey(slideId, file);
                }
            },
        }))));
}

async function downloadWithKey(slideId, file) {
    try {
        const response = await api(slidePath(slideId, `/${file}`));
        if (!response.ok) {
            throw await errorOf(response);
        }
        const url = URL.createObjectURL(await response.blob());
        const link = el('a', { href: url, download: `${slideId}-${file}` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
        showSlideError(`Could not download ${file}: ${e.message}`);
    }
}

// --- overlay: heatmap.png / mask.png, one pixel per grid cell (per sub-cell for a slide scored with probability
// maps), stretched over the cells' level-0 extent

let overlayRequest = 0;

async function showOverlay(current) {
    const file = $('#overlay-select').value;
    const request = ++overlayRequest;
    if (!viewer || !current.slideItem || current.state !== 'COMPLETE') {
        return;
    }
    removeOverlay(current);
    if (file === 'none') {
        $('#overlay-status').textContent = 'no overlay';
        return;
    }
    const grid = current.detail && current.detail.grid;
    if (!grid) {
        $('#overlay-status').textContent = 'no grid for this slide';
        return;
    }
    $('#overlay-status').textContent = `loading ${file}…`;
    let url;
    try {
        url = await overlayImage(current, file);
    } catch (e) {
        if (request === overlayRequest) {
            $('#overlay-status').textContent = `could not load ${file}: ${e.message}`;
        }
        return;
    }
    if (request !== overlayRequest || view !== current || !viewer) {
        URL.revokeObjectURL(url);
        return;
    }
    current.overlayUrl = url;
    // Cell (c, r) covers the level-0 square at (c·cellSize, r·cellSize): the image spans cols·cellSize by
    // rows·cellSize level-0 pixels from the slide's origin (a little past its right/bottom edge at most).
    const extent = current.slideItem.imageToViewportRectangle(0, 0, grid.cols * grid.cellSize, grid.rows * grid.cellSize);
    viewer.addTiledImage({
        tileSource: { type: 'image', url },
        x: extent.x,
        y: extent.y,
        width: extent.width,
        opacity: Number($('#overlay-opacity').value),
        success: (event) => {
            if (request !== overlayRequest || view !== current) {
                viewer.world.removeItem(event.item);
                return;
            }
            current.overlayItem = event.item;
            current.overlayFile = file;
            $('#viewer').dataset.overlay = file;
            const subCells = grid.subCellEdge ? `, each ${grid.subCellEdge} × ${grid.subCellEdge} sub-cells` : '';
            $('#overlay-status').textContent = `${file}: ${grid.cols} × ${grid.rows} cells of ${number3.format(grid.cellSize)} px${subCells}`;
        },
        error: (event) => {
            $('#overlay-status').textContent = `could not show ${file}: ${event.message || 'error'}`;
        },
    });
}

function removeOverlay(current) {
    if (current.overlayItem && viewer) {
        viewer.world.removeItem(current.overlayItem);
    }
    current.overlayItem = null;
    current.overlayFile = null;
    delete $('#viewer').dataset.overlay;
    if (current.overlayUrl) {
        URL.revokeObjectURL(current.overlayUrl);
        current.overlayUrl = null;
    }
}

/**
 * The output PNG fetched with the key, upscaled without smoothing so cells stay sharp, and for the mask
 * coloured: tumour cells red, the rest transparent. Returns a blob: URL (OpenSeadragon's plain-image
 * source loads it with an <img>, which could not send the key).
 */
async function overlayImage(current, file) {
    const response = await api(slidePath(current.slideId, `/${file}`), { signal: current.controller.signal });
    if (!response.ok) {
        throw await errorOf(response);
    }
    const bitmap = await createImageBitmap(await response.blob());
    const scale = Math.max(1, Math.min(16, Math.floor(OVERLAY_MAX_EDGE / Math.max(bitmap.width, bitmap.height))));
    let source = bitmap;
    if (file === 'mask.png') {
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
        const d = pixels.data;
        for (let i = 0; i < d.length; i += 4) {
            const on = d[i] > 127 && d[i + 3] > 0;
            d[i] = 230; d[i + 1] = 30; d[i + 2] = 60; d[i + 3] = on ? 255 : 0;
        }
        context.putImageData(pixels, 0, 0);
        source = canvas;
    }
    const canvas = new OffscreenCanvas(bitmap.width * scale, bitmap.height * scale);
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
}

function setOpacity() {
    const value = Number($('#overlay-opacity').value);
    $('#overlay-opacity-value').textContent = `${Math.round(value * 100)}%`;
    if (view && view.overlayItem) {
        view.overlayItem.setOpacity(value);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Routing

function route() {
    const match = location.hash.match(/^#\/slides\/(.+)$/);
    $('#list-view').hidden = Boolean(match);
    $('#slide-view').hidden = !match;
    if (match) {
        const slideId = decodeURIComponent(match[1]);
        if (!view || view.slideId !== slideId) {
            openSlide(slideId);
        }
    } else {
        closeSlide();
        renderList();
    }
}

$('#overlay-select').addEventListener('change', () => view && showOverlay(view));
$('#overlay-opacity').addEventListener('input', setOpacity);
window.addEventListener('hashchange', route);
startList();
route();
