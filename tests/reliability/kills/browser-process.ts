// The Chromium processes of one persistent profile, found through /proc: Playwright gives no process handle for
// a persistent context, but every Chromium process carries --user-data-dir=<profile> on its command line.
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';

interface ChromiumProcess {
	pid: number;
	/** The browser process has no --type= (renderers, GPU, utilities and zygotes do). */
	isBrowser: boolean;
}

function processesOf(profileDir: string): ChromiumProcess[] {
	const flag = `--user-data-dir=${profileDir}`;
	const found: ChromiumProcess[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let args: string[];
		try {
			args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
		} catch {
			continue; // exited while we looked
		}
		if (!args.includes(flag)) continue;
		found.push({ pid: Number(entry), isBrowser: !args.some((a) => a.startsWith('--type=')) });
	}
	return found;
}

/** The pid of the profile's browser process; throws when there is none or more than one. */
export function browserPid(profileDir: string): number {
	const browsers = processesOf(profileDir).filter((p) => p.isBrowser);
	if (browsers.length !== 1)
		throw new Error(`expected one browser process for ${profileDir}, found ${browsers.length}`);
	return browsers[0]!.pid;
}

/**
 * SIGKILLs the browser process, as a crash or the OOM killer would: no unload, no flush, no clean shutdown.
 * Resolves once Playwright saw the browser go and every process of the profile has exited (its children notice
 * their parent's death by themselves; any still there after a few seconds are killed too, and reported).
 */
export async function killBrowser(
	context: BrowserContext,
	profileDir: string
): Promise<{ stragglers: number }> {
	const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
	process.kill(browserPid(profileDir), 'SIGKILL');
	await closed;
	const deadline = Date.now() + 5_000;
	while (processesOf(profileDir).length > 0 && Date.now() < deadline)
		await new Promise((resolve) => setTimeout(resolve, 20));
	const stragglers = processesOf(profileDir);
	for (const p of stragglers) {
		try {
			process.kill(p.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	return { stragglers: stragglers.length };
}
