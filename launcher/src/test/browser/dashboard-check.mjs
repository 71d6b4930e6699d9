#!/usr/bin/env node
// Drives real headless Chromium (Debian's /usr/bin/chromium, via playwright-core) through the aggregator's
// dashboard for one slide and checks what it shows. EndToEndIT runs it against the local stack.
//
//   node dashboard-check.mjs BASE_URL SLIDE_ID EXPECTED_LESIONS SCREENSHOT_PATH
//
//   BASE_URL          the aggregator, e.g. http://127.0.0.1:8080
//   SLIDE_ID          a slide that is (or will become) COMPLETE
//   EXPECTED_LESIONS  how many lesions the slide's verdict lists
//   SCREENSHOT_PATH   where the PNG of the slide view goes
//
// Environment: SLIDESTREAM_API_KEY (optional; when set, the page must ask for a key and the check types it
// into the page's form), CHROMIUM_PATH (default /usr/bin/chromium), DASHBOARD_TIMEOUT_S (how long the slide
// may take to complete, default 600).
// Exit status 0 when every check passed; 1 with "dashboard-check: FAIL: <why>" otherwise; 2 on bad usage.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const [baseArg, slideId, expectedArg, screenshotPath] = process.argv.slice(2);
if (!baseArg || !slideId || expectedArg === undefined || !screenshotPath || !/^\d+$/.test(expectedArg)) {
    console.error('usage: node dashboard-check.mjs BASE_URL SLIDE_ID EXPECTED_LESIONS SCREENSHOT_PATH');
    process.exit(2);
}
const base = baseArg.replace(/\/+$/, '');
const expectedLesions = Number(expectedArg);
const apiKey = process.env.SLIDESTREAM_API_KEY || '';
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const completeTimeoutMs = Number(process.env.DASHBOARD_TIMEOUT_S || 600) * 1000;
const STEP_MS = 60_000;

class CheckFailure extends Error {}

function fail(message) {
    throw new CheckFailure(message);
}

function log(message) {
    console.log(`dashboard-check: ${message}`);
}

async function apiJson(path) {
    const response = await fetch(`${base}/${path}`, { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {} });
    if (!response.ok) {
        fail(`GET ${path} answered HTTP ${response.status}: ${await response.text()}`);
    }
    return response.json();
}

/** page.waitForFunction with a readable failure. */
async function waitFor(page, what, fn, arg, timeout = STEP_MS) {
    try {
        return await page.waitForFunction(fn, arg, { timeout, polling: 200 });
    } catch (e) {
        fail(`${what} (waited ${Math.round(timeout / 1000)} s): ${e.message.split('\n')[0]}`);
    }
}

