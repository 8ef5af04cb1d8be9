import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

// Each entry that reaches derivatives must install the gradient repair itself: `npm start` once imported
// lib/pinn alone and trained with stock tfjs gradients (second derivatives through tanh silently wrong).
// A fresh process per entry, since an earlier import in this one would hide a missing side effect.
const probe = (entry: string) => `
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('IS_TEST', true);
  await import('${entry}');
  await tf.setBackend('cpu');
  const g = tf.grad(tf.grad((x) => tf.tanh(x)))(tf.scalar(0.5));
  console.log(JSON.stringify(g.dataSync()[0]));
`;

for (const entry of ['./lib/node/index.ts', './lib/pinn/index.ts', './lib/derivatives/index.ts']) {
  it(`importing ${entry} alone repairs second derivatives through tanh`, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe(entry)], { encoding: 'utf8' });
    const t = Math.tanh(0.5);
    expect(Number(out.trim())).toBeCloseTo(-2 * t * (1 - t * t), 6);
  });
}
