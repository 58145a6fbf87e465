// The execution detector. `installXssHook` runs in every frame before any page script (page.addInitScript):
// it defines window.__xss and replaces alert/confirm/prompt/print, and watches for the two DOM markers some
// payloads use instead of a call (document.title = 'XSS:<id>', <html data-xss=<id>>). Executions are logged per
// frame; `executionsInAppOrigin` reads the logs of every frame whose origin is the app's (frames with an opaque
// origin, like sandboxed artifact previews, cannot touch the app and are reported apart).
import type { Page } from '@playwright/test';

export interface Execution {
	id: string;
	via: string;
	url: string;
}

declare global {
	interface Window {
		__xss?: (id?: unknown) => void;
		__xssLog?: Execution[];
	}
}

export function installXssHook(): void {
	const STORE = '__xssLog';
	if (window.__xssLog) return;
	const log: Execution[] = [];
	Object.defineProperty(window, '__xssLog', { value: log });
	const record = (id: unknown, via: string) => {
		const entry = { id: String(id), via, url: location.href };
		log.push(entry);
		// Also in sessionStorage (shared by the tab's same-origin documents), so an execution is still counted
		// after the page that ran it was navigated away. Opaque-origin frames have no storage: memory only.
		try {
			const stored = JSON.parse(sessionStorage.getItem(STORE) ?? '[]') as Execution[];
			sessionStorage.setItem(STORE, JSON.stringify([...stored, entry]));
		} catch {
			// no storage in this frame
		}
	};
	Object.defineProperty(window, '__xss', { value: (id?: unknown) => record(id, '__xss') });
	window.alert = (id?: unknown) => record(id, 'alert');
	window.confirm = (id?: unknown) => (record(id, 'confirm'), false);
	window.prompt = (id?: unknown) => (record(id, 'prompt'), null);
	window.print = () => record('?', 'print');
	const marker = /^XSS:(\d+)$/;
	new MutationObserver(() => {
		const title = document.title.match(marker);
		if (title) record(title[1], 'document.title');
		const attribute = document.documentElement?.getAttribute('data-xss');
		if (attribute !== null && attribute !== undefined) {
			record(attribute, 'data-xss');
			document.documentElement.removeAttribute('data-xss');
		}
	}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

export interface Collected {
	inApp: Execution[];
	elsewhere: Execution[];
}

/**
 * Every recorded execution, split by whether the frame that ran it has the app's origin. App-origin ones come
 * from the tab's sessionStorage (documents navigated away included), the others from each frame's memory.
 */
export async function collectExecutions(page: Page, appOrigin: string): Promise<Collected> {
	const result: Collected = { inApp: [], elsewhere: [] };
	for (const frame of page.frames()) {
		const seen = await frame
			.evaluate(() => ({ origin: self.origin, log: [...(window.__xssLog ?? [])] }))
			.catch(() => ({ origin: 'detached', log: [] as Execution[] }));
		if (seen.origin !== appOrigin) result.elsewhere.push(...seen.log);
	}
	if (new URL(page.url()).origin === appOrigin) {
		result.inApp = await page.evaluate(
			() => JSON.parse(sessionStorage.getItem('__xssLog') ?? '[]') as Execution[]
		);
	}
	return result;
}

/**
 * Markup that could run script if it were ever rendered: event-handler attributes, script-bearing URLs, and
 * elements the app never creates itself. An empty list means the imported text stayed text. Runs in the page.
 */
export function scanDomForActiveContent(): string[] {
	const found: string[] = [];
	const scriptUrl = /^[\s\p{Cc}]*(javascript|vbscript|data:text\/html|data:image\/svg)/iu;
	const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster'];
	const foreign =
		'script,iframe:not([srcdoc][sandbox=""]),object,embed,frame,frameset,base,meta[http-equiv],form[action],link[rel~=import]';
	const describe = (el: Element) => `<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`;
	// SvelteKit's own inline bootstrap script (allowed by its CSP hash) is the only script element in the body.
	const isBootstrap = (el: Element) =>
		el.tagName === 'SCRIPT' && (el.textContent ?? '').includes('__sveltekit_');
	for (const el of document.body.querySelectorAll('*')) {
		for (const attr of el.attributes) {
			if (/^on/i.test(attr.name)) found.push(`${attr.name} on ${describe(el)}`);
			if (urlAttributes.includes(attr.name.toLowerCase()) && scriptUrl.test(attr.value)) {
				found.push(`${attr.name}=${attr.value.slice(0, 60)} on ${describe(el)}`);
			}
		}
		if (el.matches(foreign) && !isBootstrap(el)) found.push(describe(el));
		if (
			el.tagName === 'IFRAME' &&
			/allow-same-origin/.test(el.getAttribute('sandbox') ?? 'allow-same-origin')
		) {
			found.push(`iframe without an opaque-origin sandbox: ${describe(el)}`);
		}
	}
	return found;
}
