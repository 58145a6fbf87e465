// The `view` part of a shared link: which page to open (a route and its query, relative to the app's base),
// never any data. Short views stay readable; long ones (Compare over many runs) are deflated and base64url'd
// behind a `~`. Experiment ids are local to a browser's database (each profile numbers its experiments), so an
// experiment travels by NAME: `experiments/<id>/` is written `experiments/by-name/<name>/` and Compare's
// `exp=<id>` is written `expName=<name>`; the opener maps them back to its own ids. Reading a view is strict:
// only the app's own routes, so a link can never send the browser elsewhere.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** Above this many characters the view is compressed. */
const PLAIN_MAX = 160;
const ROUTE = /^(runs\/[0-9a-zA-Z_-]{1,64}\/|experiments\/by-name\/[^/?#]+\/|compare\/)(\?[^#]*)?$/;

export function encodeView(text: string): string {
	if (text.length <= PLAIN_MAX) return text;
	const packed = deflateSync(strToU8(text), { level: 9 });
	let binary = '';
	for (const b of packed) binary += String.fromCharCode(b);
	return '~' + btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The view's text, or null when it is damaged or names no route of the app. */
export function decodeView(param: string | null): string | null {
	if (!param) return null;
	let text = param;
	if (param.startsWith('~')) {
		try {
			const binary = atob(param.slice(1).replaceAll('-', '+').replaceAll('_', '/'));
			text = strFromU8(inflateSync(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
		} catch {
			return null;
		}
	}
	return ROUTE.test(text) ? text : null;
}

export function runView(runId: string): string {
	return `runs/${runId}/`;
}

export function experimentView(name: string, filter: string): string {
	const query = filter ? `?${new URLSearchParams({ filter })}` : '';
	return `experiments/by-name/${encodeURIComponent(name)}/${query}`;
}

/** Compare's query with its experiment id (if any) replaced by the experiment's name. */
export function compareView(query: URLSearchParams, experimentName?: string): string {
	const params = new URLSearchParams(query);
	if (params.has('exp')) {
		params.delete('exp');
		if (experimentName !== undefined) params.set('expName', experimentName);
	}
	const text = params.toString();
	return `compare/${text ? `?${text}` : ''}`;
}

/**
 * The route (relative to the app's base) a view opens here: experiment names are looked up in this database.
 * Throws a plain Error naming the experiment when it is not here.
 */
export async function localPath(
	view: string,
	experimentId: (name: string) => Promise<string | null>
): Promise<string> {
	const byName = view.match(/^experiments\/by-name\/([^/]+)\/(.*)$/);
	if (byName) {
		const name = decodeURIComponent(byName[1]!);
		return `experiments/${await need(name, experimentId)}/${byName[2]}`;
	}
	const [path, query = ''] = view.split('?', 2) as [string, string?];
	const params = new URLSearchParams(query);
	const name = params.get('expName');
	if (name !== null) {
		params.delete('expName');
		params.set('exp', await need(name, experimentId));
	}
	const text = params.toString();
	return text ? `${path}?${text}` : path;
}

async function need(name: string, experimentId: (name: string) => Promise<string | null>): Promise<string> {
	const id = await experimentId(name);
	if (id === null) throw new Error(`This browser has no experiment named "${name}": import its data first.`);
	return id;
}

/** The link to share: `import/?url=…&view=…` when the data came from a URL, else `?view=…` at the app's root. */
export function shareLink(appRoot: string, view: string, sourceUrl: string | null): string {
	const params = new URLSearchParams();
	if (sourceUrl) params.set('url', sourceUrl);
	params.set('view', encodeView(view));
	return `${appRoot}${sourceUrl ? 'import/' : ''}?${params}`;
}
