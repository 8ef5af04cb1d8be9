import { expect, it } from 'vitest';

import * as api from '../lib/index.js';

// The public API is exactly what lib/index.ts exports: this list makes an export
// that appears or disappears by accident fail here. Change it on purpose only.
const PUBLIC_API = [
  'ACTIVATIONS',
  'BURGERS_NU',
  'DEFAULT_MEMORY_BUDGET',
  'LBFGS',
  'MAX_TAYLOR_ORDER',
  'MLP',
  'NonFiniteLossError',
  'PROBLEMS',
  'REPAIRED_GRADIENTS',
  'Rng',
  'Solution',
  'TestNet',
  'Trainer',
  'activation',
  'availableBackends',
  'beam',
  'beamExact',
  'beamLoad',
  'beamProblem',
  'burgers',
  'burgersExact',
  'burgersInversePlans',
  'burgersInverseProblem',
  'burgersProblem',
  'checkProblem',
  'dataCondition',
  'gridPoints',
  'heat',
  'heatExact',
  'heatProblem',
  'initBackend',
  'kdv',
  'kdvProblem',
  'kdvSoliton',
  'lossParts',
  'meshData',
  'parseCsv',
  'parseMat',
  'parseNpy',
  'parseNpz',
  'partial',
  'partials',
  'poisson2d',
  'poisson2dProblem',
  'poissonExact',
  'poissonSource',
  'repairHigherOrderGradients',
  'samplePoints',
  'taylor',
  'wave',
  'waveExact',
  'waveProblem',
];

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
});
