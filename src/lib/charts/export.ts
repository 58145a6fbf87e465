// Chart pictures: SVG text and PNG (SVG layers and canvases composed), read off the drawn chart, so they need the
// DOM and stay with the charts. The CSV writer, file names and the download are in src/lib/exporters/.

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
