// Where an imported image goes among the run's artifacts: `tensorboard/images/<tag>/step_<step>.<ext>`, the tag
// made a safe relative path (no `..`, no empty or odd segments) and the extension taken from the bytes.
import type { RunImage } from './run';

function extensionOf(bytes: Uint8Array): string {
	if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
	if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'gif';
	return 'bin';
}

function safeTag(tag: string): string {
	const segments = tag
		.split('/')
		.map((s) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100))
		.filter((s) => s !== '' && s !== '.' && s !== '..');
	return segments.length > 0 ? segments.slice(0, 8).join('/') : 'image';
}

/** `nth`: how many images of the same tag and step came before this one (a batch logs several). */
export function imagePath(image: RunImage, nth: number): string {
	const suffix = nth > 0 ? `_${nth}` : '';
	return `tensorboard/images/${safeTag(image.tag)}/step_${image.step}${suffix}.${extensionOf(image.bytes)}`;
}
