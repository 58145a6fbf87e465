// The CSV writer every table export uses (Compare charts, the line chart's points). Pure: rows in, text out.

export type CsvCell = string | number | null | undefined;

/**
 * CSV (RFC 4180) of a header and rows. Numbers are written in full precision (NaN/Infinity as text); strings that
 * a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe — imported names are untrusted.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
	const cell = (v: CsvCell): string => {
		if (v === null || v === undefined) return '';
		if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
		const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The same table as a file's contents (the download helper saves it as application/octet-stream). */
export function csvBlob(header: string[], rows: CsvCell[][]): Blob {
	return new Blob([toCsv(header, rows)], { type: 'text/csv' });
}
