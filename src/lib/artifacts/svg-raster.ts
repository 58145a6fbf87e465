// SVG artifacts are shown as PNG pictures, never as SVG documents. An SVG is a document that can hold script, and
// any URL the app makes for it (a blob: URL has the app's origin and no CSP) becomes a document of the app's
// origin as soon as a person opens it in a new tab. So the SVG text is parsed as inert XML, sanitised (no script,
// handlers, foreign objects or outside references), drawn through an <img> from a data: URL (an image context:
// nothing runs, nothing is fetched, and a data: URL is never of the app's origin), and copied into a canvas.
// Only the canvas's PNG gets a URL.
import DOMPurify from 'dompurify';

export interface SvgRaster {
	png: Blob;
	/** The picture's size in CSS pixels (the PNG holds `scale` × as many, so it stays sharp when zoomed). */
	width: number;
	height: number;
	scale: number;
}

/** The longest side of the PNG, in device pixels: enough for a sharp 2× zoom of a figure, bounded in memory. */
const MAX_SIDE = 4096;
/** The size browsers give an SVG that states none (CSS's default replaced-element size). */
const DEFAULT_SIZE = { width: 300, height: 150 };

let purifier: ReturnType<typeof DOMPurify> | undefined;

function svgPurifier(): ReturnType<typeof DOMPurify> {
	if (purifier) return purifier;
	// An instance of its own: the markdown renderer's hooks must not apply here, nor these there.
	const instance = DOMPurify(window);
	instance.addHook('afterSanitizeAttributes', (node) => {
		// <use> (how matplotlib draws markers) may point only inside the document; <image> only at embedded
		// raster data. Nothing else references anything.
		for (const name of ['href', 'xlink:href']) {
			const value = node.getAttribute(name);
			if (value === null) continue;
			const local = value.startsWith('#');
			const raster = /^data:image\/(?:png|jpeg|gif|webp);base64,/i.test(value);
			if (!(local || (raster && node.nodeName.toLowerCase() === 'image'))) node.removeAttribute(name);
		}
	});
	purifier = instance;
	return instance;
}

/** The SVG text, sanitised and serialised as standalone XML; throws with a reason when it is not an SVG. */
export function sanitizeSvg(text: string): string {
	const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
	const root = doc.documentElement;
	if (doc.getElementsByTagName('parsererror').length > 0 || root.localName !== 'svg') {
		throw new Error('The file is not well-formed SVG (XML), so it cannot be drawn.');
	}
	svgPurifier().sanitize(root, {
		IN_PLACE: true,
		USE_PROFILES: { svg: true, svgFilters: true },
		ADD_TAGS: ['use'],
		FORBID_TAGS: ['foreignObject', 'script', 'iframe']
	});
	return new XMLSerializer().serializeToString(root);
}

function loadImage(svgXml: string): Promise<HTMLImageElement> {
	const img = new Image();
	img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgXml)}`;
	return img.decode().then(
		() => img,
		() => {
			throw new Error('The browser could not draw this SVG.');
		}
	);
}

/** Sanitises and rasterises an SVG artifact's text into a PNG. */
export async function rasterizeSvg(
	text: string,
	pixelRatio = globalThis.devicePixelRatio || 1
): Promise<SvgRaster> {
	const img = await loadImage(sanitizeSvg(text));
	const width = img.naturalWidth || DEFAULT_SIZE.width;
	const height = img.naturalHeight || DEFAULT_SIZE.height;
	const scale = Math.max(Math.min(2 * pixelRatio, MAX_SIDE / Math.max(width, height)), 1 / 64);
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(width * scale));
	canvas.height = Math.max(1, Math.round(height * scale));
	const context = canvas.getContext('2d');
	if (!context) throw new Error('The browser has no canvas to draw this SVG into.');
	context.drawImage(img, 0, 0, canvas.width, canvas.height);
	const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
	if (!png) throw new Error('The browser could not encode this SVG as a picture.');
	return { png, width, height, scale };
}
