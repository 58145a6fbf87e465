// Display formatting shared by pages: times, durations, numbers (NaN/±Infinity spelled out, never as 0).

export function formatTime(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || ms <= 0) return '—';
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(start: number | null, end: number | null): string {
	if (start === null || end === null || end < start) return '—';
	const s = (end - start) / 1000;
	if (s < 1) return `${Math.round(s * 1000)}ms`;
	if (s < 60) return `${s.toFixed(1)}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
	return `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m`;
}

export function formatNumber(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return '∞';
	if (value === -Infinity) return '−∞';
	if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
	const abs = Math.abs(value);
	if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(4);
	return String(Number(value.toPrecision(6)));
}

export function relativeTime(ms: number, now = Date.now()): string {
	if (!ms) return '—';
	const s = Math.round((now - ms) / 1000);
	if (s < 60) return 'just now';
	if (s < 3600) return `${Math.floor(s / 60)} min ago`;
	if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
	if (s < 86400 * 60) return `${Math.floor(s / 86400)} days ago`;
	return formatTime(ms).slice(0, 10);
}
