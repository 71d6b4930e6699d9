#!/usr/bin/env node
// A stand-in for the aggregator's API (as in the issue-6 contract) that serves the dashboard's static files,
// so dashboard-check.mjs and the page can be tried without a stack:
//
//   node mock-aggregator.mjs PORT [STATIC_DIR]      (STATIC_DIR default: the aggregator's built
//                                                    target/classes/META-INF/resources, which has vendor/)
//   node dashboard-check.mjs http://127.0.0.1:PORT mock-slide 2 /tmp/dashboard.png
//
// One slide, "mock-slide" (4096 x 3072 px, a 31 x 24 grid of 132 px cells so the grid overhangs the slide),
// goes from SCORING to COMPLETE in about 4 s after the server starts. MOCK_API_KEY=k makes /api/* answer 401
// without "Authorization: Bearer k". Tiles are generated PNGs served as image/jpeg (browsers sniff them).

import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] || 8090);
const staticDir = resolve(process.argv[3]
    || join(here, '../../../../aggregator-service/target/classes/META-INF/resources'));
const sourceDir = resolve(join(here, '../../../../aggregator-service/src/main/resources/META-INF/resources'));
const apiKey = process.env.MOCK_API_KEY || '';

const SLIDE = 'mock-slide';
const WIDTH = 4096;
const HEIGHT = 3072;
const CELL = 132;
const COLS = Math.ceil(WIDTH / CELL);
const ROWS = Math.ceil(HEIGHT / CELL);
const TOTAL = COLS * ROWS;
const started = Date.now();

