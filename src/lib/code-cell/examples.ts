// The examples offered by the code cell's picker. The first is the workshop's loop (docs/workshop.md).
export interface CellExample {
	id: string;
	label: string;
	code: string;
}

const linearRegression = `// Fit y = w·x + b by gradient descent, logging like MLflow's fluent API.
const alpha = 0.05; // learning rate
const epochs = 60;

// A small noisy data set: y = 3x + 2 plus noise.
const xs = Array.from({ length: 50 }, (_, i) => i / 25);
const ys = xs.map((x) => 3 * x + 2 + (Math.random() - 0.5) * 0.4);

runboard.startRun({ experimentName: 'workshop-linear-regression', runName: \`lr-\${alpha}\` });
runboard.logParams({ alpha, epochs, model: 'linear' });

let w = 0;
let b = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
	let gw = 0;
	let gb = 0;
	let loss = 0;
	for (let i = 0; i < xs.length; i++) {
		const error = w * xs[i] + b - ys[i];
		loss += error * error;
		gw += 2 * error * xs[i];
		gb += 2 * error;
	}
	w -= (alpha * gw) / xs.length;
	b -= (alpha * gb) / xs.length;
	runboard.logMetric('loss', loss / xs.length, epoch);
	await new Promise((resolve) => setTimeout(resolve, 30)); // slow enough to watch the chart
}
runboard.logMetrics({ w, b });
console.log(\`w = \${w.toFixed(3)}, b = \${b.toFixed(3)}\`);
runboard.endRun();
`;

const tenThousand = `// 10,000 points in one loop: the page buffers them and writes them in batches.
runboard.startRun({ runName: 'ten-thousand-points' });
for (let step = 0; step < 10000; step++) {
	runboard.logMetric('signal', Math.sin(step / 200) + step / 10000, step);
}
console.log('logged 10,000 points');
`;

const endless = `// A loop that never ends: press Stop (the run is then marked KILLED).
runboard.startRun({ runName: 'endless' });
runboard.logMetric('started', 1);
console.log('looping until you press Stop…');
while (true) {}
`;

const deliberateError = `// A deliberate error: the output names the line, and the editor marks it.
runboard.startRun({ runName: 'broken' });
runboard.logParam('lr', 0.1);
const model = undefined;
console.log(model.weights);
`;

export const EXAMPLES: CellExample[] = [
	{ id: 'linear-regression', label: 'Linear regression (the workshop loop)', code: linearRegression },
	{ id: 'ten-thousand', label: '10,000 points', code: tenThousand },
	{ id: 'endless', label: 'Endless loop (press Stop)', code: endless },
	{ id: 'error', label: 'A deliberate error', code: deliberateError }
];