async function main() {
    if (!existsSync(chromiumPath)) {
        fail(`no Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    const pageErrors = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('console', (message) => {
            if (message.type() === 'error') {
                log(`browser console: ${message.text()}`);
            }
        });

        // 1. The list: the slide's row, live until COMPLETE, with its verdict.
        await page.goto(`${base}/`);
        if (apiKey) {
            await waitFor(page, 'the page to ask for an API key after a 401',
                () => document.querySelector('#auth-dialog')?.open === true);
            await page.fill('#auth-key', apiKey);
            await page.click('[data-testid=auth-submit]');
            log('typed the API key into the page\'s form');
        }
        const row = `[data-testid=slide-row][data-slide-id="${slideId}"]`;
        const first = await waitFor(page, `a row for slide ${slideId} in the list`,
            (sel) => (document.querySelector(sel) && 'row') || (document.querySelector('#auth-dialog').open && 'auth'), row);
        if ((await first.jsonValue()) === 'auth') {
            fail('the page asks for an API key (the API answered 401): set SLIDESTREAM_API_KEY');
        }
        const finalState = await waitFor(page, `slide ${slideId} to be COMPLETE or FAILED in the list`,
            (sel) => ['COMPLETE', 'FAILED'].includes(document.querySelector(sel)?.dataset.state)
                && document.querySelector(sel).dataset.state, row, completeTimeoutMs);
        if ((await finalState.jsonValue()) !== 'COMPLETE') {
            fail(`slide ${slideId} FAILED: ${await page.textContent(`${row} [data-testid=slide-reason]`)}`);
        }
        await waitFor(page, 'the verdict category in the slide\'s row',
            (sel) => document.querySelector(`${sel} [data-testid=verdict-category]`), row);
        const listCategory = await page.getAttribute(`${row} [data-testid=verdict-category]`, 'data-category');
        const progress = Number(await page.getAttribute(`${row} [data-testid=slide-progress]`, 'data-progress'));
        if (Math.abs(progress - 1) > 1e-6) {
            fail(`a COMPLETE slide's progress bar shows ${progress}, not 1`);
        }
        log(`list: ${slideId} COMPLETE, verdict ${listCategory}, progress bar full`);

        // 2. The slide view: OpenSeadragon draws the slide's own tiles.
        await page.click(`${row} [data-testid=slide-link]`);
        await waitFor(page, 'the slide view', () => !document.querySelector('#slide-view').hidden
            && location.hash.startsWith('#/slides/'));
        await waitFor(page, 'OpenSeadragon to load and draw the slide\'s tiles',
            () => window.slidestream?.slideItem?.getFullyLoaded() && window.slidestream.tilesLoaded > 0);
        const tiles = await page.evaluate(() => ({ loaded: window.slidestream.tilesLoaded, failed: window.slidestream.tilesFailed }));
        await waitFor(page, 'the verdict panel', () => document.querySelector('#verdict [data-testid=verdict-category]'));
        const viewCategory = await page.getAttribute('#verdict [data-testid=verdict-category]', 'data-category');
        if (viewCategory !== listCategory) {
            fail(`the slide view's verdict ${viewCategory} differs from the list's ${listCategory}`);
        }
        log(`viewer: slide fully drawn, ${tiles.loaded} tiles loaded, ${tiles.failed} failed`);

        // 3. The heatmap overlay, stretched over the grid's level-0 extent, and its opacity slider.
        const [detail, info] = await Promise.all([
            apiJson(`api/slides/${encodeURIComponent(slideId)}`),
            apiJson(`api/slides/${encodeURIComponent(slideId)}/tiles/info`),
        ]);
        await waitFor(page, 'the heatmap overlay in the viewer',
            () => window.slidestream.overlayItem && window.slidestream.overlayFile === 'heatmap.png'
                && window.slidestream.viewer.world.getItemCount() === 2);
        const geometry = await page.evaluate(() => {
            const s = window.slidestream;
            const slide = s.slideItem.getBounds();
            const overlay = s.overlayItem.getBounds();
            return { slideX: slide.x, slideWidth: slide.width, overlayX: overlay.x, overlayY: overlay.y, overlayWidth: overlay.width,
                overlayHeight: overlay.height, opacity: s.overlayItem.getOpacity() };
        });
        const grid = detail.grid;
        const expectedWidth = geometry.slideWidth * grid.cols * grid.cellSize / info.width;
        const expectedHeight = geometry.slideWidth * grid.rows * grid.cellSize / info.width;
        if (Math.abs(geometry.overlayWidth - expectedWidth) > 1e-6 * geometry.slideWidth
            || Math.abs(geometry.overlayHeight - expectedHeight) > 1e-3 * geometry.slideWidth
            || Math.abs(geometry.overlayX - geometry.slideX) > 1e-9) {
            fail(`overlay spans ${JSON.stringify(geometry)}; expected width ${expectedWidth}, height ${expectedHeight} `
                + `(grid ${grid.cols}x${grid.rows} cells of ${grid.cellSize} px on a ${info.width} px wide slide)`);
        }
        for (const value of ['0.2', '0.85']) {
            await page.fill('#overlay-opacity', value);
            const opacity = await page.evaluate(() => window.slidestream.overlayItem.getOpacity());
            if (Math.abs(opacity - Number(value)) > 1e-6) {
                fail(`opacity slider set to ${value}, overlay opacity is ${opacity}`);
            }
        }
        log(`overlay: heatmap.png over ${grid.cols}x${grid.rows} cells, opacity follows the slider`);
        await page.selectOption('#overlay-select', 'mask.png');
        await waitFor(page, 'the mask overlay after choosing it', () => window.slidestream.overlayFile === 'mask.png'
            && window.slidestream.viewer.world.getItemCount() === 2);
        const maskOpacity = await page.evaluate(() => window.slidestream.overlayItem.getOpacity());
        if (Math.abs(maskOpacity - 0.85) > 1e-6) {
            fail(`the mask overlay came up at opacity ${maskOpacity}, not the slider's 0.85`);
        }
        await page.selectOption('#overlay-select', 'heatmap.png');
        await waitFor(page, 'the heatmap overlay again', () => window.slidestream.overlayFile === 'heatmap.png'
            && window.slidestream.viewer.world.getItemCount() === 2);
        await page.fill('#overlay-opacity', '0.5');
        log('overlay: mask.png selectable, back to heatmap.png at 50%');

        // 4. The lesion list; a click zooms the viewer to the lesion.
        const lesions = await page.locator('[data-testid=lesion]').count();
        if (lesions !== expectedLesions) {
            fail(`the lesion list shows ${lesions} lesions, expected ${expectedLesions}`);
        }
        if (lesions > 0) {
            const before = await page.evaluate(() => {
                const b = window.slidestream.viewer.viewport.getBounds(true);
                return { x: b.x, y: b.y, width: b.width, height: b.height };
            });
            const bbox = JSON.parse(await page.getAttribute('[data-testid=lesion] >> nth=0', 'data-bbox'));
            await page.click('[data-testid=lesion] >> nth=0');
            await waitFor(page, 'the viewport to zoom in on the first lesion after clicking it', ([b, old]) => {
                const s = window.slidestream;
                const now = s.viewer.viewport.getBounds(true);
                const centre = s.slideItem.imageToViewportCoordinates(b.x + b.width / 2, b.y + b.height / 2);
                const target = s.viewer.viewport.getBounds(false);
                const settled = Math.abs(now.x - target.x) < 1e-9 && Math.abs(now.width - target.width) < 1e-9;
                return settled && now.width < old.width && centre.x > now.x && centre.x < now.x + now.width
                    && centre.y > now.y && centre.y < now.y + now.height;
            }, [bbox, before]);
            const after = await page.evaluate(() => window.slidestream.viewer.viewport.getBounds(true).width);
            log(`lesions: ${lesions} listed; clicking #1 zoomed the viewport from width ${before.width.toFixed(4)} to ${after.toFixed(4)}`);
        } else {
            log('lesions: none listed, as expected');
        }

        // 5. The six downloads answer 200 with content (fetched as the page would, with the key if any).
        const downloads = await page.evaluate(async (key) => {
            const links = [...document.querySelectorAll('[data-testid=download]')];
            return Promise.all(links.map(async (a) => {
                const response = await fetch(a.href, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
                const body = await response.arrayBuffer();
                return { file: a.dataset.file, href: a.getAttribute('href'), status: response.status, bytes: body.byteLength };
            }));
        }, apiKey);
        const files = downloads.map((d) => d.file).sort().join(',');
        const expectedFiles = ['heatmap.png', 'mask.png', 'mask.tiff', 'regions.geojson', 'run.json', 'scores.csv'].join(',');
        if (files !== expectedFiles) {
            fail(`download links for ${files}; expected ${expectedFiles}`);
        }
        const bad = downloads.filter((d) => d.status !== 200 || d.bytes === 0);
        if (bad.length) {
            fail(`downloads that did not answer 200 with content: ${JSON.stringify(bad)}`);
        }
        if (apiKey && downloads.some((d) => d.href.includes(apiKey))) {
            fail('a download link carries the API key in its URL');
        }
        log(`downloads: ${downloads.map((d) => `${d.file} ${d.bytes} B`).join(', ')}`);

        // 6. Screenshot of the whole slide with its heatmap.
        await page.evaluate(() => window.slidestream.viewer.viewport.goHome(true));
        await waitFor(page, 'the slide redrawn at home zoom', () => window.slidestream.slideItem.getFullyLoaded()
            && window.slidestream.overlayItem.getFullyLoaded());
        await page.waitForTimeout(300);
        mkdirSync(dirname(screenshotPath), { recursive: true });
        await page.screenshot({ path: screenshotPath });
        log(`screenshot: ${screenshotPath}`);

        if (!apiKey && await page.evaluate(() => document.querySelector('#auth-dialog').open)) {
            fail('the page asked for an API key although none is configured');
        }
        if (pageErrors.length) {
            fail(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
        }
    } finally {
        await browser.close();
    }
}

try {
    await main();
    log('PASS');
} catch (e) {
    console.error(`dashboard-check: FAIL: ${e instanceof CheckFailure ? e.message : e.stack || e}`);
    process.exit(1);
}
