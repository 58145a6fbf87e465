// "Watch this folder": a folder the user picked is imported, then looked at again every few seconds (and as soon
// as the browser reports a change, where it has FileSystemObserver); the run folders whose files changed are
// imported again. The writer replaces a run only when it differs, and the client tells every open page (this tab
// and the others) that data changed, so charts and tables update as a run trains. The schedule lives here, on the
// page; reading and writing are the ordinary import's (src/lib/client/runboard.ts importFiles).
import { toRunboardError, type RunboardError } from '$lib/api/errors';
import { runboard } from '$lib/client';
import { FolderFollower } from '$lib/watch/follow';
import { forgetFolder, rememberFolder, rememberedFolder } from '$lib/watch/remembered';
import type { WatchedDirectory } from '$lib/watch/scan';
import { app } from './app.svelte';

/** How often the folder is looked at when the browser reports nothing. */
export const WATCH_INTERVAL_MS = 3000;
/** After a change the browser reported: a short wait, so a burst of writes is read in one look. */
const OBSERVED_DELAY_MS = 300;

interface ObserverLike {
	observe(handle: WatchedDirectory, options: { recursive: boolean }): Promise<void>;
	disconnect(): void;
}
type ObserverClass = new (callback: () => void) => ObserverLike;

class FolderWatch {
	/** The folder being watched, or null. */
	name = $state<string | null>(null);
	/** A folder remembered from before a reload, waiting for the person to allow reading it again. */
	resumable = $state<string | null>(null);
	lastCheck = $state<Date | null>(null);
	checks = $state(0);
	runsChanged = $state(0);
	pointsRead = $state(0);
	/** The last look's problems (files that could not be read, import warnings) and files that went away. */
	warnings = $state<string[]>([]);
	error = $state<RunboardError | null>(null);

	/** The folder being followed; replaced by watch and cleared by stop, so a look for an earlier one is dropped. */
	private follower: FolderFollower | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private observer: ObserverLike | undefined;
	/** The follower whose look is under way: one look at a time per folder. */
	private inFlight: FolderFollower | undefined;

	/** Starts watching a folder (a picked one, or any directory handle): imports it, then follows it. */
	async watch(handle: WatchedDirectory): Promise<void> {
		this.halt();
		this.follower = new FolderFollower(
			handle,
			(entries) => runboard.importFiles(entries),
			(runId, key, bytes) => runboard.appendMetricLines(runId, key, bytes)
		);
		Object.assign(this, { name: handle.name, resumable: null, error: null, warnings: [] });
		Object.assign(this, { checks: 0, runsChanged: 0, pointsRead: 0, lastCheck: null });
		this.pending = undefined;
		await rememberFolder(handle).catch(() => undefined);
		this.observe(handle);
		await this.check();
	}

	/** Stops watching and forgets the folder: a reload will not offer to resume it. */
	async stop(): Promise<void> {
		this.halt();
		this.follower = undefined;
		// Forgotten before the status goes: a reload right after Stop must not offer to resume.
		await forgetFolder();
		Object.assign(this, { name: null, resumable: null, warnings: [], error: null });
	}

	/** On the Import page's first show: offers to resume the folder watched before a reload. */
	async restore(): Promise<void> {
		if (this.follower) return;
		const remembered = await rememberedFolder();
		if (remembered && !this.follower) {
			this.pending = remembered;
			this.resumable = remembered.name;
		}
	}
	private pending: WatchedDirectory | undefined;

	/** "Resume watching": asks the browser for read permission again (needs the click), then watches. */
	async resume(): Promise<void> {
		const handle = this.pending;
		if (!handle) return;
		const ask = (handle as { requestPermission?: (o: { mode: 'read' }) => Promise<PermissionState> })
			.requestPermission;
		const state = ask ? await ask.call(handle, { mode: 'read' }).catch(() => 'denied' as const) : 'granted';
		if (state !== 'granted') {
			this.warnings = [`Reading ${handle.name} was not allowed; choose the folder again to watch it.`];
			return;
		}
		this.pending = undefined;
		await this.watch(handle);
	}

	/** One look: what changed since the last is imported (the whole folder on the first look). */
	async check(): Promise<void> {
		const follower = this.follower;
		if (!follower || this.inFlight === follower) return;
		this.inFlight = follower;
		try {
			const outcome = await app.track(follower.look());
			if (follower !== this.follower || outcome.busy) return;
			if (outcome.report) {
				this.runsChanged += outcome.report.runsAdded + outcome.report.runsUpdated;
				this.pointsRead += outcome.report.metricPoints;
			}
			this.pointsRead += outcome.appendedPoints;
			this.warnings = outcome.warnings;
			this.error = null;
			this.checks++;
			this.lastCheck = new Date();
		} catch (error) {
			if (follower === this.follower) this.error = toRunboardError(error);
		} finally {
			if (this.inFlight === follower) this.inFlight = undefined;
			if (follower === this.follower) this.schedule(WATCH_INTERVAL_MS);
		}
	}

	private schedule(delay: number): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.check(), delay);
	}

	/** Where the browser reports changes (FileSystemObserver), a change is looked at at once, not at the next tick. */
	private observe(handle: WatchedDirectory): void {
		const Observer = (globalThis as { FileSystemObserver?: ObserverClass }).FileSystemObserver;
		if (!Observer) return;
		try {
			const observer = new Observer(() => {
				if (!this.inFlight) this.schedule(OBSERVED_DELAY_MS);
			});
			observer.observe(handle, { recursive: true }).catch(() => observer.disconnect());
			this.observer = observer;
		} catch {
			// Observing is a shortcut only: the timer still looks at the folder.
		}
	}

	private halt(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.observer?.disconnect();
		this.observer = undefined;
	}
}

export const folderWatch = new FolderWatch();
