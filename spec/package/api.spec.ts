import { expect, it } from 'vitest';

import * as api from '../../lib/index.js';
import * as node from '../../lib/node/index.js';

// The public API of each entry in package.json's exports is pinned: an export that appears or disappears by
// accident fails here. Change these lists on purpose only. '.' is lib/index.ts (Node) or lib/browser.ts (the
// browser condition: this API plus the browser kernels and trainInWorker, pinned in spec/browser/build.spec.ts);
// './node' is lib/node/index.ts; './bundle' is lib/browser_bundle.ts.
const PUBLIC_API = [
  'ACTIVATIONS',
  'BURGERS_NU',
  'BURGERS_SHOCK_MAT',
  'DEFAULT_MEMORY_BUDGET',
  'GHIA_RE100_U',
  'GHIA_RE100_V',
  'LBFGS',
  'MAX_TAYLOR_ORDER',
  'MLP',
  'NonFiniteLossError',
  'PROBLEMS',
  'REPAIRED_GRADIENTS',
  'Rng',
  'SCHRODINGER_MAT',
  'Solution',
  'TestNet',
  'Trainer',
  'absHError',
  'activation',
  'availableBackends',
  'ball',
  'beam',
  'beamExact',
  'beamLoad',
  'beamProblem',
  'boundaryNormals',
  'box',
  'burgers',
  'burgersExact',
  'burgersInverse',
  'burgersInversePlans',
  'burgersInverseProblem',
  'burgersProblem',
  'cavity',
  'cavityProblem',
  'checkProblem',
  'dataCondition',
  'difference',
  'disk',
  'ghiaErrors',
  'gridPoints',
  'heat',
  'heatExact',
  'heatProblem',
  'initBackend',
  'intersection',
  'interval',
  'kdv',
  'kdvProblem',
  'kdvSoliton',
  'kovasznay',
  'kovasznayExact',
  'kovasznayLambda',
  'kovasznayProblem',
  'lossParts',
  'meshData',
  'nlsExact',
  'nlsReference',
  'parseCsv',
  'parseMat',
  'parseNpy',
  'parseNpz',
  'partial',
  'partials',
  'poisson2d',
  'poisson2dProblem',
  'poissonDisk',
  'poissonDiskExact',
  'poissonDiskProblem',
  'poissonDiskSource',
  'poissonExact',
  'poissonSource',
  'polygon',
  'rAnd',
  'rOr',
  'rectangle',
  'repairHigherOrderGradients',
  'sampleBoundary',
  'sampleInterior',
  'samplePoints',
  'schrodinger',
  'schrodingerExact',
  'schrodingerProblem',
  'schrodingerReference',
  'spaceTime',
  'syncReadsWork',
  'taylor',
  'triangle',
  'union',
  'unitSource',
  'wave',
  'waveExact',
  'waveProblem',
];

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
});

// 'tfjs-pinn/node': files, terminal, pictures, jobs and worker threads.
const NODE_API = [
  'BURGERS_SHOCK_MAT',
  'JOB_PROBLEMS',
  'MAX_RASTER_PIXELS',
  'MAX_WORKERS',
  'NLS_MAT',
  'NODE_EXTRAS',
  'SCHEMES',
  'ShardedLoss',
  'buildProblem',
  'burgersInverse',
  'colourAt',
  'jobPlan',
  'loadNlsReference',
  'loadSolution',
  'parallelTrainer',
  'readCheckpoint',
  'readDataFile',
  'readProblemFiles',
  'readSchrodingerReference',
  'readSolution',
  'renderPlot',
  'runCli',
  'runJob',
  'saveSolution',
  'schrodingerWithReference',
  'trainingProgress',
  'writeCheckpoint',
  'writeSolution',
];

it('the Node entry (tfjs-pinn/node) exports exactly its API', () => {
  expect(Object.keys(node).sort()).toEqual(NODE_API);
});

it('the standalone bundle (tfjs-pinn/bundle) exports the browser entry and tfjs as tf, nothing else', async () => {
  const browser = await import('../../lib/browser.js');
  const bundle = await import('../../lib/browser_bundle.js');
  expect(Object.keys(bundle).sort()).toEqual([...Object.keys(browser), 'tf'].sort());
  expect(bundle.tf.version.tfjs).toBeDefined();
});
