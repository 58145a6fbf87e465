// The origins a person chose to "Always allow" when a page sent Runboard a file by postMessage: their files are
// imported without asking again. A list in this origin's localStorage, shown with a Forget button on the Storage
// page. Only real origins are remembered: an opaque one (`null`, a file:// page or a sandboxed frame) would match
// every other opaque sender, so it is asked about every time.
import type { SourceStore } from './sources';

const KEY = 'runboard:embed-allowed-origins';
/** Far more than a person approves by hand; past it the oldest approval is dropped. */
const MAX_ORIGINS = 100;

/** A serialised origin of a web page (`https://host[:port]`), the only kind that can be remembered. */
export function isRememberableOrigin(origin: string): boolean {
	try {
		const url = new URL(origin);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin;
	} catch {
		return false;
	}
}

export function allowedOrigins(store: SourceStore): string[] {
	try {
		const parsed: unknown = JSON.parse(store.getItem(KEY) ?? '[]');
		if (!Array.isArray(parsed)) return [];
		return parsed.filter((o): o is string => typeof o === 'string' && isRememberableOrigin(o));
	} catch {
		return [];
	}
}

export function isAllowedOrigin(store: SourceStore, origin: string): boolean {
	return isRememberableOrigin(origin) && allowedOrigins(store).includes(origin);
}

/** Remembers the origin; false when it cannot be remembered (opaque, or storage refused the write). */
export function allowOrigin(store: SourceStore, origin: string): boolean {
	if (!isRememberableOrigin(origin)) return false;
	const list = allowedOrigins(store).filter((o) => o !== origin);
	list.push(origin);
	return write(store, list.slice(-MAX_ORIGINS));
}

export function forgetOrigin(store: SourceStore, origin: string): void {
	write(
		store,
		allowedOrigins(store).filter((o) => o !== origin)
	);
}

function write(store: SourceStore, list: string[]): boolean {
	try {
		store.setItem(KEY, JSON.stringify(list));
		return true;
	} catch {
		return false; // a full or blocked localStorage: the person is simply asked again next time
	}
}
