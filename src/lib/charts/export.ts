// Chart export: SVG text, PNG (SVG layers and canvases composed), CSV. Pure DOM helpers shared by every chart.

/** A file name from untrusted text (run names, metric keys): no path separators or control characters. */
export function safeFileName(name: string, extension: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
	const base = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').slice(0, 120) || 'chart';
	return `${base}.${extension}`;
}

/**
 * Saves a blob as a file. The link's bytes are always application/octet-stream: a browser downloads that type and
 * never renders it, so even a link opened in a tab instead (middle click) cannot become a document of this origin.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
	const url = URL.createObjectURL(
		blob.type === 'application/octet-stream' ? blob : new Blob([blob], { type: 'application/octet-stream' })
	);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	// Revoke later: some browsers start the download asynchronously.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Computed styles that matter for how a chart looks; copied inline so the SVG renders the same standalone.
const STYLE_PROPERTIES = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-dasharray',
	'opacity',
	'font-family',
	'font-size',
	'font-weight',
	'text-anchor',
	'dominant-baseline',
	'visibility'
];

/** A standalone SVG document of `svg` with its computed styles inlined (CSS classes do not travel). */
export function serializeSvg(svg: SVGSVGElement): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const source = [svg, ...svg.querySelectorAll('*')];
	const target = [clone, ...clone.querySelectorAll('*')];
	source.forEach((el, i) => {
		const computed = getComputedStyle(el);
		const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
		// Through the CSSOM, not setAttribute: the CSP (no 'unsafe-inline' styles) blocks style attributes.
		const node = target[i] as SVGElement | undefined;
		if (node) node.style.cssText = style;
	});
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	const { width, height } = svg.getBoundingClientRect();
	clone.setAttribute('width', String(Math.round(width)));
	clone.setAttribute('height', String(Math.round(height)));
	return new XMLSerializer().serializeToString(clone);
}

/** The chart's SVG as an image, through a data: URL: never an object URL of a document type in this origin. */
function loadSvgImage(svgText: string): Promise<HTMLImageElement> {
	return new Promise((resolve, reject) => {
		const img = new Image();
		img.onload = () => resolve(img);
		img.onerror = () => reject(new Error('The chart could not be rendered to an image.'));
		img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
	});
}

/**
 * A PNG of layers drawn in order onto a `width`×`height` (CSS pixels) image at `scale`: SVG text (axes, labels)
 * and canvases (lines), each at an offset. The background is filled first so the PNG is not transparent.
 */
export async function composePng(
	layers: { svg?: string; canvas?: HTMLCanvasElement; x?: number; y?: number }[],
	width: number,
	height: number,
	options: { scale?: number; background?: string } = {}
): Promise<Blob> {
	const scale = options.scale ?? 2;
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(width * scale);
	canvas.height = Math.round(height * scale);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('Canvas is not available.');
	ctx.scale(scale, scale);
	ctx.fillStyle = options.background ?? '#ffffff';
	ctx.fillRect(0, 0, width, height);
	for (const layer of layers) {
		const x = layer.x ?? 0;
		const y = layer.y ?? 0;
		if (layer.svg) ctx.drawImage(await loadSvgImage(layer.svg), x, y);
		if (layer.canvas)
			ctx.drawImage(
				layer.canvas,
				x,
				y,
				layer.canvas.clientWidth || width,
				layer.canvas.clientHeight || height
			);
	}
	return new Promise((resolve, reject) =>
		canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png')
	);
}

/**
 * CSV (RFC 4180) of a header and rows. Numbers are written in full precision (NaN/Infinity as text); strings that
 * a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe — imported names are untrusted.
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
	const cell = (v: string | number | null | undefined): string => {
		if (v === null || v === undefined) return '';
		if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
		const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