// --- PNG encoding (RGBA, no filter)
const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});
function crc32(buf) {
    let c = 0xffffffff;
    for (const b of buf) {
        c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}
function png(width, height, pixel) {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8; header[9] = 6; header[10] = 0; header[11] = 0; header[12] = 0;
    const raw = Buffer.alloc((width * 4 + 1) * height);
    for (let y = 0; y < height; y++) {
        raw[y * (width * 4 + 1)] = 0;
        for (let x = 0; x < width; x++) {
            const [r, g, b, a] = pixel(x, y);
            const o = y * (width * 4 + 1) + 1 + x * 4;
            raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
        }
    }
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
        chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Two "lesions" in level-0 pixels; a cell is tumour when its centre falls in one.
const LESIONS = [
    { id: 1, x: 2400, y: 1200, width: 900, height: 700 },
    { id: 2, x: 600, y: 2200, width: 300, height: 260 },
];
const inLesion = (px, py) => LESIONS.some((l) => px >= l.x && px < l.x + l.width && py >= l.y && py < l.y + l.height);
const cellScore = (c, r) => (inLesion((c + 0.5) * CELL, (r + 0.5) * CELL) ? 0.95 : 0.05 + 0.1 * ((c * 7 + r * 3) % 5) / 5);
const heatmap = png(COLS, ROWS, (c, r) => {
    const s = cellScore(c, r);
    return s >= 0.5 ? [230, 40, 40, 255] : [40, 80, 230, 160];
});
const mask = png(COLS, ROWS, (c, r) => (cellScore(c, r) >= 0.5 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
const tileCache = new Map();
function tile(level) {
    if (!tileCache.has(level)) {
        const shade = 200 + (level * 5) % 50;
        tileCache.set(level, png(254, 254, (x, y) => ((x >> 5) + (y >> 5)) % 2
            ? [shade, 150, 200, 255] : [240, 220, 235, 255]));
    }
    return tileCache.get(level);
}

const mm = 0.5 / 1000; // 0.5 µm per pixel
const verdict = {
    category: 'MICRO', threshold: 0.5, maxScore: 0.95, slideProbability: 0.93,
    tumourAreaPx2: 900 * 700 + 300 * 260, tumourAreaMm2: (900 * 700 + 300 * 260) * mm * mm,
    largestDiameterPx: Math.hypot(900, 700), largestDiameterMm: Math.hypot(900, 700) * mm, millimetresUnavailable: null,
    lesions: LESIONS.map((l) => ({
        id: l.id, cells: Math.round(l.width * l.height / CELL / CELL), areaPx2: l.width * l.height,
        areaMm2: l.width * l.height * mm * mm, largestDiameterPx: Math.hypot(l.width, l.height),
        largestDiameterMm: Math.hypot(l.width, l.height) * mm, meanScore: 0.9, maxScore: 0.95,
        bbox: { x: l.x, y: l.y, width: l.width, height: l.height },
        centroid: { x: l.x + l.width / 2, y: l.y + l.height / 2 },
    })),
};

function summary() {
    const progress = Math.min(1, (Date.now() - started) / 4000);
    const complete = progress >= 1;
    return {
        slideId: SLIDE, slideRef: 'mock/slide.svs', state: complete ? 'COMPLETE' : 'SCORING', reason: null,
        patchesTotal: TOTAL, patchesScored: Math.round(progress * TOTAL), progress,
        etaSeconds: complete ? null : (4000 - (Date.now() - started)) / 1000, updatedAt: new Date().toISOString(),
        verdict: complete ? verdict : null,
    };
}
const failed = {
    slideId: 'mock-failed', slideRef: 'mock/broken.svs', state: 'FAILED', reason: 'OpenSlide cannot read mock/broken.svs',
    patchesTotal: null, patchesScored: 0, progress: 0, etaSeconds: null, updatedAt: new Date(started).toISOString(), verdict: null,
};

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.txt': 'text/plain' };

function send(res, status, type, body) {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
}
const json = (res, status, value) => send(res, status, 'application/json', JSON.stringify(value));

function events(res, filter) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let last = '';
    const timer = setInterval(() => {
        const s = summary();
        const text = JSON.stringify({ ...s, updatedAt: null });
        if (text !== last) {
            last = text;
            // Split over two writes, CRLF line ends: the page's parser must cope.
            const event = `data: ${JSON.stringify(s)}\r\n\r\n`;
            res.write(event.slice(0, 17));
            res.write(event.slice(17));
        } else {
            res.write(': keep-alive\n\n');
        }
    }, 250);
    if (!filter) {
        res.write(`data: ${JSON.stringify(failed)}\n\n`);
    }
    res.on('close', () => clearInterval(timer));
}

createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/api/')) {
        if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
            return json(res, 401, { error: 'an API key is required' });
        }
        if (path === '/api/slides') {
            return json(res, 200, [summary(), failed]);
        }
        if (path === '/api/events') {
            return events(res, null);
        }
        const m = path.match(/^\/api\/slides\/([^/]+)(\/.*)?$/);
        if (!m || m[1] !== SLIDE) {
            return json(res, 404, { error: `no slide ${m ? m[1] : path}` });
        }
        const rest = m[2] || '';
        const complete = summary().state === 'COMPLETE';
        if (rest === '') {
            return json(res, 200, { ...summary(), grid: { cols: COLS, rows: ROWS, cellSize: CELL, cellEdgeUm: CELL * 0.5, profile: 'mock' } });
        }
        if (rest === '/events') {
            return events(res, SLIDE);
        }
        if (rest === '/tiles/info') {
            return json(res, 200, { width: WIDTH, height: HEIGHT, tileSize: 254, overlap: 1, maxLevel: 12, mpp: 0.5 });
        }
        const t = rest.match(/^\/tiles\/(\d+)\/(\d+)_(\d+)\.jpeg$/);
        if (t) {
            return send(res, 200, 'image/jpeg', tile(Number(t[1])));
        }
        const outputs = {
            '/verdict': () => json(res, 200, verdict),
            '/heatmap.png': () => send(res, 200, 'image/png', heatmap),
            '/mask.png': () => send(res, 200, 'image/png', mask),
            '/mask.tiff': () => send(res, 200, 'image/tiff', Buffer.from('II*\0mock')),
            '/regions.geojson': () => json(res, 200, { type: 'FeatureCollection', features: [] }),
            '/scores.csv': () => send(res, 200, 'text/csv', 'minx,miny,width,height,prob_tumor\n'),
            '/run.json': () => json(res, 200, { model: 'mock' }),
        };
        if (!outputs[rest]) {
            return json(res, 404, { error: `no such path ${rest}` });
        }
        return complete ? outputs[rest]() : json(res, 409, { error: 'slide not COMPLETE' });
    }
    const file = path === '/' ? 'index.html' : path.slice(1);
    for (const dir of [sourceDir, staticDir]) {
        const full = resolve(dir, file);
        if (full.startsWith(dir) && existsSync(full) && statSync(full).isFile()) {
            return send(res, 200, TYPES[extname(full)] || 'application/octet-stream', readFileSync(full));
        }
    }
    return json(res, 404, { error: `no file ${path}` });
}).listen(port, '127.0.0.1', () => console.log(`mock aggregator on http://127.0.0.1:${port} (static ${staticDir})`));
