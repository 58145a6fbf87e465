#!/usr/bin/env node
// Renders the app's PNG icons (static/icons/) from static/favicon.svg with the test Chromium, so the installed
// app's icons are the favicon, not a second drawing to keep in step. Run after changing the favicon:
//   node scripts/make-icons.mjs
// The maskable icon fills the square with the favicon's blue and keeps the mark inside the central 80 % circle
// that every launcher mask leaves visible.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromiumOptions } from './chromium.mjs';

const svg = readFileSync('static/favicon.svg', 'utf8');
const fill = svg.match(/<rect[^>]*fill="(#[0-9a-f]{6})"/i)?.[1];
if (!fill) throw new Error('static/favicon.svg: no background <rect fill> found for the maskable icon');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** @type {{ file: string, size: number, mark: number, background: string }[]} */
const ICONS = [
	{ file: 'icon-192.png', size: 192, mark: 1, background: 'transparent' },
	{ file: 'icon-512.png', size: 512, mark: 1, background: 'transparent' },
	{ file: 'icon-maskable-512.png', size: 512, mark: 0.7, background: fill }
];

mkdirSync('static/icons', { recursive: true });
const browser = await chromium.launch(chromiumOptions());
try {
	for (const { file, size, mark, background } of ICONS) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		const inner = Math.round(size * mark);
		await page.setContent(
			`<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background}">` +
				`<img src="${dataUrl}" width="${inner}" height="${inner}"></body>`
		);
		await page.locator('img').evaluate((img) => /** @type {HTMLImageElement} */ (img).decode());
		await page.screenshot({ path: `static/icons/${file}`, omitBackground: background === 'transparent' });
		await page.close();
		console.log(`static/icons/${file} (${size}×${size})`);
	}
} finally {
	await browser.close();
}
