// How the tests and the benchmarks start Chromium: Debian's /usr/bin/chromium when present (no browser can be
// downloaded on CI machines), else Playwright's own; headless flags that work on both.
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/**
 * Options for chromium.launchPersistentContext: always a persistent profile, since the default incognito context
 * makes OPFS commits 20–40× slower and is not what users have.
 * @param {string[]} [extraArgs]
 */
export function chromiumOptions(extraArgs = []) {
	return {
		headless: true,
		executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
		args: [...CHROMIUM_ARGS, ...extraArgs]
	};
}
