import { expect, it } from 'vitest';

import { TestNet } from '../../lib/index.js';
import { runStudy, studyGrid } from '../../scripts/study.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { goldenCases } from '../helpers/golden.js';

describeOnBackends('the reference study (npm run seed)', () => {
  it('uses the PyTorch reference grid, gets its numbers, and both ways agree exactly', () => {
    const ref = goldenCases()[0];
    const grid = studyGrid();
    expectClose(grid.x, ref.x, 0);
    expectClose(grid.t, ref.t, 1e-15);
    const net = TestNet.fromLayers(ref.layers);
    const r = runStudy(net);
    net.dispose();
    expect(r.uShape).toEqual([35, 1]);
    expectClose(r.u, ref.partials.u, 1e-6, 'u');
    expectClose(r.u_x.sum, ref.partials.x, 1e-4, 'du/dx');
    expectClose(r.u_t.ones, ref.partials.t, 1e-4, 'du/dt');
    expectClose(r.u_xx.sum, ref.partials.xx, 1e-4, 'd2u/dx2');
    expect(r.maxDifference).toBe(0);
  });
});
