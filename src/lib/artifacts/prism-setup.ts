// Must be imported before prismjs: Prism reads these flags from the global when it loads. Manual mode: it never
// scans the page on its own; no worker message handler: it never listens to postMessage.
const scope = globalThis as { Prism?: { manual?: boolean; disableWorkerMessageHandler?: boolean } };
scope.Prism = { ...scope.Prism, manual: true, disableWorkerMessageHandler: true };

export {};
