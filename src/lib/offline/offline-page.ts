// The page the service worker answers with when Runboard cannot open: offline, and this version's files are not
// all saved (the first visit was cut short, or the browser evicted part of the cache). A plain page with no
// script, so the site's Content-Security-Policy has nothing to refuse, and never a blank screen.
export function offlinePage(missing: number): Response {
	const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Runboard is offline</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Runboard cannot open offline yet</h1>
<p data-testid="offline-incomplete">You are offline and ${missing} of Runboard's files were not saved on this device,
so it cannot start. Your data is safe in this browser. Connect to the network and reload: Runboard then saves
everything it needs and opens offline from then on.</p>
</body></html>`;
	return new Response(body, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/** For a file (not a page) that is neither saved nor reachable: a clear error instead of a network failure. */
export function offlineFile(path: string): Response {
	return new Response(`Runboard is offline and ${path} is not saved on this device.`, {
		status: 503,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
}
